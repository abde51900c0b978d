#include "store/store_types.h"

namespace fewshot::store {
namespace {

struct LabelSourceName {
    LabelSource source;
    const char* name;
};

const LabelSourceName kLabelSourceNames[] = {
    {LabelSource::Example, "example"},
    {LabelSource::Manual, "manual"},
    {LabelSource::Prediction, "prediction"},
    {LabelSource::Imported, "imported"},
};

struct RunStatusName {
    RunStatus status;
    const char* name;
};

const RunStatusName kRunStatusNames[] = {
    {RunStatus::Running, "running"},
    {RunStatus::Finished, "finished"},
    {RunStatus::Failed, "failed"},
    {RunStatus::Cancelled, "cancelled"},
    {RunStatus::Interrupted, "interrupted"},
};

}  // namespace

QString labelSourceName(LabelSource source)
{
    for (const LabelSourceName& entry : kLabelSourceNames) {
        if (entry.source == source)
            return QString::fromLatin1(entry.name);
    }
    return QString();
}

std::optional<LabelSource> parseLabelSource(const QString& name)
{
    for (const LabelSourceName& entry : kLabelSourceNames) {
        if (name == QLatin1String(entry.name))
            return entry.source;
    }
    return std::nullopt;
}

QString runStatusName(RunStatus status)
{
    for (const RunStatusName& entry : kRunStatusNames) {
        if (entry.status == status)
            return QString::fromLatin1(entry.name);
    }
    return QString();
}

std::optional<RunStatus> parseRunStatus(const QString& name)
{
    for (const RunStatusName& entry : kRunStatusNames) {
        if (name == QLatin1String(entry.name))
            return entry.status;
    }
    return std::nullopt;
}

}  // namespace fewshot::store
