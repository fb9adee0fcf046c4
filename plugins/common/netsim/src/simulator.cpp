#include "netsim/simulator.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace netsim {

void Simulator::at(double t, Action action) {
    if (!std::isfinite(t) || t < now_) {
        throw std::invalid_argument("Simulator::at: event time " + std::to_string(t) +
                                    " s is before the current time " + std::to_string(now_) + " s or not finite");
    }
    queue_.push(t, std::move(action));
}

std::uint64_t Simulator::run(double until) {
    std::uint64_t ran = 0;
    while (!queue_.empty() && queue_.next_time() <= until) {
        auto entry = queue_.pop();
        now_ = entry.time;
        entry.event();
        ++ran;
    }
    events_run_ += ran;
    return ran;
}

}  // namespace netsim
