#include "engine/lbfgs_history.h"

#include <algorithm>
#include <vector>

namespace fewshot::engine::detail {
namespace {

// A pair whose y . s is at most this carries no usable curvature.
constexpr double kMinimumCurvature = 1e-10;

}  // namespace

int LbfgsHistory::freeSlot() const
{
    for (int slot = 0; slot < kCapacity; ++slot)
        if (std::find(order_.begin(), order_.end(), slot) == order_.end())
            return slot;
    return -1;
}

void LbfgsHistory::add(const torch::Tensor& step, const torch::Tensor& change)
{
    const double curvature = at::dot(step.reshape(-1), change.reshape(-1)).item<double>();
    if (!(curvature > kMinimumCurvature))
        return;
    if (!vectors_.defined())
        vectors_ = torch::zeros({2 * kCapacity, step.numel()});
    if (order_.size() == kCapacity)
        order_.pop_front();
    const int slot = freeSlot();
    vectors_[2 * slot].copy_(step.reshape(-1));
    vectors_[2 * slot + 1].copy_(change.reshape(-1));
    order_.push_back(slot);

    // Every stored vector times the new s and times the new y. Rows of unused
    // slots are computed too and ignored.
    const torch::Tensor timesStep = vectors_.mv(vectors_[2 * slot]).to(torch::kFloat64).contiguous();
    const torch::Tensor timesChange = vectors_.mv(vectors_[2 * slot + 1]).to(torch::kFloat64).contiguous();
    const auto withStep = timesStep.accessor<double, 1>();
    const auto withChange = timesChange.accessor<double, 1>();
    for (int other : order_) {
        stepSteps_[slot][other] = stepSteps_[other][slot] = withStep[2 * other];
        stepChanges_[other][slot] = withChange[2 * other];
        stepChanges_[slot][other] = withStep[2 * other + 1];
        changeChanges_[slot][other] = changeChanges_[other][slot] = withChange[2 * other + 1];
    }
}

void LbfgsHistory::addCurvature(double delta)
{
    if (order_.empty() || delta == 0.0)
        return;
    const torch::Tensor pairs = vectors_.view({kCapacity, 2, -1});
    pairs.select(1, 1).add_(pairs.select(1, 0), delta);
    // (y_i + d s_i) . (y_j + d s_j) = y_i . y_j + d (s_i . y_j + s_j . y_i) + d^2 s_i . s_j,
    // computed before s . y changes below.
    for (int i : order_)
        for (int j : order_)
            changeChanges_[i][j] +=
                delta * (stepChanges_[i][j] + stepChanges_[j][i]) + delta * delta * stepSteps_[i][j];
    for (int i : order_)
        for (int j : order_)
            stepChanges_[i][j] += delta * stepSteps_[i][j];
    order_.erase(std::remove_if(order_.begin(), order_.end(),
                                [&](int slot) { return !(stepChanges_[slot][slot] > kMinimumCurvature); }),
                 order_.end());
}

// Runs the two-loop recursion with q and r written as g plus combinations of
// the stored vectors, so each inner product with them comes from the Gram
// matrices and from the products of the stored vectors with g.
torch::Tensor LbfgsHistory::direction(const torch::Tensor& gradient) const
{
    const int count = static_cast<int>(order_.size());
    const torch::Tensor flatGradient = gradient.reshape(-1);
    const torch::Tensor products = vectors_.mv(flatGradient).to(torch::kFloat64).contiguous();
    const auto withGradient = products.accessor<double, 1>();  // s_k . g at 2k, y_k . g at 2k + 1

    // First loop, newest pair first: alpha_k = (s_k . q) / (s_k . y_k) with
    // q = g - sum over newer pairs l of alpha_l y_l.
    std::vector<double> alpha(static_cast<size_t>(count));
    for (int k = count - 1; k >= 0; --k) {
        const int slot = order_[static_cast<size_t>(k)];
        double stepDotQ = withGradient[2 * slot];
        for (int l = k + 1; l < count; ++l)
            stepDotQ -= alpha[static_cast<size_t>(l)] * stepChanges_[slot][order_[static_cast<size_t>(l)]];
        alpha[static_cast<size_t>(k)] = stepDotQ / stepChanges_[slot][slot];
    }

    // Second loop, oldest pair first: r = scale q + sum over older pairs l of
    // (alpha_l - beta_l) s_l, and beta_k = (y_k . r) / (s_k . y_k).
    const int newest = order_.back();
    const double scale = stepChanges_[newest][newest] / changeChanges_[newest][newest];
    std::vector<double> beta(static_cast<size_t>(count));
    for (int k = 0; k < count; ++k) {
        const int slot = order_[static_cast<size_t>(k)];
        double changeDotQ = withGradient[2 * slot + 1];
        for (int l = 0; l < count; ++l)
            changeDotQ -= alpha[static_cast<size_t>(l)] * changeChanges_[slot][order_[static_cast<size_t>(l)]];
        double changeDotR = scale * changeDotQ;
        for (int l = 0; l < k; ++l)
            changeDotR += (alpha[static_cast<size_t>(l)] - beta[static_cast<size_t>(l)])
                          * stepChanges_[order_[static_cast<size_t>(l)]][slot];
        beta[static_cast<size_t>(k)] = changeDotR / stepChanges_[slot][slot];
    }

    // r = scale g + sum_k ((alpha_k - beta_k) s_k - scale alpha_k y_k), and
    // the direction is -r. Unused slots get coefficient 0.
    std::vector<float> coefficients(2 * kCapacity, 0.0f);
    for (int k = 0; k < count; ++k) {
        const int slot = order_[static_cast<size_t>(k)];
        const double a = alpha[static_cast<size_t>(k)];
        coefficients[static_cast<size_t>(2 * slot)] = static_cast<float>(a - beta[static_cast<size_t>(k)]);
        coefficients[static_cast<size_t>(2 * slot + 1)] = static_cast<float>(-scale * a);
    }
    const torch::Tensor combination = torch::tensor(coefficients, torch::kFloat32);
    return torch::addmv(flatGradient, vectors_.t(), combination, -scale, -1.0).view_as(gradient);
}

}  // namespace fewshot::engine::detail
