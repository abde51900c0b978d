#pragma once

#include <string>
#include <string_view>

namespace fewshot {

// Checks, before LibTorch unpickles it, that every length a pickle declares
// for a string, bytes or integer argument fits in the bytes that follow.
// LibTorch 1.13's unpickler allocates and zero-fills a declared length before
// reading it, so a 300-byte data.pkl that declares a 4 GB string takes 4 GB of
// memory (found by fuzz_torch_bin). Throws Error naming `path` for such a length.
//
// The walk follows the opcode argument layouts of Python's pickletools. It
// stops at STOP and at any opcode it does not know, leaving those bytes to
// LibTorch, which rejects what it cannot read.
void checkPickleLengths(std::string_view pickle, const std::string& path);

}  // namespace fewshot
