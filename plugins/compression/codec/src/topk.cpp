// Top-k sparsification with error feedback (as in DGC / GRACE): lossy per step, but what
// is not sent is carried to the next step, so nothing is lost for good.
#include "compression/baselines.hpp"
#include "stopwatch.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace compression {

namespace {

// Indices of the k largest |acc|, ascending. Ties at the threshold are taken in index order.
std::vector<std::uint32_t> select_top(std::span<const float> acc, std::size_t k, std::vector<float>& scratch) {
    std::vector<std::uint32_t> picked;
    if (k == 0) return picked;
    scratch.resize(acc.size());
    for (std::size_t i = 0; i < acc.size(); ++i) scratch[i] = std::fabs(acc[i]);
    std::nth_element(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(k - 1), scratch.end(),
                     std::greater<float>());
    const float threshold = scratch[k - 1];
    std::size_t above = 0;
    for (float m : scratch) above += m > threshold;
    std::size_t ties = k - above;
    picked.reserve(k);
    for (std::size_t i = 0; i < acc.size(); ++i) {
        const float m = std::fabs(acc[i]);
        if (m > threshold || (m == threshold && ties > 0 && (ties--, true)))
            picked.push_back(static_cast<std::uint32_t>(i));
    }
    return picked;
}

}  // namespace

Report TopkScheme::aggregate(std::span<const std::span<const float>> workers, std::span<float> out) {
    check_inputs(workers, out);
    const std::size_t n = out.size(), K = workers.size();
    if (residuals_.size() != K || (K && residuals_[0].size() != n)) residuals_.assign(K, std::vector<float>(n, 0.0f));
    const std::size_t k =
        n == 0 ? 0 : std::clamp<std::size_t>(static_cast<std::size_t>(std::llround(fraction_ * n)), 1, n);
    Report rep;
    rep.values = n;
    rep.workers = K;
    double encode = 0;
    std::vector<Message> messages(K);
    std::vector<float> scratch;
    for (std::size_t w = 0; w < K; ++w) {
        Stopwatch t;
        auto& acc = residuals_[w];  // becomes gradient + residual, then the new residual
        for (std::size_t i = 0; i < n; ++i) acc[i] += workers[w][i];
        const auto picked = select_top(acc, k, scratch);
        Message& msg = messages[w];
        msg.reserve(2 * picked.size());
        for (auto i : picked) {
            msg.push_back(i);
            msg.push_back(std::bit_cast<std::uint32_t>(acc[i]));
            acc[i] = 0.0f;
        }
        encode += t.seconds();
    }
    // Allgather: the pairs of different workers do not line up, so no switch can add them.
    Stopwatch r;
    Message gathered;
    for (const auto& m : messages) gathered.insert(gathered.end(), m.begin(), m.end());
    const double reduce = r.seconds();
    Stopwatch t;
    std::fill(out.begin(), out.end(), 0.0f);
    for (std::size_t at = 0; at + 1 < gathered.size(); at += 2)
        out[gathered[at]] += std::bit_cast<float>(gathered[at + 1]);
    rep.timing = {encode / K, reduce, t.seconds()};
    rep.rounds.push_back({"pairs", Reduce::gather, k * 8ull, (K - 1) * k * 8ull});
    rep.union_nonzeros = union_count(workers);
    return rep;
}

}  // namespace compression
