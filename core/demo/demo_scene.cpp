#include "demo/demo_scene.h"

#include "demo/demo_generator.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace fewshot::demo::detail {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Object and background colours closer than this (Euclidean RGB distance)
// would make the object hard to see, so such pairs are not drawn.
constexpr float kMinimumContrast = 90.0f;

cv::Vec3f jitter(const cv::Vec3f& colour, double amount, DemoRandom& random)
{
    cv::Vec3f result;
    for (int c = 0; c < 3; ++c)
        result[c] = std::clamp(colour[c] + static_cast<float>(random.uniform(-amount, amount)), 0.0f, 255.0f);
    return result;
}

// A smooth random field in about [-1, 1]: a coarse grid of random values
// enlarged with bicubic interpolation.
cv::Mat smoothField(int cells, DemoRandom& random)
{
    cv::Mat coarse(cells, cells, CV_32F);
    for (int y = 0; y < cells; ++y)
        for (int x = 0; x < cells; ++x)
            coarse.at<float>(y, x) = static_cast<float>(random.uniform(-1.0, 1.0));
    cv::Mat field;
    cv::resize(coarse, field, cv::Size(kImageSize, kImageSize), 0, 0, cv::INTER_CUBIC);
    return field;
}

std::vector<cv::Point> rotatedRectangle(cv::Point2f centre, float length, float width, double angle)
{
    const cv::RotatedRect rect(centre, cv::Size2f(length, width), static_cast<float>(angle * 180.0 / kPi));
    cv::Point2f corners[4];
    rect.points(corners);
    std::vector<cv::Point> polygon;
    for (const cv::Point2f& corner : corners)
        polygon.emplace_back(cvRound(corner.x), cvRound(corner.y));
    return polygon;
}

// Draws the object's outline into the mask and records its axis.
void drawObjectMask(Canvas& canvas, DemoRandom& random)
{
    canvas.mask = cv::Mat::zeros(kImageSize, kImageSize, CV_8U);
    const cv::Point2f centre(static_cast<float>(32.0 + random.uniform(-4.0, 4.0)),
                             static_cast<float>(32.0 + random.uniform(-4.0, 4.0)));
    const std::string& object = canvas.object;
    if (object == "ring") {
        // By distance rather than cv::circle, whose filled circles have
        // one-pixel bumps at their four extreme points that look like damage.
        const double outer = random.uniform(26.0, 30.0);
        const double inner = random.uniform(7.0, 10.0);
        for (int y = 0; y < kImageSize; ++y)
            for (int x = 0; x < kImageSize; ++x) {
                const double distance = std::hypot(x - centre.x, y - centre.y);
                canvas.mask.at<uint8_t>(y, x) = distance <= outer && distance >= inner ? 255 : 0;
            }
        canvas.axisAngle = random.uniform(0.0, kPi);
        return;
    }
    float length = 0.0f, width = 0.0f;
    double angle = random.uniform(0.0, kPi);
    if (object == "plate") {
        length = static_cast<float>(random.uniform(50.0, 60.0));
        width = static_cast<float>(random.uniform(40.0, 50.0));
    } else if (object == "rod") {
        length = static_cast<float>(random.uniform(64.0, 76.0));
        width = static_cast<float>(random.uniform(22.0, 28.0));
    } else if (object == "tile") {
        length = width = static_cast<float>(random.uniform(44.0, 52.0));
        angle = random.uniform(-0.35, 0.35);
    } else {  // fabric patch
        length = static_cast<float>(random.uniform(50.0, 60.0));
        width = static_cast<float>(random.uniform(44.0, 54.0));
        angle = random.uniform(-0.5, 0.5);
    }
    const std::vector<std::vector<cv::Point>> polygons = {rotatedRectangle(centre, length, width, angle)};
    cv::fillPoly(canvas.mask, polygons, 255, cv::LINE_8);
    canvas.axisAngle = angle;
}

// Brightness factor of the object surface at (x, y), by material and shape.
float surfaceShade(const Canvas& canvas, bool steel, int x, int y, const cv::Mat& grain, float phase)
{
    const double ax = std::cos(canvas.axisAngle);
    const double ay = std::sin(canvas.axisAngle);
    const double along = (x - 32.0) * ax + (y - 32.0) * ay;
    const double across = -(x - 32.0) * ay + (y - 32.0) * ax;
    float shade = 1.0f;
    if (canvas.object == "rod")  // a cylinder: brightest along its middle
        shade *= static_cast<float>(1.15 - 0.0016 * across * across);
    if (canvas.object == "fabric patch")  // the weave
        shade *= static_cast<float>(1.0 + 0.09 * std::sin(x * 2.1 + phase) * std::sin(y * 2.1));
    if (steel)  // brushed metal: fine streaks along the axis
        shade *= 1.0f + 0.08f * grain.at<float>(static_cast<int>(std::fabs(across)) % kImageSize,
                                                 static_cast<int>(std::fabs(along * 0.1)) % kImageSize);
    return shade;
}

// Raised edges of a tile: lit from the top left, so those edges are lighter.
void drawTileBevel(Canvas& canvas)
{
    cv::Mat inner;
    cv::erode(canvas.mask, inner, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(5, 5)));
    for (int y = 1; y < kImageSize - 1; ++y) {
        for (int x = 1; x < kImageSize - 1; ++x) {
            if (canvas.mask.at<uint8_t>(y, x) == 0 || inner.at<uint8_t>(y, x) != 0)
                continue;
            // Which side of the tile: compare the mask to the lower right and upper left.
            const bool lowerRight = canvas.mask.at<uint8_t>(y + 1, x + 1) == 0 || inner.at<uint8_t>(y - 1, x - 1) != 0;
            canvas.image.at<cv::Vec3f>(y, x) *= lowerRight ? 0.75f : 1.2f;
        }
    }
}

}  // namespace

const std::vector<NamedColour>& backgroundColours()
{
    static const std::vector<NamedColour> colours = {
        {"dark", {35, 35, 40}},   {"white", {228, 228, 222}}, {"grey", {125, 125, 125}},
        {"blue", {55, 85, 150}},  {"green", {55, 120, 65}},   {"wooden", {150, 105, 62}},
    };
    return colours;
}

const std::vector<NamedColour>& objectColours()
{
    static const std::vector<NamedColour> colours = {
        {"red", {185, 45, 40}},    {"green", {70, 160, 75}},   {"blue", {50, 90, 195}},
        {"yellow", {225, 200, 60}}, {"white", {238, 238, 232}}, {"grey", {120, 120, 126}},
        {"purple", {130, 65, 160}}, {"steel", {168, 172, 180}},
    };
    return colours;
}

const std::vector<std::string>& objectNames()
{
    static const std::vector<std::string> names = {"plate", "rod", "ring", "tile", "fabric patch"};
    return names;
}

void paintBackground(Canvas& canvas, const NamedColour& kind, DemoRandom& random)
{
    const cv::Vec3f base = jitter(kind.rgb, 15.0, random);
    const cv::Mat field = smoothField(4, random);
    const bool wooden = kind.name == "wooden";
    const double grainAngle = random.uniform(0.0, kPi);
    const double grainFrequency = random.uniform(0.6, 1.1);
    canvas.image.create(kImageSize, kImageSize, CV_32FC3);
    for (int y = 0; y < kImageSize; ++y) {
        for (int x = 0; x < kImageSize; ++x) {
            float shade = 1.0f + 0.12f * field.at<float>(y, x);
            if (wooden) {
                const double t = x * std::cos(grainAngle) + y * std::sin(grainAngle);
                shade *= static_cast<float>(1.0 + 0.12 * std::sin(t * grainFrequency + 3.0 * field.at<float>(y, x)));
            }
            canvas.image.at<cv::Vec3f>(y, x) = base * shade;
        }
    }
    canvas.background = canvas.image.clone();
}

void paintObject(Canvas& canvas, const NamedColour& colour, DemoRandom& random)
{
    drawObjectMask(canvas, random);
    const bool steel = colour.name == "steel";
    const cv::Vec3f base = jitter(colour.rgb, 12.0, random);
    const cv::Mat grain = smoothField(32, random);
    const cv::Mat light = smoothField(3, random);
    const auto phase = static_cast<float>(random.uniform(0.0, 6.0));
    for (int y = 0; y < kImageSize; ++y) {
        for (int x = 0; x < kImageSize; ++x) {
            if (canvas.mask.at<uint8_t>(y, x) == 0)
                continue;
            const float shade = surfaceShade(canvas, steel, x, y, grain, phase) * (1.0f + 0.07f * light.at<float>(y, x));
            canvas.image.at<cv::Vec3f>(y, x) = base * shade;
        }
    }
    if (canvas.object == "tile")
        drawTileBevel(canvas);
}

bool hasContrast(const NamedColour& object, const NamedColour& background)
{
    return cv::norm(object.rgb - background.rgb) >= kMinimumContrast;
}

std::vector<uint8_t> photograph(Canvas& canvas, const std::string& lighting, bool blurred, DemoRandom& random)
{
    double brightness = random.uniform(0.9, 1.1);
    if (lighting == "bright")
        brightness = random.uniform(1.15, 1.3);
    else if (lighting == "dim")
        brightness = random.uniform(0.6, 0.75);
    // A light falling off across the scene in a random direction.
    const double direction = random.uniform(0.0, 2.0 * kPi);
    const double falloff = random.uniform(0.0, 0.004);
    cv::Mat& image = canvas.image;
    for (int y = 0; y < kImageSize; ++y)
        for (int x = 0; x < kImageSize; ++x) {
            const double t = (x - 32.0) * std::cos(direction) + (y - 32.0) * std::sin(direction);
            image.at<cv::Vec3f>(y, x) *= static_cast<float>(brightness * (1.0 + falloff * t));
        }

    if (blurred)
        cv::GaussianBlur(image, image, cv::Size(0, 0), random.uniform(0.7, 1.0));

    const double noise = random.uniform(0.0, 7.0);
    std::vector<uint8_t> rgb(static_cast<size_t>(kImageSize * kImageSize * 3));
    size_t i = 0;
    for (int y = 0; y < kImageSize; ++y)
        for (int x = 0; x < kImageSize; ++x)
            for (int c = 0; c < 3; ++c) {
                const double value = image.at<cv::Vec3f>(y, x)[c] + noise * random.normal();
                rgb[i++] = static_cast<uint8_t>(std::clamp(std::lround(value), 0L, 255L));
            }
    return rgb;
}

cv::Point pointInside(const cv::Mat& mask, int margin, DemoRandom& random)
{
    for (int m = margin; m >= 0; --m) {
        // A fresh output: eroding into a header that shares the mask's data
        // would erode the caller's mask in place.
        cv::Mat inner;
        if (m > 0)
            cv::erode(mask, inner, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * m + 1, 2 * m + 1)));
        else
            inner = mask;
        std::vector<cv::Point> points;
        cv::findNonZero(inner, points);
        if (!points.empty())
            return points[static_cast<size_t>(random.next() % points.size())];
    }
    return {kImageSize / 2, kImageSize / 2};
}

}  // namespace fewshot::demo::detail
