#include "demo/demo_generator.h"

#include "base/error.h"
#include "demo/demo_captions.h"
#include "demo/demo_scene.h"

namespace fewshot::demo {

const std::vector<std::string>& defectClassNames()
{
    // The order matches detail::paintDefect.
    static const std::vector<std::string> names = {"no defect", "scratch", "crack", "dent",
                                                   "rust",      "hole",    "stain", "chipped edge"};
    return names;
}

const std::vector<std::string>& defaultTemplates()
{
    static const std::vector<std::string> templates = {
        "a photo of a {}.", "a part with {}.", "an object with {}.", "a close-up photo showing {}.",
        "inspection result: {}.",
    };
    return templates;
}

DemoSample generateSample(uint64_t seed, uint64_t index)
{
    const auto classCount = static_cast<uint64_t>(defectClassNames().size());
    return generateSample(seed, index, static_cast<int>(index % classCount));
}

DemoSample generateSample(uint64_t seed, uint64_t index, int defectClass)
{
    if (defectClass < 0 || defectClass >= static_cast<int>(defectClassNames().size()))
        throw Error("demo generator: defect class " + std::to_string(defectClass) + " is out of range 0.."
                    + std::to_string(defectClassNames().size() - 1));
    // Separate streams for the scene, the defect, the camera and the caption,
    // so that one index drawn with different defects shows the same scene.
    DemoRandom item = DemoRandom::forItem(seed, index);
    DemoRandom sceneRandom(item.next());
    DemoRandom defectRandom(item.next());
    DemoRandom cameraRandom(item.next());
    DemoRandom captionRandom(item.next());

    DemoSample sample;
    SceneAttributes& attributes = sample.attributes;
    attributes.defectClass = defectClass;
    const detail::NamedColour& colour = sceneRandom.pick(detail::objectColours());
    const detail::NamedColour* background = &sceneRandom.pick(detail::backgroundColours());
    while (!detail::hasContrast(colour, *background))
        background = &sceneRandom.pick(detail::backgroundColours());
    attributes.colour = colour.name;
    attributes.background = background->name;
    attributes.object = sceneRandom.pick(detail::objectNames());
    const double light = cameraRandom.uniform();
    attributes.lighting = light < 0.2 ? "bright" : light < 0.4 ? "dim" : "";
    attributes.blurred = cameraRandom.chance(0.3);

    detail::Canvas canvas;
    canvas.object = attributes.object;
    detail::paintBackground(canvas, *background, sceneRandom);
    detail::paintObject(canvas, colour, sceneRandom);
    attributes.defectPhrase = detail::paintDefect(canvas, defectClass, defectRandom);
    sample.rgb = detail::photograph(canvas, attributes.lighting, attributes.blurred, cameraRandom);
    Caption caption = composeCaption(attributes, captionRandom);
    sample.caption = std::move(caption.text);
    sample.classCaption = caption.classOnly;
    return sample;
}

}  // namespace fewshot::demo
