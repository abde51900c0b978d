#pragma once

#include <QString>

class QCustomPlot;

namespace fewshot::widgets {

// Saves a plot as PNG (at twice the on-screen resolution) or PDF (vector),
// chosen by the file name's suffix. Returns false with a message in `error`
// when the suffix is neither or the file cannot be written.
bool savePlot(QCustomPlot* plot, const QString& path, QString* error);

// The file dialog filter for savePlot's formats.
QString plotFileFilter();

}  // namespace fewshot::widgets
