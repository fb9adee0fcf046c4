// The per-rank form of dense, dense-int and LHC. The LHC steps mirror the codec's
// in-process LhcScheme::aggregate (plugins/compression/codec/src/lhc.cpp) round for round;
// a test checks both give the same sum and the same round sizes.
#include "compression_training/rank_schemes.hpp"

#include <compression/bitmap_index.hpp>
#include <compression/bloom_index.hpp>
#include <compression/count_sketch.hpp>
#include <compression/fixed_point.hpp>
#include <compression/hashing.hpp>
#include <compression/union_estimate.hpp>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstring>
#include <optional>
#include <stdexcept>

namespace compression_training {

using compression::FixedPoint;
using compression::Message;
using compression::Reduce;
using compression::Round;
using compression::ValueMode;

namespace {

// The codec derives its structures' seeds with these salts (lhc.cpp); a rank must use the
// same ones so its Bloom filter and sketch line up with everyone else's.
enum Salt : std::uint64_t { kUnionSalt = 11, kBloomSalt = 12, kSketchSalt = 13 };

class Clock {
public:
    double lap() {
        const auto now = std::chrono::steady_clock::now();
        const double s = std::chrono::duration<double>(now - last_).count();
        last_ = now;
        return s;
    }

private:
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

struct Nonzeros {
    std::vector<std::uint32_t> positions;
    std::vector<float> values;
    std::uint8_t max_exponent = 0;
};

[[noreturn]] void not_finite(int rank, std::size_t i, float v) {
    throw std::invalid_argument("rank " + std::to_string(rank) + ": gradient value " + std::to_string(v) +
                                " at position " + std::to_string(i) + " is not finite (NaN/Inf); "
                                "lower the learning rate");
}

Nonzeros scan(std::span<const float> x, int rank) {
    Nonzeros nz;
    std::uint32_t max_bits = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const std::uint32_t a = std::bit_cast<std::uint32_t>(x[i]) & 0x7fffffffu;
        if (!a) continue;
        if (a >= 0x7f800000u) not_finite(rank, i, x[i]);
        max_bits = std::max(max_bits, a);
        nz.positions.push_back(static_cast<std::uint32_t>(i));
        nz.values.push_back(x[i]);
    }
    nz.max_exponent = static_cast<std::uint8_t>(max_bits >> 23);
    return nz;
}

// The rank's values at `wanted` (ascending), zero where it has none.
std::vector<float> values_at(const Nonzeros& nz, std::span<const std::uint32_t> wanted) {
    std::vector<float> out(wanted.size(), 0.0f);
    std::size_t a = 0;
    for (std::size_t b = 0; b < wanted.size() && a < nz.positions.size(); ++b) {
        while (a < nz.positions.size() && nz.positions[a] < wanted[b]) ++a;
        if (a < nz.positions.size() && nz.positions[a] == wanted[b]) out[b] = nz.values[a];
    }
    return out;
}

std::uint32_t encode_value(ValueMode mode, const std::optional<FixedPoint>& fixed, float v) {
    return mode == ValueMode::int32 ? static_cast<std::uint32_t>(fixed->encode(v)) : std::bit_cast<std::uint32_t>(v);
}

// One round: time the network, record the message size.
void round(Collective& g, RankReport& rep, const char* name, Reduce op, Message& msg) {
    Clock t;
    g.allreduce(op, msg);
    rep.network_s += t.lap();
    rep.rounds.push_back({name, op, msg.size() * 4ull, msg.size() * 4ull});
}

RankReport dense(Collective& g, std::span<const float> mine, std::span<float> sum) {
    RankReport rep;
    Clock t;
    for (std::size_t i = 0; i < mine.size(); ++i)
        if (!std::isfinite(mine[i])) not_finite(g.rank(), i, mine[i]);
    Message msg(mine.size());
    std::memcpy(msg.data(), mine.data(), mine.size() * 4);
    rep.encode_s = t.lap();
    round(g, rep, "values", Reduce::sum_float32, msg);
    t.lap();
    std::memcpy(sum.data(), msg.data(), sum.size() * 4);
    rep.decode_s = t.lap();
    return rep;
}

RankReport dense_int(Collective& g, std::span<const float> mine, std::span<float> sum) {
    RankReport rep;
    Clock t;
    for (std::size_t i = 0; i < mine.size(); ++i)
        if (!std::isfinite(mine[i])) not_finite(g.rank(), i, mine[i]);
    Message meta{compression::max_exponent_byte(mine)};
    rep.encode_s += t.lap();
    round(g, rep, "meta", Reduce::max_byte, meta);
    t.lap();
    const FixedPoint fixed(static_cast<std::uint8_t>(meta[0] & 0xffu), static_cast<std::size_t>(g.size()));
    Message msg(mine.size());
    for (std::size_t i = 0; i < mine.size(); ++i) msg[i] = static_cast<std::uint32_t>(fixed.encode(mine[i]));
    rep.encode_s += t.lap();
    round(g, rep, "values", Reduce::sum_int32, msg);
    t.lap();
    for (std::size_t i = 0; i < sum.size(); ++i) sum[i] = fixed.decode(static_cast<std::int32_t>(msg[i]));
    rep.decode_s = t.lap();
    return rep;
}

RankReport lhc(const compression::SchemeConfig& cfg, Collective& g, std::span<const float> mine, std::span<float> sum) {
    using compression::IndexKind;
    RankReport rep;
    const std::size_t K = static_cast<std::size_t>(g.size());
    const std::size_t n = sum.size();
    const ValueMode mode = cfg.mode;
    const Reduce value_op = mode == ValueMode::int32 ? Reduce::sum_int32 : Reduce::sum_float32;
    Clock t;
    const Nonzeros nz = scan(mine, g.rank());
    rep.encode_s += t.lap();

    // Round "meta": fixed-point exponent and union-size registers, by byte max.
    const bool need_exponent = mode == ValueMode::int32;
    const bool need_union = cfg.index == IndexKind::bloom && K > 1;
    const std::size_t registers = need_union ? compression::union_registers_for(n) : 0;
    std::vector<std::uint8_t> meta_bytes;
    if (need_exponent || need_union) {
        const std::size_t words = ((need_exponent ? 1 : 0) + registers + 3) / 4;
        std::vector<std::uint8_t> b(words * 4, 0);
        if (need_exponent) b[0] = nz.max_exponent;
        if (need_union)
            compression::union_add(std::span(b).subspan(need_exponent ? 1 : 0, registers),
                                   compression::derive_seed(cfg.seed, kUnionSalt), nz.positions);
        Message msg(words);
        std::memcpy(msg.data(), b.data(), words * 4);
        rep.encode_s += t.lap();
        round(g, rep, "meta", Reduce::max_byte, msg);
        t.lap();
        meta_bytes.resize(words * 4);
        std::memcpy(meta_bytes.data(), msg.data(), words * 4);
    }
    std::optional<FixedPoint> fixed;
    if (need_exponent) fixed.emplace(meta_bytes[0], K);

    // Round "index": OR of bitmaps or Bloom filters; then every rank lists the candidates.
    std::vector<std::uint32_t> candidates;
    {
        compression::BloomPlan bloom;
        const std::uint64_t bloom_seed = compression::derive_seed(cfg.seed, kBloomSalt);
        if (cfg.index == IndexKind::bloom) {
            double keys = static_cast<double>(nz.positions.size());
            if (need_union)
                keys = compression::union_estimate(std::span(meta_bytes).subspan(need_exponent ? 1 : 0, registers));
            bloom = compression::plan_bloom(n, static_cast<std::size_t>(std::min<double>(std::llround(keys), n)),
                                            cfg.load_factor);
            // K == 1 has no union round: a rank alone must plan the same filter as the codec.
            if (bloom.blocks == 0 && keys > 0) bloom = compression::plan_bloom(n, 1, cfg.load_factor);
        }
        Message msg = cfg.index == IndexKind::bitmap ? compression::bitmap_build(n, nz.positions)
                                                     : compression::bloom_build(bloom, bloom_seed, nz.positions);
        rep.encode_s += t.lap();
        round(g, rep, "index", Reduce::bit_or, msg);
        t.lap();
        if (cfg.index == IndexKind::bitmap) compression::bitmap_positions(msg, n, candidates);
        else compression::bloom_candidates(bloom, bloom_seed, msg, n, candidates);
        rep.decode_s += t.lap();
    }
    rep.candidates = candidates.size();

    // Round "sketch": sized from the candidate count every rank now knows.
    std::vector<std::uint32_t> values(candidates.size(), 0);
    std::vector<std::uint32_t> stalled;
    if (!candidates.empty()) {
        const auto plan = compression::plan_sketch(candidates.size(), cfg.load_factor, cfg.hashes,
                                                   compression::derive_seed(cfg.seed, kSketchSalt));
        std::vector<std::uint32_t> encoded(nz.values.size());
        for (std::size_t j = 0; j < encoded.size(); ++j) encoded[j] = encode_value(mode, fixed, nz.values[j]);
        Message msg(plan.cells(), 0u);
        compression::sketch_add(plan, mode, msg, nz.positions, encoded);
        rep.encode_s += t.lap();
        round(g, rep, "sketch", value_op, msg);
        t.lap();
        stalled = compression::sketch_peel(plan, mode, msg, candidates, values);
        if (mode == ValueMode::float32) {
            // As the codec: a float cell that overflowed makes Inf/NaN, never a finite wrong
            // value; those positions go to the exact repair round too.
            std::vector<std::uint8_t> left(candidates.size(), 0);
            for (auto j : stalled) left[j] = 1;
            for (std::size_t j = 0; j < candidates.size(); ++j)
                if ((values[j] & 0x7f800000u) == 0x7f800000u) left[j] = 1;
            stalled.clear();
            for (std::uint32_t j = 0; j < candidates.size(); ++j)
                if (left[j]) stalled.push_back(j);
        }
        rep.decode_s += t.lap();
        rep.sketch_cells = plan.cells();
    }

    // Round "repair": every rank knows which candidates stalled; each sends its values for
    // them in that shared order, and the sum is exact. All ranks agree on whether it runs.
    rep.peel_failures = stalled.size();
    if (!stalled.empty()) {
        std::vector<std::uint32_t> left(stalled.size());
        for (std::size_t r = 0; r < stalled.size(); ++r) left[r] = candidates[stalled[r]];
        const auto mine_left = values_at(nz, left);
        Message msg(left.size());
        for (std::size_t r = 0; r < left.size(); ++r) msg[r] = encode_value(mode, fixed, mine_left[r]);
        rep.encode_s += t.lap();
        round(g, rep, "repair", value_op, msg);
        t.lap();
        for (std::size_t r = 0; r < stalled.size(); ++r) values[stalled[r]] = msg[r];
        rep.repaired = stalled.size();
    }

    std::fill(sum.begin(), sum.end(), 0.0f);
    if (mode == ValueMode::int32) {
        for (std::size_t j = 0; j < candidates.size(); ++j)
            sum[candidates[j]] = fixed->decode(static_cast<std::int32_t>(values[j]));
    } else {
        for (std::size_t j = 0; j < candidates.size(); ++j) sum[candidates[j]] = std::bit_cast<float>(values[j]) + 0.0f;
    }
    rep.decode_s += t.lap();
    return rep;
}

}  // namespace

bool rank_scheme_supported(const std::string& scheme) {
    return scheme == "dense" || scheme == "dense-int" || scheme == "lhc";
}

RankReport rank_aggregate(const compression::SchemeConfig& config, Collective& group, std::span<const float> mine,
                          std::span<float> sum) {
    if (mine.size() != sum.size())
        throw std::invalid_argument("rank_aggregate: gradient and sum differ in length");
    if (mine.size() >= (std::size_t{1} << 32))
        throw std::invalid_argument("rank_aggregate: gradients of 2^32 values or more are not supported");
    if (config.scheme == "dense") return dense(group, mine, sum);
    if (config.scheme == "dense-int") return dense_int(group, mine, sum);
    if (config.scheme == "lhc") return lhc(config, group, mine, sum);
    throw std::invalid_argument("parameter 'scheme': a rank over a network runs dense, dense-int or lhc, got '" +
                                config.scheme + "'");
}

}  // namespace compression_training
