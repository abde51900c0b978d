#pragma once

#include "ui/studio_context.h"

#include <QObject>

class QLabel;
class QStatusBar;

namespace fewshot::ui {

// The status bar fields: the model, its device, the running jobs and the
// cached embeddings of the open project.
class StatusPanel : public QObject {
    Q_OBJECT

public:
    StatusPanel(const StudioContext& context, QStatusBar* bar, QObject* parent = nullptr);

    int runningJobs() const;
    QString jobsText() const;
    void refresh();

private:
    StudioContext context_;
    QLabel* model_ = nullptr;
    QLabel* device_ = nullptr;
    QLabel* jobs_ = nullptr;
    QLabel* cache_ = nullptr;
};

}  // namespace fewshot::ui
