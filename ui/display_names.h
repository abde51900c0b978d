#pragma once

#include "store/store_types.h"

#include <QString>

namespace fewshot::ui {

// Translated names of the store's label sources and run states, for display;
// the store's own names (labelSourceName, runStatusName) are file format.
QString labelSourceText(store::LabelSource source);
QString runStatusText(store::RunStatus status);

}  // namespace fewshot::ui
