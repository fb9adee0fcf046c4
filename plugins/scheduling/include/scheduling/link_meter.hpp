// Per-link accounting over simulated time: carried traffic, and the congestion measure.
//
// Congestion measure (a stand-in for ECN marks): a link is congested while the jobs
// communicating across it together offer more than its capacity, counting each job at its
// full sending rate (NIC or model cap). The excess, integrated over time, is the volume
// that would have queued and been marked: "excess Gbit". Congested seconds count how long
// that lasts. The fluid model has no queues, so this is not a packet count; ratios between
// runs are what it is meant for.
#pragma once

#include <functional>
#include <vector>

namespace sextant::scheduling {

struct LinkTotals {
    double carried_gbit = 0.0;
    double excess_gbit = 0.0;
    double congested_s = 0.0;
};

// One timeline bin: mean utilisation (carried / capacity) and mean excess Gbps per link.
using TimelineSink = std::function<void(double start_s, double end_s, const std::vector<double>& utilisation,
                                        const std::vector<double>& excess_gbps)>;

class LinkMeter {
public:
    LinkMeter(std::vector<double> capacity_gbps, double bin_s, TimelineSink sink);

    // Current rates, held until the next call.
    void set(int link, double carried_gbps, double offered_gbps);
    void clear();
    // Integrates the held rates from the last advance to `now_s`.
    void advance(double now_s);
    void flush();  // emits the partial last bin

    const std::vector<LinkTotals>& totals() const { return totals_; }
    double capacity(int link) const { return capacity_[link]; }

private:
    void integrate(double dt);
    void emit_bin();

    std::vector<double> capacity_;
    std::vector<double> carried_, offered_;
    std::vector<LinkTotals> totals_;
    std::vector<int> busy_;             // links with traffic now (keeps advance cheap)
    std::vector<char> is_busy_;
    double now_ = 0.0;
    double bin_s_;
    double bin_start_ = 0.0;
    TimelineSink sink_;
    std::vector<double> bin_carried_, bin_excess_;
};

}  // namespace sextant::scheduling
