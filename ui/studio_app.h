#pragma once

class QApplication;

namespace fewshot::ui {

// Reads the command line (--model, --project, and the hidden --screenshot
// used for the documentation), installs the translation chosen in the
// settings, shows the main window and runs the event loop. Returns the exit status.
int runStudio(QApplication& app);

}  // namespace fewshot::ui
