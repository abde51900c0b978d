#include "engine/method.h"

#include "engine/method_factories.h"

#include <algorithm>
#include <cmath>

namespace fewshot::engine {
namespace {

bool allFinite(const std::vector<float>& values)
{
    return std::all_of(values.begin(), values.end(), [](float v) { return std::isfinite(v); });
}

// The baseline: logits = s * cos(x, t_c), the CLIP classifier itself.
class ZeroShot : public FewShotMethod {
public:
    std::string name() const override { return "zero-shot"; }

protected:
    FitResult fitNormalized(const FeatureMatrix&, const std::vector<int64_t>&,
                            const FeatureMatrix& textPrototypes, const FitOptions& options) override
    {
        FitResult result;
        result.head.weight = textPrototypes;
        for (float& value : result.head.weight.values)
            value *= static_cast<float>(options.logitScale);
        result.head.bias.assign(static_cast<size_t>(textPrototypes.rows), 0.0f);
        result.hyperparameters = {{"logit_scale", options.logitScale}};
        return result;
    }
};

}  // namespace

namespace detail {

std::unique_ptr<FewShotMethod> makeZeroShot()
{
    return std::make_unique<ZeroShot>();
}

}  // namespace detail

void validateTrainingInputs(const FeatureMatrix& support, const std::vector<int64_t>& labels,
                            const FeatureMatrix& textPrototypes)
{
    if (textPrototypes.rows < 2)
        throw Error("at least 2 classes are needed, got "
                    + std::to_string(textPrototypes.rows) + " text prototypes");
    if (support.rows == 0)
        throw Error("the support set is empty; give at least one labelled example per class");
    if (support.cols != textPrototypes.cols)
        throw Error("support features have " + std::to_string(support.cols)
                    + " dimensions but the text prototypes have "
                    + std::to_string(textPrototypes.cols)
                    + "; both must come from the same CLIP model");
    if (static_cast<int64_t>(labels.size()) != support.rows)
        throw Error("got " + std::to_string(labels.size()) + " labels for "
                    + std::to_string(support.rows) + " support features; give one label per row");

    std::vector<int64_t> perClass(static_cast<size_t>(textPrototypes.rows), 0);
    for (size_t i = 0; i < labels.size(); ++i) {
        if (labels[i] < 0 || labels[i] >= textPrototypes.rows)
            throw Error("label " + std::to_string(labels[i]) + " of support sample "
                        + std::to_string(i) + " is out of range: there are "
                        + std::to_string(textPrototypes.rows) + " classes (0 to "
                        + std::to_string(textPrototypes.rows - 1) + ")");
        ++perClass[static_cast<size_t>(labels[i])];
    }
    for (size_t c = 0; c < perClass.size(); ++c)
        if (perClass[c] == 0)
            throw Error("class " + std::to_string(c)
                        + " has no support sample; label at least one example of every class");

    if (!allFinite(support.values))
        throw Error("the support features contain NaN or infinite values");
    if (!allFinite(textPrototypes.values))
        throw Error("the text prototypes contain NaN or infinite values");
}

void FewShotMethod::fit(const FeatureMatrix& support, const std::vector<int64_t>& labels,
                        const FeatureMatrix& textPrototypes, const FitOptions& options)
{
    validateTrainingInputs(support, labels, textPrototypes);
    FitResult result = fitNormalized(normalizeRows(support), labels, normalizeRows(textPrototypes),
                                     options);
    result.head.validate();
    head_ = std::move(result.head);
    hyperparameters_ = std::move(result.hyperparameters);
    fitted_ = true;
}

const ClassifierHead& FewShotMethod::head() const
{
    if (!fitted_)
        throw Error("the " + name() + " method has not been trained yet; call fit first");
    return head_;
}

FeatureMatrix FewShotMethod::predictProbabilities(const FeatureMatrix& features) const
{
    return engine::predictProbabilities(head(), features);
}

const std::vector<std::string>& featureMethodNames()
{
    static const std::vector<std::string> names = {"zero-shot", "linear-probe", "tip-adapter",
                                                   "tip-adapter-f"};
    return names;
}

const std::vector<std::string>& imageMethodNames()
{
    static const std::vector<std::string> names = {"coop", "fine-tune", "ensemble"};
    return names;
}

std::unique_ptr<FewShotMethod> createMethod(const std::string& name)
{
    if (name == "zero-shot")
        return detail::makeZeroShot();
    if (name == "linear-probe")
        return detail::makeLinearProbe();
    if (name == "tip-adapter")
        return detail::makeTipAdapter(false);
    if (name == "tip-adapter-f")
        return detail::makeTipAdapter(true);

    const auto& imageMethods = imageMethodNames();
    if (std::find(imageMethods.begin(), imageMethods.end(), name) != imageMethods.end())
        throw Error("the " + name
                    + " method trains through the CLIP encoders and needs images, not cached "
                      "features; use zero-shot, linear-probe, tip-adapter or tip-adapter-f");
    throw Error("unknown method '" + name
                + "'; known methods: zero-shot, linear-probe, tip-adapter, tip-adapter-f, coop, "
                  "fine-tune, ensemble");
}

}  // namespace fewshot::engine
