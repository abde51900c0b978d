#pragma once

#include <cstdint>
#include <vector>

namespace fewshot::engine {

// A dense row-major float32 matrix: one embedding per row. The engine's public
// interface passes features, prototypes and probabilities in this form so that
// callers never see LibTorch types.
struct FeatureMatrix {
    int64_t rows = 0;
    int64_t cols = 0;
    std::vector<float> values;  // rows * cols, row-major

    FeatureMatrix() = default;
    // A zero-filled matrix.
    FeatureMatrix(int64_t rowCount, int64_t columnCount);
    // Takes `data` as the row-major values; throws Error when its size is not
    // rowCount * columnCount.
    FeatureMatrix(int64_t rowCount, int64_t columnCount, std::vector<float> data);

    bool empty() const { return rows == 0; }
    const float* row(int64_t index) const { return values.data() + index * cols; }
    float* row(int64_t index) { return values.data() + index * cols; }
    float at(int64_t rowIndex, int64_t column) const { return values[rowIndex * cols + column]; }
};

// Copies the listed rows, in the given order. Throws Error for an index out of range.
FeatureMatrix selectRows(const FeatureMatrix& matrix, const std::vector<int64_t>& indices);

// Returns a copy with every row scaled to unit Euclidean norm (zero rows stay zero).
FeatureMatrix normalizeRows(const FeatureMatrix& matrix);

}  // namespace fewshot::engine
