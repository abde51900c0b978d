// Writes the image seeds of fuzz_image_decode into fuzz/corpus/image_decode:
// tiny images in every supported format, encoded by OpenCV, plus JPEG and
// PNG copies that carry an EXIF orientation. Build and run from the
// repository root:
//   g++ -std=c++17 -I/usr/include/opencv4 fuzz/corpus/make_image_seeds.cpp \
//       -lopencv_core -lopencv_imgcodecs -o /tmp/make_image_seeds && /tmp/make_image_seeds

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

using namespace std::string_literals;

namespace {

const std::string kFolder = "fuzz/corpus/image_decode/";

std::string encode(const std::string& extension, const cv::Mat& image, const std::vector<int>& parameters = {})
{
    std::vector<uint8_t> bytes;
    cv::imencode(extension, image, bytes, parameters);
    return std::string(bytes.begin(), bytes.end());
}

void save(const std::string& name, const std::string& bytes)
{
    std::ofstream(kFolder + name, std::ios::binary) << bytes;
}

// A little-endian TIFF structure with one IFD entry: Orientation = 6.
std::string exifOrientation6()
{
    return std::string("II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0\x06\0\0\0\0\0\0\0", 26);
}

uint32_t crc32(const std::string& bytes)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char byte : bytes) {
        crc ^= byte;
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

std::string bigEndian32(uint32_t value)
{
    return {static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8),
            static_cast<char>(value)};
}

}  // namespace

int main()
{
    cv::Mat color(3, 4, CV_8UC3);
    cv::randu(color, 0, 255);
    cv::Mat gray16(3, 4, CV_16UC1);
    cv::randu(gray16, 0, 65535);
    cv::Mat rgba(3, 4, CV_8UC4);
    cv::randu(rgba, 0, 255);

    save("color.png", encode(".png", color));
    save("gray16.png", encode(".png", gray16));
    save("rgba.png", encode(".png", rgba));
    save("color.bmp", encode(".bmp", color));
    save("color.tif", encode(".tif", color));
    save("gray16.tif", encode(".tif", gray16));
    save("lossless.webp", encode(".webp", color, {cv::IMWRITE_WEBP_QUALITY, 101}));
    save("lossy.webp", encode(".webp", color, {cv::IMWRITE_WEBP_QUALITY, 80}));
    const std::string jpeg = encode(".jpg", color);
    save("color.jpg", jpeg);

    // APP1 "Exif" segment right after the start-of-image marker.
    const std::string exif = "Exif\0\0"s + exifOrientation6();
    const auto length = static_cast<uint16_t>(exif.size() + 2);
    const std::string app1 = "\xFF\xE1"s + static_cast<char>(length >> 8) + static_cast<char>(length & 0xFF) + exif;
    save("exif6.jpg", jpeg.substr(0, 2) + app1 + jpeg.substr(2));

    // eXIf chunk right after IHDR (8-byte signature, then 25 bytes of IHDR chunk).
    const std::string png = encode(".png", color);
    const std::string chunk = "eXIf" + exifOrientation6();
    const std::string exifChunk = bigEndian32(static_cast<uint32_t>(chunk.size() - 4)) + chunk + bigEndian32(crc32(chunk));
    save("exif6.png", png.substr(0, 33) + exifChunk + png.substr(33));
    return 0;
}
