#include "compression_training/synthetic_interactions.hpp"

#include "random.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace compression_training {

namespace {

struct World {
    int d = 0;
    std::vector<double> user, item;  // taste vectors, row-major
    std::vector<double> cdf;         // popularity by rank
    std::vector<std::int64_t> item_by_rank;
    double signal = 0;

    double click_probability(std::int64_t u, std::int64_t i) const {
        double dot = 0;
        for (int k = 0; k < d; ++k) dot += user[u * d + k] * item[i * d + k];
        return 1.0 / (1.0 + std::exp(-signal * dot / std::sqrt(static_cast<double>(d))));
    }
};

Examples impressions(const World& w, std::int64_t users, int count, Random& rng, double* bayes) {
    Examples e;
    e.count = static_cast<std::size_t>(count);
    e.ids.reserve(e.count * 2);
    e.labels.reserve(e.count);
    double best = 0;
    for (int s = 0; s < count; ++s) {
        const auto u = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(users)));
        const double x = rng.uniform() * w.cdf.back();
        const auto rank = std::upper_bound(w.cdf.begin(), w.cdf.end(), x) - w.cdf.begin();
        const auto i = w.item_by_rank[static_cast<std::size_t>(
            std::min<std::ptrdiff_t>(rank, static_cast<std::ptrdiff_t>(w.cdf.size()) - 1))];
        const double p = w.click_probability(u, i);
        e.ids.push_back(u);
        e.ids.push_back(i);
        e.labels.push_back(rng.uniform() < p ? 1 : 0);
        best += std::max(p, 1.0 - p);
    }
    if (bayes) *bayes = count ? best / count : 0;
    return e;
}

}  // namespace

SyntheticInteractions make_synthetic_interactions(const SyntheticSpec& spec, int test_samples, std::uint64_t seed) {
    World w;
    w.d = spec.latent_dim;
    w.signal = spec.signal;
    Random taste(seed, kSynthetic, 0);
    w.user.resize(static_cast<std::size_t>(spec.users) * w.d);
    w.item.resize(static_cast<std::size_t>(spec.items) * w.d);
    for (auto& x : w.user) x = taste.normal();
    for (auto& x : w.item) x = taste.normal();
    w.cdf.resize(static_cast<std::size_t>(spec.items));
    double acc = 0;
    for (std::size_t r = 0; r < w.cdf.size(); ++r)
        w.cdf[r] = acc += std::pow(static_cast<double>(r + 1), -spec.zipf_exponent);
    // Popular items are spread over the id range, as in a real catalogue.
    w.item_by_rank.resize(w.cdf.size());
    std::iota(w.item_by_rank.begin(), w.item_by_rank.end(), 0);
    Random shuffle(seed, kSynthetic, 1);
    for (std::size_t k = w.item_by_rank.size(); k > 1; --k)
        std::swap(w.item_by_rank[k - 1], w.item_by_rank[shuffle.below(k)]);

    SyntheticInteractions out;
    Random train_rng(seed, kSynthetic, 2), test_rng(seed, kSynthetic, 3);
    out.train = impressions(w, spec.users, spec.train_samples, train_rng, nullptr);
    out.test = impressions(w, spec.users, test_samples, test_rng, &out.bayes_accuracy);
    const auto clicks = std::accumulate(out.train.labels.begin(), out.train.labels.end(), std::int64_t{0});
    out.click_rate = out.train.count ? static_cast<double>(clicks) / static_cast<double>(out.train.count) : 0;
    out.item_by_rank = std::move(w.item_by_rank);
    return out;
}

}  // namespace compression_training
