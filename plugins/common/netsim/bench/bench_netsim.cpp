// Simulator speed: how long does simulating one aggregation take on this machine, and how
// many simulated bytes does that move per wall-clock second? Prints a table.
//   bench_netsim [--quick]
#include "netsim/collectives.hpp"
#include "netsim/switch_aggregation.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

using namespace netsim;

namespace {

constexpr std::uint64_t kBertBaseValues = 110'000'000;  // "110M float32" (BERT-base, Devlin et al. 2019)

double wall_seconds(const std::function<void()>& f, int repeats) {
    double best = 1e300;
    for (int i = 0; i < repeats; ++i) {
        auto t0 = std::chrono::steady_clock::now();
        f();
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return best;
}

SwitchAggregationConfig switch_config(std::uint32_t payload, SwitchAggregationConfig::Engine engine, double loss) {
    SwitchAggregationConfig c;
    c.workers = 8;
    c.slots = 256;
    c.packets = PacketFormat{payload, 74};
    c.uplinks = {LinkSpec{100.0, 1e-6, loss}};
    c.downlinks = c.uplinks;
    c.switch_latency_s = 0.5e-6;
    c.engine = engine;
    return c;
}

void header() {
    std::printf("%-44s %10s %9s %12s %12s %10s %12s\n", "case", "values", "payload", "wall [s]", "sim [s]", "sim/bound",
                "GB sim/wall-s");
}

void row(const char* name, std::uint64_t values, std::uint32_t payload, double wall, double sim, double bound,
         double simulated_bytes) {
    std::printf("%-44s %10.3g %9u %12.6f %12.6f %10.4f %12.2f\n", name, static_cast<double>(values), payload, wall, sim,
                bound > 0 ? sim / bound : 0.0, simulated_bytes / wall / 1e9);
}

}  // namespace

int main(int argc, char** argv) {
    const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    const int repeats = quick ? 1 : 3;
    const std::uint64_t values = quick ? kBertBaseValues / 10 : kBertBaseValues;
    const std::uint64_t bytes = values * 4;
    std::printf("8 workers, 100 Gbps links, 1 us link latency, 0.5 us switch, 256 slots; best of %d\n", repeats);
    std::printf("simulated bytes = dense gradient payload through the switch, all workers, up + down\n\n");
    header();

    for (std::uint32_t payload : {1024u, 256u}) {
        SwitchAggregationConfig c = switch_config(payload, SwitchAggregationConfig::Engine::Recurrence, 0.0);
        SwitchAggregationResult r;
        double wall =
            wall_seconds([&] { r = simulate_switch_aggregation(c, bytes, bytes, AggregationOp::Sum); }, repeats);
        std::string name = "dense in-network, recurrence engine";
        row(name.c_str(), values, payload, wall, r.seconds, switch_aggregation_bound_s(c, bytes),
            2.0 * 8 * static_cast<double>(bytes));
    }
    {
        SwitchAggregationConfig c = switch_config(1024, SwitchAggregationConfig::Engine::Events, 0.0);
        SwitchAggregationResult r;
        double wall = wall_seconds([&] { r = simulate_switch_aggregation(c, bytes, bytes, AggregationOp::Sum); }, 1);
        row("dense in-network, event engine", values, 1024, wall, r.seconds, switch_aggregation_bound_s(c, bytes),
            2.0 * 8 * static_cast<double>(bytes));
    }
    {
        SwitchAggregationConfig c = switch_config(1024, SwitchAggregationConfig::Engine::Events, 1e-4);
        c.retransmit_timeout_s = 100e-6;
        SwitchAggregationResult r;
        double wall = wall_seconds([&] { r = simulate_switch_aggregation(c, bytes, bytes, AggregationOp::Sum); }, 1);
        SwitchAggregationConfig clean = switch_config(1024, SwitchAggregationConfig::Engine::Events, 0.0);
        row("dense in-network, 0.01% loss, 100 us timeout", values, 1024, wall, r.seconds,
            switch_aggregation_bound_s(clean, bytes), 2.0 * 8 * static_cast<double>(bytes));
    }
    {
        StarFabric f;
        f.workers = 8;
        f.link = LinkSpec{100.0, 1e-6, 0.0};
        f.packets = PacketFormat{4096, 82};
        f.switch_latency_s = 0.5e-6;
        CollectiveResult r;
        double wall = wall_seconds([&] { r = ring_allreduce(f, bytes); }, repeats);
        row("ring allreduce (flow model)", values, 4096, wall, r.seconds, 0.0,
            static_cast<double>(r.payload_bytes_sent));
    }

    // What the model says about dense aggregation by path (no compression): the ratios are
    // the textbook ones, 2(K-1)/K x bytes for the ring versus 1 x bytes in the network.
    std::printf(
        "\ndense %g float32 per worker, 100 Gbps: simulated aggregation time [ms] and throughput "
        "[Gbps of gradient per worker]\n",
        static_cast<double>(values));
    std::printf("%-8s %22s %22s %22s %22s\n", "workers", "in-network (SwitchML)", "ring allreduce", "PS, K servers",
                "PS, 1 server");
    for (std::uint32_t k : {4u, 8u, 16u}) {
        SwitchAggregationConfig c = switch_config(1024, SwitchAggregationConfig::Engine::Recurrence, 0.0);
        c.workers = k;
        StarFabric f;
        f.workers = k;
        f.link = LinkSpec{100.0, 1e-6, 0.0};
        f.packets = PacketFormat{4096, 82};
        f.switch_latency_s = 0.5e-6;
        const std::vector<std::uint64_t> all(k, bytes);
        double t[4] = {simulate_switch_aggregation(c, bytes, bytes, AggregationOp::Sum).seconds,
                       ring_allreduce(f, bytes).seconds,
                       host_aggregation(f, all, all, AggregatorSetup{k, false, 32}).seconds,
                       host_aggregation(f, all, all, AggregatorSetup{1, false, 32}).seconds};
        std::printf("%-8u", k);
        for (double s : t) std::printf(" %10.2f ms %6.1f Gbps", s * 1e3, static_cast<double>(bytes) * 8 / s / 1e9);
        std::printf("\n");
    }
    return 0;
}
