#include "engine/feature_matrix.h"

#include "base/error.h"

#include <cmath>
#include <string>

namespace fewshot::engine {

FeatureMatrix::FeatureMatrix(int64_t rowCount, int64_t columnCount)
    : rows(rowCount), cols(columnCount), values(static_cast<size_t>(rowCount * columnCount), 0.0f)
{
}

FeatureMatrix::FeatureMatrix(int64_t rowCount, int64_t columnCount, std::vector<float> data)
    : rows(rowCount), cols(columnCount), values(std::move(data))
{
    if (rowCount < 0 || columnCount < 0
        || values.size() != static_cast<size_t>(rowCount * columnCount))
        throw Error("feature matrix of " + std::to_string(rowCount) + " x "
                    + std::to_string(columnCount) + " needs that many values, got "
                    + std::to_string(values.size()));
}

FeatureMatrix selectRows(const FeatureMatrix& matrix, const std::vector<int64_t>& indices)
{
    FeatureMatrix result(static_cast<int64_t>(indices.size()), matrix.cols);
    for (size_t i = 0; i < indices.size(); ++i) {
        const int64_t index = indices[i];
        if (index < 0 || index >= matrix.rows)
            throw Error("row index " + std::to_string(index) + " is out of range for "
                        + std::to_string(matrix.rows) + " rows");
        std::copy(matrix.row(index), matrix.row(index) + matrix.cols,
                  result.row(static_cast<int64_t>(i)));
    }
    return result;
}

FeatureMatrix normalizeRows(const FeatureMatrix& matrix)
{
    FeatureMatrix result = matrix;
    for (int64_t r = 0; r < result.rows; ++r) {
        float* values = result.row(r);
        double squares = 0.0;
        for (int64_t c = 0; c < result.cols; ++c)
            squares += static_cast<double>(values[c]) * values[c];
        if (squares <= 0.0)
            continue;
        const float scale = static_cast<float>(1.0 / std::sqrt(squares));
        for (int64_t c = 0; c < result.cols; ++c)
            values[c] *= scale;
    }
    return result;
}

}  // namespace fewshot::engine
