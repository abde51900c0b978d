#include "cli/probability_table.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace fewshot::cli {
namespace {

// Quotes a CSV field when it contains a comma, quote or line break (RFC 4180).
std::string csvField(const std::string& value)
{
    if (value.find_first_of(",\"\r\n") == std::string::npos)
        return value;
    std::string quoted = "\"";
    for (char c : value)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::string formatProbability(float value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6f", static_cast<double>(value));
    return buffer;
}

}  // namespace

size_t ProbabilityTable::topClass(size_t row) const
{
    const auto first = probabilities.begin() + static_cast<std::ptrdiff_t>(row * classes.size());
    return static_cast<size_t>(std::max_element(first, first + static_cast<std::ptrdiff_t>(classes.size())) - first);
}

std::string formatCsv(const ProbabilityTable& table, bool withTopProbability)
{
    std::string text = withTopProbability ? "path,top_class,top_probability" : "path,top_class";
    for (const auto& name : table.classes)
        text += "," + csvField(name);
    text += "\n";
    for (size_t row = 0; row < table.paths.size(); ++row) {
        const size_t top = table.topClass(row);
        text += csvField(table.paths[row]) + "," + csvField(table.classes[top]);
        if (withTopProbability)
            text += "," + formatProbability(table.probabilities[row * table.classes.size() + top]);
        for (size_t c = 0; c < table.classes.size(); ++c)
            text += "," + formatProbability(table.probabilities[row * table.classes.size() + c]);
        text += "\n";
    }
    return text;
}

std::string formatJson(const ProbabilityTable& table)
{
    nlohmann::ordered_json root;
    root["classes"] = table.classes;
    root["templates"] = table.templates;
    root["results"] = nlohmann::ordered_json::array();
    for (size_t row = 0; row < table.paths.size(); ++row) {
        nlohmann::ordered_json probabilities = nlohmann::ordered_json::object();
        for (size_t c = 0; c < table.classes.size(); ++c)
            probabilities[table.classes[c]] = table.probabilities[row * table.classes.size() + c];
        const size_t top = table.topClass(row);
        root["results"].push_back({{"path", table.paths[row]},
                                   {"top_class", table.classes[top]},
                                   {"top_probability", table.probabilities[row * table.classes.size() + top]},
                                   {"probabilities", probabilities}});
    }
    return root.dump(2) + "\n";
}

}  // namespace fewshot::cli
