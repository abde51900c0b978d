#pragma once

// Private helpers shared by the engine's LibTorch sources. Not part of the
// public interface: only .cpp files of the engine and of core/train include it.

#include "engine/classifier_head.h"
#include "engine/feature_matrix.h"
#include "engine/method.h"

#include <torch/torch.h>

#include <chrono>
#include <vector>

namespace fewshot::engine::detail {

// Wraps the matrix's memory without copying; the tensor must not outlive the
// matrix, and may be written to only when the matrix is not const.
torch::Tensor borrowTensor(const FeatureMatrix& matrix);

// Copies a float32 tensor of rank 2 (or rank 1, as one column) into a matrix.
FeatureMatrix toMatrix(const torch::Tensor& tensor);

std::vector<float> toVector(const torch::Tensor& tensor);

torch::Tensor toTensor(const std::vector<float>& values);
torch::Tensor toTensor(const std::vector<int64_t>& values);

// Copies the head's arrays into tensors.
struct HeadTensors {
    torch::Tensor weight;       // [C, D]
    torch::Tensor bias;         // [C]
    torch::Tensor cacheKeys;    // [N, D] or undefined
    torch::Tensor cacheValues;  // [N, C] or undefined
    double alpha = 0.0;
    double beta = 0.0;
};
HeadTensors headTensors(const ClassifierHead& head);
ClassifierHead makeHead(const HeadTensors& tensors);

// The head's logits for features [N, D], which need not be normalized.
torch::Tensor headLogits(const HeadTensors& head, const torch::Tensor& features);

// Per-sample loss weights: inverse class frequency scaled to mean 1 when
// balanced, all ones otherwise.
torch::Tensor sampleWeights(const torch::Tensor& labels, int64_t classCount, bool balanced);

// Weighted mean cross-entropy.
torch::Tensor weightedCrossEntropy(const torch::Tensor& logits, const torch::Tensor& labels,
                                   const torch::Tensor& weights);

// Polls the cancel callback and forwards progress with the elapsed time.
class FitMonitor {
public:
    explicit FitMonitor(const FitOptions& options);

    // Throws Cancelled when the cancel callback returns true.
    void checkCancelled() const;

    // Sets the elapsed time and passes the report to the progress callback.
    void report(FitProgress progress) const;

private:
    const FitOptions& options_;
    std::chrono::steady_clock::time_point start_;
};

}  // namespace fewshot::engine::detail
