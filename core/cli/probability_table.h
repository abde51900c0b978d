#pragma once

// The per-image output of `fewshot zero-shot` and `fewshot predict`, so that
// both commands print their results in the same CSV and JSON layout.

#include <cstddef>
#include <string>
#include <vector>

namespace fewshot::cli {

struct ProbabilityTable {
    std::vector<std::string> classes;
    std::vector<std::string> templates;
    std::vector<std::string> paths;    // images that were read
    std::vector<float> probabilities;  // [paths, classes]

    size_t topClass(size_t row) const;
};

// One line per image: path, top class, then each class's probability with six
// decimals. `withTopProbability` adds the top class's probability after its name.
std::string formatCsv(const ProbabilityTable& table, bool withTopProbability);

// {"classes", "templates", "results": [{"path", "top_class", "top_probability",
// "probabilities": {class: probability}}]}.
std::string formatJson(const ProbabilityTable& table);

}  // namespace fewshot::cli
