// The defects of the demo generator. Each is drawn so that it stays
// recognizable at 64 x 64 pixels after blur and noise, and each differs from
// the others in a visible way: scratches are straight and thin, cracks jagged
// and black, dents shaded, rust orange and spotted, holes show the background,
// stains are large soft blots, chips cut into the outline.

#include "demo/demo_scene.h"

#include "base/error.h"
#include "demo/demo_generator.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace fewshot::demo::detail {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Blends `colour` into the image where `alpha` (CV_32F, 0..1) is set, only on
// the object.
void blendOnObject(Canvas& canvas, const cv::Mat& alpha, const cv::Vec3f& colour)
{
    for (int y = 0; y < kImageSize; ++y)
        for (int x = 0; x < kImageSize; ++x) {
            const float a = alpha.at<float>(y, x);
            if (a <= 0.0f || canvas.mask.at<uint8_t>(y, x) == 0)
                continue;
            cv::Vec3f& pixel = canvas.image.at<cv::Vec3f>(y, x);
            pixel = pixel * (1.0f - a) + colour * a;
        }
}

cv::Vec3f meanObjectColour(const Canvas& canvas)
{
    const cv::Scalar mean = cv::mean(canvas.image, canvas.mask);
    return {static_cast<float>(mean[0]), static_cast<float>(mean[1]), static_cast<float>(mean[2])};
}

cv::Point2d direction(double angle)
{
    return {std::cos(angle), std::sin(angle)};
}

// Share of a drawn layer that falls on the object.
double shareOnObject(const Canvas& canvas, const cv::Mat& alpha)
{
    const double total = cv::sum(alpha)[0];
    cv::Mat onObject = cv::Mat::zeros(alpha.size(), CV_32F);
    alpha.copyTo(onObject, canvas.mask);
    return total > 0.0 ? cv::sum(onObject)[0] / total : 0.0;
}

// Draws one straight scratch into `alpha`, trying a few placements so that
// most of it lies on the object rather than being cut off at its edge.
void drawScratchLine(const Canvas& canvas, cv::Mat& alpha, double length, int thickness, DemoRandom& random)
{
    cv::Mat best;
    double bestShare = -1.0;
    for (int attempt = 0; attempt < 8 && bestShare < 0.85; ++attempt) {
        const cv::Point middle = pointInside(canvas.mask, 6, random);
        // Scratches on a rod run roughly along it, as they do on real bar stock.
        const double angle = canvas.object == "rod" ? canvas.axisAngle + random.uniform(-0.25, 0.25)
                                                    : random.uniform(0.0, kPi);
        const cv::Point2d half = direction(angle) * (length / 2.0);
        const cv::Point offset(cvRound(half.x), cvRound(half.y));
        cv::Mat layer = cv::Mat::zeros(kImageSize, kImageSize, CV_32F);
        cv::line(layer, middle - offset, middle + offset, 0.9, thickness, cv::LINE_8);
        const double share = shareOnObject(canvas, layer);
        if (share > bestShare) {
            bestShare = share;
            best = layer;
        }
    }
    cv::max(alpha, best, alpha);
}

std::string paintScratch(Canvas& canvas, DemoRandom& random)
{
    const int count = random.chance(0.3) ? 2 : 1;
    const int thickness = random.integer(1, 2);
    cv::Mat alpha = cv::Mat::zeros(kImageSize, kImageSize, CV_32F);
    double longest = 0.0;
    for (int i = 0; i < count; ++i) {
        const double length = random.uniform(24.0, 44.0);
        longest = std::max(longest, length);
        drawScratchLine(canvas, alpha, length, thickness, random);
    }
    // Fresh scratches look bright and deep ones dark; only the kind that
    // contrasts with the surface is drawn on very light or very dark ones.
    const cv::Vec3f surface = meanObjectColour(canvas);
    const float brightness = (surface[0] + surface[1] + surface[2]) / 3.0f;
    const bool bright = brightness < 90.0f || (brightness <= 170.0f && random.chance(0.65));
    const cv::Vec3f colour = bright ? cv::Vec3f(250, 250, 250) * 0.8f + surface * 0.2f : surface * 0.25f;
    blendOnObject(canvas, alpha, colour);

    if (count == 2)
        return random.chance(0.5) ? "two scratches" : "scratches";
    if (random.chance(0.4))
        return longest > 34.0 ? "a long scratch" : "a short scratch";
    if (random.chance(0.3))
        return thickness == 1 ? "a thin scratch" : "a deep scratch";
    return "a scratch";
}

// Draws a jagged line of `segments` steps from `start`; returns its points.
std::vector<cv::Point> crackPath(cv::Point start, double angle, int segments, DemoRandom& random)
{
    std::vector<cv::Point> points = {start};
    cv::Point2d position(start);
    for (int i = 0; i < segments; ++i) {
        const double heading = angle + random.uniform(-0.7, 0.7);
        position += direction(heading) * random.uniform(4.0, 7.0);
        points.emplace_back(cvRound(position.x), cvRound(position.y));
    }
    return points;
}

std::string paintCrack(Canvas& canvas, DemoRandom& random)
{
    cv::Mat alpha = cv::Mat::zeros(kImageSize, kImageSize, CV_32F);
    const cv::Point start = pointInside(canvas.mask, 8, random);
    const double angle = random.uniform(0.0, 2.0 * kPi);
    const std::vector<cv::Point> path = crackPath(start, angle, random.integer(6, 9), random);
    for (size_t i = 0; i + 1 < path.size(); ++i)  // wider where it started
        cv::line(alpha, path[i], path[i + 1], 1.0, i < path.size() / 2 ? 3 : 2, cv::LINE_AA);
    const bool branching = random.chance(0.4);
    if (branching) {
        const cv::Point fork = path[path.size() / 2];
        const std::vector<cv::Point> branch = crackPath(fork, angle + random.uniform(0.6, 1.2), 4, random);
        cv::polylines(alpha, branch, false, 1.0, 2, cv::LINE_AA);
    }
    cv::threshold(alpha, alpha, 1.0, 1.0, cv::THRESH_TRUNC);
    blendOnObject(canvas, alpha, meanObjectColour(canvas) * 0.12f);

    if (branching && random.chance(0.5))
        return "a branching crack";
    if (random.chance(0.4))
        return random.chance(0.5) ? "a long crack" : "a fine crack";
    return "a crack";
}

std::string paintDent(Canvas& canvas, DemoRandom& random)
{
    const double radius = random.uniform(8.0, 13.0);
    const cv::Point centre = pointInside(canvas.mask, static_cast<int>(radius), random);
    const double strength = random.uniform(0.55, 0.75);
    // A hollow lit from the upper left: its upper-left wall faces away from
    // the light and is dark, its lower-right wall faces it and is bright.
    const cv::Point2d light = direction(random.uniform(-2.6, -2.0));
    for (int y = 0; y < kImageSize; ++y)
        for (int x = 0; x < kImageSize; ++x) {
            const cv::Point2d offset((x - centre.x) / radius, (y - centre.y) / radius);
            const double distance = std::hypot(offset.x, offset.y);
            if (distance >= 1.0 || canvas.mask.at<uint8_t>(y, x) == 0)
                continue;
            const double slope = -(offset.x * light.x + offset.y * light.y);
            const double shade = strength * slope * std::sqrt(1.0 - distance * distance) * 1.6;
            canvas.image.at<cv::Vec3f>(y, x) *= static_cast<float>(1.0 + std::clamp(shade, -0.7, 0.7));
        }
    if (random.chance(0.4))
        return radius < 10.5 ? "a small dent" : "a large dent";
    return random.chance(0.2) ? "a shallow dent" : "a dent";
}

std::string paintRust(Canvas& canvas, DemoRandom& random)
{
    static const std::vector<cv::Vec3f> rustColours = {{170, 78, 28}, {140, 60, 25}, {195, 105, 40}, {120, 50, 20}};
    const cv::Point centre = pointInside(canvas.mask, 8, random);
    const double spread = random.uniform(4.0, 8.0);
    const int spots = random.integer(10, 18);
    for (int i = 0; i < spots; ++i) {
        cv::Mat alpha = cv::Mat::zeros(kImageSize, kImageSize, CV_32F);
        const cv::Point spot(cvRound(centre.x + spread * random.normal()), cvRound(centre.y + spread * random.normal()));
        cv::circle(alpha, spot, random.integer(1, 4), random.uniform(0.75, 0.95), cv::FILLED, cv::LINE_AA);
        blendOnObject(canvas, alpha, random.pick(rustColours));
    }
    static const std::vector<std::string> phrases = {"rust", "rust spots", "spots of rust", "a patch of rust"};
    return random.pick(phrases);
}

std::string paintHole(Canvas& canvas, DemoRandom& random)
{
    // Rings and rods are narrow, so their holes are smaller.
    const bool narrow = canvas.object == "ring" || canvas.object == "rod";
    const int radius = narrow ? random.integer(4, 6) : random.integer(5, 8);
    const cv::Point centre = pointInside(canvas.mask, radius + 2, random);
    cv::Mat hole = cv::Mat::zeros(kImageSize, kImageSize, CV_8U);
    cv::circle(hole, centre, radius, 255, cv::FILLED, cv::LINE_8);
    // The background shows through, darkened by the hole's own shadow.
    canvas.background.copyTo(canvas.image, hole);
    cv::Mat rim = cv::Mat::zeros(kImageSize, kImageSize, CV_32F);
    cv::circle(rim, centre, radius, 0.6, 1, cv::LINE_AA);
    blendOnObject(canvas, rim, meanObjectColour(canvas) * 0.35f);
    canvas.mask.setTo(0, hole);

    if (random.chance(0.4))
        return radius <= 5 ? "a small hole" : "a large hole";
    return random.chance(0.2) ? "a round hole" : "a hole";
}

std::string paintStain(Canvas& canvas, DemoRandom& random)
{
    struct StainKind {
        cv::Vec3f colour;
        const char* phrase;
    };
    static const std::vector<StainKind> kinds = {
        {{80, 55, 30}, "a brown stain"}, {{22, 22, 24}, "an oil stain"}, {{45, 40, 38}, "a dark stain"}};
    const StainKind& kind = random.pick(kinds);
    const cv::Point centre = pointInside(canvas.mask, 9, random);
    cv::Mat alpha = cv::Mat::zeros(kImageSize, kImageSize, CV_32F);
    const int blobs = random.integer(3, 5);
    for (int i = 0; i < blobs; ++i) {
        const cv::Point offset(random.integer(-5, 5), random.integer(-5, 5));
        const cv::Size axes(random.integer(6, 11), random.integer(5, 9));
        cv::ellipse(alpha, centre + offset, axes, random.uniform(0.0, 180.0), 0, 360, 1.0, cv::FILLED, cv::LINE_AA);
    }
    cv::GaussianBlur(alpha, alpha, cv::Size(0, 0), 1.5);
    alpha *= random.uniform(0.6, 0.8);
    blendOnObject(canvas, alpha, kind.colour);
    return random.chance(0.5) ? kind.phrase : "a stain";
}

std::string paintChip(Canvas& canvas, DemoRandom& random)
{
    // A point on the outline: on the object, next to a pixel off it.
    cv::Mat inner;
    cv::erode(canvas.mask, inner, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3)));
    std::vector<cv::Point> outline;
    cv::findNonZero(canvas.mask - inner, outline);
    if (outline.empty())
        throw Error("demo generator: the object has no outline to chip");
    const cv::Point centre = outline[static_cast<size_t>(random.next() % outline.size())];

    // An irregular bite around that point.
    std::vector<cv::Point> bite;
    const int corners = random.integer(5, 7);
    for (int i = 0; i < corners; ++i) {
        const double angle = 2.0 * kPi * (i + random.uniform(0.0, 0.6)) / corners;
        const double radius = random.uniform(7.0, 12.0);
        bite.emplace_back(cvRound(centre.x + radius * std::cos(angle)), cvRound(centre.y + radius * std::sin(angle)));
    }
    cv::Mat removed = cv::Mat::zeros(kImageSize, kImageSize, CV_8U);
    cv::fillPoly(removed, std::vector<std::vector<cv::Point>>{bite}, 255, cv::LINE_8);
    removed &= canvas.mask;

    // A dark line along the broken edge, then the background where the piece was.
    cv::Mat edge;
    cv::dilate(removed, edge, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3)));
    edge &= canvas.mask;
    cv::Mat edgeAlpha;
    edge.convertTo(edgeAlpha, CV_32F, 0.45 / 255.0);
    blendOnObject(canvas, edgeAlpha, meanObjectColour(canvas) * 0.4f);
    canvas.background.copyTo(canvas.image, removed);
    canvas.mask.setTo(0, removed);

    static const std::vector<std::string> phrases = {"a chipped edge", "a chipped edge", "a broken edge", "a chip on the edge"};
    return random.pick(phrases);
}

std::string noDefectPhrase(DemoRandom& random)
{
    static const std::vector<std::string> phrases = {"no defects", "no defect", "no visible defects"};
    return random.pick(phrases);
}

}  // namespace

// The cases follow the order of defectClassNames().
std::string paintDefect(Canvas& canvas, int defectClass, DemoRandom& random)
{
    switch (defectClass) {
    case 0: return noDefectPhrase(random);
    case 1: return paintScratch(canvas, random);
    case 2: return paintCrack(canvas, random);
    case 3: return paintDent(canvas, random);
    case 4: return paintRust(canvas, random);
    case 5: return paintHole(canvas, random);
    case 6: return paintStain(canvas, random);
    case 7: return paintChip(canvas, random);
    default:
        throw Error("demo generator: defect class " + std::to_string(defectClass) + " is out of range 0..7");
    }
}

}  // namespace fewshot::demo::detail
