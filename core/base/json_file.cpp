#include "base/json_file.h"

#include "base/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

namespace fewshot {

std::string readFileBytes(const std::filesystem::path& path)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw Error(path.string() + ": file not found");
    if (std::filesystem::is_directory(path, ec))
        throw Error(path.string() + ": is a folder, expected a file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path.string() + ": cannot open file: " + std::strerror(errno));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad())
        throw Error(path.string() + ": read failed");
    return buffer.str();
}

nlohmann::json readJsonFile(const std::filesystem::path& path)
{
    const std::string text = readFileBytes(path);
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(path.string() + ": invalid JSON at byte " + std::to_string(e.byte)
                    + " (the file may be truncated or not a JSON file)");
    } catch (const nlohmann::json::out_of_range&) {
        // nlohmann::json 3.11 raises out_of_range, not parse_error, for a
        // number beyond the range of a double such as 1e400 (found by fuzz_clip_config).
        throw Error(path.string() + ": invalid JSON: a number is too large (beyond the range of a double)");
    }
}

void writeFileAtomically(const std::filesystem::path& path, const std::string& data)
{
    const std::string target = path.string();
    const std::string temporary = target + ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error(target + ": cannot write: " + std::strerror(errno));

    size_t written = 0;
    while (written < data.size()) {
        const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const std::string reason = std::strerror(errno);
            ::close(fd);
            ::unlink(temporary.c_str());
            throw Error(target + ": write failed: " + reason);
        }
        written += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const std::string reason = std::strerror(errno);
        ::unlink(temporary.c_str());
        throw Error(target + ": write failed: " + reason);
    }
    if (std::rename(temporary.c_str(), target.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        ::unlink(temporary.c_str());
        throw Error(target + ": cannot replace file: " + reason);
    }
}

}  // namespace fewshot
