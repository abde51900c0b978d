#include "model/cpu_runtime.h"

#include <gtest/gtest.h>

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include <sys/resource.h>

using namespace fewshot;

namespace {

long minorPageFaults()
{
    struct rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
}

bool isOneOf(const std::string& name, std::initializer_list<const char*> names)
{
    for (const char* candidate : names)
        if (name == candidate)
            return true;
    return false;
}

}  // namespace

TEST(CpuRuntime, BlasKernelsMatchTheCpu)
{
    // The test main() has run prepareCpuRuntime(). It sets OPENBLAS_CORETYPE
    // only when it switches kernels, so a value without a switch came from the caller.
    const BlasKernels& kernels = selectBlasKernels();
    if (kernels.library.empty())
        GTEST_SKIP() << "LibTorch does not use OpenBLAS here: " << describeBlasKernels(kernels);
    if (!kernels.reason.empty())
        EXPECT_NE(kernels.active, kernels.detected);
#if defined(__x86_64__) && defined(__GNUC__)
    if (kernels.reason.empty() && kernels.active == kernels.detected && std::getenv("OPENBLAS_CORETYPE"))
        GTEST_SKIP() << "OPENBLAS_CORETYPE was set before the test started";
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512dq"))
        EXPECT_TRUE(isOneOf(kernels.active, {"SkylakeX", "Cooperlake", "SapphireRapids"})) << kernels.active;
    else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        EXPECT_TRUE(isOneOf(kernels.active, {"Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids"}))
            << kernels.active;
#endif
}

TEST(CpuRuntime, SwitchedKernelsMultiplyCorrectly)
{
    // Odd sizes exercise the kernels' edge handling as well as their main loops.
    c10::InferenceMode inference;
    const int64_t rows = 131, inner = 67, columns = 45;
    const auto a = torch::randn({rows, inner});
    const auto b = torch::randn({inner, columns});
    const auto product = torch::matmul(a, b);

    const auto x = a.accessor<float, 2>();
    const auto y = b.accessor<float, 2>();
    const auto z = product.accessor<float, 2>();
    double worst = 0;
    for (int64_t i = 0; i < rows; ++i)
        for (int64_t j = 0; j < columns; ++j) {
            double sum = 0;
            for (int64_t k = 0; k < inner; ++k)
                sum += static_cast<double>(x[i][k]) * y[k][j];
            worst = std::max(worst, std::abs(sum - z[i][j]));
        }
    EXPECT_LT(worst, 1e-3);
}

#if defined(__SANITIZE_ADDRESS__)
#define FEWSHOT_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FEWSHOT_ADDRESS_SANITIZER 1
#endif
#endif

TEST(CpuRuntime, FreedMemoryIsReusedWithoutPageFaults)
{
#if defined(FEWSHOT_ADDRESS_SANITIZER)
    GTEST_SKIP() << "AddressSanitizer replaces malloc, so glibc's allocator settings do not apply";
#elif !defined(__GLIBC__)
    GTEST_SKIP() << "the allocator settings apply to glibc only";
#else
    // 64 MiB is above glibc's largest automatic mmap threshold (32 MiB), so
    // without keepFreedMemory() each allocation gets fresh pages.
    constexpr size_t bytes = size_t{64} << 20;
    auto touch = [] {
        auto* block = static_cast<char*>(std::malloc(bytes));
        ASSERT_NE(block, nullptr);
        std::memset(block, 1, bytes);
        // Keep the compiler from dropping the memset with the free.
        EXPECT_EQ(block[bytes / 2], 1);
        std::free(block);
    };
    touch();
    const long before = minorPageFaults();
    touch();
    const long faults = minorPageFaults() - before;
    // A fresh 64 MiB block takes 16384 faults of 4 KiB pages.
    EXPECT_LT(faults, 1000);
    releaseFreedMemory();
#endif
}
