#include "engine/torch_support.h"

#include "base/error.h"
#include "engine/threads.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <thread>

namespace fewshot::engine {
namespace detail {

torch::Tensor borrowTensor(const FeatureMatrix& matrix)
{
    // from_blob needs a non-const pointer; callers only read the tensor.
    return torch::from_blob(const_cast<float*>(matrix.values.data()), {matrix.rows, matrix.cols},
                            torch::kFloat32);
}

FeatureMatrix toMatrix(const torch::Tensor& tensor)
{
    torch::Tensor t = tensor.detach().to(torch::kFloat32).contiguous();
    if (t.dim() == 1)
        t = t.unsqueeze(1);
    FeatureMatrix matrix(t.size(0), t.size(1));
    std::copy(t.data_ptr<float>(), t.data_ptr<float>() + t.numel(), matrix.values.begin());
    return matrix;
}

std::vector<float> toVector(const torch::Tensor& tensor)
{
    const torch::Tensor t = tensor.detach().to(torch::kFloat32).contiguous();
    return std::vector<float>(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
}

torch::Tensor toTensor(const std::vector<float>& values)
{
    return torch::tensor(torch::ArrayRef<float>(values), torch::kFloat32);
}

torch::Tensor toTensor(const std::vector<int64_t>& values)
{
    return torch::tensor(torch::ArrayRef<int64_t>(values), torch::kInt64);
}

HeadTensors headTensors(const ClassifierHead& head)
{
    HeadTensors tensors;
    tensors.weight = borrowTensor(head.weight).clone();
    tensors.bias = toTensor(head.bias);
    if (head.hasCache()) {
        tensors.cacheKeys = borrowTensor(head.cacheKeys).clone();
        tensors.cacheValues = borrowTensor(head.cacheValues).clone();
        tensors.alpha = head.cacheAlpha;
        tensors.beta = head.cacheBeta;
    }
    return tensors;
}

ClassifierHead makeHead(const HeadTensors& tensors)
{
    ClassifierHead head;
    head.weight = toMatrix(tensors.weight);
    head.bias = toVector(tensors.bias);
    if (tensors.cacheKeys.defined()) {
        head.cacheKeys = toMatrix(tensors.cacheKeys);
        head.cacheValues = toMatrix(tensors.cacheValues);
        head.cacheAlpha = static_cast<float>(tensors.alpha);
        head.cacheBeta = static_cast<float>(tensors.beta);
    }
    return head;
}

torch::Tensor headLogits(const HeadTensors& head, const torch::Tensor& features)
{
    // Scaling the products by the inverse row norms equals normalizing the
    // rows first, without writing a normalized copy of the features.
    const torch::Tensor inverseNorms = features.norm(2, 1, true).clamp_min(1e-12).reciprocal();
    torch::Tensor logits = torch::addcmul(head.bias, features.matmul(head.weight.t()), inverseNorms);
    if (head.cacheKeys.defined()) {
        torch::Tensor affinity = features.matmul(head.cacheKeys.t()).mul_(inverseNorms);
        affinity.mul_(head.beta).sub_(head.beta).exp_();  // exp(-beta * (1 - similarity))
        logits.addmm_(affinity, head.cacheValues, 1.0, head.alpha);
    }
    return logits;
}

torch::Tensor sampleWeights(const torch::Tensor& labels, int64_t classCount, bool balanced)
{
    const int64_t count = labels.size(0);
    if (!balanced)
        return torch::ones({count});
    const torch::Tensor perClass = torch::bincount(labels, {}, classCount).to(torch::kFloat32);
    const torch::Tensor present = (perClass > 0).sum().to(torch::kFloat32);
    // Each present class gets the same total weight; the weights average to 1.
    return (static_cast<double>(count) / present) / perClass.index_select(0, labels);
}

torch::Tensor weightedCrossEntropy(const torch::Tensor& logits, const torch::Tensor& labels,
                                   const torch::Tensor& weights)
{
    const torch::Tensor losses = torch::nll_loss(torch::log_softmax(logits, 1), labels, {},
                                                 at::Reduction::None);
    return (losses * weights).sum() / weights.sum();
}

FitMonitor::FitMonitor(const FitOptions& options)
    : options_(options), start_(std::chrono::steady_clock::now())
{
}

void FitMonitor::checkCancelled() const
{
    if (options_.cancel && options_.cancel())
        throw Cancelled();
}

void FitMonitor::report(FitProgress progress) const
{
    if (!options_.progress)
        return;
    progress.elapsedSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    options_.progress(progress);
}

}  // namespace detail

FeatureMatrix predictProbabilities(const ClassifierHead& head, const FeatureMatrix& features)
{
    if (features.cols != head.dimension())
        throw Error("the features have " + std::to_string(features.cols)
                    + " dimensions but the classifier head expects "
                    + std::to_string(head.dimension())
                    + "; use embeddings of the CLIP model the head was trained on");
    if (features.rows == 0)
        return FeatureMatrix(0, head.classCount());
    if (head.isEnsemble()) {
        FeatureMatrix mean(features.rows, head.classCount());
        for (const ClassifierHead& member : head.members) {
            const FeatureMatrix probabilities = predictProbabilities(member, features);
            for (size_t i = 0; i < mean.values.size(); ++i)
                mean.values[i] += probabilities.values[i] / static_cast<float>(head.members.size());
        }
        return mean;
    }
    torch::NoGradGuard noGrad;
    const detail::HeadTensors tensors = detail::headTensors(head);
    const torch::Tensor input = detail::borrowTensor(features);
    FeatureMatrix probabilities(features.rows, head.classCount());
    const torch::Tensor output = detail::borrowTensor(probabilities);
    // Chunks bound the memory of the [rows, cache size] affinities of a cache head.
    constexpr int64_t kChunkRows = 16384;
    for (int64_t start = 0; start < features.rows; start += kChunkRows) {
        const int64_t count = std::min(kChunkRows, features.rows - start);
        torch::Tensor chunk = output.narrow(0, start, count);
        torch::softmax_out(chunk, detail::headLogits(tensors, input.narrow(0, start, count)), 1);
    }
    return probabilities;
}

}  // namespace fewshot::engine

namespace fewshot::engine {

void setComputeThreads(int threads)
{
    if (threads <= 0)
        threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(threads);
}

int computeThreads()
{
    return torch::get_num_threads();
}

int suggestedComputeThreads(int64_t supportSamples, int64_t dimension, int64_t classCount)
{
    const double multiplyAdds = static_cast<double>(supportSamples) * static_cast<double>(dimension)
                                * static_cast<double>(classCount);
    if (multiplyAdds < 1e7)
        return 1;
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace fewshot::engine
