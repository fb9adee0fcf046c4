// The summable value store of LHC: a count sketch with `hashes` cells per position, each
// with a +/-1 sign, partitioned so a position's cells are distinct (one per segment).
// Workers add their values; the sum of sketches is the sketch of the sum. Knowing the
// candidate positions, a decoder peels: a cell holding exactly one remaining candidate
// gives its value, which is then subtracted from its other cells.
#pragma once

#include "compression/scheme.hpp"
#include "compression/simd.hpp"
#include "compression/wire.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace compression {

inline constexpr std::uint64_t kCellLimit = std::uint64_t{1} << 31;  // cell indices fit in 31 bits

struct SketchPlan {
    std::uint32_t segment = 0;  // cells per hash
    int hashes = 3;
    std::uint64_t seed = 0;
    std::uint32_t cells() const { return segment * static_cast<std::uint32_t>(hashes); }
};

// ceil(load_factor * C + 2 sqrt(C)) cells for C candidates (a finite-size margin), split
// evenly over the hashes; none for no candidates.
SketchPlan plan_sketch(std::size_t candidates, double load_factor, int hashes, std::uint64_t seed);

// Cell (bits 0-30) and sign (bit 31: negative) of each position in segment `segment`
// (cell `segment` of a position), by the given path (tests compare them).
void sketch_cells(Isa isa, const SketchPlan& plan, int segment, std::span<const std::uint32_t> positions,
                  std::span<std::uint32_t> tagged);

// Adds values (int32 fixed point or float32 bits, per `mode`) at positions into cells.
void sketch_add(const SketchPlan& plan, ValueMode mode, Message& cells, std::span<const std::uint32_t> positions,
                std::span<const std::uint32_t> values);

// Scratch memory of sketch_peel, kept between calls by a caller that decodes repeatedly
// (a scheme object per tensor), so the buffers are not allocated and faulted in again.
struct PeelWorkspace {
    struct Slot {
        std::uint32_t value;  // the cell's value less the candidates peeled from it
        std::uint32_t count;  // candidates still in the cell
        std::uint32_t ids;    // XOR of their indices: the candidate itself once count == 1
    };
    std::vector<Slot> slots;
    std::vector<std::uint32_t> where;  // each candidate's cells, sign in the top bit
    std::vector<std::uint32_t> ready;  // cells holding one candidate, first in first out
    std::vector<std::uint8_t> done;
};

// Peels the summed cells (consumed) for the candidate positions (ascending). Writes each
// recovered value to values[j] (same encoding as sketch_add) and returns the indices j of
// candidates left unpeeled when peeling stalled (empty on success).
std::vector<std::uint32_t> sketch_peel(const SketchPlan& plan, ValueMode mode, Message& cells,
                                       std::span<const std::uint32_t> candidates, std::span<std::uint32_t> values);
std::vector<std::uint32_t> sketch_peel(const SketchPlan& plan, ValueMode mode, Message& cells,
                                       std::span<const std::uint32_t> candidates, std::span<std::uint32_t> values,
                                       PeelWorkspace& ws);

}  // namespace compression
