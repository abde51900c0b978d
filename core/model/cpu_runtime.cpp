#include "model/cpu_runtime.h"

#include <climits>
#include <cstdlib>
#include <mutex>

#include <dlfcn.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <strings.h>

namespace fewshot {
namespace {

// OpenBLAS builds with DYNAMIC_ARCH export these, and Debian ships such a
// build. gotoblas_dynamic_quit() clears the chosen kernel table, and
// gotoblas_dynamic_init() chooses again, reading OPENBLAS_CORETYPE first
// (driver/others/dynamic.c in OpenBLAS 0.3.21).
using CoreNameFunction = char* (*)();
using InitFunction = void (*)();

template <typename Function>
Function findSymbol(const char* name)
{
    return reinterpret_cast<Function>(::dlsym(RTLD_DEFAULT, name));
}

std::string activeCoreName()
{
    const auto coreName = findSymbol<CoreNameFunction>("openblas_get_corename");
    const char* name = coreName ? coreName() : nullptr;
    return name ? name : "";
}

bool isOneOf(const std::string& name, std::initializer_list<const char*> names)
{
    for (const char* candidate : names)
        if (::strcasecmp(name.c_str(), candidate) == 0)
            return true;
    return false;
}

struct Target {
    const char* coreType = nullptr;  // the OPENBLAS_CORETYPE name
    const char* tableSymbol = nullptr;
    const char* instructionSet = nullptr;
};

// The best kernel set for this CPU when OpenBLAS's own choice is below it;
// coreType is null when the choice is already good.
Target betterTarget(const std::string& detected)
{
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")
                        && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq");
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (avx512 && !isOneOf(detected, {"SkylakeX", "Cooperlake", "SapphireRapids"}))
        return {"SkylakeX", "gotoblas_SKYLAKEX", "AVX-512"};
    if (!avx512 && avx2 && !isOneOf(detected, {"Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids"}))
        return {"Haswell", "gotoblas_HASWELL", "AVX2"};
#else
    (void)detected;
#endif
    return {};
}

BlasKernels chooseKernels()
{
    BlasKernels kernels;
    kernels.detected = activeCoreName();
    kernels.active = kernels.detected;
    if (kernels.detected.empty())
        return kernels;  // not OpenBLAS, or one without a core-name query
    kernels.library = "OpenBLAS";
    if (std::getenv("OPENBLAS_CORETYPE"))
        return kernels;

    const Target target = betterTarget(kernels.detected);
    const auto quit = findSymbol<InitFunction>("gotoblas_dynamic_quit");
    const auto init = findSymbol<InitFunction>("gotoblas_dynamic_init");
    // A build without the table would reject the name, and some older
    // versions exit() when the forced core type is unknown.
    if (!target.coreType || !quit || !init || !::dlsym(RTLD_DEFAULT, target.tableSymbol))
        return kernels;

    // Set for the whole process, so child processes start with the same kernels.
    ::setenv("OPENBLAS_CORETYPE", target.coreType, 1);
    quit();
    init();
    kernels.active = activeCoreName();
    if (kernels.active != kernels.detected)
        kernels.reason = std::string("chosen for ") + target.instructionSet + "; OpenBLAS detected " + kernels.detected;
    return kernels;
}

}  // namespace

void prepareCpuRuntime()
{
    selectBlasKernels();
    keepFreedMemory();
}

const BlasKernels& selectBlasKernels()
{
    static std::once_flag once;
    static BlasKernels kernels;
    std::call_once(once, [] { kernels = chooseKernels(); });
    return kernels;
}

std::string describeBlasKernels(const BlasKernels& kernels)
{
    if (kernels.library.empty())
        return "LibTorch's BLAS (not OpenBLAS)";
    std::string text = kernels.library + " " + kernels.active + " kernels";
    if (!kernels.reason.empty())
        text += " (" + kernels.reason + ")";
    return text;
}

void keepFreedMemory()
{
#if defined(__GLIBC__)
    static std::once_flag once;
    std::call_once(once, [] {
        ::mallopt(M_MMAP_MAX, 0);  // large blocks come from the heap too, and are reused
        ::mallopt(M_TRIM_THRESHOLD, INT_MAX);
    });
#endif
}

void releaseFreedMemory()
{
#if defined(__GLIBC__)
    ::malloc_trim(0);
#endif
}

}  // namespace fewshot
