#pragma once

namespace fewshot::widgets {
class ThumbnailCache;
class MessageBar;
}

namespace fewshot::ui {

class ModelController;
class PredictionController;
class ProjectController;
class TrainingController;

// The controllers every view works with. MainWindow owns them; views keep
// this copy of the pointers.
struct StudioContext {
    ProjectController* project = nullptr;
    ModelController* model = nullptr;
    PredictionController* predictions = nullptr;
    TrainingController* training = nullptr;
    widgets::ThumbnailCache* thumbnails = nullptr;
    widgets::MessageBar* messages = nullptr;
};

}  // namespace fewshot::ui
