// Bicubic resampling that reproduces PIL's Image.resize(size, BICUBIC) for
// 8-bit RGB images (Pillow's ImagingResample), bit for bit on full images.

#include "image/preprocess.h"

#include "base/error.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace fewshot {
namespace {

// PIL converts the weights to fixed point with 32 - 8 - 2 fractional bits, so
// an 8-bit sample times a weight sum slightly above 1 fits in 32 bits.
constexpr int kPrecisionBits = 32 - 8 - 2;

// Keys' cubic convolution kernel with a = -0.5, support 2.
double bicubicKernel(double x)
{
    constexpr double a = -0.5;
    x = std::fabs(x);
    if (x < 1.0)
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
    if (x < 2.0)
        return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
    return 0.0;
}

// For each output index, the input range it reads and one fixed-point weight
// per input sample in that range.
struct ResampleTaps {
    std::vector<int> first;
    std::vector<std::vector<int32_t>> weights;
};

int32_t toFixedPoint(double weight)
{
    const double scaled = weight * static_cast<double>(1 << kPrecisionBits);
    return static_cast<int32_t>(weight < 0 ? scaled - 0.5 : scaled + 0.5);
}

// When shrinking, the kernel is stretched by the scale factor, which is what
// makes the filter antialias.
ResampleTaps computeTaps(int inSize, int outSize)
{
    const double scale = static_cast<double>(inSize) / outSize;
    const double filterScale = std::max(scale, 1.0);
    const double support = 2.0 * filterScale;
    const double inverseFilterScale = 1.0 / filterScale;  // PIL multiplies by the inverse

    ResampleTaps taps;
    taps.first.resize(outSize);
    taps.weights.resize(outSize);
    std::vector<double> weights;
    for (int i = 0; i < outSize; ++i) {
        const double center = (i + 0.5) * scale;
        // The casts truncate toward zero before clipping, as PIL's do.
        const int first = std::max(static_cast<int>(center - support + 0.5), 0);
        const int last = std::min(static_cast<int>(center + support + 0.5), inSize);

        weights.assign(static_cast<size_t>(last - first), 0.0);
        double sum = 0.0;
        for (int j = 0; j < last - first; ++j) {
            weights[j] = bicubicKernel((first + j - center + 0.5) * inverseFilterScale);
            sum += weights[j];
        }
        taps.first[i] = first;
        for (double weight : weights)
            taps.weights[i].push_back(toFixedPoint(sum != 0.0 ? weight / sum : weight));
    }
    return taps;
}

constexpr int64_t kRoundingOffset = int64_t{1} << (kPrecisionBits - 1);

uint8_t clampToByte(int64_t accumulator)
{
    if (accumulator <= 0)
        return 0;
    return static_cast<uint8_t>(std::min<int64_t>(accumulator >> kPrecisionBits, 255));
}

// Horizontal pass: resamples every row to `width`.
RgbImage resampleRows(const RgbImage& image, int width)
{
    const ResampleTaps taps = computeTaps(image.width, width);
    RgbImage result;
    result.width = width;
    result.height = image.height;
    result.pixels.resize(static_cast<size_t>(width) * image.height * 3);
    for (int y = 0; y < image.height; ++y) {
        const uint8_t* row = image.pixels.data() + static_cast<size_t>(y) * image.width * 3;
        uint8_t* outRow = result.pixels.data() + static_cast<size_t>(y) * width * 3;
        for (int x = 0; x < width; ++x) {
            const std::vector<int32_t>& weights = taps.weights[x];
            for (int c = 0; c < 3; ++c) {
                int64_t accumulator = kRoundingOffset;
                for (size_t j = 0; j < weights.size(); ++j)
                    accumulator += int64_t{row[(taps.first[x] + j) * 3 + c]} * weights[j];
                outRow[x * 3 + c] = clampToByte(accumulator);
            }
        }
    }
    return result;
}

// Vertical pass: resamples every column to `height`, accumulating whole rows
// at a time so the input is read in memory order.
RgbImage resampleColumns(const RgbImage& image, int height)
{
    const ResampleTaps taps = computeTaps(image.height, height);
    const size_t rowSize = static_cast<size_t>(image.width) * 3;
    RgbImage result;
    result.width = image.width;
    result.height = height;
    result.pixels.resize(rowSize * height);
    std::vector<int64_t> accumulators(rowSize);
    for (int y = 0; y < height; ++y) {
        std::fill(accumulators.begin(), accumulators.end(), kRoundingOffset);
        const std::vector<int32_t>& weights = taps.weights[y];
        for (size_t j = 0; j < weights.size(); ++j) {
            const uint8_t* row = image.pixels.data() + (taps.first[y] + j) * rowSize;
            for (size_t i = 0; i < rowSize; ++i)
                accumulators[i] += int64_t{row[i]} * weights[j];
        }
        uint8_t* outRow = result.pixels.data() + static_cast<size_t>(y) * rowSize;
        for (size_t i = 0; i < rowSize; ++i)
            outRow[i] = clampToByte(accumulators[i]);
    }
    return result;
}

}  // namespace

RgbImage resizeBicubic(const RgbImage& image, int width, int height)
{
    if (image.width < 1 || image.height < 1
        || image.pixels.size() != static_cast<size_t>(image.width) * image.height * 3)
        throw Error("resizeBicubic: invalid input image of " + std::to_string(image.width) + " x "
                    + std::to_string(image.height) + " pixels with "
                    + std::to_string(image.pixels.size()) + " bytes");
    if (width < 1 || height < 1)
        throw Error("resizeBicubic: invalid target size " + std::to_string(width) + " x "
                    + std::to_string(height));

    // Rows first with an 8-bit intermediate, and a pass only where that side
    // changes, as PIL does. Columns first or no rounding in between moves results by a level.
    if (width == image.width)
        return height == image.height ? image : resampleColumns(image, height);
    RgbImage rows = resampleRows(image, width);
    return height == image.height ? rows : resampleColumns(rows, height);
}

}  // namespace fewshot
