#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>

namespace fewshot {

// Reads and parses a JSON file. Throws Error naming the file when it is
// missing, unreadable or not valid JSON (with the byte offset of the problem).
nlohmann::json readJsonFile(const std::filesystem::path& path);

// Reads a whole file into memory. Throws Error naming the file on failure.
std::string readFileBytes(const std::filesystem::path& path);

// Writes data to a temporary file beside `path`, flushes it to disk and renames
// it into place, so readers see either the old file or the complete new one.
void writeFileAtomically(const std::filesystem::path& path, const std::string& data);

}  // namespace fewshot
