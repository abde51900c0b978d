#pragma once

#include <string>
#include <string_view>

namespace fewshot {

// Checks, before LibTorch unpickles it, what LibTorch 1.13's unpickler does
// not (found by fuzz_torch_bin and the tests that followed it):
// - every length a pickle declares for a string, bytes or integer argument
//   fits in the bytes that follow. The unpickler allocates and zero-fills a
//   declared length before reading it, so a 300-byte data.pkl that declares a
//   4 GB string takes 4 GB of memory.
// - no opcode takes more items than the stack contains above the last MARK,
//   and every opcode that works up to a MARK has one. The unpickler pops its
//   stack without checking, so BUILD on a one-item stack freed memory it never
//   allocated.
// - every GET reads a memo entry that an earlier PUT stored, and every PUT
//   extends the memo by at most one entry. The unpickler raised
//   std::out_of_range, not c10::Error, for a GET of an entry never stored.
// Throws Error naming `path` for any of these.
//
// The walk follows the opcode argument layouts and stack effects of Python's
// pickletools. It stops at STOP and at any opcode it does not know, leaving
// those bytes to LibTorch, which rejects what it cannot read.
void checkPickleStructure(std::string_view pickle, const std::string& path);

}  // namespace fewshot
