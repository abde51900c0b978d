#include "engine/safetensors_file.h"

#include "base/error.h"
#include "base/json_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <set>

namespace fewshot::engine {
namespace {

int64_t elementCount(const std::vector<int64_t>& shape)
{
    int64_t count = 1;
    for (int64_t size : shape)
        count *= size;
    return count;
}

void appendLittleEndian64(std::string& bytes, uint64_t value)
{
    for (int i = 0; i < 8; ++i)
        bytes.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

uint64_t readLittleEndian64(const std::string& bytes)
{
    uint64_t value = 0;
    for (int i = 7; i >= 0; --i)
        value = (value << 8) | static_cast<unsigned char>(bytes[static_cast<size_t>(i)]);
    return value;
}

// Appends a float as 4 little-endian bytes, whatever the host byte order.
void appendFloat(std::string& bytes, float value)
{
    uint32_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    for (int i = 0; i < 4; ++i)
        bytes.push_back(static_cast<char>((bits >> (8 * i)) & 0xFF));
}

float readFloat(const char* data)
{
    uint32_t bits = 0;
    for (int i = 3; i >= 0; --i)
        bits = (bits << 8) | static_cast<unsigned char>(data[i]);
    float value = 0.0f;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

}  // namespace

std::string encodeSafetensors(const std::vector<NamedTensor>& tensors,
                              const std::map<std::string, std::string>& metadata)
{
    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty())
        header["__metadata__"] = metadata;
    std::string data;
    std::set<std::string> names;
    for (const NamedTensor& tensor : tensors) {
        if (tensor.name.empty() || tensor.name == "__metadata__" || !names.insert(tensor.name).second)
            throw Error("safetensors tensor name '" + tensor.name + "' is empty, reserved or repeated");
        if (elementCount(tensor.shape) != static_cast<int64_t>(tensor.values.size()))
            throw Error("safetensors tensor '" + tensor.name + "' has " + std::to_string(tensor.values.size())
                        + " values, which does not match its shape");
        const size_t begin = data.size();
        for (float value : tensor.values)
            appendFloat(data, value);
        header[tensor.name] = {{"dtype", "F32"}, {"shape", tensor.shape}, {"data_offsets", {begin, data.size()}}};
    }
    std::string headerText = header.dump();
    headerText.append((8 - headerText.size() % 8) % 8, ' ');

    std::string bytes;
    appendLittleEndian64(bytes, headerText.size());
    bytes += headerText;
    bytes += data;
    return bytes;
}

std::vector<NamedTensor> readSafetensors(const std::filesystem::path& path,
                                         std::map<std::string, std::string>* metadata)
{
    return decodeSafetensors(readFileBytes(path), path.string(), metadata);
}

std::vector<NamedTensor> decodeSafetensors(const std::string& bytes, const std::string& name,
                                           std::map<std::string, std::string>* metadata)
{
    if (bytes.size() < 8)
        throw Error(name + ": too short to be a safetensors file");
    const uint64_t headerLength = readLittleEndian64(bytes);
    if (headerLength > bytes.size() - 8)
        throw Error(name + ": safetensors header length " + std::to_string(headerLength)
                    + " exceeds the file size");
    nlohmann::json header;
    try {
        header = nlohmann::json::parse(bytes.substr(8, headerLength));
    } catch (const nlohmann::json::exception& e) {
        throw Error(name + ": invalid safetensors header: " + e.what());
    }
    const size_t dataStart = 8 + headerLength;
    const size_t dataSize = bytes.size() - dataStart;

    std::vector<NamedTensor> tensors;
    std::vector<size_t> begins;
    try {
        for (const auto& [key, entry] : header.items()) {
            if (key == "__metadata__") {
                if (metadata)
                    *metadata = entry.get<std::map<std::string, std::string>>();
                continue;
            }
            if (entry.at("dtype").get<std::string>() != "F32")
                throw Error(name + ": tensor '" + key + "' has dtype " + entry.at("dtype").get<std::string>()
                            + ", expected F32");
            NamedTensor tensor{key, entry.at("shape").get<std::vector<int64_t>>(), {}};
            const auto offsets = entry.at("data_offsets").get<std::vector<size_t>>();
            const size_t expectedBytes = static_cast<size_t>(elementCount(tensor.shape)) * 4;
            if (offsets.size() != 2 || offsets[0] > offsets[1] || offsets[1] > dataSize
                || offsets[1] - offsets[0] != expectedBytes)
                throw Error(name + ": tensor '" + key + "' has data offsets that do not match its shape "
                            "or lie outside the file");
            for (size_t at = offsets[0]; at < offsets[1]; at += 4)
                tensor.values.push_back(readFloat(bytes.data() + dataStart + at));
            begins.push_back(offsets[0]);
            tensors.push_back(std::move(tensor));
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(name + ": invalid safetensors header entry: " + e.what());
    }

    std::vector<size_t> order(tensors.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return begins[a] < begins[b]; });
    std::vector<NamedTensor> sorted;
    for (size_t i : order)
        sorted.push_back(std::move(tensors[i]));
    return sorted;
}

}  // namespace fewshot::engine
