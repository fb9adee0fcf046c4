// The fabric's first event queue, kept as the speed benchmark's baseline
// (FabricConfig::reference_event_queue): a 4-ary min-heap on (time, sequence) with a
// branching two-field comparison. It pops in exactly the order of EventHeap.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace netsim::packet {

template <class Event>
class ReferenceEventHeap {
public:
    struct Entry {
        double time;
        std::uint64_t seq;
        Event event;
    };

    bool empty() const { return heap_.empty(); }
    double next_time() const { return heap_.front().time; }

    void push(double time, const Event& e) {
        Entry x{time, next_seq_++, e};
        std::size_t i = heap_.size();
        heap_.push_back(x);
        while (i > 0) {
            std::size_t parent = (i - 1) / 4;
            if (!earlier(x, heap_[parent])) break;
            heap_[i] = heap_[parent];
            i = parent;
        }
        heap_[i] = x;
        if (heap_.size() > peak_) peak_ = heap_.size();
    }
    std::size_t peak() const { return peak_; }

    Entry pop() {
        Entry top = heap_.front();
        Entry last = heap_.back();
        heap_.pop_back();
        const std::size_t n = heap_.size();
        if (n == 0) return top;
        std::size_t i = 0;
        for (;;) {
            std::size_t first = 4 * i + 1;
            if (first >= n) break;
            std::size_t best = first;
            std::size_t end = first + 4 < n ? first + 4 : n;
            for (std::size_t c = first + 1; c < end; ++c)
                if (earlier(heap_[c], heap_[best])) best = c;
            if (!earlier(heap_[best], last)) break;
            heap_[i] = heap_[best];
            i = best;
        }
        heap_[i] = last;
        return top;
    }

private:
    static bool earlier(const Entry& a, const Entry& b) {
        return a.time < b.time || (a.time == b.time && a.seq < b.seq);
    }
    std::vector<Entry> heap_;
    std::uint64_t next_seq_ = 0;
    std::size_t peak_ = 0;
};

}  // namespace netsim::packet
