#include "base/error.h"
#include "fixtures.h"
#include "image/image_io.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using fewshot::decodeImage;
using fewshot::readImage;
using fewshot::RgbImage;

namespace {

// ---- Writing test images -------------------------------------------------

void writeFile(const fs::path& path, const std::string& bytes)
{
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    ASSERT_TRUE(out.good()) << path;
}

std::string encode(const std::string& extension, const cv::Mat& image,
                   const std::vector<int>& params = {})
{
    std::vector<uchar> buffer;
    EXPECT_TRUE(cv::imencode(extension, image, buffer, params)) << extension;
    return std::string(buffer.begin(), buffer.end());
}

void appendBigEndian(std::string& out, uint32_t value, int bytes)
{
    for (int i = bytes - 1; i >= 0; --i)
        out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

void appendLittleEndian(std::string& out, uint32_t value, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

uint32_t crc32(const std::string& bytes)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (char byte : bytes) {
        crc ^= static_cast<uint8_t>(byte);
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

std::string pngChunk(const std::string& type, const std::string& data)
{
    std::string chunk;
    appendBigEndian(chunk, static_cast<uint32_t>(data.size()), 4);
    chunk += type + data;
    appendBigEndian(chunk, crc32(type + data), 4);
    return chunk;
}

// A zlib stream with one stored (uncompressed) deflate block.
std::string zlibStored(const std::string& data)
{
    std::string out = "\x78\x01";
    out.push_back('\x01');  // final block, stored
    appendLittleEndian(out, static_cast<uint32_t>(data.size()), 2);
    appendLittleEndian(out, static_cast<uint32_t>(~data.size() & 0xFFFF), 2);
    out += data;
    uint32_t a = 1;
    uint32_t b = 0;
    for (char byte : data) {
        a = (a + static_cast<uint8_t>(byte)) % 65521;
        b = (b + a) % 65521;
    }
    appendBigEndian(out, (b << 16) | a, 4);
    return out;
}

std::string pngHeaderChunk(uint32_t width, uint32_t height, int bitDepth, int colorType)
{
    std::string ihdr;
    appendBigEndian(ihdr, width, 4);
    appendBigEndian(ihdr, height, 4);
    ihdr.push_back(static_cast<char>(bitDepth));
    ihdr.push_back(static_cast<char>(colorType));
    ihdr += std::string(3, '\0');  // compression, filter, interlace
    return "\x89PNG\r\n\x1a\n" + pngChunk("IHDR", ihdr);
}

// An 8-bit palette PNG. A non-empty `transparency` adds a tRNS chunk with one alpha per entry.
std::string palettePng(int width, int height, const std::vector<std::array<uint8_t, 3>>& palette,
                       const std::vector<uint8_t>& indices, const std::string& transparency = {})
{
    std::string plte;
    for (const auto& colour : palette)
        plte += std::string(colour.begin(), colour.end());
    std::string raw;
    for (int y = 0; y < height; ++y) {
        raw.push_back('\0');  // filter type None
        for (int x = 0; x < width; ++x)
            raw.push_back(static_cast<char>(indices[y * width + x]));
    }
    std::string png = pngHeaderChunk(width, height, 8, 3) + pngChunk("PLTE", plte);
    if (!transparency.empty())
        png += pngChunk("tRNS", transparency);
    return png + pngChunk("IDAT", zlibStored(raw)) + pngChunk("IEND", "");
}

// A TIFF structure holding only the orientation tag, as found in EXIF blocks.
std::string exifTiff(int orientation, bool bigEndian)
{
    std::string tiff = bigEndian ? std::string("MM\0*", 4) : std::string("II*\0", 4);
    const auto append = [&](uint32_t value, int bytes) {
        bigEndian ? appendBigEndian(tiff, value, bytes) : appendLittleEndian(tiff, value, bytes);
    };
    append(8, 4);       // first IFD offset
    append(1, 2);       // one entry
    append(0x0112, 2);  // Orientation
    append(3, 2);       // SHORT
    append(1, 4);       // count
    append(static_cast<uint32_t>(orientation), 2);
    append(0, 2);  // value field padding
    append(0, 4);  // no next IFD
    return tiff;
}

std::string pngWithExif(const std::string& png, int orientation)
{
    const size_t afterHeader = 8 + 12 + 13;  // signature, IHDR chunk
    return png.substr(0, afterHeader) + pngChunk("eXIf", exifTiff(orientation, false))
           + png.substr(afterHeader);
}

std::string jpegWithExif(const std::string& jpeg, int orientation)
{
    const std::string payload = std::string("Exif\0\0", 6) + exifTiff(orientation, true);
    std::string segment = "\xFF\xE1";
    appendBigEndian(segment, static_cast<uint32_t>(payload.size() + 2), 2);
    return jpeg.substr(0, 2) + segment + payload + jpeg.substr(2);
}

// Wraps a simple (VP8 or VP8L) WebP file into the extended VP8X layout with an EXIF chunk.
std::string webpWithExif(const std::string& webp, int width, int height, int orientation)
{
    std::string body = "WEBPVP8X";
    appendLittleEndian(body, 10, 4);
    body.push_back('\x08');  // flags: EXIF present
    body += std::string(3, '\0');
    appendLittleEndian(body, static_cast<uint32_t>(width - 1), 3);
    appendLittleEndian(body, static_cast<uint32_t>(height - 1), 3);
    body += webp.substr(12);
    const std::string exif = exifTiff(orientation, false);
    body += "EXIF";
    appendLittleEndian(body, static_cast<uint32_t>(exif.size()), 4);
    body += exif;
    std::string file = "RIFF";
    appendLittleEndian(file, static_cast<uint32_t>(body.size()), 4);
    return file + body;
}

// An uncompressed little-endian 8-bit gray TIFF with an Orientation tag.
std::string grayTiff(int width, int height, const std::vector<uint8_t>& pixels, int orientation)
{
    struct Entry {
        uint16_t tag;
        uint32_t value;
    };
    const uint32_t entryCount = 10;
    const uint32_t dataOffset = 8 + 2 + entryCount * 12 + 4;
    const std::vector<Entry> entries = {
        {256, static_cast<uint32_t>(width)}, {257, static_cast<uint32_t>(height)},
        {258, 8},  // bits per sample
        {259, 1},  // no compression
        {262, 1},  // black is zero
        {273, dataOffset},
        {274, static_cast<uint32_t>(orientation)},
        {277, 1},  // samples per pixel
        {278, static_cast<uint32_t>(height)},  // rows per strip
        {279, static_cast<uint32_t>(width * height)}};
    std::string tiff("II*\0", 4);
    appendLittleEndian(tiff, 8, 4);
    appendLittleEndian(tiff, entryCount, 2);
    for (const Entry& entry : entries) {
        appendLittleEndian(tiff, entry.tag, 2);
        appendLittleEndian(tiff, 4, 2);  // LONG
        appendLittleEndian(tiff, 1, 4);
        appendLittleEndian(tiff, entry.value, 4);
    }
    appendLittleEndian(tiff, 0, 4);
    return tiff + std::string(pixels.begin(), pixels.end());
}

// ---- Checking results ----------------------------------------------------

std::array<int, 3> pixelAt(const RgbImage& image, int x, int y)
{
    const size_t index = (static_cast<size_t>(y) * image.width + x) * 3;
    return {image.pixels[index], image.pixels[index + 1], image.pixels[index + 2]};
}

std::string errorOf(const std::function<void()>& action)
{
    try {
        action();
    } catch (const fewshot::Error& e) {
        return e.what();
    }
    return "(no error)";
}

// The source position shown at (x, y) of the upright view for EXIF
// orientation 1..8 of a stored image of width w and height h.
std::array<int, 2> storedPosition(int orientation, int x, int y, int w, int h)
{
    switch (orientation) {
    case 2: return {w - 1 - x, y};
    case 3: return {w - 1 - x, h - 1 - y};
    case 4: return {x, h - 1 - y};
    case 5: return {y, x};
    case 6: return {y, h - 1 - x};
    case 7: return {w - 1 - y, h - 1 - x};
    case 8: return {w - 1 - y, x};
    default: return {x, y};
    }
}

// A 3 x 2 BGR image whose six pixels all differ.
cv::Mat asymmetricImage()
{
    cv::Mat image(2, 3, CV_8UC3);
    for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 3; ++x)
            image.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uint8_t>(10 + 40 * x),
                                                  static_cast<uint8_t>(200 - 30 * y - 20 * x),
                                                  static_cast<uint8_t>(30 * (x + 3 * y)));
    return image;
}

void expectRgbEquals(const RgbImage& image, const cv::Mat& bgr)
{
    ASSERT_EQ(image.width, bgr.cols);
    ASSERT_EQ(image.height, bgr.rows);
    for (int y = 0; y < bgr.rows; ++y)
        for (int x = 0; x < bgr.cols; ++x) {
            const cv::Vec3b expected = bgr.at<cv::Vec3b>(y, x);
            const auto actual = pixelAt(image, x, y);
            EXPECT_EQ(actual[0], expected[2]) << "red at " << x << "," << y;
            EXPECT_EQ(actual[1], expected[1]) << "green at " << x << "," << y;
            EXPECT_EQ(actual[2], expected[0]) << "blue at " << x << "," << y;
        }
}

}  // namespace

// ---- Formats and layouts ---------------------------------------------------

TEST(ImageIo, PngRgbRoundTrip)
{
    const cv::Mat bgr = asymmetricImage();
    expectRgbEquals(decodeImage(encode(".png", bgr), "rgb.png"), bgr);
}

TEST(ImageIo, LosslessFormatsRoundTrip)
{
    const cv::Mat bgr = asymmetricImage();
    expectRgbEquals(decodeImage(encode(".bmp", bgr), "image.bmp"), bgr);
    expectRgbEquals(decodeImage(encode(".tiff", bgr), "image.tiff"), bgr);
    expectRgbEquals(decodeImage(encode(".webp", bgr, {cv::IMWRITE_WEBP_QUALITY, 101}), "image.webp"),
                    bgr);
}

TEST(ImageIo, LossyFormatsDecode)
{
    const cv::Mat bgr(16, 24, CV_8UC3, cv::Scalar(40, 120, 200));
    for (const std::string& extension : {std::string(".jpg"), std::string(".webp")}) {
        SCOPED_TRACE(extension);
        const RgbImage image = decodeImage(encode(extension, bgr), "lossy" + extension);
        ASSERT_EQ(image.width, 24);
        ASSERT_EQ(image.height, 16);
        const auto centre = pixelAt(image, 12, 8);
        EXPECT_NEAR(centre[0], 200, 4);
        EXPECT_NEAR(centre[1], 120, 4);
        EXPECT_NEAR(centre[2], 40, 4);
    }
}

TEST(ImageIo, GrayIsReplicated)
{
    cv::Mat gray(2, 3, CV_8UC1);
    for (int i = 0; i < 6; ++i)
        gray.at<uint8_t>(i / 3, i % 3) = static_cast<uint8_t>(i * 40 + 5);
    for (const std::string& extension : {std::string(".png"), std::string(".bmp"), std::string(".tiff")}) {
        SCOPED_TRACE(extension);
        const RgbImage image = decodeImage(encode(extension, gray), "gray" + extension);
        ASSERT_EQ(image.width, 3);
        ASSERT_EQ(image.height, 2);
        for (int i = 0; i < 6; ++i) {
            const int level = i * 40 + 5;
            EXPECT_EQ(pixelAt(image, i % 3, i / 3), (std::array<int, 3>{level, level, level}));
        }
    }
}

TEST(ImageIo, AlphaIsDroppedNotBlended)
{
    cv::Mat bgra(1, 3, CV_8UC4);
    bgra.at<cv::Vec4b>(0, 0) = cv::Vec4b(10, 20, 30, 0);
    bgra.at<cv::Vec4b>(0, 1) = cv::Vec4b(40, 50, 60, 128);
    bgra.at<cv::Vec4b>(0, 2) = cv::Vec4b(70, 80, 90, 255);
    for (const std::string& extension : {std::string(".png"), std::string(".tiff")}) {
        SCOPED_TRACE(extension);
        const RgbImage image = decodeImage(encode(extension, bgra), "alpha" + extension);
        ASSERT_EQ(image.width, 3);
        EXPECT_EQ(pixelAt(image, 0, 0), (std::array<int, 3>{30, 20, 10}));
        EXPECT_EQ(pixelAt(image, 1, 0), (std::array<int, 3>{60, 50, 40}));
        EXPECT_EQ(pixelAt(image, 2, 0), (std::array<int, 3>{90, 80, 70}));
    }
    // libwebp's encoder discards the colour of fully transparent pixels, so alpha is 1 here.
    const cv::Mat lossless(1, 3, CV_8UC4, cv::Scalar(5, 6, 7, 1));
    const RgbImage webp = decodeImage(encode(".webp", lossless, {cv::IMWRITE_WEBP_QUALITY, 101}),
                                      "alpha.webp");
    ASSERT_EQ(webp.width, 3);
    EXPECT_EQ(pixelAt(webp, 1, 0), (std::array<int, 3>{7, 6, 5}));
}

TEST(ImageIo, PalettePngExpandsColours)
{
    const std::vector<std::array<uint8_t, 3>> palette = {{255, 0, 0}, {0, 128, 0}, {10, 20, 250}};
    const std::vector<uint8_t> indices = {0, 1, 2, 2, 1, 0};
    for (const std::string& transparency : {std::string(), std::string("\x00\x80\xff", 3)}) {
        SCOPED_TRACE(transparency.empty() ? "opaque" : "with tRNS");
        const RgbImage image = decodeImage(palettePng(3, 2, palette, indices, transparency),
                                           "palette.png");
        ASSERT_EQ(image.width, 3);
        ASSERT_EQ(image.height, 2);
        for (int i = 0; i < 6; ++i) {
            const auto& colour = palette[indices[i]];
            EXPECT_EQ(pixelAt(image, i % 3, i / 3),
                      (std::array<int, 3>{colour[0], colour[1], colour[2]}));
        }
    }
}

// ---- 16-bit data -----------------------------------------------------------

TEST(ImageIo, SixteenBitLowValuesAreNotBlack)
{
    cv::Mat deep(16, 16, CV_16UC1);
    for (int i = 0; i < 256; ++i)
        deep.at<uint16_t>(i / 16, i % 16) = static_cast<uint16_t>(i);
    const RgbImage image = decodeImage(encode(".png", deep), "deep.png");
    ASSERT_EQ(image.width, 16);
    EXPECT_EQ(pixelAt(image, 0, 0)[0], 0);
    EXPECT_EQ(pixelAt(image, 15, 15)[0], 255);
    EXPECT_NEAR(pixelAt(image, 0, 8)[0], 128, 2);
}

TEST(ImageIo, SixteenBitUsesPercentileWindow)
{
    // 200 samples 0, 100, ..., 19900: numpy.percentile gives 99.5 and 19800.5.
    cv::Mat deep(10, 20, CV_16UC1);
    for (int i = 0; i < 200; ++i)
        deep.at<uint16_t>(i / 20, i % 20) = static_cast<uint16_t>(i * 100);
    const RgbImage image = decodeImage(encode(".png", deep), "window.png");
    const auto levelOf = [&image](int i) { return pixelAt(image, i % 20, i / 20)[0]; };
    const auto expected = [](int i) {
        const double level = (i * 100 - 99.5) * 255.0 / (19800.5 - 99.5);
        return static_cast<int>(std::clamp(std::round(level), 0.0, 255.0));
    };
    for (int i : {0, 1, 2, 50, 100, 150, 197, 198, 199})
        EXPECT_EQ(levelOf(i), expected(i)) << "sample " << i * 100;
}

TEST(ImageIo, SixteenBitColourSharesOneWindow)
{
    cv::Mat deep(1, 2, CV_16UC3);
    deep.at<cv::Vec3w>(0, 0) = cv::Vec3w(1000, 2000, 3000);  // B, G, R
    deep.at<cv::Vec3w>(0, 1) = cv::Vec3w(3000, 2000, 1000);
    const RgbImage image = decodeImage(encode(".png", deep), "colour16.png");
    const auto first = pixelAt(image, 0, 0);
    EXPECT_GE(first[0], 254);  // red 3000 is near the top of the window
    EXPECT_NEAR(first[1], 128, 2);
    EXPECT_LE(first[2], 1);
    cv::Mat withAlpha(1, 2, CV_16UC4, cv::Scalar(1000, 2000, 3000, 0));
    withAlpha.at<cv::Vec4w>(0, 1) = cv::Vec4w(3000, 2000, 1000, 65535);
    const RgbImage alpha = decodeImage(encode(".png", withAlpha), "alpha16.png");
    EXPECT_EQ(pixelAt(alpha, 0, 0), first);
}

TEST(ImageIo, SixteenBitFlatImageKeepsLevel)
{
    const cv::Mat flat(4, 4, CV_16UC1, cv::Scalar(40000));
    const RgbImage image = decodeImage(encode(".png", flat), "flat.png");
    EXPECT_EQ(pixelAt(image, 2, 2), (std::array<int, 3>{156, 156, 156}));  // 40000 / 257
    const cv::Mat black(4, 4, CV_16UC1, cv::Scalar(0));
    EXPECT_EQ(pixelAt(decodeImage(encode(".png", black), "black.png"), 0, 0)[0], 0);
}

// ---- EXIF orientation --------------------------------------------------------

TEST(ImageIo, PngExifOrientationAllEight)
{
    const cv::Mat bgr = asymmetricImage();
    const RgbImage stored = decodeImage(encode(".png", bgr), "stored.png");
    for (int orientation = 1; orientation <= 8; ++orientation) {
        SCOPED_TRACE("orientation " + std::to_string(orientation));
        const RgbImage image =
            decodeImage(pngWithExif(encode(".png", bgr), orientation), "oriented.png");
        const bool swapped = orientation >= 5;
        ASSERT_EQ(image.width, swapped ? 2 : 3);
        ASSERT_EQ(image.height, swapped ? 3 : 2);
        for (int y = 0; y < image.height; ++y)
            for (int x = 0; x < image.width; ++x) {
                const auto source = storedPosition(orientation, x, y, 3, 2);
                EXPECT_EQ(pixelAt(image, x, y), pixelAt(stored, source[0], source[1]))
                    << "at " << x << "," << y;
            }
    }
}

TEST(ImageIo, JpegExifOrientationAllEight)
{
    // 3 x 2 blocks of 16 x 16 pixels, each a different gray, so JPEG's 8 x 8
    // blocks stay flat and the levels survive compression within a few steps.
    cv::Mat gray(32, 48, CV_8UC1);
    const auto blockLevel = [](int bx, int by) { return 20 + 40 * (bx + 3 * by); };
    for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 48; ++x)
            gray.at<uint8_t>(y, x) = static_cast<uint8_t>(blockLevel(x / 16, y / 16));
    const std::string jpeg = encode(".jpg", gray, {cv::IMWRITE_JPEG_QUALITY, 95});
    for (int orientation = 1; orientation <= 8; ++orientation) {
        SCOPED_TRACE("orientation " + std::to_string(orientation));
        const RgbImage image = decodeImage(jpegWithExif(jpeg, orientation), "oriented.jpg");
        const bool swapped = orientation >= 5;
        ASSERT_EQ(image.width, swapped ? 32 : 48);
        ASSERT_EQ(image.height, swapped ? 48 : 32);
        for (int by = 0; by < image.height / 16; ++by)
            for (int bx = 0; bx < image.width / 16; ++bx) {
                const auto source = storedPosition(orientation, bx, by, 3, 2);
                const int level = pixelAt(image, bx * 16 + 8, by * 16 + 8)[0];
                EXPECT_NEAR(level, blockLevel(source[0], source[1]), 4)
                    << "block " << bx << "," << by;
            }
    }
}

TEST(ImageIo, TiffOrientationAllEight)
{
    const std::vector<uint8_t> pixels = {10, 20, 30, 40, 50, 60};
    for (int orientation = 1; orientation <= 8; ++orientation) {
        SCOPED_TRACE("orientation " + std::to_string(orientation));
        const RgbImage image = decodeImage(grayTiff(3, 2, pixels, orientation), "oriented.tif");
        const bool swapped = orientation >= 5;
        ASSERT_EQ(image.width, swapped ? 2 : 3);
        ASSERT_EQ(image.height, swapped ? 3 : 2);
        for (int y = 0; y < image.height; ++y)
            for (int x = 0; x < image.width; ++x) {
                const auto source = storedPosition(orientation, x, y, 3, 2);
                EXPECT_EQ(pixelAt(image, x, y)[0], pixels[source[1] * 3 + source[0]])
                    << "at " << x << "," << y;
            }
    }
}

TEST(ImageIo, WebpExifOrientation)
{
    const cv::Mat bgr = asymmetricImage();
    const std::string webp = encode(".webp", bgr, {cv::IMWRITE_WEBP_QUALITY, 101});
    const RgbImage stored = decodeImage(webp, "stored.webp");
    const RgbImage image = decodeImage(webpWithExif(webp, 3, 2, 6), "oriented.webp");
    ASSERT_EQ(image.width, 2);
    ASSERT_EQ(image.height, 3);
    for (int y = 0; y < 3; ++y)
        for (int x = 0; x < 2; ++x) {
            const auto source = storedPosition(6, x, y, 3, 2);
            EXPECT_EQ(pixelAt(image, x, y), pixelAt(stored, source[0], source[1]));
        }
}

TEST(ImageIo, InvalidExifIsIgnored)
{
    const cv::Mat bgr = asymmetricImage();
    std::string png = pngWithExif(encode(".png", bgr), 9);  // 9 is not an orientation
    expectRgbEquals(decodeImage(png, "nine.png"), bgr);
    const size_t afterHeader = 8 + 12 + 13;
    png = encode(".png", bgr);
    // The first IFD offset points far past the end of the block.
    const std::string brokenExif("MM\0*\xff\xff\xff\xff", 8);
    png = png.substr(0, afterHeader) + pngChunk("eXIf", brokenExif) + png.substr(afterHeader);
    expectRgbEquals(decodeImage(png, "broken-exif.png"), bgr);
}

// ---- Files and errors ------------------------------------------------------

TEST(ImageIo, ReadsNonAsciiPath)
{
    const fs::path dir = fewshot::test::scratchDir("image_io_non_ascii");
    const fs::path path = dir / fs::u8path(u8"图像.png");
    writeFile(path, encode(".png", asymmetricImage()));
    expectRgbEquals(readImage(path.u8string()), asymmetricImage());
}

TEST(ImageIo, MissingFileIsReported)
{
    const fs::path path = fewshot::test::scratchDir("image_io_missing") / "absent.png";
    const std::string message = errorOf([&] { readImage(path.string()); });
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_NE(message.find("file not found"), std::string::npos) << message;
}

TEST(ImageIo, FolderIsReported)
{
    const fs::path dir = fewshot::test::scratchDir("image_io_folder");
    const std::string message = errorOf([&] { readImage(dir.string()); });
    EXPECT_NE(message.find(dir.string()), std::string::npos) << message;
    EXPECT_NE(message.find("folder"), std::string::npos) << message;
}

#ifdef __unix__
TEST(ImageIo, DeviceIsNotARegularFile)
{
    const std::string message = errorOf([] { readImage("/dev/null"); });
    EXPECT_NE(message.find("/dev/null: not a regular file"), std::string::npos) << message;
}
#endif

TEST(ImageIo, EmptyFileIsReported)
{
    const fs::path path = fewshot::test::scratchDir("image_io_empty") / "empty.jpg";
    writeFile(path, "");
    const std::string message = errorOf([&] { readImage(path.string()); });
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_NE(message.find("empty file"), std::string::npos) << message;
}

TEST(ImageIo, TextFileIsNotAnImage)
{
    const fs::path path = fewshot::test::scratchDir("image_io_text") / "notes.png";
    writeFile(path, "These are notes, not pixels.\n");
    const std::string message = errorOf([&] { readImage(path.string()); });
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_NE(message.find("not a supported image format"), std::string::npos) << message;
}

TEST(ImageIo, TruncatedFilesAreReported)
{
    cv::Mat noise(48, 64, CV_8UC3);
    cv::randu(noise, 0, 256);
    const std::string png = encode(".png", noise);
    const std::string jpeg = encode(".jpg", noise);
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"half.png", png.substr(0, png.size() / 2)},
        {"no-end.png", png.substr(0, png.size() - 12)},
        {"half.jpg", jpeg.substr(0, jpeg.size() / 2)},
        {"most.jpg", jpeg.substr(0, jpeg.size() * 9 / 10)},
        {"no-end.jpg", jpeg.substr(0, jpeg.size() - 2)},
        {"header-only.png", png.substr(0, 20)},
    };
    // Not a structured binding: C++17 lambdas cannot capture one (clang rejects it).
    for (const auto& testCase : cases) {
        const std::string& name = testCase.first;
        const std::string& bytes = testCase.second;
        const std::string message = errorOf([&] { decodeImage(bytes, name); });
        EXPECT_EQ(message.rfind(name + ": ", 0), 0u) << message;
        EXPECT_NE(message.find("corrupt or truncated"), std::string::npos) << message;
    }
}

TEST(ImageIo, PixelLimitRejectsBeforeDecoding)
{
    // Only a header: decoding would fail, so the limit message proves the check comes first.
    const std::string huge = pngHeaderChunk(20000, 20000, 8, 2);
    const std::string message = errorOf([&] { decodeImage(huge, "huge.png"); });
    EXPECT_EQ(message.rfind("huge.png: ", 0), 0u) << message;
    EXPECT_NE(message.find("20000 x 20000"), std::string::npos) << message;
    EXPECT_NE(message.find("400000000 pixels"), std::string::npos) << message;
    EXPECT_NE(message.find("limit of 100000000"), std::string::npos) << message;
}

TEST(ImageIo, PixelLimitReadsEveryHeader)
{
    // 20 x 10 = 200 pixels: accepted at a limit of 200, rejected at 199.
    const cv::Mat bgr(10, 20, CV_8UC3, cv::Scalar(1, 2, 3));
    const std::string losslessWebp = encode(".webp", bgr, {cv::IMWRITE_WEBP_QUALITY, 101});
    const std::vector<std::pair<std::string, std::string>> files = {
        {"png", encode(".png", bgr)},
        {"jpeg", encode(".jpg", bgr)},
        {"bmp", encode(".bmp", bgr)},
        {"tiff", encode(".tiff", bgr)},
        {"webp lossy", encode(".webp", bgr, {cv::IMWRITE_WEBP_QUALITY, 80})},
        {"webp lossless", losslessWebp},
        {"webp extended", webpWithExif(losslessWebp, 20, 10, 1)},
        {"tiff by hand", grayTiff(20, 10, std::vector<uint8_t>(200, 7), 1)},
    };
    for (const auto& file : files) {
        const std::string& format = file.first;
        const std::string& bytes = file.second;
        SCOPED_TRACE(format);
        fewshot::ImageReadOptions options;
        options.maxPixels = 200;
        const RgbImage image = decodeImage(bytes, format, options);
        EXPECT_EQ(image.width, 20);
        EXPECT_EQ(image.height, 10);
        options.maxPixels = 199;
        const std::string message = errorOf([&] { decodeImage(bytes, format, options); });
        EXPECT_NE(message.find("20 x 10 = 200 pixels"), std::string::npos) << message;
    }
}

TEST(ImageIo, DamagedDataOnlyThrowsError)
{
    // Every prefix and a byte flip at many offsets: the reader may succeed or
    // throw fewshot::Error, but nothing else may escape and nothing may crash.
    cv::Mat noise(24, 32, CV_8UC3);
    cv::randu(noise, 0, 256);
    cv::Mat deep(24, 32, CV_16UC1);
    cv::randu(deep, 0, 65536);
    const std::vector<std::string> files = {
        encode(".png", noise), encode(".jpg", noise), encode(".bmp", noise),
        encode(".tiff", noise), encode(".webp", noise),
        encode(".webp", noise, {cv::IMWRITE_WEBP_QUALITY, 80}), encode(".png", deep),
        jpegWithExif(encode(".jpg", noise), 6), grayTiff(4, 4, std::vector<uint8_t>(16, 9), 5)};
    fewshot::ImageReadOptions options;
    options.maxPixels = 1'000'000;
    for (const std::string& file : files) {
        // Every offset in the first 64 bytes, where the headers are, then a sample.
        const size_t step = std::max<size_t>(1, file.size() / 97);
        for (size_t offset = 0; offset < file.size(); offset += offset < 64 ? 1 : step) {
            std::string flipped = file;
            flipped[offset] = static_cast<char>(~flipped[offset]);
            for (const std::string& bytes : {file.substr(0, offset), flipped}) {
                try {
                    decodeImage(bytes, "damaged", options);
                } catch (const fewshot::Error&) {
                }
            }
        }
    }
}
