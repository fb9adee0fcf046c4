// One congestion study point: a fabric (topology, rates, buffers, PFC/ECN, a congestion
// control scheme) carrying one or more jobs' collectives, run at packet or flow fidelity,
// summarised as the metrics docs/congestion.md reports. No engine types: the plugin and
// `sextant-cli netsim collective` are thin layers over this.
#pragma once

#include "netsim/packet/collective_traffic.hpp"
#include "netsim/packet/fabric.hpp"
#include "netsim/packet/topologies.hpp"
#include "congestion/profiles.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sextant::congestion {

enum class Fidelity { Packet, Flow };
enum class Placement { Packed, Strided, Random };

struct StudyConfig {
    std::string topology = "leaf-spine:8x16:1";
    netsim::packet::ShapeLinks links;
    netsim::packet::FabricConfig fabric;
    netsim::packet::CollectiveKind collective = netsim::packet::CollectiveKind::RingAllreduce;
    std::uint64_t bytes = 16ull << 20;  // per rank
    int jobs = 1;                       // hosts split into this many equal jobs
    Placement placement = Placement::Packed;
    int chunks = 1;  // the buffer pipelined through the collective's stages in this many chunks
    int iterations = 1;
    double compute_s = 0;
    // Training iterations instead of compute-then-collective: a profile ("vgg19", "dlrm" or
    // file:PATH, see profiles.hpp); empty = none. Gradients go in buckets of bucket_bytes,
    // all-reduced with `collective`, overlapped with the backward pass unless overlap is false.
    std::string profile;
    std::uint64_t bucket_bytes = 25ull << 20;
    bool overlap = true;
    Fidelity fidelity = Fidelity::Packet;
    std::uint64_t seed = 1;  // ECMP hash and random placement
};

struct StudyResult {
    std::vector<std::vector<double>> collective_s;  // [job][iteration]
    double completion_s = 0;       // mean collective time over jobs and iterations (with a profile: iteration time)
    double collective_mean_s = 0;  // mean collective time (with a profile: first to last communication)
    double iteration_s = 0;        // mean iteration time: compute + what communication does not hide
    double exposed_comm_s = 0;     // iteration_s less the compute in it
    double completion_max_s = 0;
    double makespan_s = 0;
    double ideal_ring_s = 0;  // 2(n-1)/n S/B for one job's ring on its NIC rate (payload share)
    // Packet fidelity only (zero at flow fidelity):
    std::uint64_t ecn_marks = 0;
    double ecn_marks_per_gb = 0;  // per GB of payload delivered
    std::uint64_t pause_frames = 0;
    double paused_s = 0;  // summed over ports
    std::uint64_t drops = 0;
    std::uint64_t retransmitted = 0;
    double queue_mean_bytes = 0;  // time mean over switch ports that carried traffic
    double queue_p99_bytes = 0;   // seen by data packets arriving at switch egress ports
    double queue_max_bytes = 0;
    double link_utilisation = 0;  // mean over links that carried traffic, over the makespan
    double jain_fairness = 0;     // over flow throughputs (payload / FCT)
    std::uint64_t flows = 0;
    std::uint64_t packet_hops = 0;
    std::uint64_t events = 0;
    std::size_t peak_packets_in_flight = 0;
    std::size_t peak_events_pending = 0;
    // Series (sample_interval_s > 0): fabric goodput and the longest switch queue.
    std::vector<double> series_t_s, series_goodput_gbps, series_max_queue_bytes;
    // The same samples per switch port and per flow, as rows with a nonzero value (the
    // plugin writes them as the artifacts port_queues.csv and flow_rates.csv).
    struct PortQueueRow {
        double t_s;
        std::string port;  // "from->to", the sending side's node names
        std::uint32_t bytes;
    };
    struct FlowRateRow {
        double t_s;
        std::size_t flow;  // in start order
        std::string src, dst;
        double gbps;  // delivered since the previous sample
    };
    std::vector<PortQueueRow> port_queue_rows;
    std::vector<FlowRateRow> flow_rate_rows;
    double wall_s = 0;
    double cpu_s = 0;
};

// Splits the network's hosts into jobs by the placement; throws naming the field.
std::vector<netsim::packet::JobSpec> make_jobs(const StudyConfig& config, const netsim::packet::Network& net);

StudyResult run_study(const StudyConfig& config);

Fidelity parse_fidelity(const std::string& text);
Placement parse_placement(const std::string& text);
// "64MiB", "1MB", "4096", "2GiB", "1.5GB"; throws naming the accepted forms.
std::uint64_t parse_bytes(const std::string& text);

}  // namespace sextant::congestion
