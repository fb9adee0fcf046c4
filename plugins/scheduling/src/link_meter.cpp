#include "scheduling/link_meter.hpp"

#include <algorithm>
#include <limits>

namespace sextant::scheduling {

LinkMeter::LinkMeter(std::vector<double> capacity_gbps, double bin_s, TimelineSink sink)
    : capacity_(std::move(capacity_gbps)),
      carried_(capacity_.size(), 0.0),
      offered_(capacity_.size(), 0.0),
      since_(capacity_.size(), 0.0),
      totals_(capacity_.size()),
      busy_at_(capacity_.size(), -1),
      bin_s_(bin_s),
      sink_(std::move(sink)),
      bin_carried_(capacity_.size(), 0.0),
      bin_excess_(capacity_.size(), 0.0) {}

bool LinkMeter::binned() const { return sink_ && bin_s_ > 0; }

void LinkMeter::integrate(int link, double until) {
    const double dt = until - since_[link];
    if (dt > 0) {
        const double excess = std::max(0.0, offered_[link] - capacity_[link]);
        LinkTotals& t = totals_[link];
        t.carried_gbit += carried_[link] * dt;
        t.excess_gbit += excess * dt;
        if (excess > 1e-9) t.congested_s += dt;
        if (binned()) bin_carried_[link] += carried_[link] * dt, bin_excess_[link] += excess * dt;
    }
    since_[link] = until;
}

void LinkMeter::set(int link, double carried, double offered) {
    if (carried == carried_[link] && offered == offered_[link]) return;  // its running interval goes on
    integrate(link, now_);
    carried_[link] = carried;
    offered_[link] = offered;
    const bool busy = carried > 0 || offered > 0;
    if (busy && busy_at_[link] < 0) {
        busy_at_[link] = static_cast<int>(busy_.size());
        busy_.push_back(link);
    } else if (!busy && busy_at_[link] >= 0) {
        // Idle links leave the list, so bin ends and flush() only touch links with traffic.
        const int at = busy_at_[link];
        busy_[at] = busy_.back();
        busy_at_[busy_[at]] = at;
        busy_.pop_back();
        busy_at_[link] = -1;
    }
}

void LinkMeter::advance(double now_s) {
    if (binned()) {
        while (now_s >= bin_start_ + bin_s_) {
            now_ = bin_start_ + bin_s_;
            for (int l : busy_) integrate(l, now_);
            emit_bin();
        }
    }
    now_ = std::max(now_, now_s);
}

void LinkMeter::emit_bin() {
    const double width = now_ - bin_start_;
    if (width > 0) {
        std::vector<double> util(capacity_.size()), excess(capacity_.size());
        for (size_t l = 0; l < capacity_.size(); ++l) {
            util[l] = bin_carried_[l] / (capacity_[l] * width);
            excess[l] = bin_excess_[l] / width;
        }
        sink_(bin_start_, now_, util, excess);
    }
    std::fill(bin_carried_.begin(), bin_carried_.end(), 0.0);
    std::fill(bin_excess_.begin(), bin_excess_.end(), 0.0);
    bin_start_ = now_;
}

void LinkMeter::add_carried(int link, double gbit) {
    totals_[link].carried_gbit += gbit;
    if (binned()) bin_carried_[link] += gbit;
}

double LinkMeter::bin_end() const { return binned() ? bin_start_ + bin_s_ : std::numeric_limits<double>::infinity(); }

void LinkMeter::flush() {
    for (int l : busy_) integrate(l, now_);
    if (binned() && now_ > bin_start_) emit_bin();
}

}  // namespace sextant::scheduling
