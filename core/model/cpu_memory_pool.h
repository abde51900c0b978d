#pragma once

namespace fewshot {

// Installs, once per process, a CPU allocator that keeps freed blocks of
// 1 MiB and more for reuse by later allocations of the same size, up to
// 512 MiB in all. Encoding allocates the same activation sizes in every
// transformer block; without the pool each of those large blocks is a fresh
// mapping from the system, whose pages fault in and are zeroed on first use
// (about 6% of ViT-L/14 encoding time on the development machine).
// Does nothing with LibTorch 2 and later, whose allocator interface differs,
// and under AddressSanitizer, which must see every free.
void installCpuMemoryPool();

// True when installCpuMemoryPool() installed the pool in this process.
bool cpuMemoryPoolActive();

}  // namespace fewshot
