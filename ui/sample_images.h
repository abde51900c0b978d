#pragma once

#include <QString>
#include <QStringList>

namespace fewshot::ui {

// Generated inspection images for demonstrations and screenshots: four of
// the demo generator's defect classes ("no defect", "scratch", "rust",
// "hole"), the images the shipped demo model was trained on. File names
// start with the class name.
struct SampleImages {
    QStringList classNames;
    QList<QStringList> examples;  // per class
    QStringList pool;
};

// Writes `examplesPerClass` examples of each shape and `poolSize` pool
// images under `folder` (PNG, 64x64). Returns what was written; empty lists
// when the folder cannot be written.
SampleImages writeSampleImages(const QString& folder, int examplesPerClass, int poolSize);

}  // namespace fewshot::ui
