// Host-based collectives over a star of hosts on one (non-aggregating) switch, run on
// the FlowNetwork: ring allreduce, ring allgather, and sharded host aggregation (a
// parameter server, or OmniReduce-style aggregators that merge sparse blocks).
#pragma once

#include "netsim/link.hpp"

#include <cstdint>
#include <vector>

namespace netsim {

struct StarFabric {
    std::uint32_t workers = 8;
    LinkSpec link;  // every host's cable, both directions
    PacketFormat packets;
    double switch_latency_s = 0.0;  // forwarding pipeline of the switch

    void validate() const;  // throws std::invalid_argument naming the field
};

struct CollectiveResult {
    double seconds = 0.0;               // until the last worker holds the result
    std::vector<double> worker_done_s;  // per worker
    std::uint64_t messages = 0;
    std::uint64_t payload_bytes_sent = 0;       // over the network and local copies
    std::uint64_t payload_bytes_delivered = 0;  // equals sent once the collective ends
    std::uint64_t wire_bytes_sent = 0;          // payload + packet headers on links
    std::uint64_t events = 0;                   // simulator events (cost of the model)
};

// Reduce-scatter then allgather around the ring 0 -> 1 -> ... -> K-1 -> 0: 2(K-1) steps,
// each node sending one of K chunks per step and forwarding a chunk as soon as it has
// received (and reduced) it. Chunks split at element boundaries.
CollectiveResult ring_allreduce(const StarFabric& fabric, std::uint64_t bytes_per_worker,
                                std::uint32_t element_bytes = 4);

// Every worker ends with every worker's block (e.g. top-k index/value lists); K-1 steps.
CollectiveResult ring_allgather(const StarFabric& fabric, const std::vector<std::uint64_t>& block_bytes);

// Aggregation through hosts. Each worker splits what it pushes into `aggregators` equal
// shards and each shard into `rounds` pieces; pieces to one aggregator go one after the
// other (the next once the previous has arrived). An aggregator returns round r of its
// shard to every worker once all workers' round-r pieces have arrived, so pushing and
// pulling overlap. Dense parameter server: push = pull = gradient bytes. OmniReduce-style:
// push = a worker's nonzero blocks, pull = the union's nonzero blocks.
struct AggregatorSetup {
    std::uint32_t aggregators = 1;
    bool colocated = false;     // aggregator a runs on worker a (no extra hosts)
    std::uint32_t rounds = 32;  // pipelining depth of each shard

    void validate(std::uint32_t workers) const;
};
CollectiveResult host_aggregation(const StarFabric& fabric, const std::vector<std::uint64_t>& push_bytes,
                                  const std::vector<std::uint64_t>& pull_bytes, const AggregatorSetup& setup);

}  // namespace netsim
