#pragma once

#include "base/error.h"
#include "cli/cli.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <string>

namespace fewshot::cli {

// A mistake in how a command was called: exit status 2, with the usage hint.
class UsageError : public Error {
public:
    explicit UsageError(const std::string& message) : Error(message) {}
};

// One subcommand: `name` as typed, a one-line summary for `fewshot --help`,
// and the function that runs it with the arguments after the name.
struct Command {
    const char* name;
    const char* summary;
    int (*run)(const QStringList& arguments);
};

// Parses `arguments` (the program and command name first) with the parser's
// options plus --help. Throws UsageError on unknown or malformed options.
// Returns false when --help was given and the help was printed.
bool parseArguments(QCommandLineParser& parser, const QStringList& arguments,
                    const QString& commandName);

// Reads an integer option; throws UsageError when it is not an integer in
// [minimum, maximum].
int intOption(const QCommandLineParser& parser, const QString& name, int defaultValue,
              int minimum, int maximum);

// Options shared by every command that runs the model.
void addModelOptions(QCommandLineParser& parser);

// Writes a line to stderr with the "fewshot: " prefix.
void printError(const QString& message);

// Writes text to stderr as it is.
void printErrorRaw(const QString& text);

// Writes text to stdout (UTF-8), unbuffered with respect to printError.
void printOut(const QString& text);

std::string toStdString(const QString& text);

}  // namespace fewshot::cli
