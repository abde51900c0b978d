#pragma once

#include <QString>
#include <QStringList>

namespace fewshot::ui {

// Synthetic images of simple shapes for demonstrations and screenshots: each
// class is a shape ("circle", "square", "triangle"), drawn in varying
// colours, sizes and positions. File names start with the shape's name.
struct SampleImages {
    QStringList classNames;
    QList<QStringList> examples;  // per class
    QStringList pool;
};

// Writes `examplesPerClass` examples of each shape and `poolSize` pool
// images under `folder` (PNG, 96x96). Returns what was written; empty lists
// when the folder cannot be written.
SampleImages writeSampleImages(const QString& folder, int examplesPerClass, int poolSize);

}  // namespace fewshot::ui
