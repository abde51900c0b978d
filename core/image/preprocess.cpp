#include "image/preprocess.h"

#include "base/error.h"
#include "base/json_file.h"

#include <nlohmann/json.hpp>

#include <climits>
#include <cmath>
#include <cstdint>

namespace fewshot {
namespace {

using Json = nlohmann::json;

// Formats a JSON value for an error message, cut short so a huge value stays readable.
std::string describeValue(const Json& value)
{
    std::string text = value.dump();
    constexpr size_t maxLength = 60;
    if (text.size() > maxLength)
        text = text.substr(0, maxLength) + "...";
    return text;
}

int readPositiveInteger(const Json& value, const std::string& path, const std::string& key)
{
    if (!value.is_number_integer() || value.get<int64_t>() < 1 || value.get<int64_t>() > INT_MAX)
        throw Error(path + ": \"" + key + "\" must be a positive integer, got "
                    + describeValue(value));
    return value.get<int>();
}

// `size`: an integer (older files), {"shortest_edge": N}, or {"height": H,
// "width": W}, where the smaller side is taken as the shortest edge.
int readShortestEdge(const Json& value, const std::string& path)
{
    if (value.is_number())
        return readPositiveInteger(value, path, "size");
    if (value.is_object() && value.contains("shortest_edge"))
        return readPositiveInteger(value["shortest_edge"], path, "size.shortest_edge");
    if (value.is_object() && value.contains("height") && value.contains("width"))
        return std::min(readPositiveInteger(value["height"], path, "size.height"),
                        readPositiveInteger(value["width"], path, "size.width"));
    throw Error(path + ": \"size\" must be an integer, {\"shortest_edge\": N} or "
                "{\"height\": H, \"width\": W}, got " + describeValue(value));
}

// `crop_size`: an integer or {"height": H, "width": W} with H == W.
int readCropSize(const Json& value, const std::string& path)
{
    if (value.is_number())
        return readPositiveInteger(value, path, "crop_size");
    if (value.is_object() && value.contains("height") && value.contains("width")) {
        const int height = readPositiveInteger(value["height"], path, "crop_size.height");
        const int width = readPositiveInteger(value["width"], path, "crop_size.width");
        if (height != width)
            throw Error(path + ": \"crop_size\" is " + std::to_string(height) + " x "
                        + std::to_string(width) + ", but only square crops are supported");
        return height;
    }
    throw Error(path + ": \"crop_size\" must be an integer or {\"height\": H, \"width\": W}, got "
                + describeValue(value));
}

std::array<float, 3> readChannelValues(const Json& value, const std::string& path,
                                       const std::string& key, bool requirePositive)
{
    const std::string expected = requirePositive ? "a list of 3 positive numbers"
                                                 : "a list of 3 numbers";
    const auto invalid = [&] {
        return Error(path + ": \"" + key + "\" must be " + expected + ", got "
                     + describeValue(value));
    };
    if (!value.is_array() || value.size() != 3)
        throw invalid();
    std::array<float, 3> result{};
    for (size_t c = 0; c < 3; ++c) {
        if (!value[c].is_number())
            throw invalid();
        result[c] = value[c].get<float>();
        if (!std::isfinite(result[c]) || (requirePositive && result[c] <= 0.0f))
            throw invalid();
    }
    return result;
}

void validateConfig(const PreprocessConfig& config)
{
    if (config.resizeShortestEdge < 1 || config.cropSize < 1)
        throw Error("preprocessImage: resize size " + std::to_string(config.resizeShortestEdge)
                    + " and crop size " + std::to_string(config.cropSize)
                    + " must both be positive");
    for (float deviation : config.std)
        if (!(deviation > 0.0f))
            throw Error("preprocessImage: every channel's std must be positive, got "
                        + std::to_string(deviation));
}

// Returns Python's round(offset / 2) for offset >= 0, which rounds halves to even.
int halfRoundedToEven(int offset)
{
    const int half = offset / 2;
    if (offset % 2 == 0)
        return half;
    return half % 2 == 0 ? half : half + 1;
}

// Returns the source index of the crop's first row or column. It is negative
// when the side is shorter than the crop: torchvision's CenterCrop then pads
// (crop - length) / 2, rounded down, before the image and the rest after it.
int cropOrigin(int length, int crop)
{
    if (length < crop)
        return -((crop - length) / 2);
    return halfRoundedToEven(length - crop);
}

}  // namespace

void PreprocessConfig::writeFile(const std::string& path) const
{
    const nlohmann::ordered_json config = {
        {"crop_size", {{"height", cropSize}, {"width", cropSize}}},
        {"do_center_crop", true},
        {"do_convert_rgb", true},
        {"do_normalize", true},
        {"do_rescale", true},
        {"do_resize", true},
        {"image_mean", mean},
        {"image_processor_type", "CLIPImageProcessor"},
        {"image_std", std},
        {"resample", 3},  // bicubic
        {"rescale_factor", 1.0 / 255.0},
        {"size", {{"shortest_edge", resizeShortestEdge}}},
    };
    writeFileAtomically(path, config.dump(2) + "\n");
}

PreprocessConfig PreprocessConfig::fromFile(const std::string& path)
{
    // NOTE: the do_resize, do_center_crop, do_normalize and resample keys are
    // not read, so the transform is always CLIP's bicubic resize, crop and normalize.
    const Json json = readJsonFile(path);
    if (!json.is_object())
        throw Error(path + ": expected a JSON object with the preprocessing settings");

    PreprocessConfig config;
    if (json.contains("size"))
        config.resizeShortestEdge = readShortestEdge(json["size"], path);
    if (json.contains("crop_size"))
        config.cropSize = readCropSize(json["crop_size"], path);
    if (json.contains("image_mean"))
        config.mean = readChannelValues(json["image_mean"], path, "image_mean", false);
    if (json.contains("image_std"))
        config.std = readChannelValues(json["image_std"], path, "image_std", true);
    return config;
}

ImageSize shortestEdgeSize(int width, int height, int shortestEdge)
{
    if (width < 1 || height < 1 || shortestEdge < 1)
        throw Error("shortestEdgeSize: image size " + std::to_string(width) + " x "
                    + std::to_string(height) + " and shortest edge "
                    + std::to_string(shortestEdge) + " must be positive");
    const bool widthIsShort = width <= height;
    const int64_t shortSide = widthIsShort ? width : height;
    const int64_t longSide = widthIsShort ? height : width;
    const double longEdge =
        std::trunc(static_cast<double>(shortestEdge * longSide) / static_cast<double>(shortSide));
    if (longEdge > INT_MAX)
        throw Error("shortestEdgeSize: resizing " + std::to_string(width) + " x "
                    + std::to_string(height) + " to a shortest edge of "
                    + std::to_string(shortestEdge) + " gives a side over INT_MAX pixels");
    const auto longSize = static_cast<int>(longEdge);
    return widthIsShort ? ImageSize{shortestEdge, longSize} : ImageSize{longSize, shortestEdge};
}

std::vector<float> preprocessImage(const RgbImage& image, const PreprocessConfig& config)
{
    validateConfig(config);
    const ImageSize size = shortestEdgeSize(image.width, image.height, config.resizeShortestEdge);
    const RgbImage resized = resizeBicubic(image, size.width, size.height);

    const int crop = config.cropSize;
    const int top = cropOrigin(resized.height, crop);
    const int left = cropOrigin(resized.width, crop);
    const size_t planeSize = static_cast<size_t>(crop) * crop;
    std::vector<float> result(3 * planeSize);
    for (int y = 0; y < crop; ++y) {
        const int sourceY = top + y;
        for (int x = 0; x < crop; ++x) {
            const int sourceX = left + x;
            const bool inside =
                sourceY >= 0 && sourceY < resized.height && sourceX >= 0 && sourceX < resized.width;
            const size_t sourceIndex =
                inside ? (static_cast<size_t>(sourceY) * resized.width + sourceX) * 3 : 0;
            for (int c = 0; c < 3; ++c) {
                const uint8_t level = inside ? resized.pixels[sourceIndex + c] : 0;
                // float32 throughout, as ToTensor (x / 255) and Normalize ((x - mean) / std) compute.
                const float value = static_cast<float>(level) / 255.0f;
                result[c * planeSize + static_cast<size_t>(y) * crop + x] =
                    (value - config.mean[c]) / config.std[c];
            }
        }
    }
    return result;
}

}  // namespace fewshot
