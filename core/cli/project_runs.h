#pragma once

// The project and image variants of `fewshot train`, `evaluate`, `export`
// and `predict`. engine_commands.cpp parses the command line and calls these
// when --project (or, for predict, images) is given.

#include "engine/evaluation.h"

#include <QCommandLineParser>
#include <QString>

namespace fewshot::cli {

// Adds --project FILE and the options that load the CLIP model, except
// --threads, which each command describes itself.
void addProjectOptions(QCommandLineParser& parser);

// Trains --method on the project's labeled images, records the run with its
// curve, results and head in the project, and prints the run id.
int trainOnProject(const QCommandLineParser& parser);

// Runs the k-shot protocol on the project's labeled images. `settings`
// contains the parsed --shots and --seeds, and `shotsGiven` is true when
// --shots was set.
int evaluateOnProject(const QCommandLineParser& parser, engine::EvaluationSettings settings, bool shotsGiven);

// Writes the head of --run of --project to --output as a head folder.
int exportProjectRun(const QCommandLineParser& parser);

// Classifies the images of the positional arguments with the CLIP model of
// --model and the head folder `headFolder`, printing `format` ("csv" or "json").
int predictImages(const QCommandLineParser& parser, const QString& headFolder, const QString& format);

}  // namespace fewshot::cli
