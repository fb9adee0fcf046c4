// The gradients a run aggregates: either one synthetic tensor (size, density, overlap) or
// a model profile's tensors, scaled down to fit this machine. Generation is deterministic
// from (seed, step, worker, tensor), so every run is reproducible.
#pragma once

#include "profile.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sextant::compression_plugin {

// How dense layers are thinned before aggregation (dense_keep < 1). random: each worker keeps
// positions independently (an upper bound on how the union grows); topk / threshold: worker w's
// value at position p is a_p x (sqrt(rho) x s_p + sqrt(1 - rho) x n_pw) - s_p shared by all
// workers, n_pw the worker's own (standard normals), a_p = exp(sigma x z_p) the position's
// magnitude, the same at every worker and step (some weights always get larger gradients) -
// and each worker keeps its `keep` share of largest |values| (topk: exactly that many;
// threshold: those above the level that keeps that share on average). rho is the workers'
// Pearson correlation; sigma decides how much their largest values gather on the same places.
struct DenseSparsifier {
    enum class Kind { random, topk, threshold };
    Kind kind = Kind::random;
    double keep = 1.0;          // dense_keep
    double correlation = 0.0;   // gradient_correlation (rho)
    double scale_spread = 0.0;  // gradient_scale_spread (sigma)
};
DenseSparsifier::Kind dense_sparsifier_from_string(const std::string& name);

struct WorkloadTensor {
    std::string name;
    std::string kind;  // "synthetic", "dense", "embedding", "prefix"
    std::uint64_t rows = 1, row_size = 1;
    std::uint64_t size() const { return rows * row_size; }
    double density = 0, overlap = 0;  // synthetic; dense: fraction kept (dense_keep)
    DenseSparsifier sparsifier;       // dense
    double threshold = 0;             // dense, threshold sparsifier: the level |value| must pass
    std::uint64_t draws = 0;          // embedding: Zipf row draws per worker
    std::uint64_t touched = 0;        // prefix: leading rows with gradients
    double pool = 0;                  // measured: share of units (rows or values) that may be nonzero
    float value_scale = 1.0f;
    std::vector<double> cdf;                 // embedding: cumulative Zipf popularity by rank
    std::vector<std::uint32_t> row_of_rank;  // embedding: popular rows are scattered
};

class Workload {
public:
    // One tensor of n values; each worker's value is nonzero with probability `density`,
    // a fraction `overlap` of them drawn from a set shared by all workers.
    static Workload synthetic(std::uint64_t n, double density, double overlap);
    // The profile's tensors with their first dimension (and lookups) scaled by `scale`.
    static Workload from_profile(const Profile& profile, double scale, const DenseSparsifier& dense);

    const std::vector<WorkloadTensor>& tensors() const { return tensors_; }
    std::uint64_t values() const;
    void generate(std::size_t tensor, std::uint64_t seed, std::size_t step, std::size_t worker,
                  std::vector<float>& out) const;

private:
    std::vector<WorkloadTensor> tensors_;
};

}  // namespace sextant::compression_plugin
