#include "ui/ui_log.h"

Q_LOGGING_CATEGORY(lcUi, "fewshot.ui")
Q_LOGGING_CATEGORY(lcProject, "fewshot.ui.project")
Q_LOGGING_CATEGORY(lcModel, "fewshot.ui.model")
Q_LOGGING_CATEGORY(lcPredictions, "fewshot.ui.predictions")
Q_LOGGING_CATEGORY(lcTraining, "fewshot.ui.training")
