#include "engine/classifier_head.h"

#include "base/error.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace fewshot::engine {
namespace {

std::string shapeText(const FeatureMatrix& matrix)
{
    return "[" + std::to_string(matrix.rows) + ", " + std::to_string(matrix.cols) + "]";
}

bool allFinite(const std::vector<float>& values)
{
    return std::all_of(values.begin(), values.end(), [](float v) { return std::isfinite(v); });
}

}  // namespace

void ClassifierHead::validate() const
{
    if (isEnsemble()) {
        if (weight.rows > 0 || !bias.empty() || hasCache())
            throw Error("an ensemble head must have members only, not weights of its own");
        if (members.size() < 2)
            throw Error("an ensemble head needs at least 2 members, got " + std::to_string(members.size()));
        for (size_t i = 0; i < members.size(); ++i) {
            const ClassifierHead& member = members[i];
            if (member.isEnsemble())
                throw Error("ensemble member " + std::to_string(i) + " is an ensemble itself");
            try {
                member.validate();
            } catch (const Error& e) {
                throw Error("ensemble member " + std::to_string(i) + ": " + e.what());
            }
            if (member.classCount() != classCount() || member.dimension() != dimension())
                throw Error("ensemble member " + std::to_string(i) + " has " + std::to_string(member.classCount())
                            + " classes of " + std::to_string(member.dimension()) + " dimensions, but member 0 has "
                            + std::to_string(classCount()) + " of " + std::to_string(dimension()));
        }
        return;
    }
    if (weight.rows < 1 || weight.cols < 1)
        throw Error("classifier head has an empty weight matrix " + shapeText(weight));
    if (static_cast<int64_t>(bias.size()) != weight.rows)
        throw Error("classifier head bias has " + std::to_string(bias.size())
                    + " values, expected one per class (" + std::to_string(weight.rows) + ")");
    if (!allFinite(weight.values) || !allFinite(bias))
        throw Error("classifier head weights contain NaN or infinite values");
    if (!hasCache())
        return;
    if (cacheKeys.cols != weight.cols)
        throw Error("cache keys have shape " + shapeText(cacheKeys) + ", expected "
                    + std::to_string(weight.cols) + " columns like the weight");
    if (cacheValues.rows != cacheKeys.rows || cacheValues.cols != weight.rows)
        throw Error("cache values have shape " + shapeText(cacheValues) + ", expected ["
                    + std::to_string(cacheKeys.rows) + ", " + std::to_string(weight.rows) + "]");
    if (!allFinite(cacheKeys.values) || !allFinite(cacheValues.values)
        || !std::isfinite(cacheAlpha) || !std::isfinite(cacheBeta))
        throw Error("classifier head cache contains NaN or infinite values");
}

}  // namespace fewshot::engine
