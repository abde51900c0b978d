#include "image/image_header.h"

#include "base/error.h"

#include <optional>

namespace fewshot {
namespace {

using namespace std::string_view_literals;

// Raised by the parsers below for a read past the end or an invalid field.
// readImageHeader turns it into an Error that names the file.
struct MalformedHeader {
    std::string reason;
};

// Bounds-checked little- or big-endian integer reads from untrusted bytes.
class ByteReader {
public:
    ByteReader(std::string_view bytes, bool bigEndian) : bytes_(bytes), bigEndian_(bigEndian) {}

    bool contains(uint64_t offset, uint64_t count) const
    {
        return offset <= bytes_.size() && count <= bytes_.size() - offset;
    }

    bool matches(uint64_t offset, std::string_view text) const
    {
        return contains(offset, text.size()) && bytes_.substr(offset, text.size()) == text;
    }

    // Reads an unsigned integer of `count` bytes (1 to 8).
    uint64_t unsignedAt(uint64_t offset, int count) const
    {
        if (!contains(offset, static_cast<uint64_t>(count)))
            throw MalformedHeader{"the data ends inside the header"};
        uint64_t value = 0;
        for (int i = 0; i < count; ++i) {
            const uint64_t byte = static_cast<uint8_t>(bytes_[offset + i]);
            const int shift = bigEndian_ ? 8 * (count - 1 - i) : 8 * i;
            value |= byte << shift;
        }
        return value;
    }

    uint8_t u8(uint64_t offset) const { return static_cast<uint8_t>(unsignedAt(offset, 1)); }
    uint16_t u16(uint64_t offset) const { return static_cast<uint16_t>(unsignedAt(offset, 2)); }
    uint32_t u32(uint64_t offset) const { return static_cast<uint32_t>(unsignedAt(offset, 4)); }
    uint64_t u64(uint64_t offset) const { return unsignedAt(offset, 8); }

    std::string_view slice(uint64_t offset, uint64_t count) const
    {
        if (!contains(offset, count))
            throw MalformedHeader{"the data ends inside the header"};
        return bytes_.substr(offset, count);
    }

    std::string_view bytes() const { return bytes_; }

private:
    std::string_view bytes_;
    bool bigEndian_;
};

struct TiffFields {
    int64_t width = 0;
    int64_t height = 0;
    int orientation = 1;
};

constexpr uint16_t kTiffImageWidth = 256;
constexpr uint16_t kTiffImageLength = 257;
constexpr uint16_t kTiffOrientation = 0x0112;

// Reads the value field of a single-valued SHORT (3), LONG (4) or, in
// BigTIFF, LONG8 (16) entry, and returns -1 for any other type.
int64_t readTiffInteger(const ByteReader& reader, uint64_t offset, uint16_t type, bool bigTiff)
{
    if (type == 3)
        return reader.u16(offset);
    if (type == 4)
        return reader.u32(offset);
    if (type == 16 && bigTiff) {
        const uint64_t value = reader.u64(offset);
        return value > static_cast<uint64_t>(INT64_MAX) ? -1 : static_cast<int64_t>(value);
    }
    return -1;
}

// Reads width, height and orientation from the first IFD of a TIFF structure.
// Classic TIFF has a 2-byte entry count and 12-byte entries with a 4-byte
// value field. BigTIFF has an 8-byte count and 20-byte entries with 8 bytes.
TiffFields readTiffFields(std::string_view tiff)
{
    bool bigEndian = false;
    if (tiff.substr(0, 2) == "MM"sv)
        bigEndian = true;
    else if (tiff.substr(0, 2) != "II"sv)
        throw MalformedHeader{"the TIFF byte order mark is invalid"};
    const ByteReader reader(tiff, bigEndian);

    const uint16_t version = reader.u16(2);
    if (version != 42 && version != 43)
        throw MalformedHeader{"the TIFF version number is invalid"};
    const bool bigTiff = version == 43;
    if (bigTiff && reader.u16(4) != 8)
        throw MalformedHeader{"the BigTIFF offset size is invalid"};

    const uint64_t ifd = bigTiff ? reader.u64(8) : reader.u32(4);
    const uint64_t entryCount = bigTiff ? reader.u64(ifd) : reader.u16(ifd);
    const uint64_t firstEntry = ifd + (bigTiff ? 8 : 2);
    const uint64_t entrySize = bigTiff ? 20 : 12;
    if (entryCount > tiff.size() / entrySize || !reader.contains(firstEntry, entryCount * entrySize))
        throw MalformedHeader{"the TIFF directory ends early"};

    TiffFields fields;
    for (uint64_t i = 0; i < entryCount; ++i) {
        const uint64_t entry = firstEntry + i * entrySize;
        const uint16_t tag = reader.u16(entry);
        const uint64_t count = bigTiff ? reader.u64(entry + 4) : reader.u32(entry + 4);
        if (count != 1)
            continue;
        const int64_t value =
            readTiffInteger(reader, entry + (bigTiff ? 12 : 8), reader.u16(entry + 2), bigTiff);
        if (tag == kTiffImageWidth)
            fields.width = value;
        else if (tag == kTiffImageLength)
            fields.height = value;
        else if (tag == kTiffOrientation && value >= 1 && value <= 8)
            fields.orientation = static_cast<int>(value);
    }
    return fields;
}

// Scans the chunks (length, type, data, CRC) for an eXIf chunk.
int findPngOrientation(const ByteReader& reader)
{
    uint64_t offset = 8;
    while (reader.contains(offset, 8)) {
        const uint64_t length = reader.u32(offset);
        if (reader.matches(offset + 4, "eXIf"sv))
            return reader.contains(offset + 8, length)
                       ? readExifOrientation(reader.slice(offset + 8, length))
                       : 1;
        if (reader.matches(offset + 4, "IEND"sv))
            break;
        offset += 12 + length;
    }
    return 1;
}

ImageHeader readPngHeader(std::string_view bytes)
{
    const ByteReader reader(bytes, true);
    if (!reader.matches(12, "IHDR"sv))
        throw MalformedHeader{"the PNG IHDR chunk is missing"};
    ImageHeader header;
    header.format = ImageFormat::Png;
    header.width = reader.u32(16);
    header.height = reader.u32(20);
    header.orientation = findPngOrientation(reader);
    return header;
}

bool isJpegStartOfFrame(uint8_t marker)
{
    // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC) that share the range.
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

bool isJpegStandaloneMarker(uint8_t marker)
{
    // TEM and RST0..RST7 carry no length field.
    return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7);
}

// Walks the marker segments up to the first scan (SOS), reading the frame
// size from SOFn and the orientation from the first APP1 "Exif" segment.
ImageHeader readJpegHeader(std::string_view bytes)
{
    const ByteReader reader(bytes, true);
    ImageHeader header;
    header.format = ImageFormat::Jpeg;
    bool frameSeen = false;
    bool exifSeen = false;
    uint64_t offset = 2;
    for (;;) {
        if (reader.u8(offset) != 0xFF)
            throw MalformedHeader{"a JPEG marker is missing"};
        while (reader.u8(offset + 1) == 0xFF)  // fill bytes before a marker
            ++offset;
        const uint8_t marker = reader.u8(offset + 1);
        offset += 2;
        if (isJpegStandaloneMarker(marker))
            continue;
        if (marker == 0xD9)
            throw MalformedHeader{"the JPEG data ends before its image data"};

        const uint16_t length = reader.u16(offset);
        if (length < 2)
            throw MalformedHeader{"a JPEG segment length is invalid"};
        if (marker == 0xDA) {
            if (!frameSeen)
                throw MalformedHeader{"the JPEG frame header is missing"};
            // Entropy-coded data escapes 0xFF as FF 00, so FF D9 only occurs as the end marker.
            if (bytes.find("\xFF\xD9"sv, offset + length) == std::string_view::npos)
                throw MalformedHeader{"the JPEG data ends before its end-of-image marker"};
            return header;
        }
        if (isJpegStartOfFrame(marker) && !frameSeen) {
            header.height = reader.u16(offset + 3);
            header.width = reader.u16(offset + 5);
            frameSeen = true;
        }
        if (marker == 0xE1 && !exifSeen && reader.matches(offset + 2, "Exif\0\0"sv)) {
            header.orientation = readExifOrientation(reader.slice(offset + 2, length - 2u));
            exifSeen = true;
        }
        offset += length;
    }
}

ImageHeader readBmpHeader(std::string_view bytes)
{
    const ByteReader reader(bytes, false);
    ImageHeader header;
    header.format = ImageFormat::Bmp;
    const uint32_t infoSize = reader.u32(14);
    if (infoSize == 12) {  // OS/2 BITMAPCOREHEADER: 16-bit unsigned sizes
        header.width = reader.u16(18);
        header.height = reader.u16(20);
    } else if (infoSize >= 16) {  // BITMAPINFOHEADER and later: 32-bit signed sizes
        header.width = static_cast<int32_t>(reader.u32(18));
        // A negative height marks a top-down bitmap.
        const int64_t height = static_cast<int32_t>(reader.u32(22));
        header.height = height < 0 ? -height : height;
    } else {
        throw MalformedHeader{"the BMP info header size is invalid"};
    }
    return header;
}

// Scans the RIFF chunks (fourcc, size, data padded to even length) for EXIF.
int findWebpOrientation(const ByteReader& reader)
{
    uint64_t offset = 12;
    while (reader.contains(offset, 8)) {
        const uint64_t size = reader.u32(offset + 4);
        if (reader.matches(offset, "EXIF"sv))
            return reader.contains(offset + 8, size)
                       ? readExifOrientation(reader.slice(offset + 8, size))
                       : 1;
        offset += 8 + size + (size & 1);
    }
    return 1;
}

ImageHeader readWebpHeader(std::string_view bytes)
{
    const ByteReader reader(bytes, false);
    ImageHeader header;
    header.format = ImageFormat::WebP;
    const uint64_t data = 20;  // after "RIFF", size, "WEBP" and the first chunk's fourcc and size
    if (reader.matches(12, "VP8 "sv)) {
        // Lossy key frame: 3-byte frame tag, start code 9D 01 2A, 14-bit width and height.
        if (!reader.matches(data + 3, "\x9d\x01\x2a"sv))
            throw MalformedHeader{"the WebP VP8 start code is missing"};
        header.width = reader.u16(data + 6) & 0x3FFF;
        header.height = reader.u16(data + 8) & 0x3FFF;
    } else if (reader.matches(12, "VP8L"sv)) {
        // Lossless: signature byte 2F, then width - 1 and height - 1 in 14 bits each.
        if (reader.u8(data) != 0x2F)
            throw MalformedHeader{"the WebP VP8L signature is missing"};
        const uint32_t bits = reader.u32(data + 1);
        header.width = (bits & 0x3FFF) + 1;
        header.height = ((bits >> 14) & 0x3FFF) + 1;
    } else if (reader.matches(12, "VP8X"sv)) {
        // Extended: flags, 3 reserved bytes, canvas width - 1 and height - 1 in 24 bits each.
        header.width = static_cast<int64_t>(reader.unsignedAt(data + 4, 3)) + 1;
        header.height = static_cast<int64_t>(reader.unsignedAt(data + 7, 3)) + 1;
        header.orientation = findWebpOrientation(reader);
    } else {
        throw MalformedHeader{"the first WebP chunk is not VP8, VP8L or VP8X"};
    }
    return header;
}

ImageHeader readTiffHeader(std::string_view bytes)
{
    const TiffFields fields = readTiffFields(bytes);
    ImageHeader header;
    header.format = ImageFormat::Tiff;
    header.width = fields.width;
    header.height = fields.height;
    header.orientation = fields.orientation;
    return header;
}

std::optional<ImageFormat> detectFormat(std::string_view bytes)
{
    const auto startsWith = [bytes](std::string_view prefix) {
        return bytes.substr(0, prefix.size()) == prefix;
    };
    if (startsWith("\x89PNG\r\n\x1a\n"sv))
        return ImageFormat::Png;
    if (startsWith("\xFF\xD8\xFF"sv))
        return ImageFormat::Jpeg;
    if (startsWith("BM"sv))
        return ImageFormat::Bmp;
    if (startsWith("II*\0"sv) || startsWith("MM\0*"sv) || startsWith("II+\0"sv)
        || startsWith("MM\0+"sv))
        return ImageFormat::Tiff;
    if (startsWith("RIFF"sv) && bytes.size() >= 12 && bytes.substr(8, 4) == "WEBP"sv)
        return ImageFormat::WebP;
    return std::nullopt;
}

ImageHeader readHeaderOfFormat(ImageFormat format, std::string_view bytes)
{
    switch (format) {
    case ImageFormat::Png:
        return readPngHeader(bytes);
    case ImageFormat::Jpeg:
        return readJpegHeader(bytes);
    case ImageFormat::Bmp:
        return readBmpHeader(bytes);
    case ImageFormat::Tiff:
        return readTiffHeader(bytes);
    case ImageFormat::WebP:
        return readWebpHeader(bytes);
    }
    throw MalformedHeader{"unknown format"};
}

}  // namespace

int readExifOrientation(std::string_view tiff)
{
    constexpr std::string_view exifPrefix = "Exif\0\0"sv;
    if (tiff.substr(0, exifPrefix.size()) == exifPrefix)
        tiff.remove_prefix(exifPrefix.size());
    try {
        return readTiffFields(tiff).orientation;
    } catch (const MalformedHeader&) {
        return 1;
    }
}

ImageHeader readImageHeader(std::string_view bytes, const std::string& name)
{
    const std::optional<ImageFormat> format = detectFormat(bytes);
    if (!format)
        throw Error(name + ": not a supported image format (expected JPEG, PNG, BMP, TIFF or WebP)");
    try {
        const ImageHeader header = readHeaderOfFormat(*format, bytes);
        if (header.width <= 0 || header.height <= 0)
            throw MalformedHeader{"the header declares no width or no height"};
        return header;
    } catch (const MalformedHeader& e) {
        throw Error(name + ": corrupt or truncated " + imageFormatName(*format)
                    + " image: " + e.reason);
    }
}

const char* imageFormatName(ImageFormat format)
{
    switch (format) {
    case ImageFormat::Png:
        return "PNG";
    case ImageFormat::Jpeg:
        return "JPEG";
    case ImageFormat::Bmp:
        return "BMP";
    case ImageFormat::Tiff:
        return "TIFF";
    case ImageFormat::WebP:
        return "WebP";
    }
    return "unknown";
}

}  // namespace fewshot
