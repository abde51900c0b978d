#include "model/clip_model.h"

#include "base/error.h"
#include "base/json_file.h"
#include "model/clip_modules.h"
#include "model/checkpoint_reader.h"
#include "model/cpu_runtime.h"

#include <filesystem>
#include <set>
#include <sstream>
#include <thread>

#include <sys/mman.h>
#include <unistd.h>

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

bool keepsFloat32(const std::string& name)
{
    return name == "logit_scale" || name.find("layer_norm") != std::string::npos
           || name.find("layernorm") != std::string::npos || name.find("layrnorm") != std::string::npos;
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
    std::string format;
    // Files whose mappings some CPU weights alias (all in float32, the token
    // embeddings in other dtypes); empty when the weights were copied.
    std::vector<std::shared_ptr<const MappedFile>> mappedFiles;

    // Throws Error when a weights file changed on disk since loading, so
    // results computed from its pages are not returned.
    void checkWeightFiles() const
    {
        for (const auto& file : mappedFiles)
            file->checkUnchanged();
    }
};

ClipModel::ClipModel() : d(std::make_unique<Data>()) {}
ClipModel::~ClipModel() = default;

namespace {

// Tells the kernel that a memory-mapped tensor's pages are no longer needed.
// Only for tensors that alias a private file mapping: the pages are read
// back from the file if touched again.
void releasePages(const torch::Tensor& tensor)
{
    const auto pageSize = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto begin = reinterpret_cast<uintptr_t>(tensor.data_ptr());
    const auto end = begin + static_cast<uintptr_t>(tensor.nbytes());
    const uintptr_t first = (begin + pageSize - 1) / pageSize * pageSize;
    const uintptr_t last = end / pageSize * pageSize;
    if (last > first)
        ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
}

// The token embedding table is only read row by row, so on the CPU it can
// stay in the memory-mapped file in its stored dtype. Converting it would
// make all of it resident (76 MiB in bfloat16 for CLIP's 49408 tokens). Left
// in the file, only the pages of the tokens in use are read, and
// TextTransformerImpl converts the looked-up rows.
bool staysMapped(const std::string& name, const CheckpointTensors& checkpoint, const torch::Device& device)
{
    return checkpoint.memoryMapped && device.is_cpu() && name == "text_model.embeddings.token_embedding.weight";
}

// Points the modules' parameters at the checkpoint's tensors, converted to
// the requested dtype and device (no copy for float32 on the CPU, except
// for the joined attention projections). Strict:
// every parameter must be present with its shape. Returns unused tensor names
// and sets `aliasesMapping` when a parameter still uses the file mapping.
std::vector<std::string> assignWeights(ClipModulesImpl& modules, const CheckpointTensors& checkpoint,
                                       torch::Dtype dtype, const torch::Device& device, bool& aliasesMapping)
{
    const auto& tensors = checkpoint.tensors;
    const std::string& path = checkpoint.weightsPath;
    // When the weights are converted, the few float32 ones are copied too,
    // so only the token embeddings keep the file mapping alive.
    const bool copyAll = dtype != torch::kFloat32 || !device.is_cpu();
    std::set<std::string> used;
    std::vector<torch::Tensor> converted;  // mapped sources that were copied
    torch::NoGradGuard noGrad;
    // On the CPU the attention blocks get joined q, k and v tensors, which
    // the weights are copied into (converted on the way when needed).
    std::set<const c10::TensorImpl*> joined;
    if (device.is_cpu())
        for (const auto& module : modules.modules(false))
            if (auto* attention = dynamic_cast<AttentionImpl*>(module.get())) {
                attention->joinProjections(torch::TensorOptions().dtype(dtype).device(device));
                for (Linear* projection : {&attention->q_proj, &attention->k_proj, &attention->v_proj}) {
                    joined.insert((*projection)->weight.unsafeGetTensorImpl());
                    joined.insert((*projection)->bias.unsafeGetTensorImpl());
                }
            }
    for (auto& item : modules.named_parameters(true)) {
        const std::string& name = item.key();
        auto& parameter = item.value();
        const auto found = tensors.find(name);
        if (found == tensors.end() || !found->second.defined())
            throw Error(path + ": tensor '" + name + "' of shape " + shapeText(parameter.sizes())
                        + " is missing; the weights do not match the checkpoint's config");
        if (found->second.sizes() != parameter.sizes())
            throw Error(path + ": tensor '" + name + "' has shape " + shapeText(found->second.sizes())
                        + ", expected " + shapeText(parameter.sizes()) + " from the checkpoint's config");
        // logit_scale and the layer norms stay float32 in every dtype: they
        // are small, and LayerNormImpl computes in float32 anyway.
        const auto targetType = keepsFloat32(name) ? torch::kFloat32 : dtype;
        const auto& source = found->second;
        torch::Tensor value;
        if (joined.count(parameter.unsafeGetTensorImpl())) {
            parameter.copy_(source);
            value = parameter;
        } else if (staysMapped(name, checkpoint, device) && source.is_contiguous()) {
            value = source;
        } else {
            value = source.to(device, targetType).contiguous();
            if (copyAll && value.data_ptr() == source.data_ptr())
                value = value.clone();
        }
        if (checkpoint.memoryMapped && value.data_ptr() == source.data_ptr())
            aliasesMapping = true;
        if (!value.is_same(parameter))
            parameter.set_data(value);
        // The source pages were read once for the conversion; dropping them
        // keeps the peak memory near the converted weights alone.
        if (checkpoint.memoryMapped && value.data_ptr() != source.data_ptr()) {
            releasePages(source);
            converted.push_back(source);
        }
        used.insert(name);
    }
    // Reading a tensor's first page maps up to 64 KiB of its neighbours in
    // the page cache as well (the kernel's fault-around), which brings back
    // pages of the tensor before it: 26 MiB for ViT-L/14 in bfloat16.
    for (const auto& source : converted)
        releasePages(source);
    std::vector<std::string> unknown;
    for (const auto& [name, tensor] : tensors)
        if (!used.count(name) && tensor.defined())
            unknown.push_back(name);
    return unknown;
}

}  // namespace

std::unique_ptr<ClipModel> ClipModel::load(const std::string& folder, const ModelOptions& options)
{
    std::unique_ptr<ClipModel> model(new ClipModel());
    Data& d = *model->d;
    d.folder = folder;
    d.dtype = parseDtype(options.dtype);
    d.device = parseDevice(options.device);
    if (d.dtype == torch::kFloat16 && d.device.is_cpu())
        throw Error("float16 is supported on CUDA only; use bfloat16 or float32 on the CPU");
    torch::set_num_threads(options.threads > 0 ? options.threads
                                               : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));

    CheckpointTensors checkpoint = readCheckpoint(folder);
    d.config = checkpoint.config;
    d.format = checkpoint.format;
    try {
        d.modules = ClipModules(d.config);
        bool aliasesMapping = false;
        const auto unknown = assignWeights(*d.modules, checkpoint, d.dtype, d.device, aliasesMapping);
        if (aliasesMapping)
            d.mappedFiles = checkpoint.mappedFiles;
        // Converting leaves freed blocks between the weights.
        releaseFreedMemory();
        if (!unknown.empty()) {
            std::string list;
            for (size_t i = 0; i < unknown.size() && i < 10; ++i)
                list += (i ? ", " : "") + unknown[i];
            if (unknown.size() > 10)
                list += ", ... (" + std::to_string(unknown.size() - 10) + " more)";
            d.warnings.push_back(checkpoint.weightsPath + ": ignored " + std::to_string(unknown.size())
                                 + " tensors the model does not use: " + list);
        }
    } catch (const c10::Error& e) {
        throw Error(checkpoint.weightsPath + ": cannot load weights: " + e.what_without_backtrace());
    }
    d.modules->eval();
    std::ostringstream hex;
    hex << std::hex << fnv1a(checkpoint.fingerprintSource);
    d.fingerprint = hex.str();
    return model;
}

const ClipConfig& ClipModel::config() const { return d->config; }
const std::string& ClipModel::folder() const { return d->folder; }
const std::vector<std::string>& ClipModel::warnings() const { return d->warnings; }
int64_t ClipModel::embeddingDim() const { return d->config.projectionDim; }
int64_t ClipModel::imageSize() const { return d->config.vision.imageSize; }
const std::string& ClipModel::fingerprint() const { return d->fingerprint; }
const std::string& ClipModel::format() const { return d->format; }
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

// Throws OutOfMemoryError when LibTorch could not allocate memory, and Error otherwise.
[[noreturn]] void throwEncodingError(const std::string& what, const c10::Error& error)
{
    const std::string message = error.what_without_backtrace();
    // LibTorch 1.13's CPU allocator reports a failed allocation as a plain
    // c10::Error ("DefaultCPUAllocator: can't allocate memory: ..."), so the
    // message is checked as well as the type.
    const bool outOfMemory = dynamic_cast<const c10::OutOfMemoryError*>(&error) != nullptr
                             || message.find("can't allocate memory") != std::string::npos
                             || message.find("not enough memory") != std::string::npos;
    if (outOfMemory)
        throw OutOfMemoryError(what + " failed: out of memory (" + message + ")");
    throw Error(what + " failed: " + message);
}

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
    d->checkWeightFiles();
    c10::InferenceMode inference;
    std::vector<float> features;
    try {
        const auto input = torch::from_blob(const_cast<float*>(pixels), {count, 3, size, size}, torch::kFloat32)
                               .to(d->device, d->dtype);
        features = toVector(d->modules->encodeImage(input));
    } catch (const c10::Error& e) {
        throwEncodingError("image encoding of " + std::to_string(count) + " images", e);
    } catch (const std::bad_alloc&) {
        throw OutOfMemoryError("image encoding of " + std::to_string(count) + " images failed: out of memory");
    }
    d->checkWeightFiles();
    return features;
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

    d->checkWeightFiles();
    c10::InferenceMode inference;
    std::vector<float> features;
    try {
        features = toVector(d->modules->encodeText(batch.to(d->device)));
    } catch (const c10::Error& e) {
        throwEncodingError("text encoding of " + std::to_string(tokenIds.size()) + " texts", e);
    } catch (const std::bad_alloc&) {
        throw OutOfMemoryError("text encoding of " + std::to_string(tokenIds.size()) + " texts failed: out of memory");
    }
    d->checkWeightFiles();
    return features;
}

}  // namespace fewshot
