// The main() of the GoogleTest programs that run LibTorch. It prepares the
// CPU runtime as the fewshot and fewshot-studio programs do, so the tests run
// the same BLAS kernels at the same speed.

#include "model/cpu_runtime.h"

#include <gtest/gtest.h>

int main(int argc, char** argv)
{
    fewshot::prepareCpuRuntime();
    testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
