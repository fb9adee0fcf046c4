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
//
// Timers with a fixed delay are pushed in time order (the clock never goes back), so
// each such delay gets a FIFO, already sorted: the 300 us DCQCN timer and the 1 ms
// retransmission timeout cost O(1) to push and pop. Other timers go to a heap.
#pragma once

#include "event_heap.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <deque>

namespace netsim::packet {

template <class Event>
class EventQueue {
    using Heap = EventHeap<Event>;
    using Key = typename Heap::Key;

public:
    using Entry = typename Heap::Entry;

    bool empty() {
        packets_.settle();
        return packets_.empty() && timer_min_ == Heap::kEnd;
    }
    double next_time() {
        packets_.settle();
        return packets_.top_key() < timer_min_ ? packets_.next_time() : time_of(timer_min_);
    }
    std::size_t peak() const { return peak_; }

    void push_packet(double time, const Event& e) {
        packets_.push(time, next_seq_++, e);
        note_size(1);
    }
    // A timer `delay_s` after `now_s`.
    void push_timer(double now_s, double delay_s, const Event& e) {
        const double time = now_s + delay_s + 0.0;
        const std::uint64_t seq = next_seq_++;
        const Key key = (Key{bits(time)} << 64) | seq;
        note_size(1);
        if (key < timer_min_) timer_min_ = key;
        for (Fifo& f : fifos_) {
            if (f.delay_bits != bits(delay_s) && !f.q.empty()) continue;
            if (!f.q.empty() && !(f.q.back().key < key)) break;  // out of order: the heap takes it
            f.delay_bits = bits(delay_s);
            f.q.push_back(Timed{key, e});
            return;
        }
        timers_.push(time, seq, e);
    }

    // A packet event stays at its heap's top until the next packet push replaces it
    // (EventHeap::take), unless switched off (the benchmark's baseline).
    void replace_top_on_push(bool on) { replace_top_ = on; }
    Entry pop() {
        packets_.settle();
        if (packets_.top_key() < timer_min_) {
            note_size(-1);
            return replace_top_ ? packets_.take() : packets_.pop();
        }
        Entry out;
        if (timers_.top_key() == timer_min_) {
            out = timers_.pop();
        } else {
            for (Fifo& f : fifos_) {
                if (f.q.empty() || f.q.front().key != timer_min_) continue;
                out = Entry{time_of(timer_min_), static_cast<std::uint64_t>(timer_min_), f.q.front().event};
                f.q.pop_front();
                break;
            }
        }
        timer_min_ = timers_.top_key();
        for (const Fifo& f : fifos_)
            if (!f.q.empty() && f.q.front().key < timer_min_) timer_min_ = f.q.front().key;
        note_size(-1);
        return out;
    }

private:
    struct Timed {
        Key key;
        Event event;
    };
    struct Fifo {
        std::uint64_t delay_bits = 0;
        std::deque<Timed> q;
    };
    static std::uint64_t bits(double x) {
        std::uint64_t b;
        std::memcpy(&b, &x, sizeof b);
        return b;
    }
    static double time_of(Key key) {
        auto b = static_cast<std::uint64_t>(key >> 64);
        double t;
        std::memcpy(&t, &b, sizeof t);
        return t;
    }
    void note_size(int d) {
        size_ += d;
        if (size_ > peak_) peak_ = size_;
    }
    Heap packets_, timers_;
    std::array<Fifo, 3> fifos_;
    Key timer_min_ = Heap::kEnd;  // smallest key of the timer heap and FIFOs
    std::uint64_t next_seq_ = 0;
    std::size_t size_ = 0, peak_ = 0;
    bool replace_top_ = true;
};

}  // namespace netsim::packet
