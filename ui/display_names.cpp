#include "ui/display_names.h"

#include <QCoreApplication>

namespace fewshot::ui {

QString labelSourceText(store::LabelSource source)
{
    switch (source) {
    case store::LabelSource::Example:
        return QCoreApplication::translate("fewshot::ui::DisplayNames", "example");
    case store::LabelSource::Manual:
        return QCoreApplication::translate("fewshot::ui::DisplayNames", "labeled by hand");
    case store::LabelSource::Prediction:
        return QCoreApplication::translate("fewshot::ui::DisplayNames", "accepted prediction");
    case store::LabelSource::Imported:
        return QCoreApplication::translate("fewshot::ui::DisplayNames", "imported");
    }
    return {};
}

QString runStatusText(store::RunStatus status)
{
    switch (status) {
    case store::RunStatus::Running:
        return QCoreApplication::translate("fewshot::ui::DisplayNames", "running");
    case store::RunStatus::Finished:
        return QCoreApplication::translate("fewshot::ui::DisplayNames", "finished");
    case store::RunStatus::Failed:
        return QCoreApplication::translate("fewshot::ui::DisplayNames", "failed");
    case store::RunStatus::Cancelled:
        return QCoreApplication::translate("fewshot::ui::DisplayNames", "cancelled");
    case store::RunStatus::Interrupted:
        return QCoreApplication::translate("fewshot::ui::DisplayNames", "interrupted");
    }
    return {};
}

}  // namespace fewshot::ui
