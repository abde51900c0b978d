#include "base/npy.h"

#include "base/error.h"
#include "base/json_file.h"

#include <cstring>
#include <numeric>
#include <regex>

namespace fewshot {
namespace {

struct NpyHeader {
    std::string descr;
    std::vector<int64_t> shape;
    size_t dataOffset = 0;
};

// Parses the header dictionary, e.g. {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
NpyHeader parseHeader(const std::string& bytes, const std::string& name)
{
    static const char kMagic[] = "\x93NUMPY";
    if (bytes.size() < 10 || bytes.compare(0, 6, kMagic, 6) != 0)
        throw Error(name + ": not a NumPy .npy file (missing \\x93NUMPY magic)");
    const int major = static_cast<unsigned char>(bytes[6]);
    size_t headerLength = 0;
    size_t headerStart = 0;
    if (major == 1) {
        headerLength = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
        headerStart = 10;
    } else if (major == 2 || major == 3) {
        if (bytes.size() < 12)
            throw Error(name + ": truncated .npy header");
        uint32_t length = 0;
        std::memcpy(&length, bytes.data() + 8, 4);
        headerLength = length;
        headerStart = 12;
    } else {
        throw Error(name + ": unsupported .npy format version " + std::to_string(major));
    }
    if (headerStart + headerLength > bytes.size())
        throw Error(name + ": truncated .npy header");
    const std::string header = bytes.substr(headerStart, headerLength);

    std::smatch match;
    NpyHeader result;
    if (!std::regex_search(header, match, std::regex(R"('descr'\s*:\s*'([^']*)')")))
        throw Error(name + ": .npy header has no 'descr'");
    result.descr = match[1];
    if (std::regex_search(header, match, std::regex(R"('fortran_order'\s*:\s*True)")))
        throw Error(name + ": Fortran-order .npy arrays are not supported; save in C order");
    if (!std::regex_search(header, match, std::regex(R"('shape'\s*:\s*\(([^)]*)\))")))
        throw Error(name + ": .npy header has no 'shape'");
    const std::string dims = match[1];
    const std::regex number(R"(\d+)");
    for (auto it = std::sregex_iterator(dims.begin(), dims.end(), number); it != std::sregex_iterator(); ++it)
        result.shape.push_back(std::stoll(it->str()));
    result.dataOffset = headerStart + headerLength;
    return result;
}

int64_t productOf(const std::vector<int64_t>& shape)
{
    return std::accumulate(shape.begin(), shape.end(), int64_t{1}, std::multiplies<int64_t>());
}

template <typename T>
std::vector<T> readElements(const std::string& bytes, size_t offset, int64_t count,
                            const std::string& name)
{
    if (bytes.size() - offset < static_cast<size_t>(count) * sizeof(T))
        throw Error(name + ": .npy data is shorter than its shape says (file truncated?)");
    std::vector<T> values(static_cast<size_t>(count));
    std::memcpy(values.data(), bytes.data() + offset, values.size() * sizeof(T));
    return values;
}

template <typename From, typename To>
std::vector<To> convert(const std::vector<From>& values)
{
    return std::vector<To>(values.begin(), values.end());
}

}  // namespace

int64_t NpyArray::elementCount() const
{
    return productOf(shape);
}

NpyArray readNpy(const std::filesystem::path& path)
{
    const std::string name = path.string();
    const std::string bytes = readFileBytes(path);
    const NpyHeader header = parseHeader(bytes, name);
    const int64_t count = productOf(header.shape);

    NpyArray array;
    array.shape = header.shape;
    if (header.descr == "<f4")
        array.data = readElements<float>(bytes, header.dataOffset, count, name);
    else if (header.descr == "<f8")
        array.data = convert<double, float>(readElements<double>(bytes, header.dataOffset, count, name));
    else if (header.descr == "<i8")
        array.data = convert<int64_t, float>(readElements<int64_t>(bytes, header.dataOffset, count, name));
    else if (header.descr == "<i4")
        array.data = convert<int32_t, float>(readElements<int32_t>(bytes, header.dataOffset, count, name));
    else
        throw Error(name + ": unsupported .npy dtype '" + header.descr
                    + "', expected float32, float64, int32 or int64");
    return array;
}

std::vector<int64_t> readNpyIntegers(const std::filesystem::path& path, std::vector<int64_t>* shape)
{
    const std::string name = path.string();
    const std::string bytes = readFileBytes(path);
    const NpyHeader header = parseHeader(bytes, name);
    const int64_t count = productOf(header.shape);
    if (shape)
        *shape = header.shape;
    if (header.descr == "<i8")
        return readElements<int64_t>(bytes, header.dataOffset, count, name);
    if (header.descr == "<i4")
        return convert<int32_t, int64_t>(readElements<int32_t>(bytes, header.dataOffset, count, name));
    throw Error(name + ": expected an integer .npy array (int32 or int64), got dtype '"
                + header.descr + "'");
}

std::string encodeNpy(const std::vector<int64_t>& shape, const float* data)
{
    std::string dims;
    for (size_t i = 0; i < shape.size(); ++i)
        dims += std::to_string(shape[i]) + (shape.size() == 1 || i + 1 < shape.size() ? "," : "");
    if (shape.size() > 1 && !dims.empty() && dims.back() == ',')
        dims.pop_back();
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
    // Format 1.0 pads the header with spaces and a newline to a multiple of 64 bytes.
    const size_t unpadded = 10 + header.size() + 1;
    header.append((64 - unpadded % 64) % 64, ' ');
    header.push_back('\n');

    std::string bytes = "\x93NUMPY";
    bytes.push_back(1);
    bytes.push_back(0);
    bytes.push_back(static_cast<char>(header.size() & 0xff));
    bytes.push_back(static_cast<char>((header.size() >> 8) & 0xff));
    bytes += header;
    const int64_t count = productOf(shape);
    bytes.append(reinterpret_cast<const char*>(data), static_cast<size_t>(count) * sizeof(float));
    return bytes;
}

void writeNpy(const std::filesystem::path& path, const std::vector<int64_t>& shape, const float* data)
{
    writeFileAtomically(path, encodeNpy(shape, data));
}

}  // namespace fewshot
