#pragma once

// A generator of small inspection-like images with captions, used to train
// and test the project's own demo CLIP. Every image shows one object (plate,
// rod, ring, tile or fabric patch) on a background, with one defect or none,
// under varied lighting, blur and noise. Sample `index` under `seed` is always
// the same image and caption.

#include <cstdint>
#include <string>
#include <vector>

namespace fewshot::demo {

// Side of the generated square images, in pixels.
constexpr int kImageSize = 64;

// The defect classes, "no defect" first. These are the folder names of
// generated data sets and the class names zero-shot classification uses.
const std::vector<std::string>& defectClassNames();

// Prompt templates ("{}" marks the class name) for zero-shot classification
// of the defect classes with the demo model.
const std::vector<std::string>& defaultTemplates();

// What one generated image shows; the caption is composed from these.
struct SceneAttributes {
    int defectClass = 0;      // index into defectClassNames()
    std::string object;       // "plate", "rod", "ring", "tile", "fabric patch"
    std::string colour;       // "red", ..., "steel"
    std::string background;   // "dark", "white", "grey", "blue", "green", "wooden"
    std::string defectPhrase; // "a long scratch", "rust spots", "no defects", ...
    std::string lighting;     // "bright", "dim" or "" for normal light
    bool blurred = false;
};

struct DemoSample {
    int width = kImageSize;
    int height = kImageSize;
    std::vector<uint8_t> rgb;  // rows top to bottom, interleaved R, G, B
    std::string caption;
    // True when the caption only names the defect class in the words of a
    // prompt template ("a part with rust."), so it fits every image of the
    // class equally well.
    bool classCaption = false;
    SceneAttributes attributes;
};

// Generates sample `index` of the stream `seed`. Its defect class is
// index modulo the class count, so any run of consecutive indices whose
// length is a multiple of the class count is balanced.
DemoSample generateSample(uint64_t seed, uint64_t index);

// Generates sample `index` of the stream `seed` showing the given class.
// Throws Error when the class index is out of range.
DemoSample generateSample(uint64_t seed, uint64_t index, int defectClass);

}  // namespace fewshot::demo
