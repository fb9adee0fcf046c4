// The schemes LHC is compared with. Each follows the same encode -> aggregate -> decode
// shape and reports its rounds.
#pragma once

#include "compression/scheme.hpp"

#include <vector>

namespace compression {

// Dense float32 sum (allreduce on hosts).
class DenseScheme : public Scheme {
public:
    std::string name() const override { return "dense"; }
    bool lossless() const override { return true; }
    Report aggregate(std::span<const std::span<const float>> workers, std::span<float> out) override;
};

// SwitchML-style dense fixed point: shared exponent (max), int32 sum on the switch.
class DenseIntScheme : public Scheme {
public:
    std::string name() const override { return "dense-int"; }
    bool lossless() const override { return true; }  // equal to the fixed-point reference
    Report aggregate(std::span<const std::span<const float>> workers, std::span<float> out) override;
};

// Cast to fp16; the aggregate is summed in float32 and sent back as fp16. Values or sums
// beyond the fp16 range are an error, not a silent Inf.
class Fp16Scheme : public Scheme {
public:
    std::string name() const override { return "fp16"; }
    bool lossless() const override { return false; }
    Report aggregate(std::span<const std::span<const float>> workers, std::span<float> out) override;
};

// Top-k with error feedback: each worker sends its k largest (gradient + residual) as
// (index, value) pairs and keeps the rest as the next step's residual. Allgather.
class TopkScheme : public Scheme {
public:
    TopkScheme(double fraction) : fraction_(fraction) {}
    std::string name() const override { return "topk"; }
    bool lossless() const override { return false; }
    Report aggregate(std::span<const std::span<const float>> workers, std::span<float> out) override;
    const std::vector<std::vector<float>>& residuals() const { return residuals_; }

private:
    double fraction_;
    std::vector<std::vector<float>> residuals_;  // per worker, carried across calls
};

// THC-style: randomised Hadamard transform, stochastic quantisation to a shared table of
// 2^bits levels over the global max; the switch sums table values as integers.
class ThcScheme : public Scheme {
public:
    ThcScheme(int bits, std::uint64_t seed) : bits_(bits), seed_(seed) {}
    std::string name() const override { return "thc"; }
    bool lossless() const override { return false; }
    Report aggregate(std::span<const std::span<const float>> workers, std::span<float> out) override;

private:
    int bits_;
    std::uint64_t seed_;
    std::uint64_t calls_ = 0;  // fresh rounding randomness per call, rotation shared
};

// OmniReduce-style block sparsity: a block bitmap plus the nonzero blocks; an aggregator
// server merges them and returns the union's blocks.
class OmniReduceScheme : public Scheme {
public:
    explicit OmniReduceScheme(std::size_t block) : block_(block) {}
    std::string name() const override { return "omnireduce"; }
    bool lossless() const override { return true; }
    Report aggregate(std::span<const std::span<const float>> workers, std::span<float> out) override;

private:
    std::size_t block_;
};

}  // namespace compression
