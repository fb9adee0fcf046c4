#include "netsim/collectives.hpp"

#include "netsim/flow_network.hpp"
#include "netsim/simulator.hpp"
#include "netsim/topology.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace netsim {

void StarFabric::validate() const {
    if (workers == 0) throw std::invalid_argument("workers must be at least 1 (got 0)");
    link.validate("link");
    if (link.loss != 0.0) {
        throw std::invalid_argument(
            "link.loss must be 0 for host-based collectives (their transport "
            "retransmits below the flow model); got " +
            std::to_string(link.loss));
    }
    packets.validate("packet format");
    if (!(switch_latency_s >= 0.0)) throw std::invalid_argument("switch_latency_s must be >= 0 s");
}

namespace {

CollectiveResult finish(const Simulator& sim, const FlowNetwork& net, std::vector<double> done) {
    CollectiveResult r;
    r.worker_done_s = std::move(done);
    r.seconds = r.worker_done_s.empty() ? 0.0 : *std::max_element(r.worker_done_s.begin(), r.worker_done_s.end());
    r.messages = net.totals().flows_started;
    r.payload_bytes_sent = net.totals().payload_bytes_sent;
    r.payload_bytes_delivered = net.totals().payload_bytes_delivered;
    r.wire_bytes_sent = net.totals().wire_bytes_sent;
    r.events = sim.events_run();
    return r;
}

// Node i sends in step s, the receiver forwards in step s+1; `chunk_of(i, s)` says which
// block travels. Shared by allreduce (2(K-1) steps) and allgather (K-1 steps).
template <class ChunkBytes>
CollectiveResult run_ring(const StarFabric& fabric, std::uint32_t steps, ChunkBytes chunk_bytes) {
    const std::uint32_t k = fabric.workers;
    Star star = make_star(k, fabric.link, fabric.switch_latency_s);
    Simulator sim;
    FlowNetwork net(sim, star.topology, fabric.packets);
    std::vector<double> done(k, 0.0);

    std::function<void(std::uint32_t, std::uint32_t)> send = [&](std::uint32_t node, std::uint32_t step) {
        std::uint32_t next = (node + 1) % k;
        net.send(star.hosts[node], star.hosts[next], chunk_bytes(node, step), [&, next, step] {
            if (step + 1 < steps) {
                send(next, step + 1);
            } else {
                done[next] = sim.now();
            }
        });
    };
    for (std::uint32_t i = 0; i < k; ++i) send(i, 0);
    sim.run();
    return finish(sim, net, std::move(done));
}

}  // namespace

CollectiveResult ring_allreduce(const StarFabric& fabric, std::uint64_t bytes_per_worker, std::uint32_t element_bytes) {
    fabric.validate();
    if (element_bytes == 0) throw std::invalid_argument("element_bytes must be at least 1 (got 0)");
    if (bytes_per_worker % element_bytes != 0) {
        throw std::invalid_argument("bytes_per_worker (" + std::to_string(bytes_per_worker) +
                                    ") must be a multiple of element_bytes (" + std::to_string(element_bytes) + ")");
    }
    const std::uint32_t k = fabric.workers;
    if (k == 1 || bytes_per_worker == 0) {
        CollectiveResult r;
        r.worker_done_s.assign(k, 0.0);
        return r;
    }
    const std::uint64_t elements = bytes_per_worker / element_bytes;
    auto chunk_size = [&](std::uint32_t c) { return (elements / k + (c < elements % k ? 1 : 0)) * element_bytes; };
    // Reduce-scatter step s: node i sends chunk (i - s); after K-1 steps node i owns the
    // reduced chunk (i + 1). Allgather step t = s - (K-1): node i sends chunk (i + 1 - t).
    auto chunk_bytes = [&](std::uint32_t node, std::uint32_t step) {
        std::uint32_t chunk = step < k - 1 ? (node + k - step % k) % k : (node + 1 + k - (step - (k - 1)) % k) % k;
        return chunk_size(chunk);
    };
    return run_ring(fabric, 2 * (k - 1), chunk_bytes);
}

CollectiveResult ring_allgather(const StarFabric& fabric, const std::vector<std::uint64_t>& block_bytes) {
    fabric.validate();
    const std::uint32_t k = fabric.workers;
    if (block_bytes.size() != k) {
        throw std::invalid_argument("block_bytes must list one size per worker: expected " + std::to_string(k) +
                                    ", got " + std::to_string(block_bytes.size()));
    }
    if (k == 1) {
        CollectiveResult r;
        r.worker_done_s.assign(1, 0.0);
        return r;
    }
    // Step s: node i forwards the block of worker (i - s).
    auto chunk_bytes = [&](std::uint32_t node, std::uint32_t step) { return block_bytes[(node + k - step % k) % k]; };
    return run_ring(fabric, k - 1, chunk_bytes);
}

}  // namespace netsim
