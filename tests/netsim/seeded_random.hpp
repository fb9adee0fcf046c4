// Seeded draws for the netsim property tests: the same networks every run.
#pragma once

#include <cstdint>
#include <random>

struct Random {
    std::mt19937_64 engine;
    double uniform() { return std::uniform_real_distribution<double>(0, 1)(engine); }
    std::uint64_t below(std::uint64_t n) { return engine() % n; }
};
