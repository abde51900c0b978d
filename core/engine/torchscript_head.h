#pragma once

#include "engine/classifier_head.h"

#include <filesystem>
#include <string>
#include <vector>

namespace fewshot::engine::detail {

// Builds the TorchScript module of a head and saves it to `path`.
void saveTorchScriptHead(const ClassifierHead& head, const std::vector<std::string>& classNames,
                         const std::filesystem::path& path);

}  // namespace fewshot::engine::detail
