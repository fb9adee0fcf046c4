#include "compression/count_sketch.hpp"

#include "compression/hashing.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>

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

struct Cells {
    std::uint32_t cell[kMaxHashes];
    bool negative[kMaxHashes];
};

class Hasher {
public:
    explicit Hasher(const SketchPlan& plan) : plan_(plan) {
        if (plan.hashes < 1 || plan.hashes > kMaxHashes)
            throw std::invalid_argument("sketch hashes must be in [1, 8], got " + std::to_string(plan.hashes));
        for (int i = 0; i < plan.hashes; ++i) seeds_[i] = derive_seed(plan.seed, static_cast<std::uint64_t>(i));
    }
    // Cell i lies in segment i, so a position's cells are always distinct.
    void operator()(std::uint32_t p, Cells& c) const {
        for (int i = 0; i < plan_.hashes; ++i) {
            const std::uint64_t h = hash_position(p, seeds_[i]);
            c.cell[i] = static_cast<std::uint32_t>(i) * plan_.segment +
                        fast_range(static_cast<std::uint32_t>(h), plan_.segment);
            c.negative[i] = (h >> 63) != 0;
        }
    }

private:
    const SketchPlan& plan_;
    std::uint64_t seeds_[kMaxHashes];
};

template <class Ops>
void add_all(const SketchPlan& plan, Message& cells, std::span<const std::uint32_t> positions,
             std::span<const std::uint32_t> values) {
    const Hasher hash(plan);
    // Hash a batch and prefetch its cells first, so the cache misses overlap.
    constexpr std::size_t kBatch = 16;
    Cells batch[kBatch];
    for (std::size_t at = 0; at < positions.size(); at += kBatch) {
        const std::size_t count = std::min(kBatch, positions.size() - at);
        for (std::size_t b = 0; b < count; ++b) {
            hash(positions[at + b], batch[b]);
            for (int i = 0; i < plan.hashes; ++i) __builtin_prefetch(cells.data() + batch[b].cell[i], 1);
        }
        for (std::size_t b = 0; b < count; ++b) {
            const Cells& c = batch[b];
            const std::uint32_t v = values[at + b];
            for (int i = 0; i < plan.hashes; ++i)
                cells[c.cell[i]] = Ops::add(cells[c.cell[i]], c.negative[i] ? Ops::negate(v) : v);
        }
    }
}

// A cell's value with what the decoder knows about it, side by side so that touching a
// cell costs one cache miss, not three.
struct Slot {
    std::uint32_t value;
    std::uint32_t count;  // candidates still in the cell
    std::uint32_t ids;    // XOR of their indices: the candidate itself once count == 1
};

template <class Ops>
std::vector<std::uint32_t> peel(const SketchPlan& plan, Message& cells, std::span<const std::uint32_t> candidates,
                                std::span<std::uint32_t> values) {
    const Hasher hash(plan);
    const std::size_t m = plan.cells();
    // Every worker knows the candidates, so it knows how many fall in each cell and, via
    // the XOR of their indices, which one a single-candidate cell holds.
    std::vector<Slot> slots(m);
    for (std::size_t c = 0; c < m; ++c) slots[c] = {cells[c], 0, 0};
    constexpr std::uint32_t kBatch = 16;
    Cells batch[kBatch];
    const auto C = static_cast<std::uint32_t>(candidates.size());
    for (std::uint32_t at = 0; at < C; at += kBatch) {
        const std::uint32_t count = std::min(kBatch, C - at);
        for (std::uint32_t b = 0; b < count; ++b) {
            hash(candidates[at + b], batch[b]);
            for (int i = 0; i < plan.hashes; ++i) __builtin_prefetch(slots.data() + batch[b].cell[i], 1);
        }
        for (std::uint32_t b = 0; b < count; ++b)
            for (int i = 0; i < plan.hashes; ++i) {
                Slot& s = slots[batch[b].cell[i]];
                ++s.count;
                s.ids ^= at + b;
            }
    }
    Cells c;
    std::vector<std::uint32_t> ready;
    for (std::uint32_t cell = 0; cell < m; ++cell)
        if (slots[cell].count == 1) ready.push_back(cell);
    std::vector<std::uint8_t> done(candidates.size(), 0);
    // First in, first out: values are peeled in rounds (breadth first), so the chain of
    // subtractions behind any value is as short as the sketch allows. Integers do not
    // care; float cells accumulate rounding along those chains, and a depth-first order
    // made errors explode (relative errors of 1e16 at 2^21 values).
    for (std::size_t head = 0; head < ready.size(); ++head) {
        const std::uint32_t cell = ready[head];
        if (slots[cell].count != 1) continue;  // emptied meanwhile by its candidate's other cell
        const std::uint32_t j = slots[cell].ids;
        hash(candidates[j], c);
        const int seg = static_cast<int>(cell / plan.segment);
        const std::uint32_t v = c.negative[seg] ? Ops::negate(slots[cell].value) : slots[cell].value;
        values[j] = v;
        done[j] = 1;
        for (int i = 0; i < plan.hashes; ++i) {
            Slot& s = slots[c.cell[i]];
            s.value = Ops::sub(s.value, c.negative[i] ? Ops::negate(v) : v);
            s.ids ^= j;
            if (--s.count == 1) ready.push_back(c.cell[i]);
        }
    }
    std::vector<std::uint32_t> stalled;
    for (std::uint32_t j = 0; j < candidates.size(); ++j)
        if (!done[j]) stalled.push_back(j);
    return stalled;
}

}  // namespace

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
    if (mode == ValueMode::int32) add_all<IntCells>(plan, cells, positions, values);
    else add_all<FloatCells>(plan, cells, positions, values);
}

std::vector<std::uint32_t> sketch_peel(const SketchPlan& plan, ValueMode mode, Message& cells,
                                       std::span<const std::uint32_t> candidates, std::span<std::uint32_t> values) {
    if (cells.size() != plan.cells()) throw std::invalid_argument("sketch_peel: cells do not match the plan");
    if (candidates.empty()) return {};
    return mode == ValueMode::int32 ? peel<IntCells>(plan, cells, candidates, values)
                                    : peel<FloatCells>(plan, cells, candidates, values);
}

}  // namespace compression
