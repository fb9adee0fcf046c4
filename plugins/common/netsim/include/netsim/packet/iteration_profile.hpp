// What one training iteration does on one rank, step by step, read from an editable CSV in
// which every row names its source: compute on the GPU (forward, or backward of a layer that
// produces gradients) and blocking all-to-alls (DLRM's embedding exchange). Gradients are
// all-reduced in buckets as data-parallel frameworks do (PyTorch DDP: a bucket is reduced once
// its last layer's backward is done, buckets one at a time, in order).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace netsim::packet {

struct IterationStep {
    enum class Kind { Forward, Backward, AllToAll };
    Kind kind = Kind::Forward;
    std::string name;
    double compute_s = 0;                // Forward, Backward
    std::uint64_t gradient_bytes = 0;    // Backward: gradients this layer produces
    std::uint64_t all_to_all_bytes = 0;  // AllToAll: per rank
    std::string source;
};

struct IterationProfile {
    std::string name;
    std::vector<IterationStep> steps;  // in execution order (backward layers last to first)
    double compute_s() const;
    std::uint64_t gradient_bytes() const;
};

// Format: '#' comment lines; a header "step,name,compute_ms,gradient_bytes,all_to_all_bytes,source";
// then one row per step, step = forward | backward | all-to-all; the source is the rest of
// the line (it may hold commas). `origin` names the text in errors, which give the line.
IterationProfile parse_iteration_profile(const std::string& text, const std::string& origin);
IterationProfile read_iteration_profile(const std::string& path);

// A bucket of gradients: its bytes, and the backward step after which it is complete.
struct GradientBucket {
    std::uint64_t bytes = 0;
    std::size_t ready_after_step = 0;  // index into IterationProfile::steps
};
// Backward steps' gradients gathered in order until a bucket holds >= bucket_bytes (DDP's
// bucket_cap_mb); the last bucket takes what is left.
std::vector<GradientBucket> make_buckets(const IterationProfile& profile, std::uint64_t bucket_bytes);

}  // namespace netsim::packet
