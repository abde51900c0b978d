// The libFuzzer entry point of one fuzz program. CMake compiles this file
// once per harness, naming the harness in FEWSHOT_FUZZ_HARNESS.

#include "harnesses.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    return fewshot::fuzz::FEWSHOT_FUZZ_HARNESS(data, size);
}
