#pragma once

#include <QStringList>

// Entry points of the `fewshot` subcommands. Each takes the arguments starting
// with the program and command name, and returns the exit status. They throw
// UsageError or Error; cli::run turns those into messages and exit statuses.
namespace fewshot::cli {

// model_commands.cpp
int runInfo(const QStringList& arguments);
int runTokenize(const QStringList& arguments);
int runPreprocess(const QStringList& arguments);
int runEmbed(const QStringList& arguments);
int runZeroShot(const QStringList& arguments);

// benchmark_commands.cpp
int runMakeRandomModel(const QStringList& arguments);
int runBench(const QStringList& arguments);

// project_commands.cpp
int runProject(const QStringList& arguments);

// engine_commands.cpp
int runTrain(const QStringList& arguments);
int runEvaluate(const QStringList& arguments);
int runExport(const QStringList& arguments);
int runPredict(const QStringList& arguments);

// demo_commands.cpp
int runGenerate(const QStringList& arguments);
int runPretrain(const QStringList& arguments);
int runDemoEval(const QStringList& arguments);

}  // namespace fewshot::cli
