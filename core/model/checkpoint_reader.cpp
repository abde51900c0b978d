#include "model/checkpoint_reader.h"

#include "base/error.h"
#include "base/json_file.h"
#include "model/open_clip.h"
#include "model/pickle_scan.h"
#include "model/safetensors.h"

#include <caffe2/serialize/inline_container.h>
#include <caffe2/serialize/read_adapter_interface.h>
#include <nlohmann/json.hpp>
#include <torch/csrc/jit/serialization/import_read.h>
#include <torch/csrc/jit/serialization/storage_context.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <set>

namespace fewshot {
namespace {

namespace fs = std::filesystem;

torch::Dtype torchDtype(const std::string& dtype, const std::string& where)
{
    if (dtype == "F32")
        return torch::kFloat32;
    if (dtype == "F16")
        return torch::kFloat16;
    if (dtype == "BF16")
        return torch::kBFloat16;
    if (dtype == "F64")
        return torch::kFloat64;
    if (dtype == "I64")
        return torch::kInt64;
    if (dtype == "I32")
        return torch::kInt32;
    throw Error(where + ": dtype " + dtype + " is not supported");
}

// Returns a few bytes from the start, middle and end of every tensor. The
// header lists only names, shapes and offsets, which every fine-tuned copy of
// an architecture shares. These bytes distinguish the copies in embedding
// caches, and reading them touches only three pages per tensor.
std::string contentSample(const SafetensorsFile& file)
{
    constexpr uint64_t kSampleBytes = 32;
    std::string sample;
    for (const auto& [name, entry] : file.entries()) {
        const uint64_t size = entry.end - entry.begin;
        const char* data = reinterpret_cast<const char*>(file.data(entry));
        const uint64_t length = std::min(size, kSampleBytes);
        for (const uint64_t offset : {uint64_t{0}, (size - length) / 2, size - length})
            sample.append(data + offset, length);
    }
    return sample;
}

// Wraps each tensor's bytes in the mapping without copying (unless the data
// is misaligned); each tensor keeps the mapping alive.
void addSafetensors(const SafetensorsFile& file, std::map<std::string, torch::Tensor>& tensors,
                    std::vector<std::shared_ptr<const MappedFile>>& mappedFiles)
{
    mappedFiles.push_back(file.mappedFile());
    for (const auto& [name, entry] : file.entries()) {
        const std::string where = file.path() + ": tensor '" + name + "'";
        if (entry.dtype != "F32" && entry.dtype != "F16" && entry.dtype != "BF16" && entry.dtype != "F64") {
            if (entry.dtype == "I64" || entry.dtype == "I32")
                tensors[name] = torch::Tensor();  // integer buffers such as position_ids: unused
            continue;
        }
        auto keepAlive = file.mapping();
        void* data = const_cast<uint8_t*>(file.data(entry));
        auto tensor = torch::from_blob(data, entry.shape, [keepAlive](void*) {},
                                       torch::TensorOptions().dtype(torchDtype(entry.dtype, where)));
        const auto alignment = static_cast<uintptr_t>(SafetensorsFile::elementSize(entry.dtype));
        if (reinterpret_cast<uintptr_t>(data) % alignment != 0)
            tensor = tensor.clone();
        tensors[name] = tensor;
    }
}

// Reads model.safetensors.index.json and each shard it names.
void addShardedSafetensors(const fs::path& indexPath, std::map<std::string, torch::Tensor>& tensors,
                           std::string& fingerprint, std::vector<std::shared_ptr<const MappedFile>>& mappedFiles)
{
    const auto index = readJsonFile(indexPath);
    if (!index.contains("weight_map") || !index["weight_map"].is_object())
        throw Error(indexPath.string() + ": has no 'weight_map' object");
    std::set<std::string> shards;
    for (const auto& item : index["weight_map"].items()) {
        if (!item.value().is_string())
            throw Error(indexPath.string() + ": shard of '" + item.key() + "' must be a file name");
        const std::string shard = item.value().get<std::string>();
        if (shard.find('/') != std::string::npos || shard.find("..") != std::string::npos)
            throw Error(indexPath.string() + ": shard name '" + shard + "' must be a file in the same folder");
        shards.insert(shard);
    }
    for (const auto& shard : shards) {
        const SafetensorsFile file((indexPath.parent_path() / shard).string());
        fingerprint += file.headerText() + contentSample(file);
        addSafetensors(file, tensors, mappedFiles);
    }
    for (const auto& item : index["weight_map"].items())
        if (!tensors.count(item.key()))
            throw Error(indexPath.string() + ": tensor '" + item.key() + "' is listed for shard "
                        + item.value().get<std::string>() + ", which does not contain it");
}

void addTorchBin(const fs::path& path, std::map<std::string, torch::Tensor>& tensors, std::string& fingerprint)
{
    const auto loaded = readTorchBin(path.string());
    for (const auto& [name, tensor] : loaded) {
        fingerprint += name + c10::str(tensor.sizes()) + c10::toString(tensor.scalar_type());
        if (tensor.is_floating_point())
            tensors[name] = tensor;
        else
            tensors[name] = torch::Tensor();
    }
    // Sizes alone would not tell two fine-tuned copies apart.
    fingerprint += std::to_string(fs::file_size(path)) + "@" +
                   std::to_string(fs::last_write_time(path).time_since_epoch().count());
}

// Reads weights in the Hugging Face layout; returns false when the folder has none.
bool readHuggingFaceWeights(const fs::path& root, CheckpointTensors& result)
{
    const fs::path single = root / "model.safetensors";
    const fs::path index = root / "model.safetensors.index.json";
    const fs::path bin = root / "pytorch_model.bin";
    if (fs::exists(single)) {
        const SafetensorsFile file(single.string());
        result.fingerprintSource += file.headerText() + contentSample(file);
        addSafetensors(file, result.tensors, result.mappedFiles);
        result.weightsPath = single.string();
        result.format = "hf-safetensors";
        result.memoryMapped = true;
    } else if (fs::exists(index)) {
        addShardedSafetensors(index, result.tensors, result.fingerprintSource, result.mappedFiles);
        result.weightsPath = index.string();
        result.format = "hf-sharded-safetensors";
        result.memoryMapped = true;
    } else if (fs::exists(bin)) {
        addTorchBin(bin, result.tensors, result.fingerprintSource);
        result.weightsPath = bin.string();
        result.format = "hf-bin";
    } else {
        return false;
    }
    return true;
}

// Gives LibTorch's zip reader the bytes of a torch.save archive. The reader
// that torch::pickle_load uses in LibTorch 1.13 copies whatever range it is
// asked for, so a zip entry claiming more bytes than the file contains made it
// read past the end of its buffer (found by fuzz_torch_bin). This one
// returns only the bytes that exist, and the zip reader then reports an error.
class BoundedReader : public caffe2::serialize::ReadAdapterInterface {
public:
    explicit BoundedReader(std::string bytes) : bytes_(std::move(bytes)) {}

    size_t size() const override { return bytes_.size(); }

    size_t read(uint64_t position, void* buffer, size_t count, const char* /*what*/) const override
    {
        // The zip reader asks for zero bytes with a null buffer for an empty
        // entry, and memcpy must not get a null pointer even then (found by fuzz_torch_bin).
        if (count == 0 || position >= bytes_.size())
            return 0;
        count = static_cast<size_t>(std::min<uint64_t>(count, bytes_.size() - position));
        std::memcpy(buffer, bytes_.data() + position, count);
        return count;
    }

private:
    std::string bytes_;
};

// Reads every tensor record ("data/<key>") into a storage of the record's real
// size. Given these, the unpickler uses them instead of storages sized by the
// element count the pickle states, which LibTorch 1.13 does not compare with
// the record: a larger count made tensors that read past the record's memory
// (found by fuzz_torch_bin). Now set_() checks each tensor against the real size.
std::shared_ptr<torch::jit::DeserializationStorageContext> readStorages(caffe2::serialize::PyTorchStreamReader& reader)
{
    auto storages = std::make_shared<torch::jit::DeserializationStorageContext>();
    const std::string prefix = "data/";
    for (const std::string& name : reader.getAllRecords()) {
        if (name.rfind(prefix, 0) != 0)
            continue;
        auto [data, size] = reader.getRecord(name);
        storages->addStorage(name.substr(prefix.size()),
                             c10::Storage(c10::Storage::use_byte_size_t(), size, std::move(data),
                                          /*allocator=*/nullptr, /*resizable=*/false));
    }
    return storages;
}

// Throws Error unless every element of `tensor` lies inside its storage.
// LibTorch 1.13 builds a tensor with the sizes, strides and offset the pickle
// states without this check (found by fuzz_torch_bin).
void checkTensorInStorage(const torch::Tensor& tensor, const std::string& where)
{
    if (tensor.numel() == 0)
        return;
    const auto invalid = [&] {
        return Error(where + ": its shape " + c10::str(tensor.sizes()) + " and strides " + c10::str(tensor.strides())
                     + " address bytes outside its " + std::to_string(tensor.storage().nbytes())
                     + "-byte storage; the file is corrupt");
    };
    // Offsets of the first and last elements in units of elements, without overflow.
    int64_t lowest = tensor.storage_offset();
    int64_t highest = lowest;
    for (int64_t dim = 0; dim < tensor.dim(); ++dim) {
        int64_t span = 0;
        if (__builtin_mul_overflow(tensor.size(dim) - 1, tensor.stride(dim), &span)
            || __builtin_add_overflow(span < 0 ? lowest : highest, span, span < 0 ? &lowest : &highest))
            throw invalid();
    }
    int64_t end = 0;
    if (lowest < 0 || __builtin_add_overflow(highest, 1, &end)
        || __builtin_mul_overflow(end, static_cast<int64_t>(tensor.element_size()), &end)
        || static_cast<uint64_t>(end) > tensor.storage().nbytes())
        throw invalid();
}

}  // namespace

std::map<std::string, torch::Tensor> readTorchBin(const std::string& path)
{
    auto archive = std::make_shared<BoundedReader>(readFileBytes(path));
    c10::IValue root;
    try {
        // What torch::pickle_load does, with four checks LibTorch 1.13 lacks: reads
        // stay in bounds, declared lengths fit, opcodes find the stack items they
        // take, and tensors fit their storage.
        caffe2::serialize::PyTorchStreamReader reader(archive);
        const auto [pickle, pickleSize] = reader.getRecord("data.pkl");
        checkPickleStructure(std::string_view(static_cast<const char*>(pickle.get()), pickleSize), path);
        root = torch::jit::readArchiveAndTensors("data", /*pickle_prefix=*/"", /*tensor_prefix=*/"",
                                                 /*type_resolver=*/c10::nullopt, /*obj_loader=*/c10::nullopt,
                                                 /*device=*/c10::nullopt, reader,
                                                 torch::jit::Unpickler::defaultTypeParser, readStorages(reader));
    } catch (const c10::Error& e) {
        throw Error(path + ": cannot read as a PyTorch state dict (" + e.what_without_backtrace()
                    + "); it may be truncated, or not a torch.save archive");
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        // LibTorch's reader raises standard exceptions too, such as std::out_of_range.
        throw Error(path + ": cannot read as a PyTorch state dict (" + e.what()
                    + "); it may be truncated, or not a torch.save archive");
    }
    if (root.isGenericDict() && root.toGenericDict().contains("state_dict"))
        root = root.toGenericDict().at("state_dict");
    if (!root.isGenericDict())
        throw Error(path + ": expected a dictionary of tensors (a state dict), got " + root.tagKind());

    std::map<std::string, torch::Tensor> tensors;
    for (const auto& item : root.toGenericDict()) {
        if (!item.key().isString() || !item.value().isTensor())
            throw Error(path + ": the state dict holds an entry that is not a named tensor");
        std::string name = item.key().toStringRef();
        checkTensorInStorage(item.value().toTensor(), path + ": tensor '" + name + "'");
        // Checkpoints saved from DistributedDataParallel prefix every key.
        if (name.rfind("module.", 0) == 0)
            name = name.substr(7);
        tensors[name] = item.value().toTensor();
    }
    return tensors;
}

CheckpointTensors readCheckpoint(const std::string& folder)
{
    const fs::path root(folder);
    std::error_code ec;
    if (!fs::exists(root, ec))
        throw Error(folder + ": model folder not found");
    if (!fs::is_directory(root, ec))
        throw Error(folder + ": is a file; expected a CLIP checkpoint folder (config.json with model.safetensors)");

    CheckpointTensors result;
    const fs::path hfConfig = root / "config.json";
    const fs::path openClipConfig = root / "open_clip_config.json";
    if (fs::exists(hfConfig)) {
        result.config = ClipConfig::fromHuggingFaceFile(hfConfig.string());
        result.fingerprintSource = readFileBytes(hfConfig);
        if (!readHuggingFaceWeights(root, result))
            throw Error((root / "model.safetensors").string()
                        + ": file not found (nor pytorch_model.bin or model.safetensors.index.json); "
                          "download the checkpoint's weights into the folder");
        return result;
    }
    if (fs::exists(openClipConfig)) {
        result.config = readOpenClipConfig(openClipConfig.string());
        result.fingerprintSource = readFileBytes(openClipConfig);
        std::map<std::string, torch::Tensor> raw;
        const fs::path safetensors = root / "open_clip_model.safetensors";
        const fs::path bin = root / "open_clip_pytorch_model.bin";
        if (fs::exists(safetensors)) {
            const SafetensorsFile file(safetensors.string());
            result.fingerprintSource += file.headerText() + contentSample(file);
            addSafetensors(file, raw, result.mappedFiles);
            result.weightsPath = safetensors.string();
            result.format = "open_clip-safetensors";
            result.memoryMapped = true;
        } else if (fs::exists(bin)) {
            addTorchBin(bin, raw, result.fingerprintSource);
            result.weightsPath = bin.string();
            result.format = "open_clip-bin";
        } else {
            throw Error(safetensors.string() + ": file not found (nor open_clip_pytorch_model.bin); "
                                               "download the checkpoint's weights into the folder");
        }
        result.tensors = convertOpenAiKeys(raw);
        return result;
    }
    throw Error(hfConfig.string() + ": file not found; expected a Hugging Face CLIP folder (config.json) "
                                    "or an OpenCLIP folder (open_clip_config.json)");
}

}  // namespace fewshot
