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
#include "engine/linear_probe_solver.h"
#include "engine/method_factories.h"
#include "engine/torch_support.h"

#include <algorithm>
#include <limits>

namespace fewshot::engine::detail {
namespace {

// Tolerances on the largest gradient entry. The held-out scores only have to
// rank the penalties, which 1e-5 is enough for. The returned head is solved
// twice as tight, because weakly penalized fits (penalty 1e-4 at 8 and 16
// shots on the reference feature fixture) still lower their objective
// measurably between 1e-5 and 5e-6.
constexpr double kCrossValidationTolerance = 1e-5;
constexpr double kFinalFitTolerance = 5e-6;

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
    const int64_t classCount = problem.center.size(0);
    const torch::Tensor present = torch::bincount(part.labels, {}, classCount) > 0;
    if (!present.all().item<bool>())
        part.classMask = torch::zeros({classCount})
                             .masked_fill(present.logical_not(), -std::numeric_limits<float>::infinity());
    return part;
}

struct PenaltySearch {
    double penalty = 0.0;
    int folds = 1;
    std::vector<double> logLoss;   // per grid value tried
    std::vector<double> accuracy;  // per grid value tried
    torch::Tensor start;           // mean of the fold solutions at the chosen penalty, [C, D + 1]
};

struct Fold {
    LinearProblem train;
    LinearProblem heldOut;
};

// Adds the held-out log loss and accuracy of one fold's solution.
void scoreHeldOut(const LinearProblem& heldOut, const torch::Tensor& parameters, double totalWeight,
                  double& logLoss, double& accuracy)
{
    const torch::Tensor logits = heldOut.features.mm(parameters.t());
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

// Walks the grid from the strongest penalty to the weakest and keeps the
// penalty with the lowest held-out log loss. Each fold has one solver for the
// whole walk, so every penalty starts from the previous solution and its
// curvature. The walk stops once the loss has risen twice in a row past its
// minimum, since the weak penalties at the end are the slowest to fit.
PenaltySearch searchPenalty(const LinearProblem& problem, const torch::Tensor& zeroShot,
                            const std::vector<int64_t>& labels, int64_t classCount, const FitOptions& options,
                            const FitMonitor& monitor)
{
    const LinearProbeOptions& settings = options.linearProbe;
    const std::vector<double>& grid = settings.penaltyGrid;
    PenaltySearch search;
    search.penalty = grid.front();
    search.start = zeroShot;
    const std::vector<int> assignment =
        assignFolds(labels, classCount, foldLimit(labels, classCount, settings), options.seed, search.folds);
    if (search.folds < 2 || grid.size() < 2)
        return search;

    // Both vectors are filled before use and never grow, since each solver
    // keeps a reference to its fold's training problem. Each solver also keeps
    // its L-BFGS history, 20 vectors of the parameter size, for the whole walk.
    std::vector<Fold> folds;
    folds.reserve(static_cast<size_t>(search.folds));
    for (int f = 0; f < search.folds; ++f)
        folds.push_back({subset(problem, foldMembers(assignment, f, false)),
                         subset(problem, foldMembers(assignment, f, true))});
    std::vector<LinearProbeSolver> solvers;
    solvers.reserve(folds.size());
    for (const Fold& fold : folds)
        solvers.emplace_back(fold.train, zeroShot);

    const auto checkCancelled = [&monitor] { monitor.checkCancelled(); };
    const double totalWeight = problem.weights.sum().item<double>();
    const int totalSteps = search.folds * static_cast<int>(grid.size());
    size_t best = 0;
    int rises = 0;
    for (size_t g = 0; g < grid.size() && rises < 2; ++g) {
        double logLoss = 0.0;
        double accuracy = 0.0;
        for (size_t f = 0; f < folds.size(); ++f) {
            solvers[f].minimize(grid[g], settings.crossValidationIterations, kCrossValidationTolerance, checkCancelled);
            scoreHeldOut(folds[f].heldOut, solvers[f].parameters(), totalWeight, logLoss, accuracy);
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
        search.start = torch::zeros_like(zeroShot);
        for (const LinearProbeSolver& solver : solvers)
            search.start += solver.parameters() / static_cast<double>(solvers.size());
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
        const int64_t dimension = textPrototypes.cols;
        LinearProblem problem;
        problem.features = torch::cat({borrowTensor(support), torch::ones({support.rows, 1})}, 1);
        problem.labels = toTensor(labels);
        problem.weights = sampleWeights(problem.labels, classCount, options.classBalanced);
        const torch::Tensor zeroShot =
            torch::cat({borrowTensor(textPrototypes) * options.logitScale, torch::zeros({classCount, 1})}, 1);
        problem.center = options.linearProbe.anchorToZeroShot ? zeroShot : torch::zeros_like(zeroShot);

        const PenaltySearch search = searchPenalty(problem, zeroShot, labels, classCount, options, monitor);
        LinearProbeSolver solver(problem, search.start);
        solver.minimize(search.penalty, options.linearProbe.maxIterations, kFinalFitTolerance,
                        [&monitor] { monitor.checkCancelled(); });

        FitProgress progress;
        progress.stage = "fit";
        progress.step = 1;
        progress.totalSteps = 1;
        progress.trainingLoss = solver.objective();
        monitor.report(progress);

        HeadTensors tensors;
        tensors.weight = solver.parameters().narrow(1, 0, dimension);
        tensors.bias = solver.parameters().select(1, dimension);
        return {makeHead(tensors), hyperparametersJson(search, options)};
    }
};

}  // namespace

std::unique_ptr<FewShotMethod> makeLinearProbe()
{
    return std::make_unique<LinearProbe>();
}

}  // namespace fewshot::engine::detail
