#pragma once

// The curvature pairs of L-BFGS and the search direction they give. Private
// to the engine, like torch_support.h.

#include <torch/torch.h>

#include <array>
#include <deque>

namespace fewshot::engine::detail {

// Stores up to kCapacity pairs (s, y) of a parameter step and the change of
// the gradient over it, and computes the L-BFGS direction -H g.
//
// Every vector in the two-loop recursion is g plus a combination of the
// stored s and y, so the recursion can run on inner products alone. The
// history keeps the Gram matrices of its vectors, and one direction costs one
// product of the stored vectors with g and one linear combination of them,
// instead of 4 kCapacity separate vector operations. The result is the
// two-loop direction up to rounding.
class LbfgsHistory {
public:
    static constexpr int kCapacity = 10;

    bool empty() const { return order_.empty(); }
    void clear() { order_.clear(); }

    // Adds the pair, dropping the oldest when full. A pair whose y . s is not
    // positive carries no usable curvature and is skipped.
    void add(const torch::Tensor& step, const torch::Tensor& change);

    // Adds `delta * s` to every y, which is how the changes move when a
    // quadratic penalty delta / 2 |theta|^2 is added to the objective. Pairs
    // left without positive curvature are dropped.
    void addCurvature(double delta);

    // Returns -H g, with the initial inverse Hessian scaled by s.y / y.y of
    // the newest pair. Must not be called when empty().
    torch::Tensor direction(const torch::Tensor& gradient) const;

private:
    using Matrix = std::array<std::array<double, kCapacity>, kCapacity>;

    int freeSlot() const;

    // Row 2k is the step of slot k and row 2k + 1 its gradient change, both
    // flattened. Slots are reused, so order_ lists them oldest first.
    torch::Tensor vectors_;
    std::deque<int> order_;
    Matrix stepSteps_{};      // s_i . s_j, by slot
    Matrix stepChanges_{};    // s_i . y_j, by slot
    Matrix changeChanges_{};  // y_i . y_j, by slot
};

}  // namespace fewshot::engine::detail
