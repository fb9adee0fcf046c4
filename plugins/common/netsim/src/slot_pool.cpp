#include "slot_pool.hpp"

#include <algorithm>
#include <cstring>
#include <span>

namespace netsim::detail {

SlotPool::SlotPool(std::uint32_t slots, std::uint32_t workers, std::uint32_t words_per_slot, AggregationOp op,
                   bool record_trace)
    : slots_(slots),
      workers_(workers),
      words_per_slot_(words_per_slot),
      bitmap_words_((workers + 63) / 64),
      reduce_(reduce_of(op)),
      record_trace_(record_trace),
      state_(2 * static_cast<std::size_t>(slots)),
      seen_(2 * static_cast<std::size_t>(slots) * bitmap_words_, 0),
      registers_(2 * static_cast<std::size_t>(slots) * words_per_slot, 0) {}

void SlotPool::set_seen(std::size_t i, std::uint32_t w, bool on) {
    std::uint64_t bit = std::uint64_t{1} << (w % 64);
    std::uint64_t& word = seen_[i * bitmap_words_ + w / 64];
    word = on ? (word | bit) : (word & ~bit);
}

void SlotPool::combine(std::uint32_t* into, const std::uint32_t* words, std::uint32_t count) const {
    // The switch ALUs' operators are the shared element-wise reduce (plugins/common/collective).
    collective::reduce_words(reduce_, std::span(into, count), std::span(words, count));
}

SlotPool::Outcome SlotPool::contribute(std::uint32_t worker, std::uint64_t chunk, const std::uint32_t* words,
                                       std::uint32_t count, double now) {
    const std::uint32_t slot = slot_of(chunk, slots_);
    const std::uint32_t pool = pool_of(chunk, slots_);
    const std::size_t i = index(pool, slot);
    Slot& st = state_[i];

    // The switch knows contributions only by (slot, pool, worker): the bitmap decides.
    if (seen(i, worker)) {
        return st.count == workers_ ? Outcome::DuplicateDone : Outcome::DuplicateWaiting;
    }
    set_seen(i, worker, true);
    set_seen(index(pool ^ 1U, slot), worker, false);

    const bool starts_new_use = st.chunk == kEmpty || st.count == workers_;
    if (starts_new_use) {
        st.chunk = chunk;
        st.count = 0;
        if (words_per_slot_ > 0) {
            std::uint32_t* reg = &registers_[i * words_per_slot_];
            std::memcpy(reg, words, count * sizeof(std::uint32_t));
        }
        if (record_trace_) {
            st.trace_index = trace_.size();
            trace_.push_back(SlotUse{slot, pool, chunk, now, now, -1.0, 0});
        }
    } else {
        if (st.chunk != chunk) ++violations_;  // restarted before all K contributions arrived
        if (words_per_slot_ > 0) combine(&registers_[i * words_per_slot_], words, count);
    }
    ++st.count;
    if (record_trace_) {
        SlotUse& use = trace_[st.trace_index];
        use.first_contribution_s = std::min(use.first_contribution_s, now);
        use.last_contribution_s = std::max(use.last_contribution_s, now);
        ++use.contributions;
    }
    if (st.count == workers_) {
        // Engines may report contributions out of time order; the last arrival completes.
        if (record_trace_) trace_[st.trace_index].completed_s = trace_[st.trace_index].last_contribution_s;
        return Outcome::Completed;
    }
    return Outcome::Counted;
}

bool SlotPool::holds_result(std::uint64_t chunk) const {
    const Slot& st = state_[index(pool_of(chunk, slots_), slot_of(chunk, slots_))];
    return st.chunk == chunk && st.count == workers_;
}

const std::uint32_t* SlotPool::result(std::uint64_t chunk) const {
    return &registers_[index(pool_of(chunk, slots_), slot_of(chunk, slots_)) * words_per_slot_];
}

}  // namespace netsim::detail
