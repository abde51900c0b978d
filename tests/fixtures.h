#pragma once

// Paths to test inputs. The reference fixtures live outside the repository
// (CMake cache variable FEWSHOT_FIXTURES); tests that need them skip, saying
// why, when the folder is absent.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace fewshot::test {

inline std::filesystem::path fixturesDir()
{
    return std::filesystem::path(FEWSHOT_FIXTURES_DIR);
}

inline std::filesystem::path testDataDir()
{
    return std::filesystem::path(FEWSHOT_TEST_DATA_DIR);
}

// A fresh empty folder under the build tree for one test's output.
inline std::filesystem::path scratchDir(const std::string& name)
{
    const auto dir = std::filesystem::path(FEWSHOT_BINARY_DIR) / "test-scratch" / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace fewshot::test

// Skips the current test when a fixture folder is missing.
#define FEWSHOT_REQUIRE_FIXTURE(relative)                                              \
    do {                                                                               \
        const auto fixturePath = ::fewshot::test::fixturesDir() / (relative);          \
        if (!std::filesystem::exists(fixturePath))                                     \
            GTEST_SKIP() << "reference fixture not found at " << fixturePath.string() \
                         << " (set -DFEWSHOT_FIXTURES=DIR)";                           \
    } while (false)
