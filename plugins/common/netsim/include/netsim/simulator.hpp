// The general discrete-event loop: actions scheduled at simulated times (seconds).
// Models with millions of identical events (the switch protocol) use EventQueue
// directly with a compact event struct instead of std::function.
#pragma once

#include "netsim/event_queue.hpp"

#include <cstdint>
#include <functional>
#include <limits>

namespace netsim {

class Simulator {
public:
    using Action = std::function<void()>;

    double now() const { return now_; }

    // Schedules an action at absolute time t; t before now() is a modelling error.
    void at(double t, Action action);
    void after(double delay, Action action) { at(now_ + delay, std::move(action)); }

    // Runs events in time order until none is left or the next is later than `until`.
    // Returns the number of events run by this call.
    std::uint64_t run(double until = std::numeric_limits<double>::infinity());

    std::uint64_t events_run() const { return events_run_; }
    bool idle() const { return queue_.empty(); }

private:
    EventQueue<Action> queue_;
    double now_ = 0.0;
    std::uint64_t events_run_ = 0;
};

}  // namespace netsim
