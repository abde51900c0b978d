#include "ui/project_snapshot.h"

#include <algorithm>

namespace fewshot::ui {

const store::ClassInfo* ProjectSnapshot::findClass(qint64 classId) const
{
    for (const store::ClassInfo& info : classes) {
        if (info.id == classId)
            return &info;
    }
    return nullptr;
}

int ProjectSnapshot::classIndex(qint64 classId) const
{
    for (size_t i = 0; i < classes.size(); ++i) {
        if (classes[i].id == classId)
            return static_cast<int>(i);
    }
    return -1;
}

const store::TemplateSet* ProjectSnapshot::findTemplateSet(qint64 setId) const
{
    for (const store::TemplateSet& set : templateSets) {
        if (set.id == setId)
            return &set;
    }
    return nullptr;
}

const store::TemplateSet* ProjectSnapshot::activeTemplateSet() const
{
    return activeTemplateSetId ? findTemplateSet(*activeTemplateSetId) : nullptr;
}

QStringList ProjectSnapshot::templatesForClass(qint64 classId) const
{
    const store::TemplateSet* set = activeTemplateSet();
    if (set == nullptr)
        return {};
    const auto override = set->classOverrides.find(classId);
    if (override != set->classOverrides.end() && !override->isEmpty())
        return *override;
    return set->templates;
}

QString ProjectSnapshot::promptText(const store::ClassInfo& info) const
{
    return info.prompt.trimmed().isEmpty() ? info.name : info.prompt;
}

int ProjectSnapshot::exampleCount(qint64 classId) const
{
    int count = 0;
    for (const store::Label& label : labels) {
        if (label.classId == classId && label.source == store::LabelSource::Example)
            ++count;
    }
    return count;
}

int ProjectSnapshot::labeledCount(qint64 classId) const
{
    int count = 0;
    for (const store::Label& label : labels) {
        if (label.classId == classId)
            ++count;
    }
    return count;
}

QList<qint64> ProjectSnapshot::exampleImageIds(qint64 classId) const
{
    std::vector<const store::Label*> examples;
    for (const store::Label& label : labels) {
        if (label.classId == classId && label.source == store::LabelSource::Example)
            examples.push_back(&label);
    }
    std::sort(examples.begin(), examples.end(), [](const store::Label* a, const store::Label* b) {
        return a->time == b->time ? a->imageId > b->imageId : a->time > b->time;
    });
    QList<qint64> ids;
    for (const store::Label* label : examples)
        ids.append(label->imageId);
    return ids;
}

QStringList ProjectSnapshot::examplePaths(qint64 classId) const
{
    QStringList paths;
    for (qint64 id : exampleImageIds(classId))
        paths.append(absolutePaths.value(id));
    return paths;
}

}  // namespace fewshot::ui
