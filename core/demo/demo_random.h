#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace fewshot::demo {

// A small pseudo-random generator (SplitMix64) with its own uniform and
// normal draws. The standard library's distributions are implementation
// defined, so using them would make the generated images differ between
// compilers; these give the same numbers everywhere.
class DemoRandom {
public:
    explicit DemoRandom(uint64_t seed) : state_(seed) {}

    // Seeds a stream for one item of a numbered sequence, so item `index`
    // can be made without making the items before it.
    static DemoRandom forItem(uint64_t seed, uint64_t index)
    {
        DemoRandom mixer(seed ^ 0x6a09e667f3bcc909ULL);
        const uint64_t base = mixer.next();
        DemoRandom item(base + index * 0x9e3779b97f4a7c15ULL);
        item.next();
        return item;
    }

    uint64_t next()
    {
        uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    // Uniform in [0, 1), from the top 53 bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

    double uniform(double low, double high) { return low + (high - low) * uniform(); }

    // Uniform integer in [low, high], both included.
    int integer(int low, int high)
    {
        const auto span = static_cast<uint64_t>(high - low + 1);
        return low + static_cast<int>(next() % span);
    }

    bool chance(double probability) { return uniform() < probability; }

    // Standard normal by the Box-Muller transform.
    double normal()
    {
        const double u1 = 1.0 - uniform();  // in (0, 1], so the log is finite
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }

    template <typename T>
    const T& pick(const std::vector<T>& items)
    {
        return items[static_cast<size_t>(next() % items.size())];
    }

private:
    uint64_t state_;
};

}  // namespace fewshot::demo
