#pragma once

#include <cstdint>

namespace fewshot::engine {

// Sets the number of CPU threads LibTorch uses inside one operation (matrix
// products, softmax); 0 means one per hardware thread. The setting is global
// to the process. Debian's LibTorch 1.13 starts with a single thread, so
// programs call this once at start-up.
void setComputeThreads(int threads);

int computeThreads();

// Returns a thread count for fitting `supportSamples` embeddings of
// `dimension` values over `classCount` classes: 1 when one pass over the
// support set is under 10^7 multiply-adds, one per hardware thread otherwise.
// Small fits gain little from more threads, and LibTorch's OpenMP threads spin
// while waiting: on a 2-core machine running other work, a fixture-sized
// evaluation measured 19 s with 2 threads against 2.5 s with 1.
int suggestedComputeThreads(int64_t supportSamples, int64_t dimension, int64_t classCount);

}  // namespace fewshot::engine
