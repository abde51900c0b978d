#include "demo/demo_captions.h"

#include <vector>

namespace fewshot::demo {
namespace {

// Share of captions written in the words of the zero-shot templates.
constexpr double kTemplateCaptionShare = 0.5;

std::string fill(const std::string& pattern, const std::string& value)
{
    std::string text = pattern;
    const size_t at = text.find("{}");
    if (at != std::string::npos)
        text.replace(at, 2, value);
    return text;
}

// "red plate", "steel rod", or the bare object name when the colour is left out.
std::string describedObject(const SceneAttributes& attributes, DemoRandom& random)
{
    if (random.chance(0.2))
        return attributes.object;
    return attributes.colour + " " + attributes.object;
}

std::string backgroundPhrase(const SceneAttributes& attributes, DemoRandom& random)
{
    if (attributes.background == "wooden")
        return random.chance(0.5) ? "on a wooden table" : "on a wooden background";
    return "on a " + attributes.background + (random.chance(0.5) ? " background" : " surface");
}

// "a blurry photo", "a dim photo" or "a photo", by the scene's camera settings.
std::string photoPhrase(const SceneAttributes& attributes)
{
    if (attributes.blurred)
        return "a blurry photo";
    if (!attributes.lighting.empty())
        return "a " + attributes.lighting + " photo";
    return "a photo";
}

std::string templateCaption(const SceneAttributes& attributes, DemoRandom& random)
{
    // The shipped templates, plus variants so that the text tower does not
    // depend on their exact wording.
    std::vector<std::string> patterns = defaultTemplates();
    patterns.insert(patterns.end(), {"{}", "a photo showing {}.", "a " + attributes.object + " with {}."});
    return fill(random.pick(patterns), defectClassNames()[static_cast<size_t>(attributes.defectClass)]);
}

std::string defectCaption(const SceneAttributes& attributes, DemoRandom& random)
{
    const std::string object = "a " + describedObject(attributes, random);
    const std::string& defect = attributes.defectPhrase;
    switch (random.integer(0, 5)) {
    case 0: return object + " with " + defect;
    case 1: return photoPhrase(attributes) + " of " + object + " with " + defect + " " + backgroundPhrase(attributes, random);
    case 2: return defect + " on " + object;
    case 3: return "close-up of " + object + " showing " + defect;
    case 4: return object + " " + backgroundPhrase(attributes, random) + " with " + defect;
    default: return "an inspection image of " + object + " with " + defect;
    }
}

std::string intactCaption(const SceneAttributes& attributes, DemoRandom& random)
{
    const std::string described = describedObject(attributes, random);
    const std::string object = "a " + described;
    switch (random.integer(0, 5)) {
    case 0: return object + " with " + attributes.defectPhrase;
    case 1: return object + " without defects";
    case 2: return "a flawless " + described;
    case 3: return photoPhrase(attributes) + " of " + object + " in good condition " + backgroundPhrase(attributes, random);
    case 4: return "a clean " + described + " " + backgroundPhrase(attributes, random);
    default: return object + " " + backgroundPhrase(attributes, random) + ", " + attributes.defectPhrase;
    }
}

}  // namespace

Caption composeCaption(const SceneAttributes& attributes, DemoRandom& random)
{
    if (random.chance(kTemplateCaptionShare))
        return {templateCaption(attributes, random), true};
    return {attributes.defectClass == 0 ? intactCaption(attributes, random) : defectCaption(attributes, random), false};
}

}  // namespace fewshot::demo
