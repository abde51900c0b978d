#pragma once

#include <QStringList>

namespace fewshot::cli {

// Exit statuses of the `fewshot` command line.
enum ExitStatus { ExitSuccess = 0, ExitFailure = 1, ExitUsage = 2 };

// Runs one `fewshot` command. `arguments` starts with the program name, as
// QCoreApplication::arguments() does. Writes results to stdout, messages to
// stderr, and returns the exit status.
int run(const QStringList& arguments);

}  // namespace fewshot::cli
