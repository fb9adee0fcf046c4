// A time-ordered queue of events: the heart of the discrete-event core.
// Events at equal times leave in the order they were pushed, so a simulation is
// deterministic whatever the heap does internally.
#pragma once

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace netsim {

template <class Event>
class EventQueue {
public:
    struct Entry {
        double time;
        std::uint64_t seq;
        Event event;
    };

    void push(double time, Event event) {
        heap_.push_back(Entry{time, next_seq_++, std::move(event)});
        std::push_heap(heap_.begin(), heap_.end(), later);
    }

    bool empty() const { return heap_.empty(); }
    std::size_t size() const { return heap_.size(); }

    double next_time() const {
        if (heap_.empty()) throw std::logic_error("EventQueue::next_time on an empty queue");
        return heap_.front().time;
    }

    Entry pop() {
        if (heap_.empty()) throw std::logic_error("EventQueue::pop on an empty queue");
        std::pop_heap(heap_.begin(), heap_.end(), later);
        Entry e = std::move(heap_.back());
        heap_.pop_back();
        return e;
    }

    void reserve(std::size_t n) { heap_.reserve(n); }

private:
    // std heap algorithms build a max-heap; "later" as less-than puts the earliest on top.
    static bool later(const Entry& a, const Entry& b) { return a.time > b.time || (a.time == b.time && a.seq > b.seq); }

    std::vector<Entry> heap_;
    std::uint64_t next_seq_ = 0;
};

}  // namespace netsim
