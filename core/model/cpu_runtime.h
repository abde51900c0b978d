#pragma once

// Process-wide settings that make LibTorch inference on the CPU fast: the
// BLAS kernels and the memory allocator. Programs call prepareCpuRuntime()
// at the top of main(), before any other thread starts.

#include <string>

namespace fewshot {

// Selects the BLAS kernels (selectBlasKernels) and keeps freed memory for
// reuse (keepFreedMemory). Runs once per process.
void prepareCpuRuntime();

// The matrix-product kernels of the BLAS library that LibTorch calls for
// float32 on the CPU.
struct BlasKernels {
    std::string library;   // "OpenBLAS", or empty when another BLAS (MKL) is linked
    std::string detected;  // the core type OpenBLAS chose at start-up, such as "Prescott"
    std::string active;    // the core type in use now
    std::string reason;    // the reason `active` differs from `detected`, or empty when they match
};

// Switches OpenBLAS to the kernels the CPU supports when it chose older ones.
//
// OpenBLAS picks its kernels from the CPU model number. Under a hypervisor
// that reports a model it does not know, OpenBLAS 0.3.21 (Debian 12) falls
// back to its SSE3 "Prescott" kernels on an AVX-512 CPU, and matrix products
// run at a quarter of their speed. This checks the CPU's instruction sets
// and, when OpenBLAS chose kernels below them, re-initializes it with the
// SkylakeX (AVX-512) or Haswell (AVX2) kernels. A core type the user set in
// OPENBLAS_CORETYPE is kept.
//
// Runs once per process; later calls return the first result. It must run
// before any other thread calls BLAS.
const BlasKernels& selectBlasKernels();

// Returns a one-line description for logs and benchmarks, such as
// "OpenBLAS SkylakeX kernels (chosen for AVX-512; OpenBLAS detected Prescott)".
std::string describeBlasKernels(const BlasKernels& kernels);

// Makes glibc's malloc keep freed memory for the next allocation instead of
// returning it to the system.
//
// By default glibc serves allocations above 32 MiB with fresh mmap() pages
// and unmaps them on free(). It also trims the top of the heap. An encoder's
// activations are large (a ViT-L/14 batch of 8 has 34 MiB MLP outputs), so
// every layer would fault them in again page by page. `fewshot bench` on
// ViT-L/14 (16 images, 2 cores) counted 4.3 million page faults and 8.5 s of
// system time by default, and 0.12 million and 0.7 s with this setting. The
// cost is that the peak stays resident until releaseFreedMemory(). It has no
// effect without glibc.
void keepFreedMemory();

// Gives the free memory kept since keepFreedMemory() back to the system.
// Call it when a long computation ends in a program that keeps running (the GUI).
void releaseFreedMemory();

}  // namespace fewshot
