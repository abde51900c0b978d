#pragma once

#include <QString>
#include <QStringList>

#include <vector>

namespace fewshot::ui {

// A starting set of prompt templates for one kind of imagery. "{}" marks
// where the class prompt goes.
struct TemplatePreset {
    QString id;    // stable key, e.g. "medical"
    QString name;  // translated display name
    QStringList templates;
};

// The presets offered in the prompt editor, "general" first.
std::vector<TemplatePreset> templatePresets();

TemplatePreset templatePreset(const QString& id);

}  // namespace fewshot::ui
