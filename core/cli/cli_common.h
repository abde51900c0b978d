#pragma once

#include "base/error.h"
#include "cli/cli.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <string>

namespace fewshot::cli {

// The translation context of the command line's messages. Cli::tr() marks a
// message for lupdate and returns it in the language that the program
// installed (app/fewshot_main.cpp), or as written when none was installed.
class Cli {
    Q_DECLARE_TR_FUNCTIONS(fewshot::cli::Cli)
};

// A mistake in how a command was called: exit status 2, with the usage hint.
class UsageError : public Error {
public:
    explicit UsageError(const std::string& message) : Error(message) {}
    explicit UsageError(const QString& message) : Error(message.toUtf8().toStdString()) {}
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

// Returns the parser's help text with the command to type ("fewshot project
// add") in place of the program path that QCommandLineParser puts in the
// usage line.
QString commandHelp(const QCommandLineParser& parser, const QString& commandName);

// Reads an integer option; throws UsageError when it is not an integer in
// [minimum, maximum].
int intOption(const QCommandLineParser& parser, const QString& name, int defaultValue,
              int minimum, int maximum);

// Reads a number option; throws UsageError when it is not a number in
// [minimum, maximum] (NaN included).
double doubleOption(const QCommandLineParser& parser, const QString& name, double defaultValue, double minimum,
                    double maximum);

// Options shared by every command that runs the model.
void addModelOptions(QCommandLineParser& parser);
// Adds the options of addModelOptions() that set how a model encodes:
// --batch-size, --device, --dtype, --max-megapixels and --tokenizer.
void addEncodingOptions(QCommandLineParser& parser);

// Writes a line to stderr with the "fewshot: " prefix.
void printError(const QString& message);

// Writes text to stderr as it is.
void printErrorRaw(const QString& text);

// Writes text to stdout (UTF-8), unbuffered with respect to printError.
void printOut(const QString& text);

std::string toStdString(const QString& text);

}  // namespace fewshot::cli
