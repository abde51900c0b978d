#include "fault_test_support.h"

#include "base/error.h"

#include <sys/mount.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <sstream>

namespace fewshot::test {

FileSizeLimit::FileSizeLimit(rlim_t bytes)
{
    previousHandler_ = std::signal(SIGXFSZ, SIG_IGN);
    getrlimit(RLIMIT_FSIZE, &previous_);
    struct rlimit limit = previous_;
    limit.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limit);
}

FileSizeLimit::~FileSizeLimit()
{
    setrlimit(RLIMIT_FSIZE, &previous_);
    std::signal(SIGXFSZ, previousHandler_);
}

ScopedTmpfs::ScopedTmpfs(const std::filesystem::path& folder, size_t bytes) : folder_(folder), bytes_(bytes)
{
    std::filesystem::create_directories(folder);
    const std::string options = "size=" + std::to_string(bytes);
    mounted_ = ::mount("tmpfs", folder.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0;
}

ScopedTmpfs::~ScopedTmpfs()
{
    if (mounted_)
        ::umount2(folder_.c_str(), MNT_DETACH);
}

bool ScopedTmpfs::setReadOnly(bool readOnly)
{
    const std::string options = "size=" + std::to_string(bytes_);
    const unsigned long flags = MS_REMOUNT | MS_NOSUID | MS_NODEV | (readOnly ? MS_RDONLY : 0);
    return ::mount("tmpfs", folder_.c_str(), "tmpfs", flags, options.c_str()) == 0;
}

void ScopedTmpfs::fill()
{
    std::ofstream filler(folder_ / "filler", std::ios::binary);
    const std::string block(4096, 'x');
    while (filler.write(block.data(), static_cast<std::streamsize>(block.size())))
        filler.flush();
}

std::string messageOf(const std::function<void()>& action)
{
    try {
        action();
    } catch (const fewshot::Error& e) {
        return e.what();
    }
    return kNoError;
}

std::string readFileOrEmpty(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

std::vector<std::string> folderEntries(const std::filesystem::path& folder)
{
    std::vector<std::string> names;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace fewshot::test
