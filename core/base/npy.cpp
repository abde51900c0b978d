#include "base/npy.h"

#include "base/error.h"
#include "base/json_file.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <numeric>
#include <optional>
#include <string_view>

namespace fewshot {
namespace {

struct NpyHeader {
    std::string descr;
    std::vector<int64_t> shape;
    size_t dataOffset = 0;
};

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

size_t skipSpaces(std::string_view text, size_t pos)
{
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos])))
        ++pos;
    return pos;
}

// The header is a Python dict literal. These helpers find the first entry
// 'key': <value> whose value starts as expected, as a regular expression
// search would, but in linear time and without recursion: libstdc++'s
// std::regex recurses per character and overflowed the stack on headers of
// some ten thousand characters.

// Returns the text after "'key' :" (spaces skipped) at the first place where
// `valueStart` follows, or nullopt.
std::optional<std::string_view> valueOf(std::string_view header, std::string_view key, std::string_view valueStart)
{
    const std::string quotedKey = "'" + std::string(key) + "'";
    for (size_t at = header.find(quotedKey); at != std::string_view::npos; at = header.find(quotedKey, at + 1)) {
        const size_t colon = skipSpaces(header, at + quotedKey.size());
        if (colon >= header.size() || header[colon] != ':')
            continue;
        const std::string_view value = header.substr(skipSpaces(header, colon + 1));
        if (value.substr(0, valueStart.size()) == valueStart)
            return value;
    }
    return std::nullopt;
}

// Returns the text between the quotes of 'key': '<text>'.
std::optional<std::string_view> quotedValueOf(std::string_view header, std::string_view key)
{
    for (std::string_view rest = header;;) {
        const auto value = valueOf(rest, key, "'");
        if (!value)
            return std::nullopt;
        const size_t close = value->find('\'', 1);
        if (close != std::string_view::npos)
            return value->substr(1, close - 1);
        rest = value->substr(1);
    }
}

// Returns the text between the parentheses of 'key': (<text>).
std::optional<std::string_view> tupleValueOf(std::string_view header, std::string_view key)
{
    for (std::string_view rest = header;;) {
        const auto value = valueOf(rest, key, "(");
        if (!value)
            return std::nullopt;
        const size_t close = value->find(')', 1);
        if (close != std::string_view::npos)
            return value->substr(1, close - 1);
        rest = value->substr(1);
    }
}

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

    NpyHeader result;
    const std::optional<std::string_view> descr = quotedValueOf(header, "descr");
    if (!descr)
        throw Error(name + ": .npy header has no 'descr'");
    result.descr = std::string(*descr);
    const std::optional<std::string_view> fortranOrder = valueOf(header, "fortran_order", "True");
    if (fortranOrder)
        throw Error(name + ": Fortran-order .npy arrays are not supported; save in C order");
    const std::optional<std::string_view> dims = tupleValueOf(header, "shape");
    if (!dims)
        throw Error(name + ": .npy header has no 'shape'");
    for (size_t pos = 0; pos < dims->size();) {
        if (!isDigit((*dims)[pos])) {
            ++pos;
            continue;
        }
        const size_t begin = pos;
        while (pos < dims->size() && isDigit((*dims)[pos]))
            ++pos;
        // Eighteen digits always fit in int64_t; a longer size cannot match the file anyway.
        if (pos - begin > 18)
            throw Error(name + ": .npy shape has a dimension of " + std::to_string(pos - begin)
                        + " digits, more than any file can hold");
        result.shape.push_back(std::stoll(std::string(dims->substr(begin, pos - begin))));
    }
    result.dataOffset = headerStart + headerLength;
    return result;
}

int64_t productOf(const std::vector<int64_t>& shape)
{
    return std::accumulate(shape.begin(), shape.end(), int64_t{1}, std::multiplies<int64_t>());
}

// The element count of `shape`, checked against the `available` elements of
// the data section before multiplying on, so the product cannot overflow.
int64_t checkedElementCount(const std::vector<int64_t>& shape, size_t available, const std::string& name)
{
    if (std::find(shape.begin(), shape.end(), 0) != shape.end())
        return 0;
    const auto truncated = [&] { return Error(name + ": .npy data is shorter than its shape says (file truncated?)"); };
    // A scalar (shape ()) has one element.
    if (available < 1)
        throw truncated();
    uint64_t count = 1;
    for (const int64_t dim : shape) {
        if (static_cast<uint64_t>(dim) > available / count)
            throw truncated();
        count *= static_cast<uint64_t>(dim);
    }
    return static_cast<int64_t>(count);
}

template <typename T>
std::vector<T> readElements(const std::string& bytes, size_t offset, const std::vector<int64_t>& shape,
                            const std::string& name)
{
    const int64_t count = checkedElementCount(shape, (bytes.size() - offset) / sizeof(T), name);
    std::vector<T> values(static_cast<size_t>(count));
    // memcpy needs a valid pointer even for zero bytes, and an empty vector may have none.
    if (count > 0)
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
    const auto& shape = header.shape;

    NpyArray array;
    array.shape = shape;
    if (header.descr == "<f4")
        array.data = readElements<float>(bytes, header.dataOffset, shape, name);
    else if (header.descr == "<f8")
        array.data = convert<double, float>(readElements<double>(bytes, header.dataOffset, shape, name));
    else if (header.descr == "<i8")
        array.data = convert<int64_t, float>(readElements<int64_t>(bytes, header.dataOffset, shape, name));
    else if (header.descr == "<i4")
        array.data = convert<int32_t, float>(readElements<int32_t>(bytes, header.dataOffset, shape, name));
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
    if (shape)
        *shape = header.shape;
    if (header.descr == "<i8")
        return readElements<int64_t>(bytes, header.dataOffset, header.shape, name);
    if (header.descr == "<i4")
        return convert<int32_t, int64_t>(readElements<int32_t>(bytes, header.dataOffset, header.shape, name));
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
