// The fabric's internal state: flat arrays of ports, switches, hosts and flows, a pool of
// packets in flight and one compact event type. Split from fabric.cpp so the switch
// (switch_port.cpp) and the NIC (nic.cpp) stay one idea each.
#pragma once

#include "event_queue.hpp"
#include "reference_event_heap.hpp"
#include "netsim/packet/fabric.hpp"

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <vector>

namespace netsim::packet {

constexpr int kMaxHops = 5;  // int-header.h maxHop
constexpr std::uint32_t kNone = 0xffffffffu;

enum class PacketKind : std::uint8_t { Data, Ack, Nack };

// 32 bytes, two to a cache line: what every hop touches. The INT stamps live apart
// (Fabric::State::int_hops) and are written only when the scheme reads them (HPCC).
struct Packet {
    FlowId flow;
    std::uint32_t seq;
    std::uint32_t wire;     // bytes on the wire
    std::uint32_t in_link;  // link it arrived on at the current switch (PFC accounting)
    NodeId dst;             // host it is going to (the flow's receiver, or its sender for ACK/NACK)
    PacketKind kind;
    bool ecn;
    std::uint8_t hop_count;
    double sent_s;  // sender timestamp, echoed by the ACK
};
using IntStamps = std::array<AckInfo::Hop, kMaxHops>;

// A packet on the wire: it reaches the far end of its link at arrive_s.
struct InFlight {
    double arrive_s;
    std::uint32_t pkt;
};

// A FIFO in a power-of-two ring that grows, never shrinks.
template <class T>
class Ring {
public:
    bool empty() const { return size_ == 0; }
    std::size_t size() const { return size_; }
    void push(const T& v) {
        if (size_ == buf_.size()) grow();
        buf_[(head_ + size_) & (buf_.size() - 1)] = v;
        ++size_;
    }
    const T& front() const { return buf_[head_]; }
    T pop() {
        T v = buf_[head_];
        head_ = (head_ + 1) & (buf_.size() - 1);
        --size_;
        return v;
    }

private:
    void grow() {
        std::vector<T> bigger(buf_.empty() ? 16 : buf_.size() * 2);
        for (std::size_t i = 0; i < size_; ++i) bigger[i] = buf_[(head_ + i) & (buf_.size() - 1)];
        buf_.swap(bigger);
        head_ = 0;
    }
    std::vector<T> buf_;
    std::size_t head_ = 0, size_ = 0;
};
using IndexRing = Ring<std::uint32_t>;

struct Port {
    NodeId from = 0, to = 0;
    double bytes_per_s = 0;
    double delay_s = 0;    // link delay plus the receiving switch's forwarding latency
    bool at_host = false;  // the sending side is a NIC
    bool to_host = false;  // the receiving side is a NIC
    IndexRing data, ctrl;  // ctrl (ACK/NACK) has strict priority and is never paused
    // Packets on the wire, in arrival order (the delay is constant, so FIFO): only the
    // head has an event, which keeps the event heap as small as the number of links.
    Ring<InFlight> flight;
    std::uint64_t data_bytes = 0;
    std::uint64_t tx_bytes_total = 0;  // INT's tx byte counter
    bool busy = false;
    bool paused = false;
    double paused_since = 0;
    double queue_changed_s = 0;
    double kmin = 0, kmax = 0;  // ECN thresholds (bytes) for this port's rate
    // wire / bytes_per_s of a full data packet and of an ACK, divided once: nearly every
    // packet is one of the two, and a division per hop showed in the profile.
    std::uint32_t full_wire = 0, ack_wire = 0;
    double full_serialise_s = 0, ack_serialise_s = 0;
};

// Per ingress link of a switch: switch-mmu.cc's per (port, priority) accounting.
struct Ingress {
    std::uint64_t bytes = 0;
    std::uint64_t headroom_used = 0;
    std::uint64_t headroom = 0;
    int shift = 3;
    bool pause_sent = false;
};

struct SwitchMmu {
    std::int64_t buffer = 0;
    std::int64_t shared_used = 0;
    std::int64_t total_headroom = 0;
    std::int64_t total_reserve = 0;
    std::uint64_t occupancy = 0;  // all data bytes queued in this switch
};

// A queue pair in its host's round robin, with when it may next send: -inf when it has
// sent everything (the next pass removes it), +inf while its window is closed, else the
// release time of its rate limiter. Kept current on every change of the flow's sender
// state, so a pass reads one contiguous array instead of every flow's state.
struct RoundRobinEntry {
    double ready_at;
    FlowId flow;
};

struct Host {
    std::uint32_t port = kNone;            // its NIC's (only) uplink
    std::vector<RoundRobinEntry> senders;  // flows with packets left to send, served round robin
    std::size_t next = 0;
    bool wake_pending = false;
    double wake_at = 0;
    // The last round robin found nothing to send, no queue pair's sender state changed
    // since, and none is released before idle_until: a pass now would find the same and
    // change nothing (see host_pick). Stale CC timers call try_send by the thousand.
    bool settled = false;
    double idle_until = 0;
    // MLTCP's bytes_ratio: payload this host's flows delivered in the current iteration, and
    // in the whole previous one (0: not known yet). Fabric::begin_iteration moves one to the other.
    std::uint64_t iteration_delivered = 0, iteration_bytes = 0;
};

struct Flow {
    // What the NIC's round robin reads for every queue pair it passes over, first.
    std::uint32_t packets = 0;
    std::uint32_t snd_nxt = 0, snd_una = 0;
    double next_avail = 0;
    double window = 0;  // cc->window_bytes(), copied after every cc call
    NodeId src = 0, dst = 0;
    std::uint32_t last_payload = 0;
    std::unique_ptr<FlowControl> cc;
    bool in_round_robin = false;         // has packets to send (re-joins on go-back)
    std::uint32_t round_robin_slot = 0;  // its entry in hosts[src].senders while in_round_robin
    bool rto_pending = false;
    std::uint32_t rto_una = 0;
    // receiver
    std::uint32_t expected = 0;
    double nack_timer = -1;
    std::uint32_t last_nack = kNone;
    std::uint64_t delivered = 0;  // payload bytes delivered in order
    std::uint64_t delivered_sampled = 0;
    bool finished = false;
    Fabric::Done done;
};

enum class EvKind : std::uint8_t { TxDone, Arrive, Wake, Timer, Pfc, Start, Sample, Action };

struct Event {
    EvKind kind;
    bool flag;        // Pfc: pause (true) or resume
    std::uint32_t a;  // port / link / host node / flow
    std::int32_t b;   // packet index / timer id
};

struct Fabric::State : CcContext {
    const Topology& topo;
    FabricConfig cfg;
    EventQueue<Event> queue;
    ReferenceEventHeap<Event> reference_queue;  // cfg.reference_event_queue: the benchmark's baseline
    double now = 0;

    std::vector<Port> ports;                // by LinkId
    std::vector<PortCounters> counters;     // by LinkId
    std::vector<Ingress> ingress;           // by LinkId (ingress side at link.to)
    std::vector<SwitchMmu> mmu;             // by NodeId (switches only used)
    std::vector<Host> hosts;                // by NodeId (hosts only used)
    std::vector<std::uint32_t> host_index;  // NodeId -> dense host index, kNone for switches
    // ECMP: the egress ports on a shortest path from node towards host are
    // next_ports[route[node * host_count + host] ...] up to the next route entry; a flow
    // picks one by a hash salted per node (ecmp_salt).
    std::vector<std::uint32_t> route;
    std::vector<std::uint32_t> next_ports;
    std::vector<std::uint64_t> ecmp_salt;
    std::size_t host_count = 0;

    std::vector<Packet> pool;
    std::vector<IntStamps> int_hops;  // by packet, used when stamp_int
    bool stamp_int = false;           // the scheme reads INT (HPCC)
    std::vector<std::uint32_t> free_packets;
    std::size_t in_flight = 0;

    std::deque<Flow> flows;
    std::vector<FlowRecord> records;
    std::size_t active_flows = 0;
    bool sampling = false;
    std::vector<Sample> samples;
    std::vector<std::function<void()>> actions;  // Fabric::at, by slot
    std::vector<std::uint32_t> free_actions;

    std::vector<std::uint64_t> queue_histogram;  // bins of log2 with 16 sub-steps
    std::uint64_t queue_observations = 0;
    std::mt19937_64 marking;
    FabricTotals totals;

    State(const Topology& t, FabricConfig c);

    // events
    void push(double t, Event e) {
        if (cfg.reference_event_queue) reference_queue.push(t, e);
        else queue.push_packet(t, e);
    }
    void push_timer(double delay_s, Event e) {
        if (cfg.reference_event_queue) reference_queue.push(now + delay_s, e);
        else queue.push_timer(now, delay_s, e);
    }
    template <class Queue>
    void run_events(Queue& q, double until_s);
    void schedule_timer(std::uint32_t flow, int id, double delay_s) override {
        push_timer(delay_s, Event{EvKind::Timer, false, flow, id});
    }
    double iteration_progress(std::uint32_t flow) const override;
    void dispatch(const Event& e);

    // packets
    std::uint32_t new_packet();
    void free_packet(std::uint32_t p);

    // ports (switch_port.cpp)
    void try_send(std::uint32_t port);
    void transmit(std::uint32_t port, std::uint32_t pkt);
    void tx_done(std::uint32_t port);
    void switch_receive(std::uint32_t link, std::uint32_t pkt);
    void arrive(std::uint32_t link);
    std::uint32_t egress_port(NodeId node, NodeId dst, FlowId flow) const;
    void dequeue_data(std::uint32_t port, std::uint32_t pkt);
    void mark_ecn(std::uint32_t port, Packet& k);
    void pfc_frame(std::uint32_t link, bool pause);
    void note_queue(std::uint32_t port);
    std::int64_t pfc_threshold(NodeId sw, std::uint32_t link) const;
    std::uint64_t shared_used(std::uint32_t link) const;

    // NICs (nic.cpp)
    bool host_pick(NodeId host, std::uint32_t& pkt);
    void drop_next_sender(Host& h);
    bool send_from(Host& h, std::uint32_t& pkt);  // the queue pair at h.next sends a packet
    void wake_at_release(Host& h, NodeId node, double earliest, bool removed);
    void host_receive(std::uint32_t link, std::uint32_t pkt);
    void sender_ack(std::uint32_t pkt);
    void start_flow(FlowId f);
    void on_timer(FlowId f, int id);
    double base_rtt(NodeId src, NodeId dst, FlowId f) const;
    void go_back(FlowId f, std::uint32_t seq);
    double ready_at(const Flow& f) const;
    void refresh_round_robin(FlowId f);  // after a change of snd_nxt, snd_una, window or next_avail
    void take_sample();
};

// splitmix64's finaliser: the ECMP hash.
inline std::uint64_t ecmp_mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

std::uint32_t data_wire_bytes(const FabricConfig& cfg, const Flow& f, std::uint32_t seq);

}  // namespace netsim::packet
