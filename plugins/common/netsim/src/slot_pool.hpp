// The switch's aggregation memory: `slots` slots in two pools (the shadow copy), each with
// value registers, a bitmap of workers that contributed, and a contribution count.
// Internal to netsim; both switch engines drive it the same way.
#pragma once

#include "netsim/switch_aggregation.hpp"

#include <cstdint>
#include <limits>
#include <vector>

namespace netsim::detail {

class SlotPool {
public:
    enum class Outcome : std::uint8_t {
        Counted,           // added, slot still waits for others
        Completed,         // added, and this was the K-th contribution: multicast now
        DuplicateWaiting,  // this worker was already counted and the slot still waits: drop
        DuplicateDone,     // already counted and the slot is complete: answer with the result
    };

    // words_per_slot == 0: timing only, no value registers are kept.
    SlotPool(std::uint32_t slots, std::uint32_t workers, std::uint32_t words_per_slot, AggregationOp op,
             bool record_trace);

    static std::uint32_t slot_of(std::uint64_t chunk, std::uint32_t slots) {
        return static_cast<std::uint32_t>(chunk % slots);
    }
    static std::uint32_t pool_of(std::uint64_t chunk, std::uint32_t slots) {
        return static_cast<std::uint32_t>((chunk / slots) & 1U);
    }

    Outcome contribute(std::uint32_t worker, std::uint64_t chunk, const std::uint32_t* words, std::uint32_t count,
                       double now);

    // The slot that aggregates `chunk` still holds that chunk, complete.
    bool holds_result(std::uint64_t chunk) const;
    const std::uint32_t* result(std::uint64_t chunk) const;

    std::uint64_t violations() const { return violations_; }
    std::vector<SlotUse> take_trace() { return std::move(trace_); }

private:
    static constexpr std::uint64_t kEmpty = std::numeric_limits<std::uint64_t>::max();

    struct Slot {
        std::uint64_t chunk = kEmpty;
        std::uint32_t count = 0;
        std::size_t trace_index = 0;
    };

    std::size_t index(std::uint32_t pool, std::uint32_t slot) const {
        return static_cast<std::size_t>(pool) * slots_ + slot;
    }
    bool seen(std::size_t i, std::uint32_t w) const { return (seen_[i * bitmap_words_ + w / 64] >> (w % 64)) & 1U; }
    void set_seen(std::size_t i, std::uint32_t w, bool on);
    void combine(std::uint32_t* into, const std::uint32_t* words, std::uint32_t count) const;

    std::uint32_t slots_;
    std::uint32_t workers_;
    std::uint32_t words_per_slot_;
    std::uint32_t bitmap_words_;
    collective::Reduce reduce_;
    bool record_trace_;
    std::vector<Slot> state_;
    std::vector<std::uint64_t> seen_;
    std::vector<std::uint32_t> registers_;
    std::vector<SlotUse> trace_;
    std::uint64_t violations_ = 0;
};

}  // namespace netsim::detail
