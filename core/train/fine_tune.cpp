#include "train/fine_tune.h"

#include "base/error.h"
#include "engine/method.h"
#include "model/benchmark.h"
#include "model/checkpoint_writer.h"
#include "model/clip_model.h"
#include "model/clip_modules.h"
#include "train/contrastive_trainer.h"

#include <ATen/autocast_mode.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

namespace fewshot::train {
namespace {

namespace F = torch::nn::functional;
constexpr double kPi = 3.14159265358979323846;

// Raised inside the forward or backward pass when the job is cancelled, so
// that a long step stops at the next transformer block.
class StepCancelled : public std::exception {
};

// Turns autocast on for the calling thread while it lives. Newer LibTorch
// releases deprecate the per-device functions in favour of ones that take the
// device type.
// NOTE: 2.4 as the first release with the new functions is an estimate, and
// this branch has not been compiled here (Debian ships 1.13).
class AutocastScope {
public:
    AutocastScope(const std::string& autocast, const torch::Device& device)
    {
        if (autocast == "none")
            return;
        const at::ScalarType type = autocast == "float16" ? at::kHalf : at::kBFloat16;
        cuda_ = device.is_cuda();
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
        const auto deviceType = cuda_ ? at::kCUDA : at::kCPU;
        at::autocast::set_autocast_enabled(deviceType, true);
        at::autocast::set_autocast_dtype(deviceType, type);
#else
        if (cuda_) {
            at::autocast::set_enabled(true);
            at::autocast::set_autocast_gpu_dtype(type);
        } else {
            at::autocast::set_cpu_enabled(true);
            at::autocast::set_autocast_cpu_dtype(type);
        }
#endif
        active_ = true;
    }
    ~AutocastScope()
    {
        if (!active_)
            return;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
        at::autocast::set_autocast_enabled(cuda_ ? at::kCUDA : at::kCPU, false);
#else
        if (cuda_)
            at::autocast::set_enabled(false);
        else
            at::autocast::set_cpu_enabled(false);
#endif
        at::autocast::clear_cache();
    }
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

private:
    bool active_ = false;
    bool cuda_ = false;
};

void validate(const ClipModel& model, const FineTuneData& data, const FineTuneOptions& options)
{
    if (options.epochs < 1 || options.batchSize < 1)
        throw Error("fine-tuning needs at least 1 epoch and a batch size of at least 1");
    if (!(options.learningRate > 0.0) || options.weightDecay < 0.0)
        throw Error("fine-tuning needs a positive learning rate and a weight decay of 0 or more");
    if (options.warmupFraction < 0.0 || options.warmupFraction > 1.0)
        throw Error("the warm-up fraction must be from 0 to 1");
    if (options.labelSmoothing < 0.0 || options.labelSmoothing >= 1.0)
        throw Error("label smoothing must be from 0 to below 1");
    if (options.wiseRatio < 0.0 || options.wiseRatio > 1.0)
        throw Error("the WiSE-FT ratio must be from 0 (the original model) to 1 (the fine-tuned one), got "
                    + std::to_string(options.wiseRatio));
    if (options.autocast != "none" && options.autocast != "bfloat16" && options.autocast != "float16")
        throw Error("autocast must be none, bfloat16 or float16, got '" + options.autocast + "'");
    if (options.autocast == "float16" && model.deviceName().rfind("cuda", 0) != 0)
        throw Error("float16 autocast needs a CUDA device; on the CPU use bfloat16");

    const int64_t size = model.imageSize();
    const int64_t imageValues = 3 * size * size;
    const int64_t dim = model.embeddingDim();
    if (data.labels.empty())
        throw Error("fine-tuning needs at least one training image");
    if (static_cast<int64_t>(data.pixels.size()) != static_cast<int64_t>(data.labels.size()) * imageValues)
        throw Error("fine-tuning got pixels for " + std::to_string(data.pixels.size() / imageValues) + " images but "
                    + std::to_string(data.labels.size()) + " labels");
    if (static_cast<int64_t>(data.validationPixels.size())
        != static_cast<int64_t>(data.validationLabels.size()) * imageValues)
        throw Error("fine-tuning got validation pixels that do not match its validation labels");
    if (data.prototypes.empty() || data.prototypes.size() % dim != 0)
        throw Error("fine-tuning needs the class prototypes [classes, " + std::to_string(dim) + "]");
    const int64_t classes = static_cast<int64_t>(data.prototypes.size()) / dim;
    std::vector<int64_t> perClass(static_cast<size_t>(classes), 0);
    for (int64_t label : data.labels) {
        if (label < 0 || label >= classes)
            throw Error("fine-tuning label " + std::to_string(label) + " is out of range for "
                        + std::to_string(classes) + " classes");
        ++perClass[static_cast<size_t>(label)];
    }
    for (int64_t label : data.validationLabels)
        if (label < 0 || label >= classes)
            throw Error("fine-tuning validation label " + std::to_string(label) + " is out of range");
    for (size_t c = 0; c < perClass.size(); ++c)
        if (perClass[c] == 0)
            throw Error("class " + std::to_string(c) + " has no training image; give every class at least one");
    if (data.mean.size() != 3 || data.deviation.size() != 3)
        throw Error("fine-tuning needs the preprocessing mean and std of the 3 colour channels");
    if (options.trainTextEncoder && static_cast<int64_t>(data.classPrompts.size()) != classes)
        throw Error("training the text encoder needs the prompts of every class");
}

// A float32 copy of the modules on the model's device, for training.
std::shared_ptr<ClipModulesImpl> trainableCopy(const ClipModel& model)
{
    ClipModulesImpl& source = model.modules();
    auto copy = std::make_shared<ClipModulesImpl>(source.config);
    const auto sourceParameters = source.named_parameters(true);
    torch::NoGradGuard noGrad;
    for (auto& item : copy->named_parameters(true)) {
        const torch::Tensor& value = sourceParameters[item.key()];
        item.value().set_data(value.to(value.device(), torch::kFloat32).clone());
    }
    return copy;
}

// The learning-rate schedule of the contrastive trainer: linear warm-up, then
// a cosine decay to zero.
ContrastiveOptions schedule(const FineTuneOptions& options, int64_t totalSteps)
{
    ContrastiveOptions result;
    result.steps = totalSteps;
    result.warmupSteps = static_cast<int64_t>(std::lround(options.warmupFraction * static_cast<double>(totalSteps)));
    result.learningRate = options.learningRate;
    return result;
}

// The order of training images in one epoch: a shuffle of all of them, or,
// when oversampling, each class drawn as often as the largest one.
std::vector<int64_t> epochOrder(const std::vector<int64_t>& labels, int64_t classes, bool oversample,
                                std::mt19937_64& random)
{
    std::vector<int64_t> order;
    if (!oversample) {
        for (int64_t i = 0; i < static_cast<int64_t>(labels.size()); ++i)
            order.push_back(i);
    } else {
        std::vector<std::vector<int64_t>> members(static_cast<size_t>(classes));
        for (int64_t i = 0; i < static_cast<int64_t>(labels.size()); ++i)
            members[static_cast<size_t>(labels[static_cast<size_t>(i)])].push_back(i);
        size_t largest = 0;
        for (const auto& rows : members)
            largest = std::max(largest, rows.size());
        for (auto& rows : members) {
            std::shuffle(rows.begin(), rows.end(), random);
            for (size_t k = 0; k < largest; ++k)
                order.push_back(rows[k % rows.size()]);
        }
    }
    std::shuffle(order.begin(), order.end(), random);
    return order;
}

// Draws the random transform of each image as the inverse affine map that
// grid_sample takes (output coordinates to input coordinates, both in [-1, 1]).
torch::Tensor randomAffine(int64_t count, const AugmentationOptions& options, std::mt19937_64& random)
{
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    torch::Tensor theta = torch::zeros({count, 2, 3});
    auto access = theta.accessor<float, 3>();
    for (int64_t i = 0; i < count; ++i) {
        double width = 1.0, height = 1.0, centerX = 0.0, centerY = 0.0;
        if (options.resizedCrop) {
            // Area 80% to 100% of the image, aspect ratio 3/4 to 4/3, limited to the image.
            const double area = 0.8 + 0.2 * unit(random);
            const double aspect = std::exp(std::log(3.0 / 4.0) + unit(random) * std::log(16.0 / 9.0));
            width = std::min(1.0, std::sqrt(area * aspect));
            height = std::min(1.0, std::sqrt(area / aspect));
            centerX = (1.0 - width) * (2.0 * unit(random) - 1.0);
            centerY = (1.0 - height) * (2.0 * unit(random) - 1.0);
        }
        if (options.translation) {
            centerX += 0.2 * (2.0 * unit(random) - 1.0);  // 10% of the size is 0.2 in [-1, 1]
            centerY += 0.2 * (2.0 * unit(random) - 1.0);
        }
        const double angle = options.rotation ? (2.0 * unit(random) - 1.0) * 15.0 * kPi / 180.0 : 0.0;
        const double flip = options.horizontalFlip && unit(random) < 0.5 ? -1.0 : 1.0;
        const double c = std::cos(angle), s = std::sin(angle);
        access[i][0][0] = static_cast<float>(c * width * flip);
        access[i][0][1] = static_cast<float>(-s * height);
        access[i][0][2] = static_cast<float>(centerX);
        access[i][1][0] = static_cast<float>(s * width * flip);
        access[i][1][1] = static_cast<float>(c * height);
        access[i][1][2] = static_cast<float>(centerY);
    }
    return theta;
}

// Applies the augmentation to a batch of normalized pixels [count, 3, S, S].
// Areas the transform brings in from outside the image get the mean colour.
torch::Tensor augmentBatch(const torch::Tensor& pixels, const AugmentationOptions& options, const torch::Tensor& mean,
                           const torch::Tensor& deviation, std::mt19937_64& random)
{
    const int64_t count = pixels.size(0);
    torch::Tensor result = pixels;
    if (options.resizedCrop || options.translation || options.rotation || options.horizontalFlip) {
        const torch::Tensor theta = randomAffine(count, options, random).to(pixels.device());
        const torch::Tensor grid = F::affine_grid(theta, pixels.sizes().vec(), false);
        result = F::grid_sample(pixels, grid,
                                F::GridSampleFuncOptions().mode(torch::kBilinear).padding_mode(torch::kZeros).align_corners(false));
    }
    if (options.colorJitter) {
        std::uniform_real_distribution<double> factor(0.8, 1.2);
        torch::Tensor factors = torch::empty({count, 3});
        auto access = factors.accessor<float, 2>();
        for (int64_t i = 0; i < count; ++i)
            for (int64_t j = 0; j < 3; ++j)
                access[i][j] = static_cast<float>(factor(random));
        factors = factors.to(pixels.device());
        const auto view = [&](int64_t j) { return factors.select(1, j).view({count, 1, 1, 1}); };
        torch::Tensor rgb = result * deviation + mean;  // back to [0, 1]
        rgb = rgb * view(0);  // brightness
        const torch::Tensor luminance = (rgb.select(1, 0) * 0.299 + rgb.select(1, 1) * 0.587 + rgb.select(1, 2) * 0.114)
                                            .unsqueeze(1);
        const torch::Tensor meanLuminance = luminance.mean({1, 2, 3}, true);
        rgb = (rgb - meanLuminance) * view(1) + meanLuminance;  // contrast
        rgb = (rgb - luminance) * view(2) + luminance;          // saturation
        result = (rgb.clamp(0.0, 1.0) - mean) / deviation;
    }
    return result;
}

// The trainable classifier and the loss over it.
struct Classifier {
    torch::Tensor weights;                // [classes, dim] when the text encoder is frozen
    torch::Tensor classWeights;           // loss weight per class, or undefined
    std::vector<torch::Tensor> promptIds; // per class [templates, tokens], with the text encoder
    double scale = 100.0;
    double labelSmoothing = 0.0;

    // Unit-length class embeddings [classes, dim].
    torch::Tensor embeddings(ClipModulesImpl& modules) const
    {
        if (promptIds.empty())
            return F::normalize(weights, F::NormalizeFuncOptions().dim(1));
        std::vector<torch::Tensor> rows;
        for (const torch::Tensor& ids : promptIds) {
            const torch::Tensor texts = F::normalize(modules.encodeText(ids).to(torch::kFloat32), F::NormalizeFuncOptions().dim(1));
            rows.push_back(texts.mean(0));
        }
        return F::normalize(torch::stack(rows), F::NormalizeFuncOptions().dim(1));
    }

    torch::Tensor logits(ClipModulesImpl& modules, const torch::Tensor& imageFeatures) const
    {
        const torch::Tensor images = F::normalize(imageFeatures.to(torch::kFloat32), F::NormalizeFuncOptions().dim(1));
        return images.matmul(embeddings(modules).t()) * scale;
    }

    torch::Tensor loss(ClipModulesImpl& modules, const torch::Tensor& imageFeatures, const torch::Tensor& labels) const
    {
        auto options = F::CrossEntropyFuncOptions().label_smoothing(labelSmoothing);
        if (classWeights.defined())
            options.weight(classWeights);
        return F::cross_entropy(logits(modules, imageFeatures), labels, options);
    }
};

// Runs the image tower block by block so that a cancelled job stops at the
// next block, in the forward pass and (through gradient hooks) in the backward
// pass. With checkpointing, the blocks run without keeping activations and
// are recomputed one at a time in the backward pass. Returns the batch loss
// after the gradients are accumulated.
double trainStep(ClipModulesImpl& modules, const Classifier& classifier, const torch::Tensor& pixels,
                 const torch::Tensor& labels, bool checkpointing, const std::function<bool()>& cancel)
{
    VisionTransformerImpl& vision = *modules.vision_model;
    auto check = [&]() {
        if (cancel && cancel())
            throw StepCancelled();
    };
    auto project = [&](const torch::Tensor& hidden) {
        return modules.visual_projection->forward(vision.post_layernorm->forward(hidden.select(1, 0)));
    };
    const auto& layers = *vision.encoder->layers;
    const torch::Tensor start = vision.pre_layrnorm->forward(vision.embeddings->forward(pixels));

    if (!checkpointing) {
        torch::Tensor hidden = start;
        for (const auto& layer : layers) {
            check();
            hidden = layer->as<EncoderLayerImpl>()->forward(hidden, torch::Tensor());
            hidden.register_hook([&check](const torch::Tensor& gradient) {
                check();
                return gradient;
            });
        }
        const torch::Tensor loss = classifier.loss(modules, project(hidden), labels);
        loss.backward();
        return loss.item<double>();
    }

    std::vector<torch::Tensor> inputs = {start.detach()};
    {
        torch::NoGradGuard noGrad;
        for (const auto& layer : layers) {
            check();
            inputs.push_back(layer->as<EncoderLayerImpl>()->forward(inputs.back(), torch::Tensor()));
        }
    }
    torch::Tensor last = inputs.back().detach().requires_grad_(true);
    inputs.pop_back();
    const torch::Tensor loss = classifier.loss(modules, project(last), labels);
    loss.backward();
    torch::Tensor gradient = last.grad();
    for (int64_t i = static_cast<int64_t>(layers.size()) - 1; i >= 0; --i) {
        check();
        torch::Tensor input = inputs[static_cast<size_t>(i)].detach().requires_grad_(true);
        layers[static_cast<size_t>(i)]->as<EncoderLayerImpl>()->forward(input, torch::Tensor()).backward(gradient);
        gradient = input.grad();
        inputs[static_cast<size_t>(i)] = torch::Tensor();
    }
    start.backward(gradient);
    return loss.item<double>();
}

struct Evaluation {
    double loss = 0.0;
    double accuracy = 0.0;
};

Evaluation evaluate(ClipModulesImpl& modules, const Classifier& classifier, const torch::Tensor& pixels,
                    const torch::Tensor& labels, int64_t batchSize)
{
    torch::NoGradGuard noGrad;
    const torch::Tensor embeddings = classifier.embeddings(modules);
    double loss = 0.0;
    int64_t correct = 0;
    const int64_t count = pixels.size(0);
    for (int64_t start = 0; start < count; start += batchSize) {
        const int64_t size = std::min(batchSize, count - start);
        const torch::Tensor batchLabels = labels.narrow(0, start, size);
        const torch::Tensor images =
            F::normalize(modules.encodeImage(pixels.narrow(0, start, size)).to(torch::kFloat32), F::NormalizeFuncOptions().dim(1));
        const torch::Tensor logits = images.matmul(embeddings.t()) * classifier.scale;
        loss += F::cross_entropy(logits, batchLabels, F::CrossEntropyFuncOptions().reduction(torch::kSum)).item<double>();
        correct += logits.argmax(1).eq(batchLabels).sum().item<int64_t>();
    }
    return {loss / static_cast<double>(count), static_cast<double>(correct) / static_cast<double>(count)};
}

// Copies of the trainable tensors, to keep the best epoch's weights.
std::vector<torch::Tensor> snapshot(const std::vector<torch::Tensor>& parameters)
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> copies;
    for (const torch::Tensor& parameter : parameters)
        copies.push_back(parameter.detach().clone());
    return copies;
}

void restore(std::vector<torch::Tensor>& parameters, const std::vector<torch::Tensor>& copies)
{
    torch::NoGradGuard noGrad;
    for (size_t i = 0; i < parameters.size(); ++i)
        parameters[i].copy_(copies[i]);
}

torch::Tensor toTensor(const std::vector<float>& values, const std::vector<int64_t>& shape)
{
    return torch::from_blob(const_cast<float*>(values.data()), shape, torch::kFloat32);
}

}  // namespace

FineTuneResult fineTune(const ClipModel& model, const FineTuneData& data, const FineTuneOptions& options,
                        const std::string& outputFolder,
                        const std::function<void(const FineTuneProgress&)>& progress,
                        const std::function<bool()>& cancel)
{
    validate(model, data, options);
    const auto startTime = std::chrono::steady_clock::now();
    const int64_t size = model.imageSize();
    const int64_t dim = model.embeddingDim();
    const int64_t classes = static_cast<int64_t>(data.prototypes.size()) / dim;
    const int64_t count = static_cast<int64_t>(data.labels.size());
    const int64_t validationCount = static_cast<int64_t>(data.validationLabels.size());

    std::shared_ptr<ClipModulesImpl> tuned = trainableCopy(model);
    const torch::Device device = tuned->logit_scale.device();
    tuned->train();

    Classifier classifier;
    classifier.scale = model.logitScale();
    classifier.labelSmoothing = options.labelSmoothing;
    const torch::Tensor prototypes = toTensor(data.prototypes, {classes, dim}).clone().to(device);
    if (options.trainTextEncoder) {
        for (const auto& prompts : data.classPrompts) {
            size_t longest = 0;
            for (const auto& ids : prompts)
                longest = std::max(longest, ids.size());
            torch::Tensor ids = torch::zeros({static_cast<int64_t>(prompts.size()), static_cast<int64_t>(longest)}, torch::kLong);
            for (size_t t = 0; t < prompts.size(); ++t)
                ids[static_cast<int64_t>(t)].narrow(0, 0, static_cast<int64_t>(prompts[t].size()))
                    .copy_(torch::tensor(prompts[t], torch::kLong));
            classifier.promptIds.push_back(ids.to(device));
        }
    } else {
        classifier.weights = prototypes.clone().set_requires_grad(true);
    }
    const torch::Tensor labels = torch::tensor(data.labels, torch::kLong).to(device);
    if (options.classBalanced && !options.oversample) {
        const torch::Tensor perClass = torch::bincount(labels.cpu(), {}, classes).to(torch::kFloat32);
        classifier.classWeights = (static_cast<double>(count) / static_cast<double>(classes) / perClass).to(device);
    }

    // Trainable tensors: the image tower and its projection, the classifier
    // weights, and with trainTextEncoder the text tower and its projection.
    std::vector<torch::Tensor> trainable, decayed, plain;
    for (auto& item : tuned->named_parameters(true)) {
        const std::string& name = item.key();
        const bool text = name.rfind("text_model.", 0) == 0 || name.rfind("text_projection.", 0) == 0;
        const bool train = name != "logit_scale" && (!text || options.trainTextEncoder);
        item.value().set_requires_grad(train);
        if (!train)
            continue;
        trainable.push_back(item.value());
        (item.value().dim() >= 2 ? decayed : plain).push_back(item.value());
    }
    if (classifier.weights.defined()) {
        trainable.push_back(classifier.weights);
        plain.push_back(classifier.weights);  // unit-length rows: decay would only shrink them
    }
    auto groupOptions = [&](double decay) {
        auto adamw = std::make_unique<torch::optim::AdamWOptions>(options.learningRate);
        adamw->weight_decay(decay);
        return adamw;
    };
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decayed, groupOptions(options.weightDecay));
    groups.emplace_back(plain, groupOptions(0.0));
    torch::optim::AdamW optimizer(groups);

    std::mt19937_64 random(options.seed);
    torch::manual_seed(options.seed);
    const torch::Tensor pixels = toTensor(data.pixels, {count, 3, size, size});
    const torch::Tensor validationPixels =
        validationCount > 0 ? toTensor(data.validationPixels, {validationCount, 3, size, size}).to(device) : torch::Tensor();
    const torch::Tensor validationLabels =
        validationCount > 0 ? torch::tensor(data.validationLabels, torch::kLong).to(device) : torch::Tensor();
    const torch::Tensor mean = torch::tensor(data.mean, torch::kFloat32).view({1, 3, 1, 1}).to(device);
    const torch::Tensor deviation = torch::tensor(data.deviation, torch::kFloat32).view({1, 3, 1, 1}).to(device);
    const std::vector<int64_t> firstOrder = epochOrder(data.labels, classes, options.oversample, random);
    const int64_t stepsPerEpoch = (static_cast<int64_t>(firstOrder.size()) + options.batchSize - 1) / options.batchSize;
    const int64_t totalSteps = stepsPerEpoch * options.epochs;
    const ContrastiveOptions rates = schedule(options, totalSteps);

    FineTuneResult result;
    result.classes = classes;
    result.dim = dim;
    double bestLoss = std::numeric_limits<double>::infinity();
    std::vector<torch::Tensor> best;
    int epochsWithoutGain = 0;
    int64_t step = 0;
    std::vector<int64_t> order = firstOrder;
    try {
        for (int epoch = 0; epoch < options.epochs; ++epoch) {
            if (epoch > 0)
                order = epochOrder(data.labels, classes, options.oversample, random);
            double lossSum = 0.0;
            int64_t lossCount = 0;
            for (int64_t first = 0; first < static_cast<int64_t>(order.size()); first += options.batchSize, ++step) {
                if (cancel && cancel())
                    throw StepCancelled();
                const int64_t batchSize = std::min<int64_t>(options.batchSize, static_cast<int64_t>(order.size()) - first);
                const torch::Tensor rows = torch::tensor(std::vector<int64_t>(order.begin() + first, order.begin() + first + batchSize), torch::kLong);
                torch::Tensor batch = pixels.index_select(0, rows).to(device);
                if (options.augmentation.any())
                    batch = augmentBatch(batch, options.augmentation, mean, deviation, random);
                const double rate = learningRateAt(rates, step);
                for (auto& group : optimizer.param_groups())
                    static_cast<torch::optim::AdamWOptions&>(group.options()).lr(rate);
                optimizer.zero_grad();
                double loss = 0.0;
                {
                    AutocastScope autocast(options.autocast, device);
                    loss = trainStep(*tuned, classifier, batch, labels.index_select(0, rows.to(device)),
                                     options.gradientCheckpointing, cancel);
                }
                torch::nn::utils::clip_grad_norm_(trainable, 1.0);
                optimizer.step();
                lossSum += loss * static_cast<double>(batchSize);
                lossCount += batchSize;
            }
            result.epochs = epoch + 1;
            result.trainingLoss = lossSum / static_cast<double>(lossCount);

            FineTuneProgress report;
            report.epoch = epoch + 1;
            report.epochs = options.epochs;
            report.step = step;
            report.totalSteps = totalSteps;
            report.trainingLoss = result.trainingLoss;
            report.learningRate = learningRateAt(rates, std::max<int64_t>(0, step - 1));
            bool stop = false;
            if (validationCount > 0) {
                tuned->eval();
                const Evaluation measured = evaluate(*tuned, classifier, validationPixels, validationLabels, options.batchSize);
                tuned->train();
                report.validationLoss = measured.loss;
                report.validationAccuracy = measured.accuracy;
                if (measured.loss < bestLoss) {
                    bestLoss = measured.loss;
                    best = snapshot(trainable);
                    result.bestEpoch = epoch + 1;
                    epochsWithoutGain = 0;
                } else if (++epochsWithoutGain >= options.patience && options.patience > 0) {
                    stop = true;
                }
            } else {
                result.bestEpoch = epoch + 1;
            }
            report.elapsedSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - startTime).count();
            report.remainingSeconds = report.elapsedSeconds / static_cast<double>(step) * static_cast<double>(totalSteps - step);
            if (progress)
                progress(report);
            if (stop)
                break;
        }
    } catch (const StepCancelled&) {
        throw engine::Cancelled();
    } catch (const c10::Error& error) {
        // An exception from a gradient hook reaches here wrapped by the autograd engine.
        if (cancel && cancel())
            throw engine::Cancelled();
        throw Error(std::string("fine-tuning failed: ") + error.what_without_backtrace());
    }
    if (!best.empty())
        restore(trainable, best);

    // WiSE-FT: interpolate every weight between the original and the fine-tuned model.
    torch::NoGradGuard noGrad;
    tuned->eval();
    const double ratio = options.wiseRatio;
    const auto original = model.modules().named_parameters(true);
    for (auto& item : tuned->named_parameters(true)) {
        const torch::Tensor before = original[item.key()].to(device, torch::kFloat32);
        item.value().mul_(ratio).add_(before, 1.0 - ratio);
    }
    torch::Tensor classEmbeddings;
    if (classifier.weights.defined()) {
        const torch::Tensor tunedRows = F::normalize(classifier.weights, F::NormalizeFuncOptions().dim(1));
        classEmbeddings = F::normalize(tunedRows * ratio + prototypes * (1.0 - ratio), F::NormalizeFuncOptions().dim(1));
    } else {
        classEmbeddings = classifier.embeddings(*tuned);
    }
    const torch::Tensor weights = (classEmbeddings * classifier.scale).to(torch::kCPU).contiguous();
    result.classWeights.assign(weights.data_ptr<float>(), weights.data_ptr<float>() + weights.numel());
    saveHuggingFaceCheckpoint(outputFolder, *tuned);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - startTime).count();
    return result;
}

double estimateFineTuneSeconds(const ClipModel& model, int64_t images, int64_t validationImages,
                               const FineTuneOptions& options)
{
    const double imageFlops = imageEncoderFlops(model.config());
    // A training step costs about three forward passes (forward, and the
    // gradients of activations and of weights), four with recomputation.
    const double perTrainingImage = imageFlops * (options.gradientCheckpointing ? 4.0 : 3.0);
    const double perEpoch = perTrainingImage * static_cast<double>(images) + imageFlops * static_cast<double>(validationImages);
    const std::string dtype = options.autocast == "none" ? "float32" : "bfloat16";
    // Training kernels reach about half the speed of one large matrix product.
    const double flopsPerSecond = measureMatmulGflops(512, dtype, 0.2) * 1e9 * 0.5;
    return perEpoch * options.epochs / std::max(flopsPerSecond, 1.0);
}

void augmentPixels(std::vector<float>& pixels, int64_t count, int64_t size, const AugmentationOptions& options,
                   const std::vector<float>& mean, const std::vector<float>& deviation, uint64_t seed)
{
    if (static_cast<int64_t>(pixels.size()) != count * 3 * size * size || mean.size() != 3 || deviation.size() != 3)
        throw Error("augmentation needs pixels [count, 3, size, size] and a mean and std of 3 values each");
    std::mt19937_64 random(seed);
    torch::NoGradGuard noGrad;
    const torch::Tensor input = torch::from_blob(pixels.data(), {count, 3, size, size}, torch::kFloat32);
    const torch::Tensor meanTensor = torch::tensor(mean, torch::kFloat32).view({1, 3, 1, 1});
    const torch::Tensor deviationTensor = torch::tensor(deviation, torch::kFloat32).view({1, 3, 1, 1});
    input.copy_(augmentBatch(input, options, meanTensor, deviationTensor, random));
}

}  // namespace fewshot::train
