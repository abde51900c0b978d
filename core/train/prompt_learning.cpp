#include "train/prompt_learning.h"

#include "base/error.h"
#include "engine/torch_support.h"
#include "model/clip_model.h"
#include "model/clip_modules.h"
#include "text/tokenizer.h"

#include <cmath>

namespace fewshot::train {
namespace {

namespace F = torch::nn::functional;
constexpr double kPi = 3.14159265358979323846;

class PromptLearning : public engine::FewShotMethod {
public:
    PromptLearning(const ClipModel& model, const Tokenizer& tokenizer, std::vector<std::string> classNames,
                   PromptLearningOptions options)
        : model_(model), tokenizer_(tokenizer), classNames_(std::move(classNames)), options_(std::move(options))
    {
    }

    std::string name() const override { return "coop"; }

protected:
    FitResult fitNormalized(const engine::FeatureMatrix& support, const std::vector<int64_t>& labels,
                            const engine::FeatureMatrix& textPrototypes, const engine::FitOptions& options) override;

private:
    // Token ids [classes, tokens] of "<start> context <class name>. <end>",
    // padded with 0, and the number of context tokens.
    torch::Tensor promptTokens(int64_t& contextTokens) const;

    const ClipModel& model_;
    const Tokenizer& tokenizer_;
    std::vector<std::string> classNames_;
    PromptLearningOptions options_;
};

torch::Tensor PromptLearning::promptTokens(int64_t& contextTokens) const
{
    const std::vector<int64_t> context = tokenizer_.encode(options_.initialContext);
    if (context.empty())
        throw Error("the initial prompt context '" + options_.initialContext + "' has no words; give at least one");
    contextTokens = static_cast<int64_t>(context.size());
    const int64_t maxTokens = model_.config().text.maxPositions;
    std::vector<std::vector<int64_t>> rows;
    size_t longest = 0;
    for (const std::string& className : classNames_) {
        std::vector<int64_t> row = {tokenizer_.startToken()};
        row.insert(row.end(), context.begin(), context.end());
        const std::vector<int64_t> words = tokenizer_.encode(className + ".");
        row.insert(row.end(), words.begin(), words.end());
        row.push_back(tokenizer_.endToken());
        if (static_cast<int64_t>(row.size()) > maxTokens)
            throw Error("the class name '" + className + "' is too long for prompt learning: its prompt has "
                        + std::to_string(row.size()) + " tokens and the model reads at most "
                        + std::to_string(maxTokens));
        longest = std::max(longest, row.size());
        rows.push_back(std::move(row));
    }
    torch::Tensor ids = torch::zeros({static_cast<int64_t>(rows.size()), static_cast<int64_t>(longest)}, torch::kLong);
    for (size_t i = 0; i < rows.size(); ++i)
        ids[static_cast<int64_t>(i)].narrow(0, 0, static_cast<int64_t>(rows[i].size()))
            .copy_(torch::tensor(rows[i], torch::kLong));
    return ids;
}

engine::FewShotMethod::FitResult PromptLearning::fitNormalized(const engine::FeatureMatrix& support,
                                                              const std::vector<int64_t>& labels,
                                                              const engine::FeatureMatrix& textPrototypes,
                                                              const engine::FitOptions& options)
{
    const int64_t classCount = textPrototypes.rows;
    if (static_cast<int64_t>(classNames_.size()) != classCount)
        throw Error("prompt learning got " + std::to_string(classNames_.size()) + " class names for "
                    + std::to_string(classCount) + " text prototypes; give one name per class");
    if (options_.steps < 1 || !(options_.learningRate > 0.0) || options_.prototypePenalty < 0.0)
        throw Error("prompt learning needs at least one step, a positive learning rate and a penalty of 0 or more");

    const engine::detail::FitMonitor monitor(options);
    ClipModulesImpl& modules = model_.modules();
    const torch::Device device = modules.logit_scale.device();
    const torch::Dtype dtype = modules.text_projection->weight.scalar_type();

    int64_t contextTokens = 0;
    const torch::Tensor ids = promptTokens(contextTokens).to(device);
    torch::Tensor prefix, suffix, context, poolAt;
    {
        torch::NoGradGuard noGrad;
        const torch::Tensor embedded = modules.text_model->embeddings->token_embedding->forward(ids).to(torch::kFloat32);
        poolAt = modules.text_model->endPositions(ids);
        prefix = embedded.narrow(1, 0, 1);
        suffix = embedded.narrow(1, 1 + contextTokens, embedded.size(1) - 1 - contextTokens);
        const torch::Tensor words = embedded.narrow(1, 1, contextTokens);
        context = (options_.classSpecific ? words : words[0]).clone();
    }
    context.set_requires_grad(true);

    const torch::Tensor features = engine::detail::borrowTensor(support).to(device);
    const torch::Tensor prototypes = engine::detail::borrowTensor(textPrototypes).to(device);
    const torch::Tensor target = engine::detail::toTensor(labels).to(device);
    const torch::Tensor weights = engine::detail::sampleWeights(engine::detail::toTensor(labels), classCount,
                                                                options.classBalanced)
                                      .to(device);
    const double scale = options.logitScale;

    // The learned class embeddings, unit length, float32 [classes, dim].
    auto classEmbeddings = [&]() {
        const torch::Tensor shared = options_.classSpecific
                                         ? context
                                         : context.unsqueeze(0).expand({classCount, contextTokens, context.size(1)});
        const torch::Tensor prompts = torch::cat({prefix, shared, suffix}, 1).to(dtype);
        return F::normalize(modules.encodeTextEmbeddings(prompts, poolAt).to(torch::kFloat32),
                            F::NormalizeFuncOptions().dim(1));
    };

    torch::optim::Adam optimizer({context}, torch::optim::AdamOptions(options_.learningRate));
    double lastLoss = 0.0;
    for (int step = 0; step < options_.steps; ++step) {
        monitor.checkCancelled();
        const double rate = 0.5 * options_.learningRate * (1.0 + std::cos(kPi * step / options_.steps));
        for (auto& group : optimizer.param_groups())
            static_cast<torch::optim::AdamOptions&>(group.options()).lr(rate);

        torch::AutoGradMode gradients(true);
        const torch::Tensor embeddings = classEmbeddings();
        const torch::Tensor crossEntropy =
            engine::detail::weightedCrossEntropy(features.matmul(embeddings.t()) * scale, target, weights);
        const torch::Tensor penalty = (embeddings - prototypes).pow(2).sum(1).mean();
        const torch::Tensor loss = crossEntropy + options_.prototypePenalty * penalty;
        // Only the context's gradient: the encoder's weights stay untouched
        // and may be shared with other threads.
        context.mutable_grad() = torch::autograd::grad({loss}, {context})[0];
        optimizer.step();
        lastLoss = crossEntropy.item<double>();

        engine::FitProgress progress;
        progress.stage = "fit";
        progress.step = step + 1;
        progress.totalSteps = options_.steps;
        progress.trainingLoss = lastLoss;
        progress.learningRate = rate;
        monitor.report(progress);
    }

    torch::NoGradGuard noGrad;
    engine::detail::HeadTensors head;
    head.weight = (classEmbeddings() * scale).to(torch::kCPU).contiguous();
    head.bias = torch::zeros({classCount});
    FitResult result;
    result.head = engine::detail::makeHead(head);
    result.hyperparameters = {{"initial_context", options_.initialContext},
                              {"context_tokens", contextTokens},
                              {"class_specific_context", options_.classSpecific},
                              {"steps", options_.steps},
                              {"learning_rate", options_.learningRate},
                              {"prototype_penalty", options_.prototypePenalty},
                              {"logit_scale", scale},
                              {"final_training_loss", lastLoss}};
    return result;
}

}  // namespace

std::unique_ptr<engine::FewShotMethod> makePromptLearning(const ClipModel& model, const Tokenizer& tokenizer,
                                                          std::vector<std::string> classNames,
                                                          PromptLearningOptions options)
{
    return std::make_unique<PromptLearning>(model, tokenizer, std::move(classNames), std::move(options));
}

}  // namespace fewshot::train
