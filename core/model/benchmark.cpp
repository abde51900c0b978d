#include "model/benchmark.h"

#include "base/error.h"

#include <torch/torch.h>

#include <chrono>

#include <sys/resource.h>

namespace fewshot {
namespace {

double towerFlops(const TowerConfig& tower, int64_t tokens)
{
    const double width = static_cast<double>(tower.hiddenSize);
    const double inner = static_cast<double>(tower.intermediateSize);
    const double n = static_cast<double>(tokens);
    const double projections = 2.0 * n * width * width * 4;  // q, k, v, out
    const double mlp = 2.0 * n * width * inner * 2;           // fc1, fc2
    const double attention = 2.0 * n * n * width * 2;        // scores and weighted sum
    return static_cast<double>(tower.numLayers) * (projections + mlp + attention);
}

int64_t parameterCount(const ClipConfig& config)
{
    auto tower = [](const TowerConfig& t) {
        const int64_t w = t.hiddenSize;
        const int64_t perLayer = 4 * (w * w + w) + 2 * w * t.intermediateSize + t.intermediateSize + w + 4 * w;
        return t.numLayers * perLayer + 4 * w;
    };
    const auto& v = config.vision;
    const auto& t = config.text;
    const int64_t vision = tower(v) + v.hiddenSize * (3 * v.patchSize * v.patchSize + 1 + v.numPositions());
    const int64_t text = tower(t) + t.hiddenSize * (t.vocabSize + t.maxPositions);
    return vision + text + config.projectionDim * (v.hiddenSize + t.hiddenSize) + 1;
}

}  // namespace

double imageEncoderFlops(const ClipConfig& config)
{
    const auto& vision = config.vision;
    const double patches = static_cast<double>(vision.gridSize() * vision.gridSize());
    const double embedding = 2.0 * patches * 3 * vision.patchSize * vision.patchSize * vision.hiddenSize;
    return embedding + towerFlops(vision, vision.numPositions())
           + 2.0 * vision.hiddenSize * config.projectionDim;
}

double textEncoderFlops(const ClipConfig& config, int64_t tokens)
{
    return towerFlops(config.text, tokens) + 2.0 * config.text.hiddenSize * config.projectionDim;
}

double measureMatmulGflops(int64_t size, const std::string& dtype, double seconds)
{
    const auto type = dtype == "bfloat16" ? torch::kBFloat16 : torch::kFloat32;
    c10::InferenceMode inference;
    const auto a = torch::randn({size, size}).to(type);
    const auto b = torch::randn({size, size}).to(type);
    auto c = torch::matmul(a, b);  // warm-up: first calls allocate and pick kernels
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    int64_t repeats = 0;
    double elapsed = 0;
    do {
        c = torch::matmul(a, b);
        ++repeats;
        elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    } while (elapsed < seconds);
    return 2.0 * static_cast<double>(size * size * size) * static_cast<double>(repeats) / elapsed / 1e9;
}

int64_t peakResidentBytes()
{
    struct rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<int64_t>(usage.ru_maxrss) * 1024;  // Linux reports kilobytes
}

int64_t weightBytes(const ClipConfig& config, const std::string& dtype)
{
    return parameterCount(config) * (dtype == "float32" ? 4 : 2);
}

ClipConfig presetArchitecture(const std::string& name)
{
    ClipConfig config;  // Hugging Face defaults: ViT-B/32 text and vision towers
    if (name == "ViT-B/32") {
        // the defaults
    } else if (name == "ViT-B/16") {
        config.vision.patchSize = 16;
    } else if (name == "ViT-L/14" || name == "ViT-L/14-336") {
        config.vision.hiddenSize = 1024;
        config.vision.intermediateSize = 4096;
        config.vision.numHeads = 16;
        config.vision.numLayers = 24;
        config.vision.patchSize = 14;
        config.vision.imageSize = name == "ViT-L/14" ? 224 : 336;
        config.text.hiddenSize = 768;
        config.text.intermediateSize = 3072;
        config.text.numHeads = 12;
        config.projectionDim = 768;
    } else {
        throw Error("unknown architecture '" + name + "'; expected ViT-B/32, ViT-B/16, ViT-L/14 or ViT-L/14-336");
    }
    config.name = describeArchitecture(config);
    return config;
}

}  // namespace fewshot
