#include "engine/ensemble.h"

#include "base/error.h"

namespace fewshot::engine {
namespace {

class Ensemble : public FewShotMethod {
public:
    explicit Ensemble(std::vector<std::unique_ptr<FewShotMethod>> members) : members_(std::move(members)) {}

    std::string name() const override { return "ensemble"; }

protected:
    FitResult fitNormalized(const FeatureMatrix& support, const std::vector<int64_t>& labels,
                            const FeatureMatrix& textPrototypes, const FitOptions& options) override
    {
        FitResult result;
        result.hyperparameters = nlohmann::json::object();
        nlohmann::json names = nlohmann::json::array();
        for (size_t i = 0; i < members_.size(); ++i) {
            FewShotMethod& member = *members_[i];
            FitOptions memberOptions = options;
            if (options.progress) {
                // Each member reports as a stage of its own, "<member> (2/3)".
                const std::string stage = member.name() + " (" + std::to_string(i + 1) + "/"
                                          + std::to_string(members_.size()) + ")";
                memberOptions.progress = [&options, stage](const FitProgress& progress) {
                    FitProgress renamed = progress;
                    renamed.stage = stage + " " + progress.stage;
                    options.progress(renamed);
                };
            }
            member.fit(support, labels, textPrototypes, memberOptions);
            result.head.members.push_back(member.head());
            result.hyperparameters[member.name()] = member.hyperparameters();
            names.push_back(member.name());
        }
        result.hyperparameters["members"] = names;
        result.hyperparameters["combination"] = "mean of the members' probabilities";
        return result;
    }

private:
    std::vector<std::unique_ptr<FewShotMethod>> members_;
};

}  // namespace

std::unique_ptr<FewShotMethod> makeEnsemble(std::vector<std::unique_ptr<FewShotMethod>> members)
{
    if (members.size() < 2)
        throw Error("an ensemble needs at least 2 methods, got " + std::to_string(members.size()));
    for (const auto& member : members)
        if (!member || member->name() == "ensemble")
            throw Error("an ensemble cannot contain another ensemble");
    return std::make_unique<Ensemble>(std::move(members));
}

}  // namespace fewshot::engine
