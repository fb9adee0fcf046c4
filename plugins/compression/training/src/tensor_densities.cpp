#include "compression_training/tensor_densities.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

namespace compression_training {

namespace {

// Mean pairwise Pearson correlation of the workers' values at [first, first + n): with each
// worker's values standardised to z_w, sum over pairs of <z_a, z_b> = (|sum z|^2 - sum |z|^2) / 2,
// so K workers cost K passes, not K^2. Empty when a worker's values are constant.
std::optional<double> mean_pairwise_correlation(std::span<const std::vector<float>> workers, std::size_t first,
                                                std::size_t n) {
    const std::size_t k = workers.size();
    if (k < 2 || n < 2) return std::nullopt;
    std::vector<double> sum(n, 0.0);
    const double dn = static_cast<double>(n);
    for (const auto& w : workers) {
        double mean = 0, squares = 0;
        for (std::size_t i = 0; i < n; ++i) mean += w[first + i];
        mean /= dn;
        for (std::size_t i = 0; i < n; ++i) squares += (w[first + i] - mean) * (w[first + i] - mean);
        if (squares <= 0) return std::nullopt;
        const double scale = 1.0 / std::sqrt(squares / dn);
        for (std::size_t i = 0; i < n; ++i) sum[i] += (w[first + i] - mean) * scale;
    }
    double total = 0;
    for (double v : sum) total += v * v;
    const double dk = static_cast<double>(k);
    return (total - dk * dn) / (dn * dk * (dk - 1.0));
}

// Share of [first, first + n) in any worker's top-k by |value|.
double topk_union(std::span<const std::vector<float>> workers, std::size_t first, std::size_t n) {
    const auto k =
        std::clamp<std::size_t>(static_cast<std::size_t>(std::llround(kTopkKeep * static_cast<double>(n))), 1, n);
    std::vector<char> in_union(n, 0);
    std::vector<std::size_t> order(n);
    for (const auto& w : workers) {
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k - 1), order.end(),
                         [&](std::size_t a, std::size_t b) {
                             const float x = std::abs(w[first + a]), y = std::abs(w[first + b]);
                             return x != y ? x > y : a < b;
                         });
        for (std::size_t i = 0; i < k; ++i) in_union[order[i]] = 1;
    }
    return static_cast<double>(std::count(in_union.begin(), in_union.end(), 1)) / static_cast<double>(n);
}

}  // namespace

DensityMeter::DensityMeter(std::vector<TensorSlot> slots)
    : slots_(std::move(slots)),
      worker_sum_(slots_.size(), 0.0),
      union_sum_(slots_.size(), 0.0),
      correlation_sum_(slots_.size(), 0.0),
      topk_union_sum_(slots_.size(), 0.0),
      correlation_steps_(slots_.size(), 0) {}

void DensityMeter::add(std::span<const std::vector<float>> workers) {
    if (workers.empty()) return;
    for (std::size_t t = 0; t < slots_.size(); ++t) {
        const TensorSlot& s = slots_[t];
        if (s.size == 0) continue;
        std::size_t nonzero = 0, in_union = 0;
        for (std::size_t i = s.offset; i < s.offset + s.size; ++i) {
            bool any = false;
            for (const auto& w : workers) {
                const bool nz = w[i] != 0.0f;
                nonzero += nz;
                any = any || nz;
            }
            in_union += any;
        }
        const double size = static_cast<double>(s.size);
        worker_sum_[t] += static_cast<double>(nonzero) / (size * static_cast<double>(workers.size()));
        union_sum_[t] += static_cast<double>(in_union) / size;
        topk_union_sum_[t] += topk_union(workers, s.offset, s.size);
        if (const auto r = mean_pairwise_correlation(workers, s.offset, s.size)) {
            correlation_sum_[t] += *r;
            ++correlation_steps_[t];
        }
    }
    ++steps_;
}

std::vector<TensorDensity> DensityMeter::means() const {
    std::vector<TensorDensity> out;
    const double steps = steps_ > 0 ? static_cast<double>(steps_) : 1.0;
    for (std::size_t t = 0; t < slots_.size(); ++t) {
        TensorDensity d{slots_[t].name, slots_[t].shape, slots_[t].embedding, worker_sum_[t] / steps,
                        union_sum_[t] / steps};
        if (correlation_steps_[t] > 0) d.correlation = correlation_sum_[t] / static_cast<double>(correlation_steps_[t]);
        d.topk_union_density = topk_union_sum_[t] / steps;
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace compression_training
