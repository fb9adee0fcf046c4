#include "workload.hpp"

#include <compression/hashing.hpp>

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <random>
#include <stdexcept>

namespace sextant::compression_plugin {

using compression::derive_seed;
using compression::hash_position;

namespace {

constexpr std::uint64_t kKeepBelow = 4096;  // tensors this small are never scaled

double uniform(std::uint64_t p, std::uint64_t seed) {
    return static_cast<double>(hash_position(static_cast<std::uint32_t>(p), seed) >> 11) * 0x1p-53;
}

// A standard normal value for position p from two hashed uniforms (Box-Muller).
double gaussian(std::uint64_t p, std::uint64_t seed) {
    const double u1 = (static_cast<double>(hash_position(static_cast<std::uint32_t>(p), seed) >> 11) + 1.0) * 0x1p-53;
    const double u2 = uniform(p, seed ^ 0x5bd1e995);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

// The level L with P(|a x z| > L) = keep for z ~ N(0, 1) and a = exp(sigma x N(0, 1)):
// P(|a z| > L) = E_a[2 (1 - Phi(L / a))], by quadrature over a's normal exponent.
double threshold_level(double keep, double sigma) {
    const boost::math::normal normal;
    if (sigma <= 0) return boost::math::quantile(normal, 1.0 - keep / 2.0);
    constexpr int kPoints = 401;
    const auto kept = [&](double level) {
        double sum = 0, weights = 0;
        for (int i = 0; i < kPoints; ++i) {
            const double x = -8.0 + 16.0 * i / (kPoints - 1);
            const double w = boost::math::pdf(normal, x);
            sum += w * 2.0 * boost::math::cdf(boost::math::complement(normal, level / std::exp(sigma * x)));
            weights += w;
        }
        return sum / weights;
    };
    double lo = 0, hi = 1;
    while (kept(hi) > keep) hi *= 2;
    for (int i = 0; i < 100; ++i) {
        const double mid = 0.5 * (lo + hi);
        (kept(mid) > keep ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

// Dense values kept by a top-k or threshold sparsifier (see DenseSparsifier). `tensor_seed` is
// the same at every step and worker: it draws the positions' magnitudes.
void sparsified_dense(const WorkloadTensor& t, std::uint64_t tensor_seed, std::uint64_t step_seed, std::uint64_t mine,
                      std::vector<float>& out) {
    const std::uint64_t n = t.size();
    const double rho = t.sparsifier.correlation, sigma = t.sparsifier.scale_spread;
    const double shared = std::sqrt(rho), own = std::sqrt(1.0 - rho);
    std::vector<float> g(n);
    for (std::uint64_t p = 0; p < n; ++p) {
        const double magnitude = sigma > 0 ? std::exp(sigma * gaussian(p, tensor_seed)) : 1.0;
        g[p] = static_cast<float>(magnitude * (shared * gaussian(p, step_seed ^ 6) + own * gaussian(p, mine ^ 7)));
    }
    const double keep = t.sparsifier.keep;
    if (t.sparsifier.kind == DenseSparsifier::Kind::threshold) {
        for (std::uint64_t p = 0; p < n; ++p)
            if (std::abs(g[p]) > t.threshold) out[p] = g[p] * t.value_scale;
        return;
    }
    const auto k =
        std::clamp<std::uint64_t>(static_cast<std::uint64_t>(std::llround(keep * static_cast<double>(n))), 1, n);
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k - 1), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) {
                         const float x = std::abs(g[a]), y = std::abs(g[b]);
                         return x != y ? x > y : a < b;
                     });
    for (std::uint64_t i = 0; i < k; ++i) out[order[i]] = g[order[i]] * t.value_scale;
}

}  // namespace

DenseSparsifier::Kind dense_sparsifier_from_string(const std::string& name) {
    if (name == "random") return DenseSparsifier::Kind::random;
    if (name == "topk") return DenseSparsifier::Kind::topk;
    if (name == "threshold") return DenseSparsifier::Kind::threshold;
    throw std::invalid_argument("parameter 'dense_sparsifier': expected random, topk or threshold, got '" + name + "'");
}

std::uint64_t Workload::values() const {
    std::uint64_t n = 0;
    for (const auto& t : tensors_) n += t.size();
    return n;
}

Workload Workload::synthetic(std::uint64_t n, double density, double overlap) {
    Workload w;
    WorkloadTensor t;
    t.name = "gradient";
    t.kind = "synthetic";
    t.rows = n;
    t.density = density;
    t.overlap = overlap;
    w.tensors_.push_back(std::move(t));
    return w;
}

Workload Workload::from_profile(const Profile& profile, double scale, const DenseSparsifier& dense) {
    Workload w;
    // The same level for every tensor: its inputs are the run's, not the tensor's.
    const double threshold = dense.kind == DenseSparsifier::Kind::threshold && dense.keep < 1.0
                                 ? threshold_level(dense.keep, dense.scale_spread)
                                 : 0.0;
    for (const auto& tp : profile.tensors) {
        WorkloadTensor t;
        t.name = tp.name;
        t.kind = tp.kind;
        t.row_size = tp.row_size();
        // Scale the first dimension of big tensors only: a bias of 768 stays 768 values.
        t.rows = tp.rows();
        if (tp.size() > kKeepBelow)
            t.rows = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(tp.rows() * scale)));
        t.value_scale = static_cast<float>(profile.value_scale.value);
        t.density = dense.keep;
        t.sparsifier = dense;
        t.threshold = threshold;
        if (tp.kind == "embedding") {
            t.draws =
                std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(profile.samples_per_worker.value *
                                                                                   tp.lookups_per_sample * scale)));
            t.cdf.resize(t.rows);
            double acc = 0;
            for (std::uint64_t i = 0; i < t.rows; ++i)
                t.cdf[i] = acc += std::pow(static_cast<double>(i + 1), -tp.zipf.value);
            for (auto& c : t.cdf) c /= acc;
            t.row_of_rank.resize(t.rows);
            std::iota(t.row_of_rank.begin(), t.row_of_rank.end(), 0u);
            std::shuffle(t.row_of_rank.begin(), t.row_of_rank.end(), std::mt19937_64(t.rows));
        } else if (tp.kind == "measured") {
            t.density = tp.worker_density.value;
            t.pool = measured_pool(t.density, tp.union_density.value, tp.measured_workers);
            if (!tp.by_rows) t.rows = t.size(), t.row_size = 1;  // value by value
        } else if (tp.kind == "prefix") {
            t.touched = std::clamp<std::uint64_t>(
                static_cast<std::uint64_t>(std::llround(tp.rows_touched.value / tp.rows() * t.rows)), 1, t.rows);
        }
        w.tensors_.push_back(std::move(t));
    }
    return w;
}

void Workload::generate(std::size_t index, std::uint64_t seed, std::size_t step, std::size_t worker,
                        std::vector<float>& out) const {
    const WorkloadTensor& t = tensors_[index];
    const std::uint64_t n = t.size();
    out.assign(n, 0.0f);
    const std::uint64_t step_seed = derive_seed(seed, (step << 20) ^ index);
    const std::uint64_t mine = derive_seed(step_seed, worker + 1);
    std::mt19937_64 rng(mine);
    std::normal_distribution<float> value(0.0f, t.value_scale);
    auto draw = [&] {
        float v = value(rng);
        return v == 0.0f ? t.value_scale : v;  // a drawn position is nonzero by definition
    };
    if (t.kind == "synthetic") {
        const double own = t.density * (1.0 - t.overlap);
        for (std::uint64_t p = 0; p < n; ++p) {
            const bool shared = uniform(p, step_seed) < t.density && uniform(p, mine ^ 1) < t.overlap;
            if (shared || uniform(p, mine ^ 2) < own) out[p] = draw();
        }
    } else if (t.kind == "dense" && t.density < 1.0 && t.sparsifier.kind != DenseSparsifier::Kind::random) {
        sparsified_dense(t, derive_seed(seed, index ^ 0xa5a5a5a5ULL), step_seed, mine, out);
    } else if (t.kind == "dense") {
        for (std::uint64_t p = 0; p < n; ++p)
            if (t.density >= 1.0 || uniform(p, mine ^ 3) < t.density) out[p] = draw();
    } else if (t.kind == "measured") {
        // The step's pool is shared by all workers; each takes a pool unit with density / pool.
        const double take = t.pool > 0 ? t.density / t.pool : 0.0;
        for (std::uint64_t r = 0; r < t.rows; ++r)
            if (uniform(r, step_seed ^ 5) < t.pool && uniform(r, mine ^ 4) < take)
                for (std::uint64_t c = 0; c < t.row_size; ++c) out[r * t.row_size + c] = draw();
    } else if (t.kind == "prefix") {
        for (std::uint64_t p = 0; p < t.touched * t.row_size; ++p) out[p] = draw();
    } else {  // embedding: rows of the looked-up items get gradients
        std::uniform_real_distribution<double> u(0.0, 1.0);
        std::vector<std::uint8_t> hit(t.rows, 0);
        for (std::uint64_t d = 0; d < t.draws; ++d) {
            const auto rank = std::lower_bound(t.cdf.begin(), t.cdf.end(), u(rng)) - t.cdf.begin();
            hit[t.row_of_rank[std::min<std::size_t>(rank, t.rows - 1)]] = 1;
        }
        for (std::uint64_t r = 0; r < t.rows; ++r)
            if (hit[r])
                for (std::uint64_t c = 0; c < t.row_size; ++c) out[r * t.row_size + c] = draw();
    }
}

}  // namespace sextant::compression_plugin
