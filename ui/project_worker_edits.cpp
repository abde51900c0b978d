// Class, label, image and template changes of ProjectWorker.

#include "ui/project_worker.h"

#include "base/error.h"

namespace fewshot::ui {

void ProjectWorker::addClass(qint64 token, const store::ClassInfo& info)
{
    handle([&] {
        const store::ClassInfo added = store().addClass(info);
        addedClasses_.insert(token, added.id);
    });
}

void ProjectWorker::updateClass(const store::ClassInfo& info)
{
    handle([&] { store().updateClass(info); });
}

void ProjectWorker::removeClass(qint64 token, std::optional<qint64> classId)
{
    handle([&] {
        const qint64 id = classId.value_or(addedClasses_.value(token, 0));
        if (id == 0)
            throw Error(tr("The class to remove is no longer in the project.").toStdString());
        removedClasses_.insert(token, store().removeClass(id));
    });
}

void ProjectWorker::restoreClass(qint64 token)
{
    handle([&] {
        const auto it = removedClasses_.find(token);
        if (it == removedClasses_.end())
            return;
        store().restoreClass(*it);
        removedClasses_.erase(it);
    });
}

void ProjectWorker::setClassOrder(const std::vector<qint64>& classIds)
{
    handle([&] { store().setClassOrder(classIds); });
}

void ProjectWorker::applyLabels(const std::vector<LabelChange>& changes)
{
    handle([&] {
        store().transaction(tr("change labels"), [&] {
            for (const LabelChange& change : changes) {
                if (!change.target)
                    store().clearLabel(change.imageId);
                else if (change.target->time.isValid())
                    store().restoreLabel(change.imageId, change.target);
                else
                    store().setLabel(change.imageId, change.target->classId, change.target->source);
            }
        });
    });
}

void ProjectWorker::removeImages(qint64 token, const std::vector<qint64>& imageIds)
{
    handle([&] {
        std::vector<store::RemovedImage> removed;
        store().transaction(tr("remove images"), [&] {
            for (qint64 id : imageIds)
                removed.push_back(store().removeImage(id));
        });
        removedImages_.insert(token, std::move(removed));
        missingImagesStale_ = true;
    });
}

void ProjectWorker::restoreImages(qint64 token)
{
    handle([&] {
        const auto it = removedImages_.find(token);
        if (it == removedImages_.end())
            return;
        store().transaction(tr("restore images"), [&] {
            for (const store::RemovedImage& removed : *it)
                store().restoreImage(removed);
        });
        removedImages_.erase(it);
        missingImagesStale_ = true;
    });
}

void ProjectWorker::addTemplateSet(qint64 token, const QString& name, const QStringList& templates,
                                   bool activate)
{
    handle([&] {
        store().transaction(tr("add a template set"), [&] {
            const store::TemplateSet set = store().addTemplateSet(name, templates);
            addedSets_.insert(token, set.id);
            if (activate)
                store().setActiveTemplateSet(set.id);
        });
    });
}

void ProjectWorker::updateTemplateSet(qint64 setId, const QString& name, const QStringList& templates)
{
    handle([&] { store().updateTemplateSet(setId, name, templates); });
}

void ProjectWorker::removeTemplateSet(qint64 token, std::optional<qint64> setId)
{
    handle([&] {
        const qint64 id = setId.value_or(addedSets_.value(token, 0));
        if (id == 0)
            throw Error(tr("The template set to remove is no longer in the project.").toStdString());
        removedSets_.insert(token, store().removeTemplateSet(id));
    });
}

void ProjectWorker::restoreTemplateSet(qint64 token)
{
    handle([&] {
        const auto it = removedSets_.find(token);
        if (it == removedSets_.end())
            return;
        store().restoreTemplateSet(*it);
        removedSets_.erase(it);
    });
}

void ProjectWorker::setActiveTemplateSet(std::optional<qint64> setId)
{
    handle([&] { store().setActiveTemplateSet(setId); });
}

void ProjectWorker::setClassTemplates(qint64 setId, qint64 classId, const QStringList& templates)
{
    handle([&] { store().setClassTemplates(setId, classId, templates); });
}

}  // namespace fewshot::ui
