// Tip-Adapter (Zhang et al., "Tip-Adapter: Training-free Adaption of CLIP for
// Few-shot Classification", ECCV 2022) blends a key-value cache of the support
// embeddings with the zero-shot logits:
//   logits = s x T^T + alpha * exp(-beta * (1 - x K^T)) V
// Tip-Adapter-F also fine-tunes the keys K with AdamW.
//
// alpha and beta are chosen by leave-one-out on the support set: each support
// sample is scored against the cache without its own entry. A sample whose
// class has no other entry cannot be scored fairly, because its class would
// get no cache term at all, so it is left out of the score. Fine-tuning masks
// each sample's own entry too: with features alone (no augmented views) it
// would match the sample exactly and teach nothing. Tip-Adapter-F then picks
// the number of epochs and alpha by cross-fitting, where keys tuned on some
// folds score the others after every epoch.

#include "engine/cross_validation.h"
#include "engine/method_factories.h"
#include "engine/torch_support.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <random>

namespace fewshot::engine::detail {
namespace {

// Support samples with everything the cache objective needs.
struct SampleSet {
    torch::Tensor features;        // [N, D], L2-normalized
    torch::Tensor labels;          // [N]
    torch::Tensor weights;         // [N] loss weights
    torch::Tensor zeroShotLogits;  // [N, C]
    torch::Tensor values;          // [N, C] one-hot labels, the cache values
};

SampleSet subset(const SampleSet& samples, const std::vector<int64_t>& rows)
{
    const torch::Tensor index = toTensor(rows);
    return {samples.features.index_select(0, index), samples.labels.index_select(0, index),
            samples.weights.index_select(0, index), samples.zeroShotLogits.index_select(0, index),
            samples.values.index_select(0, index)};
}

// Queries scored against a cache: similarity [M, E] between query and key,
// the class of each entry, and the query samples. For leave-one-out the
// queries are cache entries themselves, and each skips its own entry.
struct CacheQuery {
    torch::Tensor similarity;
    torch::Tensor entryLabels;  // [E]
    int64_t classCount = 0;
    torch::Tensor ownEntry;  // [M] entry index of each query, or undefined
    SampleSet queries;       // weights already zero for queries that cannot be scored
};

// Zeroes the weight of queries whose class has no cache entry left to match.
void dropUnscoreable(CacheQuery& query)
{
    const torch::Tensor entriesPerClass = torch::bincount(query.entryLabels, {}, query.classCount);
    torch::Tensor own = entriesPerClass.index_select(0, query.queries.labels);
    if (query.ownEntry.defined())
        own = own - 1;
    query.queries.weights = query.queries.weights * (own > 0).to(torch::kFloat32);
}

// Sums the affinities [M, E] per entry class: affinity @ one_hot(labels),
// without the matrix product.
torch::Tensor sumPerClass(const torch::Tensor& affinity, const torch::Tensor& entryLabels, int64_t classCount)
{
    return torch::zeros({affinity.size(0), classCount}).index_add_(1, entryLabels, affinity);
}

struct GridScores {
    torch::Tensor logLoss;   // [betas, alphas], weighted sums
    torch::Tensor accuracy;  // [betas, alphas], weighted sums
    double totalWeight = 0.0;
};

GridScores scoreGrid(const CacheQuery& query, const std::vector<double>& alphas,
                     const std::vector<double>& betas, const FitMonitor& monitor)
{
    torch::NoGradGuard noGrad;
    const SampleSet& q = query.queries;
    const torch::Tensor alphaTensor = toTensor(std::vector<float>(alphas.begin(), alphas.end())).view({-1, 1, 1});
    GridScores scores;
    scores.logLoss = torch::zeros({static_cast<int64_t>(betas.size()), static_cast<int64_t>(alphas.size())});
    scores.accuracy = torch::zeros_like(scores.logLoss);
    scores.totalWeight = q.weights.sum().item<double>();
    const torch::Tensor labelIndex = q.labels.view({1, -1, 1}).expand({static_cast<int64_t>(alphas.size()), -1, 1});
    for (size_t b = 0; b < betas.size(); ++b) {
        monitor.checkCancelled();
        // exp(-beta * (1 - s)) computed in place: one buffer instead of three.
        torch::Tensor affinity = query.similarity.mul(betas[b]);
        affinity.sub_(betas[b]).exp_();
        if (query.ownEntry.defined())
            affinity.index_put_({torch::arange(affinity.size(0)), query.ownEntry}, 0.0);
        const torch::Tensor cache = sumPerClass(affinity, query.entryLabels, query.classCount);  // [M, C]
        const torch::Tensor logits = q.zeroShotLogits + alphaTensor * cache;  // [A, M, C]
        const torch::Tensor losses = -torch::log_softmax(logits, 2).gather(2, labelIndex).squeeze(2);
        const torch::Tensor correct = (logits.argmax(2) == q.labels.unsqueeze(0)).to(torch::kFloat32);
        scores.logLoss[static_cast<int64_t>(b)] = (losses * q.weights).sum(1);
        scores.accuracy[static_cast<int64_t>(b)] = (correct * q.weights).sum(1);
    }
    return scores;
}

struct BlendChoice {
    double alpha = 0.0;
    double beta = 1.0;
    double logLoss = 0.0;   // held-out mean; NaN when nothing could be scored
    double accuracy = 0.0;
    bool fromDefaults = false;
};

// The grid point with the lowest log loss; on ties the smaller beta and alpha.
BlendChoice bestBlend(const GridScores& scores, const std::vector<double>& alphas,
                      const std::vector<double>& betas)
{
    const torch::Tensor flat = scores.logLoss.flatten();
    int64_t best = 0;
    for (int64_t i = 1; i < flat.size(0); ++i)
        if (flat[i].item<double>() < flat[best].item<double>())
            best = i;
    const int64_t alphaCount = static_cast<int64_t>(alphas.size());
    BlendChoice choice;
    choice.beta = betas[static_cast<size_t>(best / alphaCount)];
    choice.alpha = alphas[static_cast<size_t>(best % alphaCount)];
    choice.logLoss = flat[best].item<double>() / scores.totalWeight;
    choice.accuracy = scores.accuracy.flatten()[best].item<double>() / scores.totalWeight;
    return choice;
}

BlendChoice defaultBlend(const TipAdapterOptions& settings)
{
    BlendChoice choice;
    choice.alpha = settings.defaultAlpha;
    choice.beta = settings.defaultBeta;
    choice.logLoss = std::nan("");
    choice.accuracy = std::nan("");
    choice.fromDefaults = true;
    return choice;
}

// Up to `limit` sample indices, the same number from each class as far as
// possible, drawn with `seed`. All indices when there are at most `limit`.
std::vector<int64_t> stratifiedRows(const std::vector<int64_t>& labels, int64_t classCount, int limit,
                                    uint64_t seed)
{
    std::vector<int64_t> rows(labels.size());
    std::iota(rows.begin(), rows.end(), 0);
    if (limit <= 0 || static_cast<int64_t>(labels.size()) <= limit)
        return rows;
    std::vector<std::vector<int64_t>> byClass(static_cast<size_t>(classCount));
    for (int64_t row : rows)
        byClass[static_cast<size_t>(labels[static_cast<size_t>(row)])].push_back(row);
    const size_t perClass = static_cast<size_t>(std::max<int64_t>(1, limit / classCount));
    std::mt19937_64 random(seed);
    rows.clear();
    for (auto& members : byClass) {
        std::shuffle(members.begin(), members.end(), random);
        rows.insert(rows.end(), members.begin(), members.begin() + std::min(perClass, members.size()));
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

// Chooses alpha and beta by leave-one-out: support samples, at most
// settings.maxScoredSamples of them, are scored against the full cache
// without their own entry.
BlendChoice searchLeaveOneOut(const SampleSet& samples, const std::vector<int64_t>& labels,
                              const FitOptions& options, const FitMonitor& monitor)
{
    const TipAdapterOptions& settings = options.tipAdapter;
    const int64_t classCount = samples.values.size(1);
    const std::vector<int64_t> rows = stratifiedRows(labels, classCount, settings.maxScoredSamples, options.seed);
    CacheQuery query;
    query.queries = subset(samples, rows);
    query.similarity = query.queries.features.matmul(samples.features.t());
    query.entryLabels = samples.labels;
    query.classCount = classCount;
    query.ownEntry = toTensor(rows);
    dropUnscoreable(query);
    if (query.queries.weights.sum().item<double>() <= 0.0)
        return defaultBlend(settings);
    return bestBlend(scoreGrid(query, settings.alphaGrid, settings.betaGrid, monitor),
                     settings.alphaGrid, settings.betaGrid);
}

// Called with the keys before fine-tuning (epoch 0) and after each epoch.
using EpochCallback = std::function<void(int epoch, const torch::Tensor& keys)>;

// Fine-tunes cache keys, initialized from the samples' own features, with
// AdamW for `epochs` epochs of a cosine learning-rate decay planned over
// settings.epochs. Each sample's own entry is masked.
torch::Tensor fineTuneKeys(const SampleSet& samples, const BlendChoice& blend, const FitOptions& options,
                           const FitMonitor& monitor, int epochs, const EpochCallback& afterEpoch = {})
{
    const TipAdapterOptions& settings = options.tipAdapter;
    const int64_t count = samples.features.size(0);
    torch::Tensor keys = samples.features.clone().requires_grad_(true);
    torch::optim::AdamW optimizer({keys}, torch::optim::AdamWOptions(settings.learningRate)
                                              .weight_decay(settings.weightDecay));
    auto& optimizerOptions = static_cast<torch::optim::AdamWOptions&>(optimizer.param_groups()[0].options());
    const int64_t batchSize = std::max<int64_t>(1, settings.batchSize);
    const int64_t totalSteps = std::max<int64_t>(1, settings.epochs * ((count + batchSize - 1) / batchSize));
    const torch::Tensor selfMask = 1.0 - torch::eye(count);
    std::vector<int64_t> order(static_cast<size_t>(count));
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 random(options.seed);
    if (afterEpoch)
        afterEpoch(0, keys.detach());

    int64_t step = 0;
    for (int epoch = 1; epoch <= epochs; ++epoch) {
        std::shuffle(order.begin(), order.end(), random);
        double epochLoss = 0.0;
        for (int64_t start = 0; start < count; start += batchSize) {
            monitor.checkCancelled();
            const std::vector<int64_t> rows(order.begin() + start, order.begin() + std::min(count, start + batchSize));
            const torch::Tensor index = toTensor(rows);
            const double progress = static_cast<double>(step) / static_cast<double>(totalSteps);
            optimizerOptions.lr(0.5 * settings.learningRate * (1.0 + std::cos(M_PI * progress)));

            const torch::Tensor similarity = samples.features.index_select(0, index).matmul(keys.t());
            const torch::Tensor affinity =
                torch::exp(-blend.beta * (1.0 - similarity)) * selfMask.index_select(0, index);
            const torch::Tensor logits = samples.zeroShotLogits.index_select(0, index)
                                         + blend.alpha * affinity.matmul(samples.values);
            torch::Tensor loss = weightedCrossEntropy(logits, samples.labels.index_select(0, index),
                                                      samples.weights.index_select(0, index));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            epochLoss += loss.item<double>() * static_cast<double>(rows.size());
            ++step;
        }
        FitProgress report;
        report.stage = "fine-tuning";
        report.step = epoch;
        report.totalSteps = epochs;
        report.trainingLoss = epochLoss / static_cast<double>(count);
        report.learningRate = optimizerOptions.lr();
        monitor.report(report);
        if (afterEpoch)
            afterEpoch(epoch, keys.detach());
    }
    return keys.detach();
}

struct FineTuningChoice {
    BlendChoice blend;
    int epochs = 0;
    int folds = 1;  // 1 when fine-tuning could not be validated
};

// Chooses the number of epochs (early stopping, 0 meaning the training-free
// cache) and alpha by cross-fitting: for each fold, keys tuned on the other
// folds score the held-out samples after every epoch. This needs at least 3
// shots of every class, so that in each training fold every sample still has
// an entry of its own class, as in the final fit. With fewer shots the
// fine-tuning cannot be validated, so the training-free cache is kept (0 epochs).
FineTuningChoice crossFit(const SampleSet& samples, const std::vector<int64_t>& labels, int64_t classCount,
                          const BlendChoice& blend, const FitOptions& options, const FitMonitor& monitor)
{
    const TipAdapterOptions& settings = options.tipAdapter;
    FineTuningChoice choice{blend, 0, 1};
    const torch::Tensor perClass = torch::bincount(samples.labels, {}, classCount);
    if (perClass.min().item<int64_t>() < 3)
        return choice;
    const std::vector<int> assignment =
        assignFolds(labels, classCount, settings.maxFolds, options.seed, choice.folds);

    const std::vector<double> betas = {blend.beta};
    std::vector<GridScores> perEpoch(static_cast<size_t>(settings.epochs + 1));
    for (int fold = 0; fold < choice.folds; ++fold) {
        const SampleSet train = subset(samples, foldMembers(assignment, fold, false));
        CacheQuery query;
        query.queries = subset(samples, foldMembers(assignment, fold, true));
        query.entryLabels = train.labels;
        query.classCount = classCount;
        dropUnscoreable(query);
        fineTuneKeys(train, blend, options, monitor, settings.epochs, [&](int epoch, const torch::Tensor& keys) {
            query.similarity = query.queries.features.matmul(keys.t());
            const GridScores scores = scoreGrid(query, settings.alphaGrid, betas, monitor);
            GridScores& total = perEpoch[static_cast<size_t>(epoch)];
            total.logLoss = total.logLoss.defined() ? total.logLoss + scores.logLoss : scores.logLoss;
            total.accuracy = total.accuracy.defined() ? total.accuracy + scores.accuracy : scores.accuracy;
            total.totalWeight += scores.totalWeight;
        });
    }
    for (size_t epoch = 0; epoch < perEpoch.size(); ++epoch) {
        const BlendChoice candidate = bestBlend(perEpoch[epoch], settings.alphaGrid, betas);
        if (epoch == 0 || candidate.logLoss < choice.blend.logLoss) {
            choice.blend = candidate;
            choice.epochs = static_cast<int>(epoch);
        }
    }
    return choice;
}

nlohmann::json blendJson(const BlendChoice& blend)
{
    nlohmann::json json = {{"alpha", blend.alpha}, {"beta", blend.beta}, {"from_defaults", blend.fromDefaults}};
    if (!blend.fromDefaults) {
        json["held_out_log_loss"] = blend.logLoss;
        json["held_out_accuracy"] = blend.accuracy;
    }
    return json;
}

// Tip-Adapter-F after the leave-one-out search: fine-tunes the keys for the
// cross-fitted number of epochs and replaces `blend` by the cross-fitted one.
// Without enough shots to validate, returns the untouched keys and keeps `blend`.
torch::Tensor fineTuneValidated(const SampleSet& samples, const std::vector<int64_t>& labels,
                                const FitOptions& options, const FitMonitor& monitor, BlendChoice& blend,
                                nlohmann::json& hyperparameters)
{
    const TipAdapterOptions& settings = options.tipAdapter;
    // With alpha zero the cache gets no gradient, so training starts from the defaults.
    const BlendChoice training = blend.alpha == 0.0 ? defaultBlend(settings) : blend;
    const FineTuningChoice tuned =
        crossFit(samples, labels, samples.values.size(1), training, options, monitor);
    hyperparameters["training_alpha"] = training.alpha;
    hyperparameters["cross_fitting_folds"] = tuned.folds;
    hyperparameters["epochs"] = tuned.epochs;
    hyperparameters["max_epochs"] = settings.epochs;
    hyperparameters["learning_rate"] = settings.learningRate;
    hyperparameters["weight_decay"] = settings.weightDecay;
    hyperparameters["batch_size"] = settings.batchSize;
    if (tuned.folds < 2)
        return samples.features;
    hyperparameters["cross_fitting"] = blendJson(tuned.blend);
    blend = tuned.blend;
    return tuned.epochs > 0 ? fineTuneKeys(samples, training, options, monitor, tuned.epochs) : samples.features;
}

class TipAdapter : public FewShotMethod {
public:
    explicit TipAdapter(bool fineTune) : fineTune_(fineTune) {}

    std::string name() const override { return fineTune_ ? "tip-adapter-f" : "tip-adapter"; }

protected:
    FitResult fitNormalized(const FeatureMatrix& support, const std::vector<int64_t>& labels,
                            const FeatureMatrix& textPrototypes, const FitOptions& options) override
    {
        const FitMonitor monitor(options);
        const TipAdapterOptions& settings = options.tipAdapter;
        const int64_t classCount = textPrototypes.rows;
        const torch::Tensor prototypes = borrowTensor(textPrototypes);
        SampleSet samples;
        samples.features = borrowTensor(support);
        samples.labels = toTensor(labels);
        samples.weights = sampleWeights(samples.labels, classCount, options.classBalanced);
        samples.zeroShotLogits = options.logitScale * samples.features.matmul(prototypes.t());
        samples.values = torch::one_hot(samples.labels, classCount).to(torch::kFloat32);

        BlendChoice blend = searchLeaveOneOut(samples, labels, options, monitor);
        FitProgress progress;
        progress.stage = "cross-validation";
        progress.step = 1;
        progress.totalSteps = 1;
        progress.validationLoss = blend.logLoss;
        progress.validationAccuracy = blend.accuracy;
        monitor.report(progress);
        nlohmann::json hyperparameters = {{"logit_scale", options.logitScale},
                                          {"alpha_grid", settings.alphaGrid},
                                          {"beta_grid", settings.betaGrid},
                                          {"leave_one_out", blendJson(blend)}};
        torch::Tensor keys = samples.features;
        if (fineTune_)
            keys = fineTuneValidated(samples, labels, options, monitor, blend, hyperparameters);
        hyperparameters["alpha"] = blend.alpha;
        hyperparameters["beta"] = blend.beta;

        HeadTensors tensors;
        tensors.weight = prototypes * options.logitScale;
        tensors.bias = torch::zeros({classCount});
        tensors.cacheKeys = keys;
        tensors.cacheValues = samples.values;
        tensors.alpha = blend.alpha;
        tensors.beta = blend.beta;
        return {makeHead(tensors), hyperparameters};
    }

private:
    bool fineTune_;
};

}  // namespace

std::unique_ptr<FewShotMethod> makeTipAdapter(bool fineTuneKeys)
{
    return std::make_unique<TipAdapter>(fineTuneKeys);
}

}  // namespace fewshot::engine::detail
