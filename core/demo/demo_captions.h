#pragma once

#include "demo/demo_generator.h"
#include "demo/demo_random.h"

#include <string>

namespace fewshot::demo {

// Composes a caption for a scene in one of several sentence forms. Half of
// the captions name only the defect class in the words of the
// zero-shot templates ("a part with rust."), so the trained text tower maps
// those prompts onto the defect; the others describe the object, colour,
// background and defect in free sentences.
struct Caption {
    std::string text;
    bool classOnly = false;  // a template caption that names only the defect class
};
Caption composeCaption(const SceneAttributes& attributes, DemoRandom& random);

}  // namespace fewshot::demo
