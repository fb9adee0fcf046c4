// A packet-level RoCE fabric on a netsim::Topology: RDMA NICs with per-flow (QP) rate
// limiters, per-packet ACKs and go-back-N; switches with output-queued ports on a
// shared-buffer MMU, ECN marking at dequeue and PFC pause/resume with headroom; links
// with rate, delay and serialisation; ECMP by flow hash over all shortest paths.
//
// The model follows the HPCC ns-3 code (alibaba-edu/High-Precision-Congestion-Control:
// rdma-hw.cc, switch-mmu.cc, switch-node.cc, qbb-net-device.cc); see docs/congestion.md.
// Memory is bounded by packets in flight: packets live in a pool and are recycled.
//
// Use: build a Topology, construct a Fabric, send() messages (also from completion
// callbacks, which is how collectives chain steps), run(), then read flows() and counters().
#pragma once

#include "netsim/packet/congestion_control.hpp"
#include "netsim/topology.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace netsim::packet {

struct FabricConfig {
    std::uint32_t payload_bytes = 1000;  // config.txt PACKET_PAYLOAD_SIZE
    std::uint32_t header_bytes = 58;     // Eth 14 + FCS 4 + IPv4 20 + UDP 8 + BTH 12
    std::uint32_t ack_bytes = 60;        // ACK/NACK frame on the wire (64 B minimum frame less preamble)
    bool pfc = true;
    bool ecn = true;
    // ECN marking at egress dequeue: p = pmax (q-kmin)/(kmax-kmin), 1 above kmax.
    // K scales with the port rate, as run.py does (K per 25 Gb/s of port rate).
    // ecn_at_enqueue: q is the queue a packet finds on arrival (ns-3's RED queue disc) instead
    // of the queue it leaves behind at dequeue (the reference switch-node.cc, the default).
    bool ecn_at_enqueue = false;
    double kmin_kb_per_25g = 100;                  // run.py: Kmin 100*bw/25 KB (DCQCN, TIMELY, HPCC)
    double kmax_kb_per_25g = 400;                  // run.py: Kmax 400*bw/25 KB
    double pmax = 0.2;                             // run.py: Pmax 0.2
    double buffer_mb = 32;                         // per switch, config.txt BUFFER_SIZE 32 MB
    std::uint32_t pfc_reserve_bytes = 4096;        // switch-mmu.cc reserve 4 KB per ingress queue
    std::uint32_t pfc_resume_offset_bytes = 3072;  // switch-mmu.cc resume_offset 3 KB
    double headroom_rtts = 3;                      // third.cc: headroom = 3 x rate x link delay
    int pfc_shift = 3;                   // third.cc: threshold = free shared >> 3 (one less per doubling over NIC rate)
    double nack_interval_s = 500e-6;     // rdma-hw.cc m_nack_interval
    double retransmit_timeout_s = 1e-3;  // go back to the first unacked packet when nothing is acked for this long
    std::uint64_t ecmp_seed = 1;
    std::uint64_t marking_seed = 7;
    double sample_interval_s = 0;  // > 0: record per-flow rate and per-port queue series at this interval
    CcConfig cc;
    // Simulator internals, not the model: run on the first (slower) event heap. Outputs are
    // identical; bench_congestion uses it as the in-run baseline of the event queue's speed.
    bool reference_event_queue = false;
    // Likewise, the hot path as it was before the second speed pass (docs/congestion.md,
    // Speed): the NIC's round robin reads every queue pair's sender state on each pass,
    // every event is popped before the next is pushed, and serialisation times and the
    // ECMP choice take a division each. Identical outputs; bench_congestion's baseline.
    bool reference_hot_path = false;

    void validate() const;  // throws std::invalid_argument naming the field
    // PFC headroom of a switch ingress port fed by `link`: headroom_rtts x rate x link delay.
    std::uint64_t pfc_headroom_bytes(const LinkSpec& link) const;
};

// A switch whose shared buffer does not exceed its ingress ports' PFC headroom and reserve:
// the Fabric refuses such a topology and configuration, and this finds it without building
// one (a plugin's check). The first such switch, or nullopt.
struct BufferShortfall {
    std::string switch_name;
    std::int64_t buffer_bytes = 0;
    std::int64_t headroom_and_reserve_bytes = 0;
};
std::optional<BufferShortfall> buffer_shortfall(const Topology& topo, const FabricConfig& cfg);

using FlowId = std::uint32_t;

struct FlowRecord {
    NodeId src = 0, dst = 0;
    std::uint64_t payload_bytes = 0;
    double start_s = 0;
    double finish_s = -1;            // last byte delivered at the receiver; -1 while running
    std::uint64_t packets_sent = 0;  // including retransmissions
    std::uint64_t retransmitted = 0;
    std::uint64_t ecn_marked = 0;
    double fct_s() const { return finish_s - start_s; }
};

struct PortCounters {
    std::uint64_t tx_bytes = 0;
    std::uint64_t tx_packets = 0;
    std::uint64_t ecn_marks = 0;
    std::uint64_t drops = 0;
    std::uint64_t pause_frames = 0;  // PAUSEs received by this port (it was told to stop)
    double paused_s = 0;             // time this port spent paused
    std::uint64_t max_queue_bytes = 0;
    double queue_byte_seconds = 0;  // integral of the data queue, for the time mean
};

struct FabricTotals {
    std::uint64_t data_packets = 0;  // data packets put on the wire (all hops counted once at the sender)
    std::uint64_t packet_hops = 0;   // packets serialised on any link (data + control)
    std::uint64_t events = 0;
    std::uint64_t drops = 0;
    std::uint64_t ecn_marks = 0;
    std::uint64_t pause_frames = 0;
    std::uint64_t resume_frames = 0;
    std::size_t peak_packets_in_flight = 0;
    std::size_t peak_events_pending = 0;
};

// A sample of the series (sample_interval_s > 0).
struct Sample {
    double t_s;
    std::vector<double> flow_gbps;           // per flow, delivered rate since the previous sample
    std::vector<std::uint32_t> queue_bytes;  // per directed link (port), data queue
};

class Fabric {
public:
    using Done = std::function<void(FlowId, double finish_s)>;

    Fabric(const Topology& topology, FabricConfig config);
    ~Fabric();
    Fabric(const Fabric&) = delete;
    Fabric& operator=(const Fabric&) = delete;

    double now() const;
    // Starts a message of `payload_bytes` from src to dst at time max(now, at_s).
    // `done` runs when its last byte is delivered. src == dst completes at once.
    FlowId send(NodeId src, NodeId dst, std::uint64_t payload_bytes, Done done = {}, double at_s = -1);
    // A training iteration begins on `host` (a job's rank): what its flows delivered since the
    // previous call becomes the iteration's byte count, and the count starts again. MLTCP
    // reads the share delivered so far (CcContext::iteration_progress).
    void begin_iteration(NodeId host);
    // Calls `action` at time max(now, t_s): compute phases and job starts use the fabric's clock.
    void at(double t_s, std::function<void()> action);
    // Runs until no event is left (or simulated time `until_s`); returns now().
    double run(double until_s = 1e300);

    const Topology& topology() const;
    const FabricConfig& config() const;
    const std::vector<FlowRecord>& flows() const;
    const std::vector<PortCounters>& ports() const;  // indexed by LinkId (the port sending on it)
    const FabricTotals& totals() const;
    const std::vector<Sample>& samples() const;
    // Queue length seen by data packets arriving at switch egress ports (bytes).
    double queue_percentile_bytes(double q) const;
    std::size_t packets_in_flight() const;
    // Current sending rate (b/s) the flow's congestion control allows.
    double flow_rate_bps(FlowId flow) const;
    // Current congestion window (wire bytes) of the flow's control; 0 when it has none.
    double flow_window_bytes(FlowId flow) const;

    struct State;

private:
    std::unique_ptr<State> s_;
};

}  // namespace netsim::packet
