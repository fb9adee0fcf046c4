// Computation per training iteration, and how much communication hides behind it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace compression::simulated {

struct Compute {
    double forward_s = 0.0;
    double backward_s = 0.0;
    std::string source;  // where the figure comes from, shown to the user
    double total_s() const { return forward_s + backward_s; }
};

// A FLOP-based reference for a model of the paper when nobody has measured it: forward
// FLOPs per sample from the architecture, a per-worker batch, and backward = 2 x forward.
struct ReferenceModel {
    std::string name;  // as the codec's profiles name it
    double forward_gflop_per_sample = 0.0;
    std::uint32_t batch_per_worker = 0;
    std::string source;
};
const std::vector<ReferenceModel>& reference_models();
const ReferenceModel* find_reference_model(std::string_view name);  // nullptr when unknown

// Compute of `model` at `batch_per_worker` (0: the reference batch) on an accelerator that
// sustains `effective_tflops`.
Compute compute_from_flops(const ReferenceModel& model, std::uint32_t batch_per_worker, double effective_tflops);
// A measured or user-given total, split into forward and backward.
Compute compute_from_total(double total_s, double backward_fraction, std::string source);

struct IterationTime {
    double forward_s = 0.0;
    double backward_s = 0.0;
    double codec_s = 0.0;          // encode + decode of the whole gradient, if counted
    double communication_s = 0.0;  // the whole gradient in one aggregation
    double no_overlap_s = 0.0;     // compute, then codec + communication
    double overlap_s = 0.0;        // buckets communicated while backward still runs
    std::uint32_t buckets = 1;
    double bucket_communication_s = 0.0;
};

// Overlap as data-parallel frameworks do it (PyTorch DDP buckets): the gradient is split
// into `buckets` equal buckets that become ready evenly through the backward pass; a
// bucket's codec work and aggregation start once it is ready and the previous bucket's
// are done (one aggregation at a time on the network).
IterationTime iteration_time(const Compute& compute, double communication_s, double codec_s, std::uint32_t buckets,
                             double bucket_communication_s);

}  // namespace compression::simulated
