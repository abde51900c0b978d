#include "model/mapped_file.h"

#include "base/error.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fewshot {
namespace {

// The address ranges the SIGBUS handler repairs. A signal handler may only
// touch lock-free data, hence fixed slots of atomics instead of a container.
constexpr int kGuardSlots = 256;

struct GuardSlot {
    std::atomic<uintptr_t> begin{0};  // 0 when the slot is free
    std::atomic<uintptr_t> end{0};
    std::atomic<bool> damaged{false};
};

GuardSlot gSlots[kGuardSlots];
struct sigaction gPreviousAction {};
uintptr_t gPageSize = 4096;

// Passes a SIGBUS that is not ours on to the handler installed before.
void forwardSignal(int signal, siginfo_t* info, void* context)
{
    if (gPreviousAction.sa_flags & SA_SIGINFO) {
        gPreviousAction.sa_sigaction(signal, info, context);
        return;
    }
    if (gPreviousAction.sa_handler != SIG_DFL && gPreviousAction.sa_handler != SIG_IGN) {
        gPreviousAction.sa_handler(signal);
        return;
    }
    // Returning re-runs the faulting instruction, which now gets the
    // default action and ends the process as if no handler were installed.
    struct sigaction fallback {};
    fallback.sa_handler = SIG_DFL;
    ::sigaction(SIGBUS, &fallback, nullptr);
}

void onBusError(int signal, siginfo_t* info, void* context)
{
    const auto address = reinterpret_cast<uintptr_t>(info->si_addr);
    for (GuardSlot& slot : gSlots) {
        const uintptr_t begin = slot.begin.load(std::memory_order_acquire);
        const uintptr_t end = slot.end.load(std::memory_order_acquire);
        if (begin == 0 || address < begin || address >= end)
            continue;
        // The file ends before this page, so every later page of the mapping
        // is past its end too: one anonymous zero mapping covers them all.
        const uintptr_t page = address & ~(gPageSize - 1);
        void* replaced = ::mmap(reinterpret_cast<void*>(page), end - page, PROT_READ | PROT_WRITE,
                                MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (replaced != MAP_FAILED) {
            slot.damaged.store(true, std::memory_order_release);
            return;
        }
        break;
    }
    forwardSignal(signal, info, context);
}

void installHandler()
{
    static std::once_flag installed;
    std::call_once(installed, [] {
        gPageSize = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
        struct sigaction action {};
        action.sa_sigaction = onBusError;
        action.sa_flags = SA_SIGINFO;
        sigemptyset(&action.sa_mask);
        ::sigaction(SIGBUS, &action, &gPreviousAction);
    });
}

int claimSlot(uintptr_t begin, uintptr_t end)
{
    for (int i = 0; i < kGuardSlots; ++i) {
        uintptr_t expected = 0;
        // Claim with a placeholder first, so the handler never reads a half-written range.
        if (gSlots[i].begin.compare_exchange_strong(expected, 1, std::memory_order_acq_rel)) {
            gSlots[i].damaged.store(false, std::memory_order_relaxed);
            gSlots[i].end.store(end, std::memory_order_release);
            gSlots[i].begin.store(begin, std::memory_order_release);
            return i;
        }
    }
    return -1;
}

int64_t modificationTimeNs(const struct stat& status)
{
    return static_cast<int64_t>(status.st_mtim.tv_sec) * 1'000'000'000 + status.st_mtim.tv_nsec;
}

}  // namespace

std::shared_ptr<MappedFile> MappedFile::open(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw Error(path + (errno == ENOENT ? ": file not found" : std::string(": cannot open: ") + std::strerror(errno)));
    struct stat status {};
    if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
        ::close(fd);
        throw Error(path + ": not a regular file");
    }
    std::shared_ptr<MappedFile> file(new MappedFile());
    file->path_ = path;
    file->fd_ = fd;
    file->size_ = static_cast<size_t>(status.st_size);
    file->mappedSize_ = status.st_size;
    file->mappedTimeNs_ = modificationTimeNs(status);
    if (file->size_ == 0)
        return file;

    // A private writable mapping: pages are shared with the page cache until a
    // training step writes to a weight, which then gets its own copy.
    void* address = ::mmap(nullptr, file->size_, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (address == MAP_FAILED)
        throw Error(path + ": cannot memory-map the file: " + std::strerror(errno));
    file->data_ = static_cast<uint8_t*>(address);
    installHandler();
    const auto begin = reinterpret_cast<uintptr_t>(address);
    file->guardSlot_ = claimSlot(begin, begin + file->size_);
    return file;
}

MappedFile::~MappedFile()
{
    if (guardSlot_ >= 0) {
        gSlots[guardSlot_].end.store(0, std::memory_order_release);
        gSlots[guardSlot_].begin.store(0, std::memory_order_release);
    }
    if (data_)
        ::munmap(data_, size_);
    if (fd_ >= 0)
        ::close(fd_);
}

void MappedFile::checkUnchanged() const
{
    if (guardSlot_ >= 0 && gSlots[guardSlot_].damaged.load(std::memory_order_acquire))
        throw Error(path_ + ": the file was truncated while it was in use, so part of it could not be read; "
                            "load the model again");
    struct stat status {};
    if (::fstat(fd_, &status) != 0)
        throw Error(path_ + ": cannot check the file: " + std::strerror(errno));
    if (status.st_size != mappedSize_)
        throw Error(path_ + ": the file changed size from " + std::to_string(mappedSize_) + " to "
                    + std::to_string(status.st_size) + " bytes while it was in use; load the model again");
    if (modificationTimeNs(status) != mappedTimeNs_)
        throw Error(path_ + ": the file was rewritten while it was in use; load the model again");
}

}  // namespace fewshot
