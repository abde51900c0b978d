#include "image/image_io.h"

#include "base/error.h"
#include "image/image_header.h"

#include <QByteArray>
#include <QFile>
#include <QFileInfo>
#include <QString>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <climits>
#include <cmath>
#include <string_view>
#include <vector>

namespace fewshot {
namespace {

void checkPixelLimit(const ImageHeader& header, const std::string& name, int64_t maxPixels)
{
    const std::string size = std::to_string(header.width) + " x " + std::to_string(header.height);
    const std::string limit = "more than the limit of " + std::to_string(maxPixels) + " pixels";
    // No decoder accepts a side this long, and the product could overflow.
    if (header.width > INT32_MAX || header.height > INT32_MAX)
        throw Error(name + ": image is " + size + " pixels, " + limit);
    const int64_t pixels = header.width * header.height;
    if (pixels > maxPixels)
        throw Error(name + ": image is " + size + " = " + std::to_string(pixels) + " pixels, "
                    + limit);
}

cv::Mat decodeWithOpenCv(std::string_view bytes, const std::string& name, ImageFormat format)
{
    const std::string corrupt = name + ": corrupt or truncated " + imageFormatName(format) + " image";
    if (bytes.size() > static_cast<size_t>(INT_MAX))
        throw Error(name + ": file is larger than 2 GiB, which OpenCV cannot decode");
    // imdecode only reads the buffer, so wrapping the const bytes is safe.
    const cv::Mat buffer(1, static_cast<int>(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
    cv::Mat image;
    try {
        // IMREAD_UNCHANGED keeps 16-bit depth, unlike IMREAD_COLOR, which divides it
        // by 256, but it ignores the EXIF orientation (OpenCV 4.6).
        image = cv::imdecode(buffer, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        throw Error(corrupt + " (OpenCV: " + e.err + ")");
    }
    if (image.empty())
        throw Error(corrupt + " (the decoder rejected the data)");
    return image;
}

// Converts OpenCV's gray, BGR or BGRA layout to RGB at the decoded depth.
// Alpha is dropped, not blended, as PIL's Image.convert("RGB") does.
cv::Mat toRgb(const cv::Mat& image, const std::string& name)
{
    cv::Mat rgb;
    switch (image.channels()) {
    case 1:
        cv::cvtColor(image, rgb, cv::COLOR_GRAY2RGB);
        break;
    case 2: {  // gray and alpha
        cv::Mat gray;
        cv::extractChannel(image, gray, 0);
        cv::cvtColor(gray, rgb, cv::COLOR_GRAY2RGB);
        break;
    }
    case 3:
        cv::cvtColor(image, rgb, cv::COLOR_BGR2RGB);
        break;
    case 4:
        cv::cvtColor(image, rgb, cv::COLOR_BGRA2RGB);
        break;
    default:
        throw Error(name + ": images with " + std::to_string(image.channels())
                    + " channels are not supported (expected gray, RGB or RGBA)");
    }
    return rgb;
}

struct Window {
    double low = 0;
    double high = 0;
};

// Returns the quantile `fraction` (0..1) of `count` sorted samples, interpolating
// linearly between ranks like numpy.percentile's default method.
template <typename SampleAt>
double percentile(SampleAt sampleAt, size_t count, double fraction)
{
    const double rank = fraction * static_cast<double>(count - 1);
    const auto below = static_cast<size_t>(std::floor(rank));
    const double lower = sampleAt(below);
    if (below + 1 >= count)
        return lower;
    const double weight = rank - static_cast<double>(below);
    return weight > 0 ? lower + weight * (sampleAt(below + 1) - lower) : lower;
}

constexpr double kLowPercentile = 0.005;
constexpr double kHighPercentile = 0.995;

Window percentileWindow16(const cv::Mat& image)
{
    std::vector<uint64_t> histogram(65536, 0);
    for (int y = 0; y < image.rows; ++y) {
        const uint16_t* row = image.ptr<uint16_t>(y);
        for (int x = 0; x < image.cols * image.channels(); ++x)
            ++histogram[row[x]];
    }
    const auto sampleAt = [&histogram](size_t index) {
        uint64_t seen = 0;
        for (size_t value = 0; value < histogram.size(); ++value) {
            seen += histogram[value];
            if (seen > index)
                return static_cast<double>(value);
        }
        return 65535.0;
    };
    const size_t count = image.total() * image.channels();
    return {percentile(sampleAt, count, kLowPercentile), percentile(sampleAt, count, kHighPercentile)};
}

// Works on a copy of the finite samples, so NaN and infinity get no vote.
Window percentileWindowFloat(const cv::Mat& image)
{
    std::vector<float> values;
    values.reserve(image.total() * image.channels());
    for (int y = 0; y < image.rows; ++y) {
        const float* row = image.ptr<float>(y);
        for (int x = 0; x < image.cols * image.channels(); ++x)
            if (std::isfinite(row[x]))
                values.push_back(row[x]);
    }
    if (values.empty())
        return {};
    const auto sampleAt = [&values](size_t index) {
        std::nth_element(values.begin(), values.begin() + static_cast<ptrdiff_t>(index), values.end());
        return static_cast<double>(values[index]);
    };
    return {percentile(sampleAt, values.size(), kLowPercentile),
            percentile(sampleAt, values.size(), kHighPercentile)};
}

// The sample value shown as full white when an image has no usable window.
double nominalMaximum(int depth)
{
    switch (depth) {
    case CV_8S:
        return 127.0;
    case CV_16U:
        return 65535.0;
    case CV_16S:
        return 32767.0;
    case CV_32S:
        return 2147483647.0;
    default:  // floating point data is taken to span 0..1
        return 1.0;
    }
}

cv::Mat applyWindow(const cv::Mat& image, Window window, double nominalMax)
{
    cv::Mat result;
    if (window.high > window.low) {
        const double scale = 255.0 / (window.high - window.low);
        image.convertTo(result, CV_8U, scale, -window.low * scale);  // rounds and saturates
        return result;
    }
    // Flat window (at least 99% of samples equal): that level keeps its
    // brightness on the full scale of the type, and the outliers go to 0 or 255.
    const double level = std::clamp(std::round(window.low * 255.0 / nominalMax), 0.0, 255.0);
    result = cv::Mat(image.size(), CV_8UC(image.channels()), cv::Scalar::all(level));
    cv::Mat samples = image.reshape(1);
    cv::Mat flat = result.reshape(1);
    flat.setTo(0, samples < window.low);
    flat.setTo(255, samples > window.low);
    return result;
}

// 16-bit and other deep data: linear window from the image's own 0.5th to
// 99.5th percentile (all channels together) onto 0..255, clipping outside it.
cv::Mat toRgb8(const cv::Mat& decoded, const std::string& name)
{
    const int depth = decoded.depth();
    cv::Mat samples = decoded;
    if (depth != CV_8U && depth != CV_16U && depth != CV_32F)
        decoded.convertTo(samples, CV_32F);  // cvtColor takes only 8U, 16U and 32F
    const cv::Mat rgb = toRgb(samples, name);
    if (depth == CV_8U)
        return rgb;
    const Window window = depth == CV_16U ? percentileWindow16(rgb) : percentileWindowFloat(rgb);
    return applyWindow(rgb, window, nominalMaximum(depth));
}

// Turns the stored pixels into the view EXIF orientation 1..8 describes,
// as PIL's ImageOps.exif_transpose does.
cv::Mat applyExifOrientation(const cv::Mat& image, int orientation)
{
    cv::Mat result;
    switch (orientation) {
    case 2:
        cv::flip(image, result, 1);  // mirror left to right
        break;
    case 3:
        cv::rotate(image, result, cv::ROTATE_180);
        break;
    case 4:
        cv::flip(image, result, 0);  // mirror top to bottom
        break;
    case 5:
        cv::transpose(image, result);
        break;
    case 6:
        cv::rotate(image, result, cv::ROTATE_90_CLOCKWISE);
        break;
    case 7:
        cv::transpose(image, result);  // transverse: transpose, then rotate 180 degrees
        cv::flip(result, result, -1);
        break;
    case 8:
        cv::rotate(image, result, cv::ROTATE_90_COUNTERCLOCKWISE);
        break;
    default:
        return image;
    }
    return result;
}

RgbImage toRgbImage(const cv::Mat& rgb)
{
    RgbImage image;
    image.width = rgb.cols;
    image.height = rgb.rows;
    image.pixels.resize(static_cast<size_t>(rgb.cols) * rgb.rows * 3);
    const size_t rowBytes = static_cast<size_t>(rgb.cols) * 3;
    for (int y = 0; y < rgb.rows; ++y)
        std::copy_n(rgb.ptr<uint8_t>(y), rowBytes, image.pixels.data() + y * rowBytes);
    return image;
}

RgbImage decodeBytes(std::string_view bytes, const std::string& name,
                     const ImageReadOptions& options)
{
    if (bytes.empty())
        throw Error(name + ": empty file");
    const ImageHeader header = readImageHeader(bytes, name);
    checkPixelLimit(header, name, options.maxPixels);

    const cv::Mat decoded = decodeWithOpenCv(bytes, name, header.format);
    cv::Mat rgb;
    try {
        rgb = toRgb8(decoded, name);
        // OpenCV 4.6's TIFF decoder already applies the Orientation tag, even
        // with IMREAD_UNCHANGED (measured, and pinned by the tests).
        if (header.format != ImageFormat::Tiff)
            rgb = applyExifOrientation(rgb, header.orientation);
    } catch (const cv::Exception& e) {
        throw Error(name + ": cannot convert the decoded image to RGB (OpenCV: " + e.err + ")");
    }
    return toRgbImage(rgb);
}

}  // namespace

RgbImage readImage(const std::string& path, const ImageReadOptions& options)
{
    // QFile takes UTF-8 through QString, so non-ASCII paths work on every platform.
    const QString qtPath = QString::fromStdString(path);
    const QFileInfo info(qtPath);
    if (!info.exists())
        throw Error(path + ": file not found");
    if (info.isDir())
        throw Error(path + ": is a folder, expected an image file");
    if (!info.isFile())
        throw Error(path + ": not a regular file, expected an image file");

    QFile file(qtPath);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(path + ": cannot open file: " + file.errorString().toStdString());
    const QByteArray data = file.readAll();
    if (file.error() != QFileDevice::NoError)
        throw Error(path + ": read failed: " + file.errorString().toStdString());
    return decodeBytes(std::string_view(data.constData(), static_cast<size_t>(data.size())), path,
                       options);
}

RgbImage decodeImage(const std::string& bytes, const std::string& name,
                     const ImageReadOptions& options)
{
    return decodeBytes(bytes, name, options);
}

}  // namespace fewshot
