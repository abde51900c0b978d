#pragma once

// Helpers shared by the fuzz harnesses. The harnesses run both inside the
// libFuzzer programs of this folder and in tests/test_fuzz_regressions.cpp,
// which replays every saved crash input through them.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace fewshot::fuzz {

// A folder private to this process under the system temporary folder,
// created on first use and removed at exit. Parsers that take a path read
// the fuzz input from files in it.
const std::filesystem::path& scratchFolder();

// Writes `bytes` to scratchFolder() / name, replacing the file, and returns its path.
std::filesystem::path writeScratchFile(const std::string& name, std::string_view bytes);

inline std::string_view asText(const uint8_t* data, size_t size)
{
    return std::string_view(reinterpret_cast<const char*>(data), size);
}

// Splits the input at its first NUL byte: the part before and the part after.
// Harnesses that need two files use it (JSON and text files hold no NUL).
struct InputParts {
    std::string_view first;
    std::string_view second;
};
InputParts splitAtNul(std::string_view input);

}  // namespace fewshot::fuzz
