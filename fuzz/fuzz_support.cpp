#include "fuzz_support.h"

#include <fstream>
#include <stdexcept>
#include <system_error>

#include <unistd.h>

namespace fewshot::fuzz {
namespace {

// Removes the scratch folder when the process exits normally. libFuzzer
// exits through exit() after its time limit, so this runs there too.
struct ScratchFolder {
    std::filesystem::path path;

    ScratchFolder()
    {
        path = std::filesystem::temp_directory_path() / ("fewshot-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(path);
    }

    ~ScratchFolder()
    {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
};

}  // namespace

const std::filesystem::path& scratchFolder()
{
    static const ScratchFolder folder;
    return folder.path;
}

std::filesystem::path writeScratchFile(const std::string& name, std::string_view bytes)
{
    const std::filesystem::path path = scratchFolder() / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    // A harness that cannot write its input would test nothing, so say so loudly.
    if (!out)
        throw std::runtime_error("fuzz harness: cannot write " + path.string());
    return path;
}

InputParts splitAtNul(std::string_view input)
{
    const size_t nul = input.find('\0');
    if (nul == std::string_view::npos)
        return {input, {}};
    return {input.substr(0, nul), input.substr(nul + 1)};
}

}  // namespace fewshot::fuzz
