#include "compression/lhc.hpp"

#include <bit>

namespace compression {

LhcScheme::LhcScheme(const SchemeConfig& config) : config_(config) {}

Report LhcScheme::aggregate(std::span<const std::span<const float>> workers, std::span<float> out) {
    check_inputs(workers, out, false);  // finiteness is checked during the scan
    const std::size_t K = workers.size(), n = out.size();
    group_.start(K);
    const LhcDecoded d = lhc_rounds(config_, group_, workers, out, scratch_);
    Report rep;
    rep.values = n;
    rep.workers = K;
    rep.rounds = group_.tally().rounds;
    rep.timing = {group_.tally().encode_s / static_cast<double>(K), group_.tally().reduce_s, d.decode_s};
    rep.candidates = d.candidates;
    rep.sketch_cells = d.sketch_cells;
    rep.peel_failures = d.peel_failures;
    rep.repaired = d.repaired;
    rep.repairs = d.repaired > 0 ? 1 : 0;

    // Measurement only (not part of the protocol): the true union size.
    if (config_.index == IndexKind::bitmap) {
        rep.union_nonzeros = d.candidates;
    } else {
        std::vector<std::uint64_t> seen((n + 63) / 64, 0);
        for (std::size_t w = 0; w < K; ++w)
            for (auto p : scratch_.nonzeros[w].positions) seen[p >> 6] |= std::uint64_t{1} << (p & 63);
        for (auto s : seen) rep.union_nonzeros += static_cast<std::size_t>(std::popcount(s));
    }
    return rep;
}

}  // namespace compression
