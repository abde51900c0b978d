#include "model/zero_shot.h"

#include "base/error.h"

#include <algorithm>
#include <cmath>

namespace fewshot {

std::string fillTemplate(const std::string& promptTemplate, const std::string& className)
{
    const std::string marker = "{}";
    if (promptTemplate.find(marker) == std::string::npos)
        return promptTemplate + " " + className;
    std::string prompt;
    size_t start = 0;
    for (size_t found; (found = promptTemplate.find(marker, start)) != std::string::npos; start = found + marker.size())
        prompt += promptTemplate.substr(start, found - start) + className;
    return prompt + promptTemplate.substr(start);
}

void normalizeRows(std::vector<float>& matrix, int64_t dim)
{
    for (size_t row = 0; row + static_cast<size_t>(dim) <= matrix.size(); row += static_cast<size_t>(dim)) {
        double sum = 0;
        for (int64_t i = 0; i < dim; ++i)
            sum += static_cast<double>(matrix[row + i]) * matrix[row + i];
        if (sum == 0)
            continue;
        const float inverse = static_cast<float>(1.0 / std::sqrt(sum));
        for (int64_t i = 0; i < dim; ++i)
            matrix[row + i] *= inverse;
    }
}

std::vector<float> ensembleClassEmbeddings(const std::vector<float>& textEmbeddings, int64_t classes,
                                           int64_t templates, int64_t dim)
{
    if (classes <= 0 || templates <= 0 || static_cast<int64_t>(textEmbeddings.size()) != classes * templates * dim)
        throw Error("prompt ensembling: expected " + std::to_string(classes) + " classes x "
                    + std::to_string(templates) + " templates of dimension " + std::to_string(dim));
    std::vector<float> normalized = textEmbeddings;
    normalizeRows(normalized, dim);
    std::vector<float> result(static_cast<size_t>(classes * dim), 0.0f);
    for (int64_t c = 0; c < classes; ++c)
        for (int64_t t = 0; t < templates; ++t)
            for (int64_t i = 0; i < dim; ++i)
                result[c * dim + i] += normalized[(c * templates + t) * dim + i] / static_cast<float>(templates);
    normalizeRows(result, dim);
    return result;
}

std::vector<float> cosineLogits(const std::vector<float>& imageEmbeddings, const std::vector<float>& classEmbeddings,
                                int64_t dim, float scale)
{
    const int64_t images = static_cast<int64_t>(imageEmbeddings.size()) / dim;
    const int64_t classes = static_cast<int64_t>(classEmbeddings.size()) / dim;
    std::vector<float> normalized = imageEmbeddings;
    normalizeRows(normalized, dim);
    std::vector<float> logits(static_cast<size_t>(images * classes));
    for (int64_t n = 0; n < images; ++n)
        for (int64_t c = 0; c < classes; ++c) {
            double dot = 0;
            for (int64_t i = 0; i < dim; ++i)
                dot += static_cast<double>(normalized[n * dim + i]) * classEmbeddings[c * dim + i];
            logits[n * classes + c] = scale * static_cast<float>(dot);
        }
    return logits;
}

std::vector<float> softmaxRows(const std::vector<float>& logits, int64_t columns)
{
    std::vector<float> probabilities(logits.size());
    for (size_t row = 0; row + static_cast<size_t>(columns) <= logits.size(); row += static_cast<size_t>(columns)) {
        const float maximum = *std::max_element(logits.begin() + row, logits.begin() + row + columns);
        double sum = 0;
        for (int64_t c = 0; c < columns; ++c)
            sum += std::exp(static_cast<double>(logits[row + c] - maximum));
        for (int64_t c = 0; c < columns; ++c)
            probabilities[row + c] = static_cast<float>(std::exp(static_cast<double>(logits[row + c] - maximum)) / sum);
    }
    return probabilities;
}

}  // namespace fewshot
