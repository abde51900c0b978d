// Times the few-shot engine on synthetic CLIP-shaped features. It measures the
// linear probe fit (cross-validation included) on 100 classes x 16 shots of
// 768-d features, the Tip-Adapter fit on the same support set, and scoring
// 100,000 cached embeddings with the linear probe head. Each timing is the
// median of a few repetitions after one warm-up run.
//
// NOTE: LibTorch's OpenMP threads spin while they wait. On a machine busy with
// other work, set OMP_WAIT_POLICY=passive, or the timings grow several-fold.

#include "engine/method.h"
#include "engine/metrics.h"
#include "engine/synthetic_features.h"
#include "engine/threads.h"
#include "model/cpu_runtime.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>
#include <functional>
#include <thread>
#include <vector>

namespace {

using fewshot::engine::FeatureMatrix;

struct Timing {
    double wallSeconds = 0.0;
    double cpuSeconds = 0.0;  // process CPU time, all threads together
};

// Runs `work` once to warm up, then `repetitions` times, and returns the
// median wall time with the CPU time of that same run.
Timing medianTiming(int repetitions, const std::function<void()>& work)
{
    work();  // warm-up: first-call allocations and thread-pool start
    std::vector<Timing> timings;
    for (int i = 0; i < repetitions; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const std::clock_t cpuStart = std::clock();
        work();
        timings.push_back({std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                           static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC});
    }
    std::sort(timings.begin(), timings.end(),
              [](const Timing& a, const Timing& b) { return a.wallSeconds < b.wallSeconds; });
    return timings[timings.size() / 2];
}

void printRow(const char* task, const Timing& timing, double target, const std::string& note)
{
    std::printf("%-48s %8.3f s wall %8.3f s CPU   target < %.1f s   %s\n", task, timing.wallSeconds,
                timing.cpuSeconds, target, timing.wallSeconds < target ? "ok" : "SLOWER THAN TARGET");
    if (!note.empty())
        std::printf("    %s\n", note.c_str());
}

// Prints the 1-minute load average where /proc/loadavg exists (Linux), since
// other processes on the machine slow every timing down.
void printLoad(int threads)
{
    std::ifstream file("/proc/loadavg");
    double load = 0.0;
    if (!(file >> load))
        return;
    std::printf("load average %.2f on %u hardware threads%s\n\n", load, std::thread::hardware_concurrency(),
                load > threads ? ": the machine is busy, so these timings overstate the cost" : "");
}

}  // namespace

int main()
{
    fewshot::prepareCpuRuntime();
    const auto& kernels = fewshot::selectBlasKernels();
    // Debian's LibTorch starts with one intra-op thread.
    fewshot::engine::setComputeThreads(static_cast<int>(std::thread::hardware_concurrency()));
    std::printf("fewshot-engine-bench: %d intra-op threads, %s\n", fewshot::engine::computeThreads(),
                fewshot::describeBlasKernels(kernels).c_str());
    printLoad(fewshot::engine::computeThreads());

    fewshot::engine::SyntheticFeatureSpec spec;
    spec.classCount = 100;
    spec.dimension = 768;
    spec.textWeight = 0.1;
    spec.visualWeight = 0.1;
    spec.noiseWeight = 1.0;
    const auto support = fewshot::engine::makeSyntheticFeatures(spec, 16, 1);
    const auto test = fewshot::engine::makeSyntheticFeatures(spec, 20, 2);

    auto linearProbe = fewshot::engine::createMethod("linear-probe");
    const Timing linearTiming = medianTiming(3, [&] {
        linearProbe->fit(support.features, support.labels, support.textPrototypes);
    });
    auto tipAdapter = fewshot::engine::createMethod("tip-adapter");
    const Timing tipTiming = medianTiming(5, [&] {
        tipAdapter->fit(support.features, support.labels, support.textPrototypes);
    });

    const auto pool = fewshot::engine::makeSyntheticFeatures(spec, 1000, 3);
    FeatureMatrix probabilities;
    const Timing scoringTiming = medianTiming(3, [&] {
        probabilities = linearProbe->predictProbabilities(pool.features);
    });

    auto zeroShot = fewshot::engine::createMethod("zero-shot");
    zeroShot->fit(support.features, support.labels, support.textPrototypes);
    const auto accuracy = [&](const fewshot::engine::FewShotMethod& method) {
        return fewshot::engine::computeMetrics(method.predictProbabilities(test.features), test.labels).accuracy;
    };
    char note[160];
    std::snprintf(note, sizeof note, "test accuracy %.3f (zero-shot %.3f), penalty %g",
                  accuracy(*linearProbe), accuracy(*zeroShot),
                  linearProbe->hyperparameters().value("penalty", 0.0));
    printRow("linear probe fit, 100 classes x 16 shots, 768-d", linearTiming, 1.0, note);
    std::snprintf(note, sizeof note, "test accuracy %.3f", accuracy(*tipAdapter));
    printRow("Tip-Adapter fit, same support set", tipTiming, 0.1, note);
    printRow("scoring 100,000 embeddings, linear head", scoringTiming, 0.2, "");
    return 0;
}
