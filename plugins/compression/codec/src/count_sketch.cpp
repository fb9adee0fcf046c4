#include "compression/count_sketch.hpp"

#include "compression/hashing.hpp"
#include "compression/simd.hpp"
#include "hash_avx2.hpp"
#include "huge_pages.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <string>

namespace compression {

namespace {

// Cell arithmetic on 32-bit words. Integer cells wrap modulo 2^32 like a switch's adders:
// intermediate cells may overflow, but every recovered value is a true sum that fits in
// int32, and modular addition/subtraction recovers it exactly.
struct IntCells {
    static std::uint32_t add(std::uint32_t a, std::uint32_t b) { return a + b; }
    static std::uint32_t sub(std::uint32_t a, std::uint32_t b) { return a - b; }
    static std::uint32_t negate(std::uint32_t a) { return 0u - a; }
};
struct FloatCells {
    static std::uint32_t add(std::uint32_t a, std::uint32_t b) {
        return std::bit_cast<std::uint32_t>(std::bit_cast<float>(a) + std::bit_cast<float>(b));
    }
    static std::uint32_t sub(std::uint32_t a, std::uint32_t b) {
        return std::bit_cast<std::uint32_t>(std::bit_cast<float>(a) - std::bit_cast<float>(b));
    }
    static std::uint32_t negate(std::uint32_t a) { return a ^ 0x80000000u; }
};

constexpr int kMaxHashes = 8;
constexpr double kFiniteSizeMargin = 2.0;

void check_hashes(const SketchPlan& plan) {
    if (plan.hashes < 1 || plan.hashes > kMaxHashes)
        throw std::invalid_argument("sketch hashes must be in [1, 8], got " + std::to_string(plan.hashes));
    if (static_cast<std::uint64_t>(plan.segment) * static_cast<std::uint64_t>(plan.hashes) > kCellLimit)
        throw std::invalid_argument("sketch too large: more than 2^31 cells");
}

// One segment's cell of position p (cell i of a position always lies in segment i) and
// its sign in the top bit: cells < 2^31, which plan_sketch guarantees. The hash is
// murmur3's 32-bit finaliser of p under the segment's seed (8 positions per AVX2 step):
// the cell from its high bits (Lemire's reduction), the sign from its lowest bit.
class SegmentHash {
public:
    SegmentHash(const SketchPlan& plan, int i)
        : seed_(static_cast<std::uint32_t>(derive_seed(plan.seed, static_cast<std::uint64_t>(i)))),
          segment_(plan.segment),
          base_(static_cast<std::uint32_t>(i) * plan.segment) {}
    std::uint32_t operator()(std::uint32_t p) const {
        const std::uint32_t h = fmix32(p ^ seed_);
        return (base_ + fast_range(h, segment_)) | (h << 31);
    }
    // The tagged cells of keys[0..count).
    void batch(Isa isa, const std::uint32_t* keys, std::size_t count, std::uint32_t* out) const {
        std::size_t k = 0;
#if defined(__x86_64__)
        if (isa == Isa::avx2 && isa_supported(Isa::avx2)) k = batch_avx2(keys, count, out);
#endif
        (void)isa;
        for (; k < count; ++k) out[k] = (*this)(keys[k]);
    }

private:
#if defined(__x86_64__)
    __attribute__((target("avx2"))) std::size_t batch_avx2(const std::uint32_t* keys, std::size_t count,
                                                           std::uint32_t* out) const {
        const __m256i seed = _mm256_set1_epi32(static_cast<int>(seed_));
        const __m256i segment = _mm256_set1_epi32(static_cast<int>(segment_));
        const __m256i base = _mm256_set1_epi32(static_cast<int>(base_));
        std::size_t k = 0;
        for (; k + 8 <= count; k += 8) {
            const __m256i p = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(keys + k));
            const __m256i h = fmix32_avx2(_mm256_xor_si256(p, seed));
            const __m256i cell = _mm256_add_epi32(base, fast_range_avx2(h, segment));
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + k), _mm256_or_si256(cell, _mm256_slli_epi32(h, 31)));
        }
        return k;
    }
#endif
    std::uint32_t seed_;
    std::uint32_t segment_, base_;
};
constexpr std::uint32_t kCellMask = 0x7fffffffu;
inline bool negative(std::uint32_t tagged) { return (tagged >> 31) != 0; }

// Visits keys[0..count) in order with their tagged cells. Cells are hashed a chunk at a
// time (SIMD), one chunk ahead, and each key's cell is prefetched kLead keys before its
// visit, so the cache misses of kLead keys overlap.
template <class Prefetch, class Visit>
inline void pipelined(const SegmentHash& hash, std::size_t count, const std::uint32_t* keys, const Prefetch& prefetch,
                      const Visit& visit) {
    constexpr std::size_t kChunk = 512, kLead = 32;
    std::uint32_t ring[2 * kChunk];
    const Isa isa = best_isa();
    hash.batch(isa, keys, std::min(kChunk, count), ring);
    for (std::size_t k = 0; k < std::min(kLead, count); ++k) prefetch(ring[k]);
    for (std::size_t c0 = 0, c = 0; c0 < count; c0 += kChunk, ++c) {
        const std::uint32_t* cur = ring + (c & 1) * kChunk;
        std::uint32_t* next = ring + ((c + 1) & 1) * kChunk;
        if (c0 + kChunk < count) hash.batch(isa, keys + c0 + kChunk, std::min(kChunk, count - c0 - kChunk), next);
        const std::size_t len = std::min(kChunk, count - c0);
        for (std::size_t k = 0; k < len; ++k) {
            const std::size_t ahead = k + kLead;
            if (c0 + ahead < count) prefetch(ahead < kChunk ? cur[ahead] : next[ahead - kChunk]);
            visit(c0 + k, cur[k]);
        }
    }
}

template <class Ops>
void add_all(const SketchPlan& plan, Message& cells, std::span<const std::uint32_t> positions,
             std::span<const std::uint32_t> values) {
    // One segment at a time: its cells are a third of the sketch (for 3 hashes), so the
    // random updates stay in a smaller part of the cache. Each cell still receives its
    // positions' values in ascending position order, so float cells round as before.
    std::uint32_t* base = cells.data();
    for (int i = 0; i < plan.hashes; ++i) {
        pipelined(
            SegmentHash(plan, i), positions.size(), positions.data(),
            [base](std::uint32_t t) { __builtin_prefetch(base + (t & kCellMask), 1); },
            [base, values](std::size_t k, std::uint32_t t) {
                const std::uint32_t v = values[k];
                std::uint32_t& cell = base[t & kCellMask];
                cell = Ops::add(cell, negative(t) ? Ops::negate(v) : v);
            });
    }
}

template <class Ops>
std::vector<std::uint32_t> peel(const SketchPlan& plan, Message& cells, std::span<const std::uint32_t> candidates,
                                std::span<std::uint32_t> values, PeelWorkspace& ws) {
    const std::size_t m = plan.cells();
    const auto C = static_cast<std::uint32_t>(candidates.size());
    const auto H = static_cast<std::uint32_t>(plan.hashes);
    // Every worker knows the candidates, so it knows how many fall in each cell and, via
    // the XOR of their indices, which one a single-candidate cell holds. Each candidate's
    // cells (with their signs) are kept, so peeling does not hash again.
    auto& slots = ws.slots;
    auto& where = ws.where;
    reserve_huge(slots, m);
    reserve_huge(where, static_cast<std::size_t>(C) * H);
    slots.resize(m);
    where.resize(static_cast<std::size_t>(C) * H);
    for (std::size_t c = 0; c < m; ++c) slots[c] = {cells[c], 0, 0};
    PeelWorkspace::Slot* sp = slots.data();
    std::uint32_t* wp = where.data();
    for (std::uint32_t i = 0; i < H; ++i) {  // a segment at a time, as in add_all
        pipelined(
            SegmentHash(plan, static_cast<int>(i)), C, candidates.data(),
            [sp](std::uint32_t t) { __builtin_prefetch(sp + (t & kCellMask), 1); },
            [sp, wp, H, i](std::size_t j, std::uint32_t t) {
                wp[j * H + i] = t;
                PeelWorkspace::Slot& s = sp[t & kCellMask];
                ++s.count;
                s.ids ^= static_cast<std::uint32_t>(j);
            });
    }
    auto& ready = ws.ready;
    ready.clear();
    for (std::uint32_t cell = 0; cell < m; ++cell)
        if (slots[cell].count == 1) ready.push_back(cell);
    auto& done = ws.done;
    reserve_huge(done, C);
    done.assign(C, 0);
    // First in, first out: values are peeled in rounds (breadth first), so the chain of
    // subtractions behind any value is as short as the sketch allows. Integers do not
    // care; float cells accumulate rounding along those chains, and a depth-first order
    // made errors explode (relative errors of 1e16 at 2^21 values).
    //
    // The queue is known ahead, so the cache misses of later steps are started early, in
    // three stages: a cell's slot, then (its candidate now known) that candidate's cells,
    // then their slots. A stale guess (the cell changed meanwhile) only wastes a prefetch.
    constexpr std::size_t kAhead1 = 24, kAhead2 = 16, kAhead3 = 8;
    const PeelWorkspace::Slot* sl = slots.data();
    for (std::size_t head = 0; head < ready.size(); ++head) {
        const std::size_t size = ready.size();
        if (head + kAhead1 < size) __builtin_prefetch(sl + ready[head + kAhead1]);
        if (head + kAhead2 < size) {
            const std::uint32_t j = sl[ready[head + kAhead2]].ids;
            if (j < C) __builtin_prefetch(where.data() + static_cast<std::size_t>(j) * H);
        }
        if (head + kAhead3 < size) {
            const std::uint32_t j = sl[ready[head + kAhead3]].ids;
            if (j < C)
                for (std::uint32_t i = 0; i < H; ++i)
                    __builtin_prefetch(sl + (where[static_cast<std::size_t>(j) * H + i] & kCellMask), 1);
        }
        const std::uint32_t cell = ready[head];
        if (slots[cell].count != 1) continue;  // emptied meanwhile by its candidate's other cell
        const std::uint32_t j = slots[cell].ids;
        const std::uint32_t* wj = where.data() + static_cast<std::size_t>(j) * H;
        const std::uint32_t seg = cell / plan.segment;
        const std::uint32_t v = negative(wj[seg]) ? Ops::negate(slots[cell].value) : slots[cell].value;
        values[j] = v;
        done[j] = 1;
        for (std::uint32_t i = 0; i < H; ++i) {
            PeelWorkspace::Slot& s = slots[wj[i] & kCellMask];
            s.value = Ops::sub(s.value, negative(wj[i]) ? Ops::negate(v) : v);
            s.ids ^= j;
            if (--s.count == 1) ready.push_back(wj[i] & kCellMask);
        }
    }
    std::vector<std::uint32_t> stalled;
    for (std::uint32_t j = 0; j < C; ++j)
        if (!done[j]) stalled.push_back(j);
    return stalled;
}

}  // namespace

void sketch_cells(Isa isa, const SketchPlan& plan, int segment, std::span<const std::uint32_t> positions,
                  std::span<std::uint32_t> tagged) {
    check_hashes(plan);
    if (segment < 0 || segment >= plan.hashes) throw std::invalid_argument("sketch_cells: no such segment");
    if (tagged.size() < positions.size()) throw std::invalid_argument("sketch_cells: output too short");
    SegmentHash(plan, segment).batch(isa, positions.data(), positions.size(), tagged.data());
}

SketchPlan plan_sketch(std::size_t candidates, double load_factor, int hashes, std::uint64_t seed) {
    SketchPlan plan;
    plan.hashes = hashes;
    plan.seed = seed;
    if (candidates == 0) return plan;
    // The peeling threshold (0.818 candidates per cell for 3 hashes) is sharp only for
    // large sketches: its window narrows as 1/sqrt(C). A margin of 2 sqrt(C) cells keeps
    // stalls rare at every size (measured in docs/compression-codec.md) and costs <2%
    // beyond 10^4 candidates.
    const double c = static_cast<double>(candidates);
    const double cells = std::ceil(load_factor * c + kFiniteSizeMargin * std::sqrt(c));
    plan.segment = static_cast<std::uint32_t>(std::max(1.0, std::ceil(cells / hashes)));
    return plan;
}

void sketch_add(const SketchPlan& plan, ValueMode mode, Message& cells, std::span<const std::uint32_t> positions,
                std::span<const std::uint32_t> values) {
    if (cells.size() != plan.cells()) throw std::invalid_argument("sketch_add: cells do not match the plan");
    if (positions.empty()) return;
    check_hashes(plan);
    if (mode == ValueMode::int32) add_all<IntCells>(plan, cells, positions, values);
    else add_all<FloatCells>(plan, cells, positions, values);
}

std::vector<std::uint32_t> sketch_peel(const SketchPlan& plan, ValueMode mode, Message& cells,
                                       std::span<const std::uint32_t> candidates, std::span<std::uint32_t> values) {
    if (cells.size() != plan.cells()) throw std::invalid_argument("sketch_peel: cells do not match the plan");
    PeelWorkspace ws;
    return sketch_peel(plan, mode, cells, candidates, values, ws);
}

std::vector<std::uint32_t> sketch_peel(const SketchPlan& plan, ValueMode mode, Message& cells,
                                       std::span<const std::uint32_t> candidates, std::span<std::uint32_t> values,
                                       PeelWorkspace& ws) {
    if (cells.size() != plan.cells()) throw std::invalid_argument("sketch_peel: cells do not match the plan");
    if (candidates.empty()) return {};
    check_hashes(plan);
    return mode == ValueMode::int32 ? peel<IntCells>(plan, cells, candidates, values, ws)
                                    : peel<FloatCells>(plan, cells, candidates, values, ws);
}

}  // namespace compression
