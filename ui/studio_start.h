#pragma once

#include <QString>

namespace fewshot::ui {

class MainWindow;

// Loads a CLIP model and opens a project for the start of the program.
// `modelFolder` and `projectFile` come from the command line and may be
// empty. Without a model folder, the most recent model is loaded if its
// folder exists. When that leaves no model and no project file was given (a
// first start), the demo model is loaded and a per-user copy of the demo
// project is opened. The shipped demo project itself is never opened.
void startSession(MainWindow& window, const QString& modelFolder, const QString& projectFile);

}  // namespace fewshot::ui
