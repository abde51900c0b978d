// Multinomial logistic regression on L2-normalized CLIP image embeddings,
// started from (and optionally anchored to) the zero-shot classifier.
//
// With anchoring on, the objective is the constrained linear probe:
//   sum_i w_i CE(x_i W^T + b, y_i) / sum_i w_i
//     + penalty / (2 sum_i w_i) * (|W - s T|^2 + |b|^2)
// where T contains the class text prototypes and s is the CLIP logit scale.
// A strong penalty gives back zero-shot and a weak one a free linear probe.
// The weights start at s T, so the first iterate is the zero-shot classifier.
// Without anchoring the penalty applies to |W|^2 + |b|^2. The penalty is
// chosen by cross-validated log loss on the support set.

#include "engine/cross_validation.h"
#include "engine/method_factories.h"
#include "engine/torch_support.h"

#include <algorithm>
#include <limits>

namespace fewshot::engine::detail {
namespace {

struct LinearProblem {
    torch::Tensor features;  // [N, D], L2-normalized
    torch::Tensor labels;    // [N] int64
    torch::Tensor weights;   // [N] loss weights
    torch::Tensor anchor;    // [C, D], s * T
    torch::Tensor classMask; // [C], 0 or -inf; undefined when every class is present
    bool anchored = true;
};

struct LinearSolution {
    torch::Tensor weight;  // [C, D]
    torch::Tensor bias;    // [C]
};

LinearProblem subset(const LinearProblem& problem, const std::vector<int64_t>& rows)
{
    const torch::Tensor index = toTensor(rows);
    LinearProblem part = problem;
    part.features = problem.features.index_select(0, index);
    part.labels = problem.labels.index_select(0, index);
    part.weights = problem.weights.index_select(0, index);
    // A class left without samples in this part drops out of the softmax, so its
    // weights stay at the anchor instead of being pushed away from every image.
    // That push would bias the held-out score of its sample toward strong penalties.
    const torch::Tensor present = torch::bincount(part.labels, {}, problem.anchor.size(0)) > 0;
    if (!present.all().item<bool>())
        part.classMask = torch::zeros({problem.anchor.size(0)})
                             .masked_fill(present.logical_not(), -std::numeric_limits<float>::infinity());
    return part;
}

// The objective and its gradient. The gradient of softmax cross-entropy is
// (P - Y)^T X, so it is computed directly instead of through autograd.
struct Evaluation {
    torch::Tensor loss;
    torch::Tensor weightGradient;
    torch::Tensor biasGradient;
};

Evaluation evaluate(const LinearProblem& problem, const torch::Tensor& weight,
                    const torch::Tensor& bias, double penalty)
{
    torch::Tensor logits = torch::addmm(bias, problem.features, weight.t());
    if (problem.classMask.defined())
        logits = logits + problem.classMask;
    const torch::Tensor logProbabilities = torch::log_softmax(logits, 1);
    const torch::Tensor totalWeight = problem.weights.sum();
    const torch::Tensor shift = problem.anchored ? weight - problem.anchor : weight;
    // Dividing the penalty by the total sample weight, like the data term, makes
    // the objective proportional to sum(losses) + penalty / 2 * |shift|^2: the
    // penalty acts as 1 / C does in scikit-learn and weighs less as shots are added.
    const torch::Tensor scaledPenalty = penalty / totalWeight;

    Evaluation result;
    result.loss = -(logProbabilities.gather(1, problem.labels.unsqueeze(1)).squeeze(1) * problem.weights)
                       .sum()
                       / totalWeight
                   + 0.5 * scaledPenalty * (shift.pow(2).sum() + bias.pow(2).sum());
    torch::Tensor residual = logProbabilities.exp();
    residual.scatter_add_(1, problem.labels.unsqueeze(1), -torch::ones({problem.labels.size(0), 1}));
    residual.mul_((problem.weights / totalWeight).unsqueeze(1));
    result.weightGradient = residual.t().matmul(problem.features) + scaledPenalty * shift;
    result.biasGradient = residual.sum(0) + scaledPenalty * bias;
    return result;
}

// Minimizes the objective with full-batch L-BFGS from `start`.
LinearSolution solve(const LinearProblem& problem, double penalty, const LinearSolution& start,
                     int maxIterations, const FitMonitor& monitor)
{
    torch::NoGradGuard noGrad;
    torch::Tensor weight = start.weight.clone();
    torch::Tensor bias = start.bias.clone();
    torch::optim::LBFGS optimizer({weight, bias}, torch::optim::LBFGSOptions(1.0)
                                                      .max_iter(maxIterations)
                                                      .history_size(10)
                                                      .tolerance_grad(1e-5)
                                                      .tolerance_change(1e-9)
                                                      .line_search_fn("strong_wolfe"));
    auto closure = [&]() {
        monitor.checkCancelled();
        Evaluation evaluation = evaluate(problem, weight, bias, penalty);
        weight.mutable_grad() = evaluation.weightGradient;
        bias.mutable_grad() = evaluation.biasGradient;
        return evaluation.loss;
    };
    optimizer.step(closure);
    return {weight, bias};
}

struct PenaltySearch {
    double penalty = 0.0;
    int folds = 1;
    std::vector<double> logLoss;   // per grid value tried
    std::vector<double> accuracy;  // per grid value tried
    LinearSolution start;          // mean of the fold solutions at the chosen penalty
};

struct Fold {
    LinearProblem train;
    LinearProblem heldOut;
    LinearSolution current;  // warm start for the next, weaker penalty
};

// Adds the held-out log loss and accuracy of one fold's solution.
void scoreHeldOut(const Fold& fold, double totalWeight, double& logLoss, double& accuracy)
{
    const LinearProblem& heldOut = fold.heldOut;
    const torch::Tensor logits = torch::addmm(fold.current.bias, heldOut.features, fold.current.weight.t());
    const torch::Tensor losses =
        torch::nll_loss(torch::log_softmax(logits, 1), heldOut.labels, {}, at::Reduction::None);
    logLoss += (losses * heldOut.weights).sum().item<double>() / totalWeight;
    const torch::Tensor correct = (logits.argmax(1) == heldOut.labels).to(torch::kFloat32);
    accuracy += (correct * heldOut.weights).sum().item<double>() / totalWeight;
}

// Leave-one-out per class up to settings.maxFolds shots; with more shots,
// settings.manyShotFolds folds. Two folds halve the cost of four, and the
// chosen penalty carries over to the full support set because the penalty is
// not divided by the sample count.
int foldLimit(const std::vector<int64_t>& labels, int64_t classCount, const LinearProbeOptions& settings)
{
    std::vector<int64_t> perClass(static_cast<size_t>(classCount), 0);
    for (int64_t label : labels)
        ++perClass[static_cast<size_t>(label)];
    const int64_t shots = *std::max_element(perClass.begin(), perClass.end());
    return shots > settings.maxFolds ? settings.manyShotFolds : settings.maxFolds;
}

// Walks the grid from the strongest penalty to the weakest, warm-starting each
// fold from its previous solution, and keeps the penalty with the lowest
// held-out log loss. The walk stops once the loss has risen twice in a row
// past its minimum, since the weak penalties at the end are the slowest to fit.
PenaltySearch searchPenalty(const LinearProblem& problem, const std::vector<int64_t>& labels,
                            int64_t classCount, const FitOptions& options, const FitMonitor& monitor)
{
    const LinearProbeOptions& settings = options.linearProbe;
    const std::vector<double>& grid = settings.penaltyGrid;
    PenaltySearch search;
    search.penalty = grid.front();
    search.start = {problem.anchor, torch::zeros({classCount})};
    const std::vector<int> assignment =
        assignFolds(labels, classCount, foldLimit(labels, classCount, settings), options.seed, search.folds);
    if (search.folds < 2 || grid.size() < 2)
        return search;

    std::vector<Fold> folds;
    for (int f = 0; f < search.folds; ++f)
        folds.push_back({subset(problem, foldMembers(assignment, f, false)),
                         subset(problem, foldMembers(assignment, f, true)), search.start});
    const double totalWeight = problem.weights.sum().item<double>();
    const int totalSteps = search.folds * static_cast<int>(grid.size());
    size_t best = 0;
    int rises = 0;
    for (size_t g = 0; g < grid.size() && rises < 2; ++g) {
        double logLoss = 0.0;
        double accuracy = 0.0;
        for (Fold& fold : folds) {
            fold.current = solve(fold.train, grid[g], fold.current, settings.crossValidationIterations, monitor);
            scoreHeldOut(fold, totalWeight, logLoss, accuracy);
        }
        search.logLoss.push_back(logLoss);
        search.accuracy.push_back(accuracy);
        FitProgress progress;
        progress.stage = "cross-validation";
        progress.step = static_cast<int>(g + 1) * search.folds;
        progress.totalSteps = totalSteps;
        progress.validationLoss = logLoss;
        progress.validationAccuracy = accuracy;
        monitor.report(progress);

        rises = g > 0 && logLoss > search.logLoss[g - 1] ? rises + 1 : 0;
        if (g > 0 && logLoss >= search.logLoss[best])
            continue;
        best = g;
        search.start.weight = torch::zeros_like(problem.anchor);
        search.start.bias = torch::zeros({classCount});
        for (const Fold& fold : folds) {
            search.start.weight += fold.current.weight / static_cast<double>(folds.size());
            search.start.bias += fold.current.bias / static_cast<double>(folds.size());
        }
    }
    search.penalty = grid[best];
    return search;
}

nlohmann::json hyperparametersJson(const PenaltySearch& search, const FitOptions& options)
{
    return {
        {"penalty", search.penalty},
        {"anchored_to_zero_shot", options.linearProbe.anchorToZeroShot},
        {"logit_scale", options.logitScale},
        {"class_balanced", options.classBalanced},
        {"cross_validation_folds", search.folds},
        {"penalty_grid", options.linearProbe.penaltyGrid},
        {"cross_validation_log_loss", search.logLoss},
        {"cross_validation_accuracy", search.accuracy},
    };
}

class LinearProbe : public FewShotMethod {
public:
    std::string name() const override { return "linear-probe"; }

protected:
    FitResult fitNormalized(const FeatureMatrix& support, const std::vector<int64_t>& labels,
                            const FeatureMatrix& textPrototypes, const FitOptions& options) override
    {
        const FitMonitor monitor(options);
        const int64_t classCount = textPrototypes.rows;
        LinearProblem problem;
        problem.features = borrowTensor(support);
        problem.labels = toTensor(labels);
        problem.weights = sampleWeights(problem.labels, classCount, options.classBalanced);
        problem.anchor = borrowTensor(textPrototypes) * options.logitScale;
        problem.anchored = options.linearProbe.anchorToZeroShot;

        const PenaltySearch search = searchPenalty(problem, labels, classCount, options, monitor);
        const LinearSolution solution =
            solve(problem, search.penalty, search.start, options.linearProbe.maxIterations, monitor);

        FitProgress progress;
        progress.stage = "fit";
        progress.step = 1;
        progress.totalSteps = 1;
        progress.trainingLoss = evaluate(problem, solution.weight, solution.bias, search.penalty).loss.item<double>();
        monitor.report(progress);

        HeadTensors tensors;
        tensors.weight = solution.weight;
        tensors.bias = solution.bias;
        return {makeHead(tensors), hyperparametersJson(search, options)};
    }
};

}  // namespace

std::unique_ptr<FewShotMethod> makeLinearProbe()
{
    return std::make_unique<LinearProbe>();
}

}  // namespace fewshot::engine::detail
