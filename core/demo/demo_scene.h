#pragma once

// Drawing steps of the demo generator, shared by its source files only.

#include "demo/demo_random.h"

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace fewshot::demo::detail {

// The image being drawn, in float RGB so that shading and blending need no
// rounding until the end.
struct Canvas {
    cv::Mat image;       // CV_32FC3, RGB in 0..255
    cv::Mat background;  // CV_32FC3, the scene without the object (seen through holes)
    cv::Mat mask;        // CV_8U, 255 where the object is
    std::string object;
    double axisAngle = 0.0;  // direction of the object's long axis, radians
};

struct NamedColour {
    std::string name;
    cv::Vec3f rgb;
};

const std::vector<NamedColour>& backgroundColours();
const std::vector<NamedColour>& objectColours();
const std::vector<std::string>& objectNames();

// Whether an object of this colour stands out enough from the background.
bool hasContrast(const NamedColour& object, const NamedColour& background);

// Fills the canvas with a background of the given kind, with a smooth
// brightness variation (and grain for "wooden").
void paintBackground(Canvas& canvas, const NamedColour& kind, DemoRandom& random);

// Draws the object near the centre and sets its mask. "steel" objects get a
// brushed-metal texture; rods are shaded as cylinders.
void paintObject(Canvas& canvas, const NamedColour& colour, DemoRandom& random);

// Draws the defect of class `defectClass` (an index into defectClassNames())
// on the object. Returns the phrase a caption uses for it, such as
// "a long scratch" or "no defects".
std::string paintDefect(Canvas& canvas, int defectClass, DemoRandom& random);

// Applies lighting ("bright", "dim" or "" for normal), optional blur and
// sensor noise, and returns 8-bit interleaved RGB.
std::vector<uint8_t> photograph(Canvas& canvas, const std::string& lighting, bool blurred,
                                DemoRandom& random);

// Returns a random pixel of `mask` at least `margin` pixels inside it. When no
// pixel is that far inside, smaller margins are tried down to zero.
cv::Point pointInside(const cv::Mat& mask, int margin, DemoRandom& random);

}  // namespace fewshot::demo::detail
