#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fewshot {

// Fills every "{}" in a prompt template with the class name. A template
// without "{}" gets the name appended after a space.
std::string fillTemplate(const std::string& promptTemplate, const std::string& className);

// Scales each row of a [rows, dim] matrix to unit L2 norm (zero rows stay zero).
void normalizeRows(std::vector<float>& matrix, int64_t dim);

// Prompt ensembling as in the CLIP paper: `textEmbeddings` holds
// [classes * templates, dim] rows, class-major. Each class embedding is the
// mean of its L2-normalized template embeddings, normalized again.
std::vector<float> ensembleClassEmbeddings(const std::vector<float>& textEmbeddings, int64_t classes,
                                           int64_t templates, int64_t dim);

// scale * cosine(image, class) for [images, dim] by [classes, dim]; the
// image rows need not be normalized, the class rows must be.
std::vector<float> cosineLogits(const std::vector<float>& imageEmbeddings, const std::vector<float>& classEmbeddings,
                                int64_t dim, float scale);

// Softmax of each row of a [rows, columns] matrix, computed stably.
std::vector<float> softmaxRows(const std::vector<float>& logits, int64_t columns);

}  // namespace fewshot
