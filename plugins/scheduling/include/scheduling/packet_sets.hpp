// Packet fidelity for the cluster simulation, by caching (docs/scheduling.md, "Packet
// fidelity in cluster mode"). Running hours of a 24-server cluster packet by packet is too
// slow, but jobs iterate periodically and the same jobs keep sharing the same link for
// minutes to hours. So each distinct set of jobs sharing a constrained link - their
// iteration shapes, their phases (iteration-start offsets) and the link's capacity - is
// simulated once on netsim's RoCE fabric (DCQCN, PFC) on a small dumbbell whose bottleneck
// is that link, and what comes out is kept: each job's communication slowdown, and its ECN
// marks and PFC paused time per iteration. The cluster simulation stretches each job's
// communication steps by that slowdown and counts the marks per iteration it runs.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace netsim::packet {
struct FabricConfig;
}

namespace sextant::scheduling {

struct PacketFidelityConfig {
    std::string cc = "dcqcn";                         // netsim's congestion control (HPCC ns-3 code parameters)
    double mltcp_slope = 1.0, mltcp_intercept = 0.5;  // cc=mltcp: netsim::packet::MltcpParams
    bool pfc = true;
    double buffer_mb = 16;  // switch buffer (the snapshot's, ../shared/research/scheduling.md: 16 MB)
    // Compute times, bytes and phase offsets x scale in the packet runs: the same geometry,
    // 1/scale times cheaper. Packet timescales (RTT, ECN thresholds, DCQCN timers) do not
    // scale: a stated distortion, as in the snapshot. Marks and paused time are divided
    // by scale (assumed proportional to the bytes).
    double scale = 0.05;
    int horizon_periods = 8;  // each set runs this many periods of its longest job
    int phase_bins = 16;      // phase offsets are rounded to period / phase_bins
    bool cache = true;        // false: every look-up simulates again (same results, slower)
    void validate() const;    // throws naming the field
};

// One job in a set sharing a link, as the cluster simulation has it.
struct SetMember {
    double compute_s = 0;  // per iteration, the time no transfer runs (exposed_compute_seconds)
    double gbit = 0;       // per ring hop per iteration, all communication steps together
    int hops = 1;          // its ring hops across the shared link in each direction
    double peak_gbps = 0;  // its communication rate with the network to itself
    double offset_s = 0;   // its iteration starts, relative to the set's (any) time origin
    double period_s() const { return compute_s + gbit / peak_gbps; }
};

struct SharedSet {
    double capacity_gbps = 0;  // the shared link (and its twin in the other direction)
    double nic_gbps = 0;       // every host link
    std::vector<SetMember> members;
};

struct MemberOutcome {
    double comm_stretch = 1;                // mean communication time / its ideal (gbit / peak)
    double ecn_marks_per_iteration = 0;     // packets marked on its flows, at full scale
    double pfc_paused_s_per_iteration = 0;  // the set's paused time, shared by payload bytes
    double link_excess_gbps = 0;            // fluid sets only: the link's mean excess (flow_sets.hpp)
};

// The direct packet-level simulation of a set, members in the given order, offsets as given.
// The packet fabric these settings describe (PFC, shared buffer, congestion control), validated;
// the cached sets and the whole-trace replay both run on it.
netsim::packet::FabricConfig packet_fabric_config(const PacketFidelityConfig& config);

std::vector<MemberOutcome> simulate_shared_set(const SharedSet& set, const PacketFidelityConfig& config);

// Runs one set, its members in the given order: at packet level (simulate_shared_set) or
// at flow level (simulate_shared_set_fluid, flow_sets.hpp).
using SetSimulator = std::function<std::vector<MemberOutcome>(const SharedSet&)>;

// Sets rounded (phases to period / phase_bins) and put in a canonical order, so the same
// jobs in the same relative phases are one entry whatever order or time origin they come in.
class SharedSetCache {
public:
    SharedSetCache(SetSimulator simulate, int phase_bins, bool cache);
    // Outcomes in the order of set.members. The simulated set is the rounded, canonical one
    // whether the cache is on or off, so switching it off changes only the cost.
    std::vector<MemberOutcome> lookup(const SharedSet& set);
    long long lookups() const { return lookups_; }
    long long simulated() const { return simulated_; }  // set runs (cache misses)
    long long hits() const { return lookups_ - simulated_; }
    double simulation_cpu_s() const { return cpu_s_; }  // spent in set runs

private:
    SetSimulator simulate_;
    int phase_bins_;
    bool cache_;
    std::map<std::string, std::vector<MemberOutcome>> outcomes_;  // by canonical key, canonical order
    // A member's shape in the key (its compute, volume, hops and peak as text), by those
    // numbers: the same jobs come back in set after set.
    std::map<std::tuple<double, double, int, double>, std::string> shapes_;
    std::string shape_of(const SetMember& m);
    long long lookups_ = 0, simulated_ = 0;
    double cpu_s_ = 0;
};

// The cache of packet-level runs with these settings (validated).
SharedSetCache packet_set_cache(const PacketFidelityConfig& config);

}  // namespace sextant::scheduling
