#include "netsim/collectives.hpp"

#include "netsim/flow_network.hpp"
#include "netsim/simulator.hpp"
#include "netsim/topology.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace netsim {

void AggregatorSetup::validate(std::uint32_t workers) const {
    if (aggregators == 0) throw std::invalid_argument("aggregators must be at least 1 (got 0)");
    if (colocated && aggregators > workers) {
        throw std::invalid_argument("aggregators (" + std::to_string(aggregators) + ") must not exceed workers (" +
                                    std::to_string(workers) + ") when aggregators are colocated with workers");
    }
    if (rounds == 0) throw std::invalid_argument("rounds must be at least 1 (got 0)");
}

namespace {

// Piece p of n equal pieces of `total` bytes (the first total % n pieces are one byte larger).
std::uint64_t piece(std::uint64_t total, std::uint64_t n, std::uint64_t p) {
    return total / n + (p < total % n ? 1 : 0);
}

}  // namespace

CollectiveResult host_aggregation(const StarFabric& fabric, const std::vector<std::uint64_t>& push_bytes,
                                  const std::vector<std::uint64_t>& pull_bytes, const AggregatorSetup& setup) {
    fabric.validate();
    setup.validate(fabric.workers);
    const std::uint32_t k = fabric.workers;
    if (push_bytes.size() != k || pull_bytes.size() != k) {
        throw std::invalid_argument("push_bytes and pull_bytes must list one size per worker: expected " +
                                    std::to_string(k) + ", got " + std::to_string(push_bytes.size()) + " and " +
                                    std::to_string(pull_bytes.size()));
    }
    const std::uint32_t a_count = setup.aggregators;
    const std::uint32_t rounds = setup.rounds;
    Star star = make_star(setup.colocated ? k : k + a_count, fabric.link, fabric.switch_latency_s);
    auto aggregator_host = [&](std::uint32_t a) { return star.hosts[setup.colocated ? a : k + a]; };

    Simulator sim;
    FlowNetwork net(sim, star.topology, fabric.packets);
    std::vector<double> done(k, 0.0);
    // arrived[a][r]: workers whose round-r piece reached aggregator a.
    std::vector<std::vector<std::uint32_t>> arrived(a_count, std::vector<std::uint32_t>(rounds, 0));
    std::vector<std::uint64_t> pulled(k, 0);  // pieces each worker has received
    const std::uint64_t pieces_per_worker = static_cast<std::uint64_t>(a_count) * rounds;

    auto pull_round = [&](std::uint32_t a, std::uint32_t r) {
        for (std::uint32_t w = 0; w < k; ++w) {
            std::uint64_t bytes = piece(pull_bytes[w], pieces_per_worker, static_cast<std::uint64_t>(a) * rounds + r);
            net.send(aggregator_host(a), star.hosts[w], bytes, [&, w] {
                if (++pulled[w] == pieces_per_worker) done[w] = sim.now();
            });
        }
    };
    std::function<void(std::uint32_t, std::uint32_t, std::uint32_t)> push = [&](std::uint32_t w, std::uint32_t a,
                                                                                std::uint32_t r) {
        std::uint64_t bytes = piece(push_bytes[w], pieces_per_worker, static_cast<std::uint64_t>(a) * rounds + r);
        net.send(star.hosts[w], aggregator_host(a), bytes, [&, w, a, r] {
            if (++arrived[a][r] == k) pull_round(a, r);
            if (r + 1 < rounds) push(w, a, r + 1);
        });
    };
    for (std::uint32_t w = 0; w < k; ++w) {
        for (std::uint32_t a = 0; a < a_count; ++a) push(w, a, 0);
    }
    sim.run();

    CollectiveResult res;
    res.worker_done_s = std::move(done);
    res.seconds = *std::max_element(res.worker_done_s.begin(), res.worker_done_s.end());
    res.messages = net.totals().flows_started;
    res.payload_bytes_sent = net.totals().payload_bytes_sent;
    res.payload_bytes_delivered = net.totals().payload_bytes_delivered;
    res.wire_bytes_sent = net.totals().wire_bytes_sent;
    res.events = sim.events_run();
    return res;
}

}  // namespace netsim
