#include "compression/lhc_rounds.hpp"

#include "compression/bitmap_index.hpp"
#include "compression/bloom_index.hpp"
#include "compression/fixed_point.hpp"
#include "compression/hashing.hpp"
#include "compression/union_estimate.hpp"
#include "huge_pages.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace compression {

namespace {

// Salts that keep the shared seeds of the protocol's structures independent.
enum Salt : std::uint64_t { kUnionSalt = 11, kBloomSalt = 12, kSketchSalt = 13 };
// Standard deviations of the union count added to the one-pass estimate.
constexpr double kEstimateMargin = 3.0;

// One member's nonzeros, found in a single pass over its dense gradient (compression/scan.hpp);
// NaN and Inf are rejected naming the member and position.
void scan(std::span<const float> x, const collective::Group& group, std::size_t member, NonzeroList& nz) {
    scan_nonzeros(x, nz);
    if (nz.max_abs_bits >= 0x7f800000u)
        for (std::size_t i = 0; i < x.size(); ++i)
            if ((std::bit_cast<std::uint32_t>(x[i]) & 0x7fffffffu) >= 0x7f800000u)
                throw_not_finite(group.member_name(member), i, x[i]);
}

// The member's values at the positions of `wanted` (ascending), zero where it has none.
void values_at(const NonzeroList& nz, std::span<const std::uint32_t> wanted, std::vector<float>& out) {
    out.assign(wanted.size(), 0.0f);
    std::size_t a = 0;
    for (std::size_t b = 0; b < wanted.size() && a < nz.positions.size(); ++b) {
        while (a < nz.positions.size() && nz.positions[a] < wanted[b]) ++a;
        if (a < nz.positions.size() && nz.positions[a] == wanted[b]) out[b] = nz.values[a];
    }
}

// One run of a protocol: the group, the members' nonzeros, the shared scale and what the
// rounds so far decoded. The variants below differ only in how they size and send values.
class Protocol {
public:
    Protocol(const SchemeConfig& config, collective::Group& group, std::span<const std::span<const float>> mine,
             std::span<float> sum, LhcScratch& s)
        : c_(config), group_(group), mine_(mine), sum_(sum), s_(s), n_(sum.size()) {
        if (mine.size() != group.members())
            throw std::logic_error("lhc_rounds: " + std::to_string(mine.size()) + " gradients for " +
                                   std::to_string(group.members()) + " members");
        value_op_ = c_.mode == ValueMode::int32 ? Reduce::sum_int32 : Reduce::sum_float32;
        bloom_seed_ = derive_seed(c_.seed, kBloomSalt);
        if (s_.nonzeros.size() < mine.size()) s_.nonzeros.resize(mine.size());
    }

    // Encode, step 1: each member finds its nonzeros.
    void scan_all() {
        for (std::size_t m = 0; m < mine_.size(); ++m)
            group_.encode_step([&] { scan(mine_[m], group_, m, s_.nonzeros[m]); });
    }

    // Round "meta" (byte max): the fixed-point exponent (int mode) and, when asked, the
    // union-size registers. Returns the union estimate (-1 when not asked).
    double meta_round(bool want_union) {
        const bool need_exponent = c_.mode == ValueMode::int32;
        const std::size_t registers = want_union ? union_registers_for(n_) : 0;
        const std::size_t first_register = need_exponent ? 1 : 0;
        if (!need_exponent && registers == 0) return -1;
        const std::size_t words = (first_register + registers + 3) / 4;
        const auto& nz = s_.nonzeros;
        group_.round("meta", Reduce::max_byte, s_.meta, [&](std::size_t m, Message& msg) {
            msg.assign(words, 0u);
            const std::span bytes(reinterpret_cast<std::uint8_t*>(msg.data()), words * 4);  // little-endian lanes
            if (need_exponent) bytes[0] = static_cast<std::uint8_t>(nz[m].max_abs_bits >> 23);
            if (registers)
                union_add(bytes.subspan(first_register, registers), derive_seed(c_.seed, kUnionSalt), nz[m].positions);
        });
        const std::span meta(reinterpret_cast<const std::uint8_t*>(s_.meta.data()), words * 4);
        if (need_exponent) fixed_.emplace(meta[0], group_.size());
        return registers ? union_estimate(meta.subspan(first_register, registers)) : -1;
    }

    // The Bloom filter for an expected union of `keys` (unused with the bitmap index). With
    // `never_empty` a filter exists whenever n > 0: in one pass nobody knows yet whether
    // the union is empty.
    void plan_index(double keys, double load_factor, bool never_empty = false) {
        if (c_.index != IndexKind::bloom) return;
        const auto k = static_cast<std::size_t>(std::clamp<double>(std::llround(keys), 0.0, static_cast<double>(n_)));
        bloom_ = plan_bloom(n_, k, load_factor);
        if (bloom_.blocks == 0 && (k > 0 || (never_empty && n_ > 0))) bloom_ = plan_bloom(n_, 1, load_factor);
    }
    // Candidates the index will list for a union of `keys`: the union plus false positives.
    double expected_candidates(double keys) const {
        if (c_.index == IndexKind::bitmap) return keys;
        return keys + bloom_.false_positive_rate * std::max(0.0, static_cast<double>(n_) - keys);
    }

    // Round "index" (OR): bitmaps or Bloom filters; every member then lists the candidates.
    void index_round() {
        const auto& nz = s_.nonzeros;
        group_.round("index", Reduce::bit_or, s_.index, [&](std::size_t m, Message& msg) {
            if (c_.index == IndexKind::bitmap) bitmap_build(n_, nz[m].positions, msg);
            else bloom_build(bloom_, bloom_seed_, nz[m].positions, msg);
        });
    }
    void list_candidates() {
        s_.candidates.clear();
        decoding([&] {
            if (c_.index == IndexKind::bitmap) bitmap_positions(s_.index, n_, s_.candidates);
            else bloom_candidates(bloom_, bloom_seed_, s_.index, n_, s_.candidates);
        });
        d_.candidates = s_.candidates.size();
        reserve_huge(s_.values, s_.candidates.size());
        s_.values.assign(s_.candidates.size(), 0);
    }

    // Round "sketch" (sum): each member adds its own nonzeros; needs no earlier result
    // but the scale, so with Pass::same it travels with the index.
    void sketch_round(const SketchPlan& plan, collective::Pass pass) {
        const auto& nz = s_.nonzeros;
        group_.round(
            "sketch", value_op_, s_.sketch,
            [&](std::size_t m, Message& msg) {
                s_.encoded.resize(nz[m].values.size());
                if (c_.mode == ValueMode::int32) fixed_->encode(nz[m].values, s_.encoded);
                else std::memcpy(s_.encoded.data(), nz[m].values.data(), s_.encoded.size() * 4);
                reserve_huge(msg, plan.cells());
                msg.assign(plan.cells(), 0u);
                sketch_add(plan, c_.mode, msg, nz[m].positions, s_.encoded);
            },
            pass);
        d_.sketch_cells = plan.cells();
    }

    // Peels the summed sketch over the candidates; returns the candidates left unpeeled.
    std::vector<std::uint32_t> peel(const SketchPlan& plan) {
        std::vector<std::uint32_t> stalled;
        if (s_.candidates.empty()) return stalled;
        decoding([&] {
            stalled = sketch_peel(plan, c_.mode, s_.sketch, s_.candidates, s_.values, s_.peel);
            if (c_.mode == ValueMode::float32) {
                // A float cell can overflow to Inf (e.g. near FLT_MAX), and everything peeled
                // through it becomes Inf or NaN (never a finite wrong value): repair those too.
                std::vector<std::uint8_t> left(s_.candidates.size(), 0);
                for (auto j : stalled) left[j] = 1;
                for (std::size_t j = 0; j < s_.candidates.size(); ++j)
                    if ((s_.values[j] & 0x7f800000u) == 0x7f800000u) left[j] = 1;
                stalled.clear();
                for (std::uint32_t j = 0; j < s_.candidates.size(); ++j)
                    if (left[j]) stalled.push_back(j);
            }
        });
        return stalled;
    }

    // Round "name" (sum): every member's values at candidates `which` (indices into the
    // candidate list, ascending), in that shared order; the sums land in values[which].
    // The repair round sends the unpeeled ones, the aligned variant all of them.
    void aligned_round(const std::string& name, std::span<const std::uint32_t> which) {
        std::vector<std::uint32_t>& at = s_.left;
        at.resize(which.size());
        for (std::size_t r = 0; r < which.size(); ++r) at[r] = s_.candidates[which[r]];
        group_.round(name, value_op_, s_.repair, [&](std::size_t m, Message& msg) {
            values_at(s_.nonzeros[m], at, s_.mine);
            msg.resize(at.size());
            if (c_.mode == ValueMode::int32) fixed_->encode(s_.mine, msg);
            else std::memcpy(msg.data(), s_.mine.data(), msg.size() * 4);
        });
        decoding([&] {
            for (std::size_t r = 0; r < which.size(); ++r) s_.values[which[r]] = s_.repair[r];
        });
    }

    // Round "repair": peeling stalled on a 2-core. Every member knows exactly which
    // candidates are left, so each sends its values for them in the shared order and the
    // sum is exact - cheaper than another sketch, and it cannot fail. All agree on whether
    // it runs.
    void repair(const std::vector<std::uint32_t>& stalled) {
        d_.peel_failures = stalled.size();
        if (stalled.empty()) return;
        aligned_round("repair", stalled);
        d_.repaired = stalled.size();
    }

    // Decode: zeros everywhere, the candidates' sums at their positions (false positives
    // of the Bloom filter and sums that cancel decode to zero).
    LhcDecoded finish() {
        const auto& candidates = s_.candidates;
        const auto& values = s_.values;
        decoding([&] {
            std::fill(sum_.begin(), sum_.end(), 0.0f);
            if (c_.mode == ValueMode::int32) {
                for (std::size_t j = 0; j < candidates.size(); ++j)
                    sum_[candidates[j]] = fixed_->decode(static_cast<std::int32_t>(values[j]));
            } else {
                // + 0.0f: a false positive peeled through a negated cell is -0.0; report +0.
                for (std::size_t j = 0; j < candidates.size(); ++j)
                    sum_[candidates[j]] = std::bit_cast<float>(values[j]) + 0.0f;
            }
            std::size_t nonzero = 0;
            for (std::size_t j = 0; j < candidates.size(); ++j) nonzero += sum_[candidates[j]] != 0.0f;
            d_.nonzero_sums = nonzero;
        });
        s_.previous_union = d_.nonzero_sums;
        return d_;
    }

    std::uint64_t sketch_seed() const { return derive_seed(c_.seed, kSketchSalt); }
    std::size_t size() const { return n_; }
    std::size_t participants() const { return group_.size(); }
    const SchemeConfig& config() const { return c_; }
    const LhcScratch& scratch() const { return s_; }

private:
    template <class F>
    void decoding(F&& step) {
        const double t = group_.now();
        step();
        d_.decode_s += group_.now() - t;
    }

    const SchemeConfig& c_;
    collective::Group& group_;
    std::span<const std::span<const float>> mine_;
    std::span<float> sum_;
    LhcScratch& s_;
    std::size_t n_;
    Reduce value_op_;
    std::uint64_t bloom_seed_;
    BloomPlan bloom_;
    std::optional<FixedPoint> fixed_;
    LhcDecoded d_;
};

// Union-sized: the union estimate sizes the filter, the candidate count the sketch.
LhcDecoded union_sized(Protocol& p) {
    const SchemeConfig& c = p.config();
    p.scan_all();
    // Alone (K == 1) there is no union round: the member's own count sizes the filter.
    const bool want_union = c.index == IndexKind::bloom && p.participants() > 1;
    const double estimate = p.meta_round(want_union);
    p.plan_index(want_union ? estimate : static_cast<double>(p.scratch().nonzeros[0].positions.size()), c.load_factor);
    p.index_round();
    p.list_candidates();
    const std::size_t candidates = p.scratch().candidates.size();
    if (candidates > 0) {
        const SketchPlan plan = plan_sketch(candidates, c.load_factor, c.hashes, p.sketch_seed());
        p.sketch_round(plan, collective::Pass::next);
        p.repair(p.peel(plan));
    }
    return p.finish();
}

// Aligned: after the index every member sends its values at all candidates.
LhcDecoded aligned(Protocol& p) {
    const SchemeConfig& c = p.config();
    p.scan_all();
    const bool want_union = c.index == IndexKind::bloom && p.participants() > 1;
    const double estimate = p.meta_round(want_union);
    // A false positive costs one 4-byte value here, not load_factor cells.
    p.plan_index(want_union ? estimate : static_cast<double>(p.scratch().nonzeros[0].positions.size()), 1.0);
    p.index_round();
    p.list_candidates();
    std::vector<std::uint32_t> all(p.scratch().candidates.size());
    for (std::uint32_t j = 0; j < all.size(); ++j) all[j] = j;
    if (!all.empty()) p.aligned_round("values", all);
    return p.finish();
}

// One pass: the sketch's size is fixed before the index is aggregated, from an estimate of
// the union every worker holds identically - the union the tensor's previous aggregation
// decoded, or (the first time, or when asked) n / sketch_ratio cells.
LhcDecoded one_pass(Protocol& p) {
    const SchemeConfig& c = p.config();
    const std::size_t n = p.size();
    p.scan_all();
    p.meta_round(false);  // the exponent alone (int mode): values need the shared scale
    SketchPlan plan;
    const auto& previous = p.scratch().previous_union;
    if (c.estimate == SketchEstimate::previous && previous) {
        // The union of fresh gradients differs from the last one; a sketch sized just at
        // the peeling threshold stalls whenever it grows, and a stall near the threshold
        // leaves ~40% of the candidates to repair. Three standard deviations of a count of
        // independent positions (sqrt of the count) cover the draw-to-draw variation.
        const double last = static_cast<double>(*previous);
        const double keys = std::max(1.0, last + kEstimateMargin * std::sqrt(last));
        p.plan_index(keys, c.load_factor, true);
        plan = plan_sketch(static_cast<std::size_t>(std::ceil(p.expected_candidates(keys))), c.load_factor, c.hashes,
                           p.sketch_seed());
    } else {
        // The cells a fixed ratio gives, and the union they can peel sizes the filter.
        const double cells =
            std::max<double>(static_cast<double>(c.hashes), std::ceil(static_cast<double>(n) / c.sketch_ratio));
        plan = SketchPlan{static_cast<std::uint32_t>(std::ceil(cells / c.hashes)), c.hashes, p.sketch_seed()};
        p.plan_index(cells / c.load_factor, c.load_factor, true);
    }
    if (n == 0) plan.segment = 0;
    p.index_round();
    if (plan.cells() > 0) p.sketch_round(plan, collective::Pass::same);
    p.list_candidates();
    p.repair(p.peel(plan));
    return p.finish();
}

}  // namespace

LhcDecoded lhc_rounds(const SchemeConfig& config, collective::Group& group,
                      std::span<const std::span<const float>> mine, std::span<float> sum, LhcScratch& s) {
    LhcVariant variant{};
    if (!lhc_variant(config.scheme, variant))
        throw std::invalid_argument("lhc_rounds: '" + config.scheme + "' is not an LHC scheme");
    Protocol p(config, group, mine, sum, s);
    switch (variant) {
    case LhcVariant::one_pass: return one_pass(p);
    case LhcVariant::union_sized: return union_sized(p);
    case LhcVariant::aligned: return aligned(p);
    }
    throw std::logic_error("lhc_rounds: unknown variant");
}

}  // namespace compression
