#include "model/cpu_memory_pool.h"

#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>
#include <torch/version.h>

#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FEWSHOT_ADDRESS_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define FEWSHOT_ADDRESS_SANITIZER 1
#endif

namespace fewshot {

#if TORCH_VERSION_MAJOR < 2 && !defined(FEWSHOT_ADDRESS_SANITIZER)

namespace {

constexpr size_t kMinimumPooledBytes = size_t{1} << 20;
constexpr size_t kMaximumPoolBytes = size_t{512} << 20;

class PoolingAllocator final : public at::Allocator {
public:
    explicit PoolingAllocator(at::Allocator* fallback) : fallback_(fallback) {}

    at::DataPtr allocate(size_t bytes) const override
    {
        if (bytes < kMinimumPooledBytes)
            return fallback_->allocate(bytes);
        void* data = nullptr;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            auto free = freeBlocks_.find(bytes);
            if (free != freeBlocks_.end() && !free->second.empty()) {
                data = free->second.back();
                free->second.pop_back();
                pooledBytes_ -= bytes;
            }
        }
        if (data == nullptr) {
            data = c10::alloc_cpu(bytes);
            std::lock_guard<std::mutex> lock(mutex_);
            sizes_[data] = bytes;
        }
        return {data, data, &release, at::Device(at::DeviceType::CPU)};
    }

    at::DeleterFnPtr raw_deleter() const override { return &release; }

    static PoolingAllocator* instance;

private:
    // Keeps the block for reuse while the pool has room, else frees it.
    // Blocks below the pooling size come from the fallback allocator, which
    // frees with c10::free_cpu as well.
    static void release(void* data)
    {
        PoolingAllocator& self = *instance;
        {
            std::lock_guard<std::mutex> lock(self.mutex_);
            const auto size = self.sizes_.find(data);
            if (size != self.sizes_.end()) {
                if (self.pooledBytes_ + size->second <= kMaximumPoolBytes) {
                    self.freeBlocks_[size->second].push_back(data);
                    self.pooledBytes_ += size->second;
                    return;
                }
                self.sizes_.erase(size);
            }
        }
        c10::free_cpu(data);
    }

    at::Allocator* fallback_;
    mutable std::mutex mutex_;
    mutable std::unordered_map<void*, size_t> sizes_;       // every block this pool handed out
    mutable std::map<size_t, std::vector<void*>> freeBlocks_;  // by size
    mutable size_t pooledBytes_ = 0;
};

PoolingAllocator* PoolingAllocator::instance = nullptr;

}  // namespace

void installCpuMemoryPool()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // Static lifetime: tensors may be freed during process exit.
        PoolingAllocator::instance = new PoolingAllocator(c10::GetCPUAllocator());
        c10::SetCPUAllocator(PoolingAllocator::instance, 1);
    });
}

bool cpuMemoryPoolActive()
{
    return PoolingAllocator::instance != nullptr;
}

#else

void installCpuMemoryPool()
{
}

bool cpuMemoryPoolActive()
{
    return false;
}

#endif

}  // namespace fewshot
