// The fabric's event queue: a 4-ary min-heap on (time, sequence). A packet hop costs two
// events, so this is the simulator's hot path; the sequence number keeps equal-time events
// in push order (deterministic runs).
//
// Speed (docs/congestion.md, Speed): the key is one 128-bit integer, the time's IEEE bits
// (monotone for times >= 0) above the sequence number, so a comparison is one
// branch-free subtract-with-borrow; the smallest of four children is picked without
// branches; a pop walks the hole down to a leaf and sifts the last entry up from there
// (Floyd), which costs about half the comparisons; slots past the end hold the largest
// key, so a node with fewer than four children needs no special case. The order is
// exactly that of a plain (time, sequence) heap: only the cost changes.
//
// take() hands out the top but leaves it in place: handling an event usually schedules
// the next one (a packet's serialisation ends, the next starts), and that push then
// replaces the top with one sift-down from the root, which stops early because new
// events are mostly due soon, instead of a pop to a leaf and a push. Keys are unique
// (time, sequence), so the pop order is the same whatever the heap's layout.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace netsim::packet {

template <class Event>
class EventHeap {
public:
    __extension__ typedef unsigned __int128 Key;  // __extension__: -Wpedantic knows it is meant
    struct Entry {
        double time;
        std::uint64_t seq;
        Event event;
    };

    // These four see the heap without a taken top only after settle().
    bool empty() const { return n_ == 0; }
    std::size_t size() const { return n_; }
    double next_time() const { return time_of(slots_[0].key); }
    // The top's key; the largest key when empty (for merging two heaps by key).
    Key top_key() const { return n_ ? slots_[0].key : kEnd; }

    // Removes the top that take() handed out, if the push that would replace it never came.
    void settle() {
        if (taken_) {
            taken_ = false;
            pop();
        }
    }
    // The top, removed by the next push (which takes its place) or settle().
    Entry take() {
        settle();
        taken_ = true;
        const Slot& top = slots_[0];
        return Entry{time_of(top.key), static_cast<std::uint64_t>(top.key), top.event};
    }
    std::size_t peak() const { return peak_; }

    void push(double time, const Event& e) { push(time, next_seq_++, e); }
    // With a sequence number from outside: heaps that share one counter merge exactly.
    void push(double time, std::uint64_t seq, const Event& e) {
        const Slot x{key_of(time + 0.0, seq), e};  // + 0.0: -0 becomes +0
        if (taken_) return replace_top(x);
        std::size_t i = n_++;
        if (slots_.size() < n_ + 3) grow();
        while (i > 0) {
            std::size_t parent = (i - 1) / 4;
            if (slots_[parent].key < x.key) break;
            slots_[i] = slots_[parent];
            i = parent;
        }
        slots_[i] = x;
        if (n_ > peak_) peak_ = n_;
    }

    Entry pop() {
        settle();
        const Slot top = slots_[0];
        const Slot last = slots_[--n_];
        slots_[n_].key = kEnd;
        if (n_ > 0) {
            std::size_t hole = 0;
            for (;;) {  // the hole goes down the smaller child to a leaf
                const std::size_t first = 4 * hole + 1;
                if (first >= n_) break;
                const std::size_t best = smallest_child(first);
                slots_[hole] = slots_[best];
                hole = best;
            }
            while (hole > 0) {  // and the last entry comes up into it
                std::size_t parent = (hole - 1) / 4;
                if (slots_[parent].key < last.key) break;
                slots_[hole] = slots_[parent];
                hole = parent;
            }
            slots_[hole] = last;
        }
        return Entry{time_of(top.key), static_cast<std::uint64_t>(top.key), top.event};
    }

    static constexpr Key kEnd = ~Key{0};

private:
    struct Slot {
        Key key;
        Event event;
    };
    // The smallest of the four children starting at `first` (slots past n_ hold kEnd).
    std::size_t smallest_child(std::size_t first) const {
        const Slot* c = &slots_[first];
        const std::size_t a = first + (c[1].key < c[0].key);
        const std::size_t b = first + 2 + (c[3].key < c[2].key);
        return slots_[b].key < slots_[a].key ? b : a;
    }
    // The taken top's slot gets x, which goes down past smaller children.
    void replace_top(const Slot& x) {
        taken_ = false;
        std::size_t hole = 0;
        for (;;) {
            const std::size_t first = 4 * hole + 1;
            if (first >= n_) break;
            const std::size_t best = smallest_child(first);
            if (x.key < slots_[best].key) break;
            slots_[hole] = slots_[best];
            hole = best;
        }
        slots_[hole] = x;
    }
    [[gnu::noinline]] void grow() { slots_.resize(2 * n_ + 8, Slot{kEnd, Event{}}); }
    static Key key_of(double time, std::uint64_t seq) {
        std::uint64_t bits;
        std::memcpy(&bits, &time, sizeof bits);
        return (Key{bits} << 64) | seq;
    }
    static double time_of(Key key) {
        auto bits = static_cast<std::uint64_t>(key >> 64);
        double t;
        std::memcpy(&t, &bits, sizeof t);
        return t;
    }
    std::vector<Slot> slots_;  // [0, n_) the heap, [n_, size) kEnd
    std::size_t n_ = 0;
    std::uint64_t next_seq_ = 0;
    std::size_t peak_ = 0;
    bool taken_ = false;
};

}  // namespace netsim::packet
