#pragma once

#include <QColor>

namespace fewshot::widgets {

// A colour for the n-th plotted series (training job, method, template set),
// cycling through twelve hues chosen to stay distinct on white.
QColor seriesColor(int index);

}  // namespace fewshot::widgets
