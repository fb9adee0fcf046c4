// The fabric's event queue: two EventHeaps merged by key, with one sequence counter so
// the pop order is exactly that of a single (time, sequence) heap.
//
// Why two: congestion-control timers pile up. DCQCN re-arms its 300 us rate-increase
// timer on every rate decrease and leaves the old one to fire as a no-op, so an
// all-to-all keeps tens of thousands of far-future timers pending (26 411 at the
// 32-host all-to-all's peak) against a few hundred packet events (two per link at
// most). In one heap every packet event pays for the timers' depth; apart, the packet
// heap stays as small as the fabric and a timer, which lands behind nearly everything,
// costs one comparison to push.
#pragma once

#include "event_heap.hpp"

#include <cstdint>

namespace netsim::packet {

template <class Event>
class EventQueue {
public:
    using Entry = typename EventHeap<Event>::Entry;

    bool empty() const { return packets_.empty() && timers_.empty(); }
    double next_time() const { return packets_.top_key() < timers_.top_key() ? packets_.next_time() : timers_.next_time(); }
    std::size_t peak() const { return peak_; }

    void push_packet(double time, const Event& e) { packets_.push(time, next_seq_++, e), note_size(); }
    void push_timer(double time, const Event& e) { timers_.push(time, next_seq_++, e), note_size(); }

    Entry pop() { return packets_.top_key() < timers_.top_key() ? packets_.pop() : timers_.pop(); }

private:
    void note_size() {
        const std::size_t n = packets_.size() + timers_.size();
        if (n > peak_) peak_ = n;
    }
    EventHeap<Event> packets_, timers_;
    std::uint64_t next_seq_ = 0;
    std::size_t peak_ = 0;
};

}  // namespace netsim::packet
