#pragma once

// Constructors of the concrete methods, each defined in its own source file
// and used by createMethod.

#include "engine/method.h"

#include <memory>

namespace fewshot::engine::detail {

std::unique_ptr<FewShotMethod> makeZeroShot();
std::unique_ptr<FewShotMethod> makeLinearProbe();
std::unique_ptr<FewShotMethod> makeTipAdapter(bool fineTuneKeys);

}  // namespace fewshot::engine::detail
