// How a tensor's bytes are cut into one-packet chunks, shared by both switch engines.
#pragma once

#include "netsim/switch_aggregation.hpp"

#include <cstdint>
#include <vector>

namespace netsim::detail {

// GCC's 128-bit integer; __extension__ tells -Wpedantic it is meant.
__extension__ typedef unsigned __int128 Uint128;

struct SwitchChunks {
    std::uint64_t bytes_up = 0;
    std::uint64_t bytes_down = 0;
    std::uint32_t payload = 0;  // full packet payload upstream
    std::uint64_t count = 0;

    SwitchChunks(std::uint64_t up, std::uint64_t down, std::uint32_t payload_bytes)
        : bytes_up(up), bytes_down(down), payload(payload_bytes), count((up + payload_bytes - 1) / payload_bytes) {}

    std::uint64_t up(std::uint64_t c) const {
        std::uint64_t start = c * payload;
        return bytes_up - start < payload ? bytes_up - start : payload;
    }
    // Result bytes of chunk c: the downstream total split in proportion to upstream bytes,
    // with exact integer boundaries so the chunks add up to bytes_down.
    std::uint64_t down(std::uint64_t c) const {
        if (bytes_down == bytes_up) return up(c);
        return cumulative_down(c + 1) - cumulative_down(c);
    }

private:
    std::uint64_t cumulative_down(std::uint64_t chunks) const {
        Uint128 up_so_far = chunks * static_cast<Uint128>(payload);
        if (up_so_far > bytes_up) up_so_far = bytes_up;
        return static_cast<std::uint64_t>(up_so_far * bytes_down / bytes_up);
    }
};

// Worker-side data: pointers to each worker's words (null in timing-only runs).
struct SwitchData {
    const std::vector<std::vector<std::uint32_t>>* words = nullptr;
    std::vector<std::vector<std::uint32_t>>* received = nullptr;
};

class SlotPool;

SwitchAggregationResult run_recurrence(const SwitchAggregationConfig& config, const SwitchChunks& chunks,
                                       AggregationOp op, SwitchData data);
SwitchAggregationResult run_events(const SwitchAggregationConfig& config, const SwitchChunks& chunks, AggregationOp op,
                                   SwitchData data);

// Memory of both pools for the slots actually used: value registers wide enough for the
// larger of a contribution and a result, a worker bitmap and a 32-bit counter per slot.
std::uint64_t switch_memory_bytes(const SwitchAggregationConfig& config, const SwitchChunks& chunks);

}  // namespace netsim::detail
