// Reproducible randomness for packet loss. std::mt19937_64's output sequence is fixed by
// the C++ standard (unlike the std distributions), so a seed gives the same drops on
// every platform and standard library.
#pragma once

#include <cstdint>
#include <random>

namespace netsim {

class LossDice {
public:
    explicit LossDice(std::uint64_t seed) : engine_(seed) {}

    // True with probability p (p == 0 never draws, so lossless runs use no randomness).
    bool drop(double p) {
        if (p <= 0.0) return false;
        double u = static_cast<double>(engine_() >> 11) * 0x1.0p-53;
        return u < p;
    }

private:
    std::mt19937_64 engine_;
};

}  // namespace netsim
