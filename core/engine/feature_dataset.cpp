#include "engine/feature_dataset.h"

#include "base/error.h"
#include "base/json_file.h"
#include "base/npy.h"

#include <algorithm>
#include <fstream>
#include <random>

namespace fewshot::engine {
namespace {

FeatureMatrix readMatrix(const std::filesystem::path& path)
{
    NpyArray array = readNpy(path);
    if (array.shape.size() != 2)
        throw Error(path.string() + ": expected a 2-D array [rows, dimensions], got "
                    + std::to_string(array.shape.size()) + " dimensions");
    return FeatureMatrix(array.shape[0], array.shape[1], std::move(array.data));
}

std::vector<int64_t> readLabels(const std::filesystem::path& path, int64_t rows, int64_t classCount)
{
    std::vector<int64_t> shape;
    std::vector<int64_t> labels = readNpyIntegers(path, &shape);
    if (shape.size() != 1 || shape[0] != rows)
        throw Error(path.string() + ": expected one integer label per feature row (" + std::to_string(rows)
                    + "), got " + std::to_string(labels.size()) + " values");
    for (size_t i = 0; i < labels.size(); ++i)
        if (labels[i] < 0 || labels[i] >= classCount)
            throw Error(path.string() + ": label " + std::to_string(labels[i]) + " at index "
                        + std::to_string(i) + " is out of range for "
                        + std::to_string(classCount) + " classes");
    return labels;
}

void checkDimension(const FeatureMatrix& matrix, const FeatureMatrix& prototypes,
                    const std::filesystem::path& path)
{
    if (matrix.cols != prototypes.cols)
        throw Error(path.string() + ": features have " + std::to_string(matrix.cols)
                    + " dimensions but text_prototypes.npy has " + std::to_string(prototypes.cols));
}

std::map<std::string, std::vector<int64_t>> readFixedSupports(const std::filesystem::path& path,
                                                              int64_t poolSize)
{
    std::map<std::string, std::vector<int64_t>> supports;
    if (!std::filesystem::exists(path))
        return supports;
    const nlohmann::json expected = readJsonFile(path);
    if (!expected.is_object() || !expected.contains("supports"))
        return supports;
    const nlohmann::json& lists = expected["supports"];
    if (!lists.is_object())
        throw Error(path.string() + ": \"supports\" must be an object of index lists");
    for (const auto& [key, indices] : lists.items()) {
        if (!indices.is_array())
            throw Error(path.string() + ": supports \"" + key + "\" must be a list of pool indices");
        std::vector<int64_t>& list = supports[key];
        for (const auto& index : indices) {
            if (!index.is_number_integer() || index.get<int64_t>() < 0 || index.get<int64_t>() >= poolSize)
                throw Error(path.string() + ": supports \"" + key + "\" has " + index.dump()
                            + ", which is not a pool index from 0 to " + std::to_string(poolSize - 1));
            list.push_back(index.get<int64_t>());
        }
    }
    return supports;
}

std::vector<std::string> readClassNames(const std::filesystem::path& path, int64_t classCount)
{
    std::vector<std::string> names;
    if (!std::filesystem::exists(path)) {
        for (int64_t c = 0; c < classCount; ++c)
            names.push_back(std::to_string(c));
        return names;
    }
    std::ifstream input(path);
    std::string line;
    while (std::getline(input, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (!line.empty())
            names.push_back(line);
    }
    if (static_cast<int64_t>(names.size()) != classCount)
        throw Error(path.string() + ": expected " + std::to_string(classCount)
                    + " class names, one per line, got " + std::to_string(names.size()));
    return names;
}

}  // namespace

FeatureDataset loadFeatureDataset(const std::filesystem::path& folder)
{
    if (!std::filesystem::is_directory(folder))
        throw Error(folder.string() + ": feature folder not found");
    FeatureDataset dataset;
    dataset.folder = folder;
    dataset.textPrototypes = readMatrix(folder / "text_prototypes.npy");
    const int64_t classCount = dataset.textPrototypes.rows;

    dataset.poolFeatures = readMatrix(folder / "pool_features.npy");
    checkDimension(dataset.poolFeatures, dataset.textPrototypes, folder / "pool_features.npy");
    dataset.poolLabels = readLabels(folder / "pool_labels.npy", dataset.poolFeatures.rows, classCount);

    dataset.testFeatures = readMatrix(folder / "test_features.npy");
    checkDimension(dataset.testFeatures, dataset.textPrototypes, folder / "test_features.npy");
    dataset.testLabels = readLabels(folder / "test_labels.npy", dataset.testFeatures.rows, classCount);

    dataset.fixedSupports = readFixedSupports(folder / "expected.json", dataset.poolFeatures.rows);
    dataset.classNames = readClassNames(folder / "class_names.txt", classCount);
    return dataset;
}

std::string supportKey(int shots, int seed)
{
    return std::to_string(shots) + "-shot-seed" + std::to_string(seed);
}

std::vector<int64_t> sampleSupport(const std::vector<int64_t>& labels, int64_t classCount,
                                   int shots, uint64_t seed)
{
    std::vector<std::vector<int64_t>> byClass(static_cast<size_t>(classCount));
    for (size_t i = 0; i < labels.size(); ++i)
        byClass[static_cast<size_t>(labels[i])].push_back(static_cast<int64_t>(i));
    std::mt19937_64 random(seed);
    std::vector<int64_t> support;
    for (size_t c = 0; c < byClass.size(); ++c) {
        std::vector<int64_t>& members = byClass[c];
        if (static_cast<int>(members.size()) < shots)
            throw Error("class " + std::to_string(c) + " has " + std::to_string(members.size())
                        + " labelled samples, fewer than the " + std::to_string(shots)
                        + " shots requested");
        std::shuffle(members.begin(), members.end(), random);
        support.insert(support.end(), members.begin(), members.begin() + shots);
    }
    return support;
}

std::vector<int64_t> supportIndices(const FeatureDataset& dataset, int shots, int seed, bool* fixed)
{
    const auto found = dataset.fixedSupports.find(supportKey(shots, seed));
    if (fixed)
        *fixed = found != dataset.fixedSupports.end();
    if (found != dataset.fixedSupports.end())
        return found->second;
    return sampleSupport(dataset.poolLabels, dataset.classCount(), shots, static_cast<uint64_t>(seed));
}

}  // namespace fewshot::engine
