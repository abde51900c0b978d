#include "engine/linear_probe_solver.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fewshot::engine::detail {
namespace {

// An iteration that lowers the objective by at most this fraction of its
// value ends minimize(). The objective is summed in float32, whose rounding
// is about 1e-7 of the value, so smaller decreases are mostly noise.
constexpr double kRelativeDecrease = 1e-6;
constexpr double kSufficientDecrease = 1e-4;  // c1 of the Wolfe conditions
constexpr double kCurvature = 0.9;            // c2 of the Wolfe conditions, usual for quasi-Newton
constexpr int kMaxTrials = 20;                // steps tried per line search
// Accepted steps after which the logits and the gradient are recomputed from
// the parameters, since updating the logits along each step accumulates
// float32 rounding.
constexpr int kRefreshInterval = 50;

double innerProduct(const torch::Tensor& a, const torch::Tensor& b)
{
    return at::dot(a.reshape(-1), b.reshape(-1)).item<double>();
}

}  // namespace

// The objective at parameters + step * direction.
struct LinearProbeSolver::Trial {
    double step = 0.0;
    double value = 0.0;
    double slope = 0.0;  // derivative of the objective along the direction
    double dataLoss = 0.0;
    torch::Tensor logits;    // [N, C]
    torch::Tensor residual;  // [N, C]: share_i * (softmax(logits_i) - onehot(y_i))
};

LinearProbeSolver::LinearProbeSolver(const LinearProblem& problem, const torch::Tensor& parameters)
    : problem_(problem), parameters_(parameters.clone())
{
    totalWeight_ = problem.weights.sum().item<double>();
    shares_ = (problem.weights / totalWeight_).unsqueeze(1);
    labelColumn_ = problem.labels.unsqueeze(1);
    refresh();
}

// Recomputes the logits, loss and gradient of the cross-entropy term exactly.
void LinearProbeSolver::refresh()
{
    torch::Tensor logits = problem_.features.mm(parameters_.t());
    if (problem_.classMask.defined())
        logits.add_(problem_.classMask);
    const torch::Tensor logProbabilities = torch::log_softmax(logits, 1);
    dataLoss_ = -innerProduct(logProbabilities.gather(1, labelColumn_), shares_);
    torch::Tensor residual = logProbabilities.exp().mul_(shares_);
    residual.scatter_add_(1, labelColumn_, -shares_);
    logits_ = logits;
    dataGradient_ = residual.t().mm(problem_.features);
    stepsSinceRefresh_ = 0;
}

double LinearProbeSolver::objective() const
{
    const torch::Tensor shift = parameters_ - problem_.center;
    return dataLoss_ + 0.5 * penalty_ * innerProduct(shift, shift);
}

// The stored gradient changes belong to the previous penalty. The penalty adds
// `penalty * step` to each, exactly, because it is quadratic.
void LinearProbeSolver::setPenalty(double scaledPenalty)
{
    history_.addCurvature(scaledPenalty - penalty_);
    penalty_ = scaledPenalty;
}

// The penalty part is a quadratic in the step, from three dot products that
// the line search computes once per direction.
LinearProbeSolver::Trial LinearProbeSolver::tryStep(const torch::Tensor& directionLogits, double step,
                                                    double shiftSquared, double shiftDotDirection,
                                                    double directionSquared) const
{
    Trial trial;
    trial.step = step;
    trial.logits = torch::add(logits_, directionLogits, step);
    const torch::Tensor logProbabilities = torch::log_softmax(trial.logits, 1);
    trial.dataLoss = -innerProduct(logProbabilities.gather(1, labelColumn_), shares_);
    trial.residual = logProbabilities.exp_().mul_(shares_);
    trial.residual.scatter_add_(1, labelColumn_, -shares_);
    trial.value = trial.dataLoss
                  + 0.5 * penalty_ * (shiftSquared + 2.0 * step * shiftDotDirection + step * step * directionSquared);
    trial.slope = innerProduct(trial.residual, directionLogits)
                  + penalty_ * (shiftDotDirection + step * directionSquared);
    return trial;
}

// Finds a step along `direction` that meets the strong Wolfe conditions. The
// objective is convex along the line, so its slope only grows. A point with a
// positive slope, or one that fails the sufficient decrease, therefore bounds
// the minimum from above, and the next step comes from the secant of the
// slope. Returns false when no step lowers the objective, which happens once
// the point is optimal up to rounding.
bool LinearProbeSolver::lineSearch(const torch::Tensor& direction, double initialSlope, double objective,
                                   const torch::Tensor& shift, double shiftSquared, Trial& accepted) const
{
    const double shiftDotDirection = innerProduct(shift, direction);
    const double directionSquared = innerProduct(direction, direction);
    if (!(directionSquared > 0.0))
        return false;
    const torch::Tensor directionLogits = problem_.features.mm(direction.t());

    Trial low;
    low.value = objective;
    low.slope = initialSlope;
    Trial high;
    bool bracketed = false;
    // Without curvature pairs the direction is the raw gradient, whose length
    // gives no step size, so the search starts with a step of length 1.
    double step = history_.empty() ? 1.0 / std::sqrt(directionSquared) : 1.0;
    for (int trialIndex = 0; trialIndex < kMaxTrials; ++trialIndex) {
        Trial trial = tryStep(directionLogits, step, shiftSquared, shiftDotDirection, directionSquared);
        const bool decreased = trial.value <= objective + kSufficientDecrease * step * initialSlope;
        if (decreased && std::abs(trial.slope) <= -kCurvature * initialSlope) {
            accepted = std::move(trial);
            return true;
        }
        if (!decreased || trial.slope >= 0.0) {
            high = std::move(trial);
            bracketed = true;
        } else if (!bracketed) {
            // Nothing bounds the minimum yet, so the secant of the slope is
            // extrapolated to zero, at least doubling the step and at most
            // multiplying it by 10.
            double next = 4.0 * step;
            if (trial.slope > low.slope)
                next = trial.step - trial.slope * (trial.step - low.step) / (trial.slope - low.slope);
            low = std::move(trial);
            step = std::clamp(next, 2.0 * step, 10.0 * step);
            continue;
        } else {
            low = std::move(trial);
        }
        // The minimum lies between low and high. The next step is the secant
        // root of the slope when high's slope is usable, else the midpoint,
        // and it keeps a tenth of the interval away from both ends.
        const double width = high.step - low.step;
        double next = low.step + 0.5 * width;
        if (high.slope >= 0.0 && high.slope > low.slope)
            next = low.step - low.slope * width / (high.slope - low.slope);
        step = std::clamp(next, low.step + 0.1 * width, high.step - 0.1 * width);
    }
    if (low.step <= 0.0)
        return false;
    accepted = std::move(low);
    return true;
}

void LinearProbeSolver::minimize(double penalty, int maxIterations, double gradientTolerance,
                                 const std::function<void()>& checkCancelled)
{
    torch::NoGradGuard noGrad;
    setPenalty(penalty / totalWeight_);
    torch::Tensor shift = parameters_ - problem_.center;
    double shiftSquared = innerProduct(shift, shift);
    torch::Tensor gradient = torch::add(dataGradient_, shift, penalty_);
    double value = dataLoss_ + 0.5 * penalty_ * shiftSquared;
    for (int iteration = 0; iteration < maxIterations; ++iteration) {
        checkCancelled();
        const double largestGradient =
            torch::linalg_vector_norm(gradient, std::numeric_limits<double>::infinity()).item<double>();
        if (largestGradient <= gradientTolerance)
            return;
        torch::Tensor direction = history_.empty() ? -gradient : history_.direction(gradient);
        double slope = innerProduct(gradient, direction);
        if (!(slope < 0.0)) {
            // Rounding made the pairs inconsistent, so start over from the gradient.
            history_.clear();
            direction = -gradient;
            slope = -innerProduct(gradient, gradient);
        }
        Trial accepted;
        if (!lineSearch(direction, slope, value, shift, shiftSquared, accepted))
            return;

        const torch::Tensor step = direction.mul_(accepted.step);
        const torch::Tensor previousDataGradient = dataGradient_;
        parameters_.add_(step);
        if (++stepsSinceRefresh_ >= kRefreshInterval) {
            refresh();
        } else {
            logits_ = accepted.logits;
            dataLoss_ = accepted.dataLoss;
            dataGradient_ = accepted.residual.t().mm(problem_.features);
        }
        torch::Tensor change = dataGradient_ - previousDataGradient;
        change.add_(step, penalty_);
        history_.add(step, change);

        shift = parameters_ - problem_.center;
        shiftSquared = innerProduct(shift, shift);
        gradient = torch::add(dataGradient_, shift, penalty_);
        const double previous = value;
        value = dataLoss_ + 0.5 * penalty_ * shiftSquared;
        if (previous - value <= kRelativeDecrease * std::abs(value))
            return;
    }
}

}  // namespace fewshot::engine::detail
