#include "compression/lhc.hpp"

#include "compression/bitmap_index.hpp"
#include "compression/bloom_index.hpp"
#include "compression/count_sketch.hpp"
#include "compression/fixed_point.hpp"
#include "compression/hashing.hpp"
#include "compression/scan.hpp"
#include "compression/union_estimate.hpp"
#include "huge_pages.hpp"
#include "stopwatch.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <optional>

namespace compression {

namespace {

// Salts that keep the shared seeds of the protocol's structures independent.
enum Salt : std::uint64_t { kUnionSalt = 11, kBloomSalt = 12, kSketchSalt = 13 };

// One worker's nonzeros, found in a single pass over its dense gradient (compression/scan.hpp);
// NaN and Inf are rejected naming worker and position.
void scan(std::span<const float> x, std::size_t worker, NonzeroList& nz) {
    scan_nonzeros(x, nz);
    if (nz.max_abs_bits >= 0x7f800000u)
        for (std::size_t i = 0; i < x.size(); ++i)
            if ((std::bit_cast<std::uint32_t>(x[i]) & 0x7fffffffu) >= 0x7f800000u) throw_not_finite(worker, i, x[i]);
}

std::uint8_t max_exponent(const NonzeroList& nz) { return static_cast<std::uint8_t>(nz.max_abs_bits >> 23); }

// The worker's values at the positions of `wanted` (ascending), zero where it has none.
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

LhcScheme::LhcScheme(const SchemeConfig& config) : config_(config) {}

Report LhcScheme::aggregate(std::span<const std::span<const float>> workers, std::span<float> out) {
    check_inputs(workers, out, false);  // finiteness is checked during the scan
    const std::size_t K = workers.size();
    const std::size_t n = out.size();
    const ValueMode mode = config_.mode;
    const Reduce value_op = mode == ValueMode::int32 ? Reduce::sum_int32 : Reduce::sum_float32;
    Report rep;
    rep.values = n;
    rep.workers = K;
    double encode = 0, reduce = 0, decode = 0;  // encode summed over workers

    // Encode, step 1: each worker finds its nonzeros.
    // The lists are the scheme's scratch, kept between calls (a scheme object per tensor).
    std::vector<NonzeroList>& nz = scratch_.nonzeros;
    if (nz.size() < K) nz.resize(K);
    for (std::size_t w = 0; w < K; ++w) {
        Stopwatch t;
        scan(workers[w], w, nz[w]);
        encode += t.seconds();
    }

    // Round "meta": the fixed-point exponent and the union-size registers, by byte max.
    const bool need_exponent = mode == ValueMode::int32;
    const bool need_union = config_.index == IndexKind::bloom && K > 1;
    const std::size_t registers = need_union ? union_registers_for(n) : 0;
    std::vector<std::uint8_t> meta_bytes;
    if (need_exponent || need_union) {
        const std::size_t bytes = (need_exponent ? 1 : 0) + registers;
        const std::size_t words = (bytes + 3) / 4;
        Message acc;
        for (std::size_t w = 0; w < K; ++w) {
            Stopwatch t;
            std::vector<std::uint8_t> b(words * 4, 0);
            if (need_exponent) b[0] = max_exponent(nz[w]);
            if (need_union)
                union_add(std::span(b).subspan(need_exponent ? 1 : 0, registers),
                          derive_seed(config_.seed, kUnionSalt), nz[w].positions);
            Message msg(words);
            std::memcpy(msg.data(), b.data(), words * 4);
            encode += t.seconds();
            Stopwatch r;
            if (w == 0) acc = std::move(msg);
            else aggregate_into(Reduce::max_byte, acc, msg);
            reduce += r.seconds();
        }
        meta_bytes.resize(words * 4);
        std::memcpy(meta_bytes.data(), acc.data(), words * 4);
        rep.rounds.push_back({"meta", Reduce::max_byte, words * 4, words * 4});
    }
    std::optional<FixedPoint> fixed;
    if (need_exponent) fixed.emplace(meta_bytes[0], K);

    // Round "index": OR of bitmaps or Bloom filters; every worker then lists the candidates.
    std::vector<std::uint32_t>& candidates = scratch_.candidates;
    candidates.clear();
    {
        BloomPlan bloom;
        const std::uint64_t bloom_seed = derive_seed(config_.seed, kBloomSalt);
        if (config_.index == IndexKind::bloom) {
            double keys = static_cast<double>(nz[0].positions.size());
            if (need_union)
                keys = union_estimate(std::span(meta_bytes).subspan(need_exponent ? 1 : 0, registers));
            bloom = plan_bloom(n, static_cast<std::size_t>(std::min<double>(std::llround(keys), n)), config_.load_factor);
            if (bloom.blocks == 0 && keys > 0) bloom = plan_bloom(n, 1, config_.load_factor);
        }
        Message& acc = scratch_.index_acc;
        for (std::size_t w = 0; w < K; ++w) {
            Stopwatch t;
            Message& msg = w == 0 ? acc : scratch_.message;  // worker 0 builds into the aggregate
            if (config_.index == IndexKind::bitmap) bitmap_build(n, nz[w].positions, msg);
            else bloom_build(bloom, bloom_seed, nz[w].positions, msg);
            encode += t.seconds();
            Stopwatch r;
            if (w > 0) aggregate_into(Reduce::bit_or, acc, msg);
            reduce += r.seconds();
        }
        Stopwatch t;
        if (config_.index == IndexKind::bitmap) bitmap_positions(acc, n, candidates);
        else bloom_candidates(bloom, bloom_seed, acc, n, candidates);
        decode += t.seconds();
        rep.rounds.push_back({"index", Reduce::bit_or, acc.size() * 4, acc.size() * 4});
    }
    rep.candidates = candidates.size();

    // Round "sketch": sized from the candidate count that every worker now knows.
    std::vector<std::uint32_t>& values = scratch_.values;
    reserve_huge(values, candidates.size());
    values.assign(candidates.size(), 0);
    std::vector<std::uint32_t> stalled;
    if (!candidates.empty()) {
        const SketchPlan plan = plan_sketch(candidates.size(), config_.load_factor, config_.hashes,
                                            derive_seed(config_.seed, kSketchSalt));
        Message& acc = scratch_.sketch_acc;
        ScratchVector<std::uint32_t>& encoded = scratch_.encoded;
        for (std::size_t w = 0; w < K; ++w) {
            Stopwatch t;
            encoded.resize(nz[w].values.size());
            if (mode == ValueMode::int32) fixed->encode(nz[w].values, encoded);
            else std::memcpy(encoded.data(), nz[w].values.data(), encoded.size() * 4);
            Message& msg = w == 0 ? acc : scratch_.message;  // worker 0 adds into the aggregate
            reserve_huge(msg, plan.cells());
            msg.assign(plan.cells(), 0u);
            sketch_add(plan, mode, msg, nz[w].positions, encoded);
            encode += t.seconds();
            Stopwatch r;
            if (w > 0) aggregate_into(value_op, acc, msg);
            reduce += r.seconds();
        }
        Stopwatch t;
        stalled = sketch_peel(plan, mode, acc, candidates, values, scratch_.peel);
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
        decode += t.seconds();
        rep.sketch_cells = plan.cells();
        rep.rounds.push_back({"sketch", value_op, plan.cells() * 4ull, plan.cells() * 4ull});
    }

    // Round "repair": peeling stalled on a 2-core. Every worker knows exactly which
    // candidates are left, so each sends its values for them in that shared order and the
    // sum is exact - cheaper than another sketch, and it cannot fail.
    rep.peel_failures = stalled.size();
    if (!stalled.empty()) {
        std::vector<std::uint32_t> left(stalled.size());
        for (std::size_t r = 0; r < stalled.size(); ++r) left[r] = candidates[stalled[r]];
        Message acc;
        std::vector<float> mine;
        for (std::size_t w = 0; w < K; ++w) {
            Stopwatch t;
            values_at(nz[w], left, mine);
            Message msg(left.size());
            for (std::size_t r = 0; r < left.size(); ++r) msg[r] = encode_value(mode, fixed, mine[r]);
            encode += t.seconds();
            Stopwatch rt;
            if (w == 0) acc = std::move(msg);
            else aggregate_into(value_op, acc, msg);
            reduce += rt.seconds();
        }
        Stopwatch t;
        for (std::size_t r = 0; r < stalled.size(); ++r) values[stalled[r]] = acc[r];
        decode += t.seconds();
        rep.repaired = stalled.size();
        rep.rounds.push_back({"repair", value_op, left.size() * 4ull, left.size() * 4ull});
    }

    // Decode: zeros everywhere, the candidates' sums at their positions (false positives
    // of the Bloom filter and sums that cancel decode to zero).
    {
        Stopwatch t;
        std::fill(out.begin(), out.end(), 0.0f);
        if (mode == ValueMode::int32) {
            for (std::size_t j = 0; j < candidates.size(); ++j)
                out[candidates[j]] = fixed->decode(static_cast<std::int32_t>(values[j]));
        } else {
            // + 0.0f: a false positive peeled through a negated cell is -0.0; report +0.
            for (std::size_t j = 0; j < candidates.size(); ++j)
                out[candidates[j]] = std::bit_cast<float>(values[j]) + 0.0f;
        }
        decode += t.seconds();
    }

    // Measurement only (not part of the protocol): the true union size.
    if (config_.index == IndexKind::bitmap) {
        rep.union_nonzeros = candidates.size();
    } else {
        std::vector<std::uint64_t> seen((n + 63) / 64, 0);
        for (std::size_t w = 0; w < K; ++w)
            for (auto p : nz[w].positions) seen[p >> 6] |= std::uint64_t{1} << (p & 63);
        for (auto s : seen) rep.union_nonzeros += static_cast<std::size_t>(std::popcount(s));
    }
    rep.timing = {encode / static_cast<double>(K), reduce, decode};
    return rep;
}

}  // namespace compression
