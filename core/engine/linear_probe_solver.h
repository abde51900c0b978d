#pragma once

// The optimizer of the linear probe: L-BFGS on a penalized, weighted softmax
// cross-entropy. Private to the engine, like torch_support.h.

#include "engine/lbfgs_history.h"

#include <torch/torch.h>

#include <functional>

namespace fewshot::engine::detail {

// One training set of the linear probe. The bias is stored as an extra last
// column of the weights, matched by a column of ones in the features, so the
// parameters are one [C, D + 1] matrix and the penalty covers the bias too.
struct LinearProblem {
    torch::Tensor features;   // [N, D + 1]: L2-normalized embeddings, then 1
    torch::Tensor labels;     // [N] int64
    torch::Tensor weights;    // [N] loss weights
    torch::Tensor center;     // [C, D + 1]: the parameters the penalty pulls toward
    torch::Tensor classMask;  // [C], 0 or -inf; undefined when every class is present
};

// Minimizes, for a given penalty,
//   sum_i w_i CE(theta x_i, y_i) / sum_i w_i + penalty / (2 sum_i w_i) |theta - center|^2
// with L-BFGS and a line search for the strong Wolfe conditions.
//
// Two properties make a path of decreasing penalties cheap. The solver keeps
// its point and its curvature pairs between calls of minimize(), and when the
// penalty changes it corrects each pair's gradient change by the penalty's
// exact curvature, so the next penalty starts with a good Hessian estimate.
// And the line search moves along the logits, which are linear in the step,
// so trying a step costs O(N C) instead of a product with the features. Each
// iteration multiplies by the features twice, once for the direction and once
// for the gradient at the accepted point.
class LinearProbeSolver {
public:
    // Starts at `parameters` [C, D + 1]. The problem must outlive the solver.
    LinearProbeSolver(const LinearProblem& problem, const torch::Tensor& parameters);

    // Runs at most `maxIterations` iterations from the current point. It stops
    // earlier when the largest gradient entry is at most `gradientTolerance`,
    // when an iteration lowers the objective by at most a millionth of its
    // value, or when no step along the search direction lowers it. The last
    // two happen once float32 rounding dominates the changes.
    // `checkCancelled` is called before each iteration and may throw.
    void minimize(double penalty, int maxIterations, double gradientTolerance,
                  const std::function<void()>& checkCancelled);

    const torch::Tensor& parameters() const { return parameters_; }

    // The objective at parameters(), for the penalty of the last minimize().
    double objective() const;

private:
    struct Trial;

    void refresh();
    void setPenalty(double scaledPenalty);
    Trial tryStep(const torch::Tensor& directionLogits, double step, double shiftSquared,
                  double shiftDotDirection, double directionSquared) const;
    bool lineSearch(const torch::Tensor& direction, double initialSlope, double objective, const torch::Tensor& shift,
                    double shiftSquared, Trial& accepted) const;

    const LinearProblem& problem_;
    torch::Tensor shares_;          // [N, 1]: w_i / sum_i w_i
    torch::Tensor labelColumn_;     // [N, 1]
    double totalWeight_ = 0.0;

    torch::Tensor parameters_;      // [C, D + 1]
    torch::Tensor logits_;          // [N, C], masked, kept in step with parameters_
    torch::Tensor dataGradient_;    // [C, D + 1], of the cross-entropy term alone
    double dataLoss_ = 0.0;
    double penalty_ = 0.0;          // the penalty divided by the total sample weight
    int stepsSinceRefresh_ = 0;
    LbfgsHistory history_;          // curvature pairs of the objective for penalty_
};

}  // namespace fewshot::engine::detail
