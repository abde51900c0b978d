#include "train/contrastive_trainer.h"

#include "base/error.h"

#include <chrono>
#include <cmath>

namespace fewshot::train {
namespace {

constexpr double kPi = 3.14159265358979323846;

bool endsWith(const std::string& text, const std::string& suffix)
{
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

void validateOptions(const ContrastiveOptions& options)
{
    if (options.steps < 1)
        throw Error("training needs at least 1 step, got " + std::to_string(options.steps));
    if (options.warmupSteps < 0 || options.warmupSteps > options.steps)
        throw Error("warm-up steps must be from 0 to the step count " + std::to_string(options.steps) + ", got "
                    + std::to_string(options.warmupSteps));
    if (!(options.learningRate > 0.0) || options.minLearningRate < 0.0 || options.minLearningRate > options.learningRate)
        throw Error("the learning rate must be positive and the minimum learning rate from 0 to it");
    if (options.weightDecay < 0.0 || options.maxGradientNorm < 0.0)
        throw Error("weight decay and the gradient norm limit must not be negative");
}

void validateBatch(const ContrastiveBatch& batch)
{
    if (!batch.pixels.defined() || !batch.tokenIds.defined() || batch.pixels.dim() != 4 || batch.tokenIds.dim() != 2)
        throw Error("a training batch needs pixels [batch, 3, size, size] and token ids [batch, tokens]");
    if (batch.pixels.size(0) != batch.tokenIds.size(0))
        throw Error("a training batch has " + std::to_string(batch.pixels.size(0)) + " images but "
                    + std::to_string(batch.tokenIds.size(0)) + " texts; they must pair up");
    if (batch.pixels.size(0) < 2)
        throw Error("contrastive training needs at least 2 pairs per batch, got " + std::to_string(batch.pixels.size(0)));
    const int64_t size = batch.pixels.size(0);
    if (batch.matches.defined()
        && (batch.matches.dim() != 2 || batch.matches.size(0) != size || batch.matches.size(1) != size))
        throw Error("the match matrix of a training batch of " + std::to_string(size) + " pairs must be ["
                    + std::to_string(size) + ", " + std::to_string(size) + "]");
}

// Matrices are decayed; vectors and scalars (biases, norms, the class
// embedding, logit_scale) are not, following CLIP and OpenCLIP training.
std::vector<torch::optim::OptimizerParamGroup> parameterGroups(ClipModulesImpl& modules,
                                                               const ContrastiveOptions& options)
{
    std::vector<torch::Tensor> decayed, plain;
    for (const auto& item : modules.named_parameters(true))
        (item.value().dim() >= 2 ? decayed : plain).push_back(item.value());
    auto groupOptions = [&](double weightDecay) {
        auto adamw = std::make_unique<torch::optim::AdamWOptions>(options.learningRate);
        adamw->betas({options.beta1, options.beta2}).eps(options.epsilon).weight_decay(weightDecay);
        return adamw;
    };
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decayed, groupOptions(options.weightDecay));
    groups.emplace_back(plain, groupOptions(0.0));
    return groups;
}

}  // namespace

double learningRateAt(const ContrastiveOptions& options, int64_t step)
{
    if (step < options.warmupSteps)
        return options.learningRate * static_cast<double>(step + 1) / static_cast<double>(options.warmupSteps);
    const int64_t decaySteps = std::max<int64_t>(1, options.steps - options.warmupSteps - 1);
    const double progress = std::min(1.0, static_cast<double>(step - options.warmupSteps) / static_cast<double>(decaySteps));
    return options.minLearningRate
           + 0.5 * (options.learningRate - options.minLearningRate) * (1.0 + std::cos(kPi * progress));
}

torch::Tensor contrastiveLoss(const torch::Tensor& logitsPerImage)
{
    const auto labels = torch::arange(logitsPerImage.size(0), logitsPerImage.options().dtype(torch::kLong));
    const auto imageToText = torch::nn::functional::cross_entropy(logitsPerImage, labels);
    const auto textToImage = torch::nn::functional::cross_entropy(logitsPerImage.t(), labels);
    return (imageToText + textToImage) / 2.0;
}

torch::Tensor contrastiveLoss(const torch::Tensor& logitsPerImage, const torch::Tensor& matches)
{
    const auto weights = matches.to(logitsPerImage.scalar_type());
    const auto imageTargets = weights / weights.sum(1, true);
    const auto textTargets = weights.t() / weights.t().sum(1, true);
    const auto imageToText = -(imageTargets * torch::log_softmax(logitsPerImage, 1)).sum(1).mean();
    const auto textToImage = -(textTargets * torch::log_softmax(logitsPerImage.t(), 1)).sum(1).mean();
    return (imageToText + textToImage) / 2.0;
}

torch::Tensor identicalTextMatches(const torch::Tensor& tokenIds)
{
    return tokenIds.unsqueeze(1).eq(tokenIds.unsqueeze(0)).all(-1).to(torch::kFloat);
}

ContrastiveTrainer::ContrastiveTrainer(ClipModulesImpl& modules, ContrastiveOptions options)
    : modules_(modules), options_(std::move(options))
{
    validateOptions(options_);
    optimizer_ = std::make_unique<torch::optim::AdamW>(parameterGroups(modules_, options_));
}

double ContrastiveTrainer::trainStep(const ContrastiveBatch& batch)
{
    validateBatch(batch);
    const double learningRate = learningRateAt(options_, step_);
    for (auto& group : optimizer_->param_groups())
        static_cast<torch::optim::AdamWOptions&>(group.options()).lr(learningRate);

    modules_.train();
    optimizer_->zero_grad();
    const auto matches = batch.matches.defined() ? batch.matches : identicalTextMatches(batch.tokenIds);
    const auto loss = contrastiveLoss(modules_.logitsPerImage(batch.pixels, batch.tokenIds), matches);
    loss.backward();
    if (options_.maxGradientNorm > 0.0)
        torch::nn::utils::clip_grad_norm_(modules_.parameters(), options_.maxGradientNorm);
    optimizer_->step();
    {
        // The reference clamps the parameter itself, so exp(logit_scale) stays at most 100.
        torch::NoGradGuard noGrad;
        modules_.logit_scale.clamp_(0.0, std::log(100.0));
    }
    ++step_;
    return loss.item<double>();
}

TrainResult ContrastiveTrainer::run(const std::function<ContrastiveBatch(int64_t step)>& nextBatch)
{
    torch::manual_seed(options_.seed);
    const auto start = std::chrono::steady_clock::now();
    TrainResult result;
    while (step_ < options_.steps) {
        if (options_.cancel && options_.cancel()) {
            result.cancelled = true;
            break;
        }
        const double learningRate = learningRateAt(options_, step_);
        result.finalLoss = trainStep(nextBatch(step_));
        result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (options_.progress) {
            TrainProgress progress;
            progress.step = step_;
            progress.totalSteps = options_.steps;
            progress.loss = result.finalLoss;
            progress.learningRate = learningRate;
            progress.logitScale = modules_.logit_scale.exp().item<double>();
            progress.elapsedSeconds = result.seconds;
            options_.progress(progress);
        }
    }
    result.steps = step_;
    modules_.eval();
    return result;
}

void initializeClipWeights(ClipModulesImpl& modules, uint64_t seed)
{
    torch::manual_seed(seed);
    torch::NoGradGuard noGrad;
    const ClipConfig& config = modules.config;
    for (auto& item : modules.named_parameters(true)) {
        const std::string& name = item.key();
        torch::Tensor& parameter = item.value();
        const TowerConfig& tower = name.rfind("text_", 0) == 0 ? static_cast<const TowerConfig&>(config.text)
                                                                : static_cast<const TowerConfig&>(config.vision);
        const double width = static_cast<double>(tower.hiddenSize);
        const double residualStd = std::pow(width, -0.5) * std::pow(2.0 * static_cast<double>(tower.numLayers), -0.5);

        if (contains(name, "layer_norm") || contains(name, "layernorm") || contains(name, "layrnorm"))
            parameter.fill_(endsWith(name, "weight") ? 1.0 : 0.0);
        else if (name == "logit_scale")
            parameter.fill_(config.logitScaleInit);
        else if (endsWith(name, ".bias"))
            parameter.zero_();
        else if (contains(name, "token_embedding") || contains(name, "patch_embedding"))
            parameter.normal_(0.0, 0.02);
        else if (name == "text_model.embeddings.position_embedding.weight")
            parameter.normal_(0.0, 0.01);
        else if (contains(name, "out_proj") || contains(name, "fc2"))  // write into the residual stream
            parameter.normal_(0.0, residualStd);
        else if (contains(name, "fc1"))
            parameter.normal_(0.0, std::pow(2.0 * width, -0.5));
        else  // q, k, v, the vision class and position embeddings, the projections
            parameter.normal_(0.0, std::pow(width, -0.5));
    }
}

}  // namespace fewshot::train
