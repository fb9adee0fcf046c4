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
#include <optional>
#include <stdexcept>

namespace compression {

namespace {

// Salts that keep the shared seeds of the protocol's structures independent.
enum Salt : std::uint64_t { kUnionSalt = 11, kBloomSalt = 12, kSketchSalt = 13 };

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

std::uint32_t encode_value(ValueMode mode, const std::optional<FixedPoint>& fixed, float v) {
    return mode == ValueMode::int32 ? static_cast<std::uint32_t>(fixed->encode(v)) : std::bit_cast<std::uint32_t>(v);
}

}  // namespace

LhcDecoded lhc_rounds(const SchemeConfig& config, collective::Group& group, std::span<const std::span<const float>> mine,
                      std::span<float> sum, LhcScratch& s) {
    const std::size_t K = group.size(), n = sum.size();
    if (mine.size() != group.members())
        throw std::logic_error("lhc_rounds: " + std::to_string(mine.size()) + " gradients for " +
                               std::to_string(group.members()) + " members");
    const ValueMode mode = config.mode;
    const Reduce value_op = mode == ValueMode::int32 ? Reduce::sum_int32 : Reduce::sum_float32;
    LhcDecoded d;
    auto decoding = [&](auto&& step) {
        const double t = group.now();
        step();
        d.decode_s += group.now() - t;
    };

    // Encode, step 1: each member finds its nonzeros.
    std::vector<NonzeroList>& nz = s.nonzeros;
    if (nz.size() < mine.size()) nz.resize(mine.size());
    for (std::size_t m = 0; m < mine.size(); ++m) group.encode_step([&] { scan(mine[m], group, m, nz[m]); });

    // Round "meta": the fixed-point exponent and the union-size registers, by byte max.
    const bool need_exponent = mode == ValueMode::int32;
    const bool need_union = config.index == IndexKind::bloom && K > 1;
    const std::size_t registers = need_union ? union_registers_for(n) : 0;
    const std::size_t first_register = need_exponent ? 1 : 0;
    std::span<const std::uint8_t> meta;
    if (need_exponent || need_union) {
        const std::size_t words = (first_register + registers + 3) / 4;
        group.round("meta", Reduce::max_byte, s.meta, [&](std::size_t m, Message& msg) {
            msg.assign(words, 0u);
            const std::span bytes(reinterpret_cast<std::uint8_t*>(msg.data()), words * 4);  // little-endian lanes
            if (need_exponent) bytes[0] = static_cast<std::uint8_t>(nz[m].max_abs_bits >> 23);
            if (need_union)
                union_add(bytes.subspan(first_register, registers), derive_seed(config.seed, kUnionSalt), nz[m].positions);
        });
        meta = std::span(reinterpret_cast<const std::uint8_t*>(s.meta.data()), words * 4);
    }
    std::optional<FixedPoint> fixed;
    if (need_exponent) fixed.emplace(meta[0], K);

    // Round "index": OR of bitmaps or Bloom filters; every member then lists the candidates.
    std::vector<std::uint32_t>& candidates = s.candidates;
    candidates.clear();
    {
        BloomPlan bloom;
        const std::uint64_t bloom_seed = derive_seed(config.seed, kBloomSalt);
        if (config.index == IndexKind::bloom) {
            // Alone (K == 1) there is no union round: the member's own count sizes the filter.
            double keys = static_cast<double>(nz[0].positions.size());
            if (need_union) keys = union_estimate(meta.subspan(first_register, registers));
            bloom = plan_bloom(n, static_cast<std::size_t>(std::min<double>(std::llround(keys), n)), config.load_factor);
            if (bloom.blocks == 0 && keys > 0) bloom = plan_bloom(n, 1, config.load_factor);
        }
        group.round("index", Reduce::bit_or, s.index, [&](std::size_t m, Message& msg) {
            if (config.index == IndexKind::bitmap) bitmap_build(n, nz[m].positions, msg);
            else bloom_build(bloom, bloom_seed, nz[m].positions, msg);
        });
        decoding([&] {
            if (config.index == IndexKind::bitmap) bitmap_positions(s.index, n, candidates);
            else bloom_candidates(bloom, bloom_seed, s.index, n, candidates);
        });
    }
    d.candidates = candidates.size();

    // Round "sketch": sized from the candidate count that every member now knows.
    std::vector<std::uint32_t>& values = s.values;
    reserve_huge(values, candidates.size());
    values.assign(candidates.size(), 0);
    std::vector<std::uint32_t> stalled;
    if (!candidates.empty()) {
        const SketchPlan plan =
            plan_sketch(candidates.size(), config.load_factor, config.hashes, derive_seed(config.seed, kSketchSalt));
        group.round("sketch", value_op, s.sketch, [&](std::size_t m, Message& msg) {
            s.encoded.resize(nz[m].values.size());
            if (mode == ValueMode::int32) fixed->encode(nz[m].values, s.encoded);
            else std::memcpy(s.encoded.data(), nz[m].values.data(), s.encoded.size() * 4);
            reserve_huge(msg, plan.cells());
            msg.assign(plan.cells(), 0u);
            sketch_add(plan, mode, msg, nz[m].positions, s.encoded);
        });
        decoding([&] {
            stalled = sketch_peel(plan, mode, s.sketch, candidates, values, s.peel);
            if (mode == ValueMode::float32) {
                // A float cell can overflow to Inf (e.g. near FLT_MAX), and everything peeled
                // through it becomes Inf or NaN (never a finite wrong value): repair those too.
                std::vector<std::uint8_t> left(candidates.size(), 0);
                for (auto j : stalled) left[j] = 1;
                for (std::size_t j = 0; j < candidates.size(); ++j)
                    if ((values[j] & 0x7f800000u) == 0x7f800000u) left[j] = 1;
                stalled.clear();
                for (std::uint32_t j = 0; j < candidates.size(); ++j)
                    if (left[j]) stalled.push_back(j);
            }
        });
        d.sketch_cells = plan.cells();
    }

    // Round "repair": peeling stalled on a 2-core. Every member knows exactly which
    // candidates are left, so each sends its values for them in that shared order and the
    // sum is exact - cheaper than another sketch, and it cannot fail. All agree on whether
    // it runs.
    d.peel_failures = stalled.size();
    if (!stalled.empty()) {
        std::vector<std::uint32_t>& left = s.left;
        left.resize(stalled.size());
        for (std::size_t r = 0; r < stalled.size(); ++r) left[r] = candidates[stalled[r]];
        group.round("repair", value_op, s.repair, [&](std::size_t m, Message& msg) {
            values_at(nz[m], left, s.mine);
            msg.resize(left.size());
            for (std::size_t r = 0; r < left.size(); ++r) msg[r] = encode_value(mode, fixed, s.mine[r]);
        });
        decoding([&] {
            for (std::size_t r = 0; r < stalled.size(); ++r) values[stalled[r]] = s.repair[r];
        });
        d.repaired = stalled.size();
    }

    // Decode: zeros everywhere, the candidates' sums at their positions (false positives
    // of the Bloom filter and sums that cancel decode to zero).
    decoding([&] {
        std::fill(sum.begin(), sum.end(), 0.0f);
        if (mode == ValueMode::int32) {
            for (std::size_t j = 0; j < candidates.size(); ++j)
                sum[candidates[j]] = fixed->decode(static_cast<std::int32_t>(values[j]));
        } else {
            // + 0.0f: a false positive peeled through a negated cell is -0.0; report +0.
            for (std::size_t j = 0; j < candidates.size(); ++j)
                sum[candidates[j]] = std::bit_cast<float>(values[j]) + 0.0f;
        }
    });
    return d;
}

}  // namespace compression
