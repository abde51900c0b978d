#include "model/safetensors.h"

#include "base/error.h"
#include "base/json_file.h"

#include <nlohmann/json.hpp>

#include <limits>

namespace fewshot {
namespace {

// Larger headers are rejected: real checkpoints have a few hundred kilobytes.
constexpr uint64_t kMaxHeaderBytes = 100ull * 1024 * 1024;

std::vector<int64_t> parseShape(const nlohmann::json& value, const std::string& where)
{
    if (!value.is_array())
        throw Error(where + ": 'shape' must be an array of integers");
    std::vector<int64_t> shape;
    for (const auto& dim : value) {
        if (!dim.is_number_unsigned())
            throw Error(where + ": 'shape' must contain non-negative integers, got " + value.dump());
        shape.push_back(dim.get<int64_t>());
    }
    return shape;
}

// Number of elements, or nullopt-like -1 on overflow.
int64_t elementCount(const std::vector<int64_t>& shape)
{
    int64_t count = 1;
    for (int64_t dim : shape) {
        if (dim != 0 && count > std::numeric_limits<int64_t>::max() / dim)
            return -1;
        count *= dim;
    }
    return count;
}

SafetensorsEntry parseEntry(const std::string& name, const nlohmann::json& value,
                            uint64_t dataSize, const std::string& path)
{
    const std::string where = path + ": tensor '" + name + "'";
    if (!value.is_object())
        throw Error(where + ": header entry must be an object");
    SafetensorsEntry entry;
    const auto dtype = value.find("dtype");
    if (dtype == value.end() || !dtype->is_string())
        throw Error(where + ": missing 'dtype'");
    entry.dtype = dtype->get<std::string>();
    const int itemSize = SafetensorsFile::elementSize(entry.dtype);
    if (itemSize == 0)
        throw Error(where + ": unknown dtype '" + entry.dtype + "'");
    const auto shape = value.find("shape");
    if (shape == value.end())
        throw Error(where + ": missing 'shape'");
    entry.shape = parseShape(*shape, where);
    const auto offsets = value.find("data_offsets");
    if (offsets == value.end() || !offsets->is_array() || offsets->size() != 2
        || !(*offsets)[0].is_number_unsigned() || !(*offsets)[1].is_number_unsigned())
        throw Error(where + ": 'data_offsets' must be two non-negative integers");
    entry.begin = (*offsets)[0].get<uint64_t>();
    entry.end = (*offsets)[1].get<uint64_t>();

    const int64_t count = elementCount(entry.shape);
    if (count < 0)
        throw Error(where + ": shape is too large");
    if (entry.begin > entry.end || entry.end > dataSize)
        throw Error(where + ": data offsets [" + std::to_string(entry.begin) + ", "
                    + std::to_string(entry.end) + "] point past the end of the file ("
                    + std::to_string(dataSize) + " data bytes); the file is truncated or corrupt");
    const uint64_t expected = static_cast<uint64_t>(count) * static_cast<uint64_t>(itemSize);
    if (entry.end - entry.begin != expected)
        throw Error(where + ": holds " + std::to_string(entry.end - entry.begin) + " bytes, but "
                    + entry.dtype + " of its shape needs " + std::to_string(expected));
    return entry;
}

}  // namespace

int SafetensorsFile::elementSize(const std::string& dtype)
{
    if (dtype == "F64" || dtype == "I64" || dtype == "U64")
        return 8;
    if (dtype == "F32" || dtype == "I32" || dtype == "U32")
        return 4;
    if (dtype == "F16" || dtype == "BF16" || dtype == "I16" || dtype == "U16")
        return 2;
    if (dtype == "I8" || dtype == "U8" || dtype == "BOOL" || dtype == "F8_E4M3" || dtype == "F8_E5M2")
        return 1;
    return 0;
}

SafetensorsFile::SafetensorsFile(const std::string& path) : path_(path)
{
    file_ = MappedFile::open(path);
    if (file_->size() < 8)
        throw Error(path + ": file is " + std::to_string(file_->size())
                    + " bytes, too short for a safetensors file (truncated download?)");
    const uint8_t* bytes = file_->data();
    const uint64_t fileSize = file_->size();
    uint64_t headerLength = 0;
    for (int i = 7; i >= 0; --i)
        headerLength = (headerLength << 8) | bytes[i];
    if (headerLength > kMaxHeaderBytes || headerLength > fileSize - 8)
        throw Error(path + ": header length " + std::to_string(headerLength)
                    + " does not fit in the file (" + std::to_string(fileSize)
                    + " bytes); not a safetensors file, or truncated");
    header_.assign(reinterpret_cast<const char*>(bytes + 8), headerLength);

    nlohmann::json root;
    try {
        root = nlohmann::json::parse(header_);
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(path + ": invalid safetensors header (JSON error at byte "
                    + std::to_string(e.byte) + ")");
    } catch (const nlohmann::json::out_of_range&) {
        // A number beyond the range of a double, such as 1e400 (found by fuzz_safetensors).
        throw Error(path + ": invalid safetensors header (a number is too large)");
    }
    if (!root.is_object())
        throw Error(path + ": invalid safetensors header (expected a JSON object)");

    const uint64_t dataSize = fileSize - 8 - headerLength;
    for (const auto& item : root.items()) {
        if (item.key() == "__metadata__") {
            if (item.value().is_object())
                for (const auto& meta : item.value().items())
                    if (meta.value().is_string())
                        metadata_[meta.key()] = meta.value().get<std::string>();
            continue;
        }
        entries_[item.key()] = parseEntry(item.key(), item.value(), dataSize, path);
    }
    dataStart_ = bytes + 8 + headerLength;
}

const uint8_t* SafetensorsFile::data(const SafetensorsEntry& entry) const
{
    return dataStart_ + entry.begin;
}

void writeSafetensors(const std::string& path, const std::map<std::string, SafetensorsTensor>& tensors,
                      const std::map<std::string, std::string>& metadata)
{
    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty())
        header["__metadata__"] = metadata;
    uint64_t offset = 0;
    for (const auto& [name, tensor] : tensors) {
        const int itemSize = SafetensorsFile::elementSize(tensor.dtype);
        const int64_t count = elementCount(tensor.shape);
        if (itemSize == 0 || count < 0 || static_cast<uint64_t>(count) * itemSize != tensor.bytes.size())
            throw Error(path + ": tensor '" + name + "' has " + std::to_string(tensor.bytes.size())
                        + " bytes, which does not match its dtype and shape");
        header[name] = {{"dtype", tensor.dtype},
                        {"shape", tensor.shape},
                        {"data_offsets", {offset, offset + tensor.bytes.size()}}};
        offset += tensor.bytes.size();
    }
    std::string headerText = header.dump();
    // Pad with spaces so the data section starts 8-byte aligned.
    headerText.append((8 - headerText.size() % 8) % 8, ' ');

    std::string file(8, '\0');
    const uint64_t length = headerText.size();
    for (int i = 0; i < 8; ++i)
        file[static_cast<size_t>(i)] = static_cast<char>((length >> (8 * i)) & 0xff);
    file += headerText;
    for (const auto& [name, tensor] : tensors)
        file += tensor.bytes;
    writeFileAtomically(path, file);
}

}  // namespace fewshot
