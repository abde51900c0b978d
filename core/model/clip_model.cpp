#include "model/clip_model.h"

#include "base/error.h"
#include "base/json_file.h"
#include "model/clip_modules.h"
#include "model/safetensors.h"

#include <filesystem>
#include <set>
#include <sstream>
#include <thread>

namespace fewshot {
namespace {

namespace fs = std::filesystem;

torch::Dtype parseDtype(const std::string& name)
{
    if (name == "float32")
        return torch::kFloat32;
    if (name == "bfloat16")
        return torch::kBFloat16;
    if (name == "float16")
        return torch::kFloat16;
    throw Error("unknown dtype '" + name + "'; expected float32, bfloat16 or float16");
}

torch::Device parseDevice(const std::string& name)
{
    if (name == "auto")
        return torch::cuda::is_available() ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
    if (name == "cpu")
        return torch::Device(torch::kCPU);
    if (name == "cuda") {
        if (!torch::cuda::is_available())
            throw Error("--device cuda was requested, but this LibTorch build has no CUDA or no GPU is visible");
        return torch::Device(torch::kCUDA);
    }
    throw Error("unknown device '" + name + "'; expected auto, cpu or cuda");
}

std::string shapeText(const std::vector<int64_t>& shape)
{
    std::ostringstream text;
    text << '[';
    for (size_t i = 0; i < shape.size(); ++i)
        text << (i ? ", " : "") << shape[i];
    text << ']';
    return text.str();
}

std::string shapeText(torch::IntArrayRef shape)
{
    return shapeText(std::vector<int64_t>(shape.begin(), shape.end()));
}

// 64-bit FNV-1a: stable across runs and platforms, enough to key caches.
uint64_t fnv1a(const std::string& bytes, uint64_t hash = 1469598103934665603ull)
{
    for (unsigned char c : bytes) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    return hash;
}

bool isIntegerDtype(const std::string& dtype)
{
    return dtype[0] == 'I' || dtype[0] == 'U' || dtype == "BOOL";
}

// Wraps a tensor's bytes in the mapping without copying when the type and
// alignment allow it; the tensor keeps the mapping alive.
torch::Tensor tensorFromEntry(const SafetensorsFile& file, const SafetensorsEntry& entry, const std::string& name)
{
    torch::Dtype dtype;
    if (entry.dtype == "F32")
        dtype = torch::kFloat32;
    else if (entry.dtype == "F16")
        dtype = torch::kFloat16;
    else if (entry.dtype == "BF16")
        dtype = torch::kBFloat16;
    else if (entry.dtype == "F64")
        dtype = torch::kFloat64;
    else
        throw Error(file.path() + ": tensor '" + name + "' has dtype " + entry.dtype
                    + ", expected a floating-point type (F32, F16, BF16)");
    auto keepAlive = file.mapping();
    void* data = const_cast<uint8_t*>(file.data(entry));
    auto tensor = torch::from_blob(data, entry.shape, [keepAlive](void*) {}, torch::TensorOptions().dtype(dtype));
    const auto alignment = static_cast<uintptr_t>(SafetensorsFile::elementSize(entry.dtype));
    if (reinterpret_cast<uintptr_t>(data) % alignment != 0)
        tensor = tensor.clone();
    return tensor;
}

}  // namespace

struct ClipModel::Data {
    std::string folder;
    ClipConfig config;
    ClipModules modules{nullptr};
    torch::Device device{torch::kCPU};
    torch::Dtype dtype = torch::kFloat32;
    std::vector<std::string> warnings;
    std::string fingerprint;
};

ClipModel::ClipModel() : d(std::make_unique<Data>()) {}
ClipModel::~ClipModel() = default;

namespace {

// Copies the checkpoint's tensors into the modules' parameters. Strict: every
// parameter must be present with its shape. Returns names of unused tensors.
std::vector<std::string> assignWeights(ClipModulesImpl& modules, const SafetensorsFile& file,
                                       torch::Dtype dtype, const torch::Device& device)
{
    const auto& entries = file.entries();
    std::set<std::string> used;
    torch::NoGradGuard noGrad;
    for (auto& item : modules.named_parameters(true)) {
        const std::string& name = item.key();
        auto& parameter = item.value();
        const auto found = entries.find(name);
        if (found == entries.end())
            throw Error(file.path() + ": tensor '" + name + "' of shape " + shapeText(parameter.sizes())
                        + " is missing; the checkpoint does not match its config.json");
        if (found->second.shape != parameter.sizes().vec())
            throw Error(file.path() + ": tensor '" + name + "' has shape " + shapeText(found->second.shape)
                        + ", expected " + shapeText(parameter.sizes()) + " from config.json");
        auto value = tensorFromEntry(file, found->second, name);
        // logit_scale stays float32 in every dtype: it is one number that the
        // loss exponentiates.
        const auto targetType = name == "logit_scale" ? torch::kFloat32 : dtype;
        value = value.to(device, targetType);
        parameter.set_data(value);
        used.insert(name);
    }
    std::vector<std::string> unknown;
    for (const auto& [name, entry] : entries)
        if (!used.count(name) && !isIntegerDtype(entry.dtype))
            unknown.push_back(name);
    return unknown;
}

}  // namespace

std::unique_ptr<ClipModel> ClipModel::load(const std::string& folder, const ModelOptions& options)
{
    const fs::path root(folder);
    std::error_code ec;
    if (!fs::exists(root, ec))
        throw Error(folder + ": model folder not found");
    if (!fs::is_directory(root, ec))
        throw Error(folder + ": is a file; expected a CLIP checkpoint folder with config.json and model.safetensors");
    const fs::path configPath = root / "config.json";
    if (!fs::exists(configPath, ec))
        throw Error(configPath.string() + ": file not found; expected a Hugging Face CLIP checkpoint folder");
    const fs::path weightsPath = root / "model.safetensors";
    if (!fs::exists(weightsPath, ec))
        throw Error(weightsPath.string() + ": file not found; download the checkpoint's model.safetensors into the folder");

    std::unique_ptr<ClipModel> model(new ClipModel());
    Data& d = *model->d;
    d.folder = folder;
    d.config = ClipConfig::fromHuggingFaceFile(configPath.string());
    d.dtype = parseDtype(options.dtype);
    d.device = parseDevice(options.device);
    if (d.dtype == torch::kFloat16 && d.device.is_cpu())
        throw Error("float16 is supported on CUDA only; use bfloat16 or float32 on the CPU");
    torch::set_num_threads(options.threads > 0 ? options.threads
                                               : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));

    const SafetensorsFile weights(weightsPath.string());
    try {
        d.modules = ClipModules(d.config);
        const auto unknown = assignWeights(*d.modules, weights, d.dtype, d.device);
        if (!unknown.empty()) {
            std::string list;
            for (size_t i = 0; i < unknown.size() && i < 10; ++i)
                list += (i ? ", " : "") + unknown[i];
            if (unknown.size() > 10)
                list += ", ... (" + std::to_string(unknown.size() - 10) + " more)";
            d.warnings.push_back(weightsPath.string() + ": ignored " + std::to_string(unknown.size())
                                 + " tensors the model does not use: " + list);
        }
    } catch (const c10::Error& e) {
        throw Error(weightsPath.string() + ": cannot load weights: " + e.what_without_backtrace());
    }
    d.modules->eval();
    const std::string configText = readFileBytes(configPath);
    std::ostringstream hex;
    hex << std::hex << fnv1a(weights.headerText(), fnv1a(configText));
    d.fingerprint = hex.str();
    return model;
}

const ClipConfig& ClipModel::config() const { return d->config; }
const std::string& ClipModel::folder() const { return d->folder; }
const std::vector<std::string>& ClipModel::warnings() const { return d->warnings; }
int64_t ClipModel::embeddingDim() const { return d->config.projectionDim; }
int64_t ClipModel::imageSize() const { return d->config.vision.imageSize; }
const std::string& ClipModel::fingerprint() const { return d->fingerprint; }
ClipModulesImpl& ClipModel::modules() const { return *d->modules; }

int64_t ClipModel::parameterCount() const
{
    int64_t count = 0;
    for (const auto& parameter : d->modules->parameters())
        count += parameter.numel();
    return count;
}

std::string ClipModel::dtypeName() const
{
    if (d->dtype == torch::kBFloat16)
        return "bfloat16";
    return d->dtype == torch::kFloat16 ? "float16" : "float32";
}

std::string ClipModel::deviceName() const
{
    return d->device.str();
}

float ClipModel::logitScale() const
{
    torch::NoGradGuard noGrad;
    return d->modules->scale().item<float>();
}

namespace {

std::vector<float> toVector(const torch::Tensor& tensor)
{
    const auto cpu = tensor.to(torch::kCPU, torch::kFloat32).contiguous();
    return std::vector<float>(cpu.data_ptr<float>(), cpu.data_ptr<float>() + cpu.numel());
}

}  // namespace

std::vector<float> ClipModel::encodeImages(const float* pixels, int64_t count) const
{
    if (count == 0)
        return {};
    const int64_t size = imageSize();
    c10::InferenceMode inference;
    try {
        const auto input = torch::from_blob(const_cast<float*>(pixels), {count, 3, size, size}, torch::kFloat32)
                               .to(d->device, d->dtype);
        return toVector(d->modules->encodeImage(input));
    } catch (const c10::Error& e) {
        throw Error(std::string("image encoding failed: ") + e.what_without_backtrace());
    }
}

std::vector<float> ClipModel::encodeTexts(const std::vector<std::vector<int64_t>>& tokenIds) const
{
    if (tokenIds.empty())
        return {};
    size_t longest = 0;
    for (const auto& ids : tokenIds)
        longest = std::max(longest, ids.size());
    if (longest == 0)
        throw Error("cannot encode an empty token sequence; tokenize the text with start and end tokens");
    // Padding with 0 after the end token matches the reference's padding.
    auto batch = torch::zeros({static_cast<int64_t>(tokenIds.size()), static_cast<int64_t>(longest)}, torch::kInt64);
    auto accessor = batch.accessor<int64_t, 2>();
    for (size_t row = 0; row < tokenIds.size(); ++row)
        for (size_t column = 0; column < tokenIds[row].size(); ++column)
            accessor[static_cast<int64_t>(row)][static_cast<int64_t>(column)] = tokenIds[row][column];

    c10::InferenceMode inference;
    try {
        return toVector(d->modules->encodeText(batch.to(d->device)));
    } catch (const c10::Error& e) {
        throw Error(std::string("text encoding failed: ") + e.what_without_backtrace());
    }
}

}  // namespace fewshot
