// Training traffic on a fabric: collectives over a job's hosts, iterations of compute
// then collective, several jobs at once. The same description runs on the packet fabric
// or on the flow-level model (FlowNetwork) through MessageTransport, so fidelity is a
// switch and the difference between the two is a measurable result.
#pragma once

#include "netsim/flow_network.hpp"
#include "netsim/packet/fabric.hpp"
#include "netsim/packet/iteration_profile.hpp"
#include "netsim/simulator.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace netsim::packet {

enum class CollectiveKind {
    RingAllreduce,      // reduce-scatter + all-gather around the ring, 2(n-1) steps of S/n
    DirectAllreduce,    // reduce-scatter and all-gather as two all-to-alls of S/n (no ring)
    AllToAll,           // every rank sends S/n to every other rank at once
    RingAllgather,      // n-1 steps of S/n
    RingReduceScatter,  // n-1 steps of S/n
    // 2D: ring reduce-scatter inside each group (leaf) of m ranks, ring all-reduce of each
    // S/m shard across the G groups (one ring per local index), ring all-gather inside groups.
    HierarchicalAllreduce
};
CollectiveKind parse_collective(std::string_view name);  // throws naming the accepted values
std::string to_string(CollectiveKind kind);

// Sends messages between hosts and calls back on delivery.
class MessageTransport {
public:
    using Delivered = std::function<void()>;
    virtual ~MessageTransport() = default;
    virtual double now() const = 0;
    virtual void send(NodeId src, NodeId dst, std::uint64_t bytes, Delivered done) = 0;
    // Calls `action` at time t (>= now).
    virtual void at(double t, std::function<void()> action) = 0;
    // A training iteration begins on `host` (what MLTCP counts its bytes_ratio from).
    virtual void begin_iteration(NodeId /*host*/) {}
    virtual void run() = 0;
};

class PacketTransport : public MessageTransport {
public:
    explicit PacketTransport(Fabric& fabric);
    ~PacketTransport() override;
    double now() const override;
    void send(NodeId src, NodeId dst, std::uint64_t bytes, Delivered done) override;
    void at(double t, std::function<void()> action) override;
    void begin_iteration(NodeId host) override;
    void run() override;

private:
    Fabric& fabric_;
};

// The flow-level model on the same topology: fluid max-min sharing, one shortest path.
class FlowTransport : public MessageTransport {
public:
    FlowTransport(const Topology& topology, PacketFormat packets);
    double now() const override { return sim_.now(); }
    void send(NodeId src, NodeId dst, std::uint64_t bytes, Delivered done) override;
    void at(double t, std::function<void()> action) override { sim_.at(t, std::move(action)); }
    void run() override { sim_.run(); }
    const FlowNetwork& network() const { return net_; }
    std::uint64_t events() const { return sim_.events_run(); }

private:
    Simulator sim_;
    FlowNetwork net_;
};

struct JobSpec {
    std::string name = "job";
    CollectiveKind collective = CollectiveKind::RingAllreduce;
    std::vector<NodeId> hosts;  // ranks in order (the placement)
    std::vector<int> groups;    // hierarchical: each rank's group (its leaf); equal-sized groups
    std::uint64_t bytes = 0;    // per rank: the buffer being reduced / exchanged
    // The buffer split into this many chunks that flow through the collective's stages as a
    // pipeline: chunk c enters stage s once chunk c-1 has left it and chunk c has left s-1.
    int chunks = 1;
    int iterations = 1;
    double compute_s = 0;  // compute before each collective (no overlap)
    double start_s = 0;
    // A training iteration instead of compute-then-collective: the profile's steps in order,
    // gradients all-reduced (with `collective`) in buckets of bucket_bytes, overlapped with the
    // rest of the backward pass unless overlap is false. `bytes` and `compute_s` are unused.
    std::shared_ptr<const IterationProfile> profile;
    std::uint64_t bucket_bytes = 25ull << 20;  // PyTorch DDP bucket_cap_mb 25
    bool overlap = true;
    // A time-shift agent (CASSINI's, with the rules of sextant's cluster simulation; a wait counts
    // as a re-alignment when the job was late, within half a period past its grid point): with pace_s > 0
    // the job keeps the grid start_s + k x pace_s + the reference's slip. The reference
    // (pace_reference = its own index in run_jobs' list, or -1) waits when early and, when
    // late, lets the grid slip with it; another job (pace_reference = the reference's index)
    // starts at once within drift x pace_s of a grid point and otherwise waits for the next
    // one (a re-alignment when it was late). After give_up_after re-alignments, once they are
    // more than give_up_rate of its iterations, it stops aligning: its phase cannot hold.
    double pace_s = 0;
    int pace_reference = -1;
    double drift = 0.05;  // at most 0.5 (then it never re-aligns)
    int give_up_after = 10;
    double give_up_rate = 0.1;
    void validate() const;  // throws std::invalid_argument naming the field
};

struct JobResult {
    // Per iteration: the collective (or, with a profile, from the first bucket's all-reduce or
    // all-to-all to the last one's end), the whole iteration, and the GPU's compute in it.
    std::vector<double> collective_s;
    std::vector<double> iteration_s;
    std::vector<double> compute_s;
    double finish_s = 0;
    int realignments = 0;  // pace_s: waits for the next grid point after running late
    double waited_s = 0;   // pace_s: all the agent's waits (keeping the pace and re-aligning)
    bool gave_up = false;  // pace_s: stopped aligning (give_up_after, give_up_rate)
};

// Each host's group for a hierarchical collective: the switch its link leads to (its leaf).
std::vector<int> leaf_groups(const Topology& topology, const std::vector<NodeId>& hosts);

// Runs every job to completion on the transport.
std::vector<JobResult> run_jobs(MessageTransport& transport, const std::vector<JobSpec>& jobs);

}  // namespace netsim::packet
