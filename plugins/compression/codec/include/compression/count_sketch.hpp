// The summable value store of LHC: a count sketch with `hashes` cells per position, each
// with a +/-1 sign, partitioned so a position's cells are distinct (one per segment).
// Workers add their values; the sum of sketches is the sketch of the sum. Knowing the
// candidate positions, a decoder peels: a cell holding exactly one remaining candidate
// gives its value, which is then subtracted from its other cells.
#pragma once

#include "compression/scheme.hpp"
#include "compression/wire.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace compression {

struct SketchPlan {
    std::uint32_t segment = 0;  // cells per hash
    int hashes = 3;
    std::uint64_t seed = 0;
    std::uint32_t cells() const { return segment * static_cast<std::uint32_t>(hashes); }
};

// ceil(load_factor * C + 2 sqrt(C)) cells for C candidates (a finite-size margin), split
// evenly over the hashes; none for no candidates.
SketchPlan plan_sketch(std::size_t candidates, double load_factor, int hashes, std::uint64_t seed);

// Adds values (int32 fixed point or float32 bits, per `mode`) at positions into cells.
void sketch_add(const SketchPlan& plan, ValueMode mode, Message& cells,
                std::span<const std::uint32_t> positions, std::span<const std::uint32_t> values);

// Peels the summed cells (consumed) for the candidate positions (ascending). Writes each
// recovered value to values[j] (same encoding as sketch_add) and returns the indices j of
// candidates left unpeeled when peeling stalled (empty on success).
std::vector<std::uint32_t> sketch_peel(const SketchPlan& plan, ValueMode mode, Message& cells,
                                       std::span<const std::uint32_t> candidates,
                                       std::span<std::uint32_t> values);

}  // namespace compression
