#pragma once

// Parsing shared by the `fewshot project ...` subcommands, which are spread
// over more than one source file.

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

namespace fewshot::cli {

// Parses a subcommand's options; `arguments` starts with the program name.
// Returns false when --help was printed.
bool parseSubcommand(QCommandLineParser& parser, const QStringList& arguments, const QString& name);

// The positional arguments, checked against `usage` ("FILE IMAGE CLASS", the
// syntax as typed, so it is not translated);
// `maximum` < 0 allows any number.
QStringList positionals(const QCommandLineParser& parser, int minimum, int maximum,
                        const QString& name, const QString& usage);

// `fewshot project templates`, in project_template_command.cpp.
int runProjectTemplates(const QStringList& arguments);

}  // namespace fewshot::cli
