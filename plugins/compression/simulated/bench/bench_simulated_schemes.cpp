// Every scheme's codec traffic replayed on the simulated fabric, for synthetic gradients
// whose nonzeros are placed independently at random (labelled synthetic: real gradients
// overlap more across workers, which favours the sparse schemes).
//   bench_simulated_schemes [values=4194304] [density=0.01] [workers=8]
#include "compression/simulated/scheme_timing.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>

using namespace compression;
using namespace compression::simulated;

int main(int argc, char** argv) {
    const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : (1u << 22);
    const double density = argc > 2 ? std::strtod(argv[2], nullptr) : 0.01;
    const std::uint32_t k = argc > 3 ? static_cast<std::uint32_t>(std::strtoul(argv[3], nullptr, 10)) : 8;

    std::mt19937_64 rng(1);
    std::bernoulli_distribution nonzero(density);
    std::normal_distribution<float> value(0.0f, 1.0f);
    std::vector<std::vector<float>> grads(k, std::vector<float>(n, 0.0f));
    for (auto& w : grads)
        for (auto& v : w)
            if (nonzero(rng)) v = value(rng);

    Fabric fabric;
    fabric.workers = k;
    const CommunicationTiming dense = simulate_communication(dense_in_network_traffic(n, k), fabric);
    std::printf("synthetic gradients: %zu float32 per worker, %.3g%% nonzero each (independent), %u workers\n", n,
                density * 100, k);
    std::printf("fabric: defaults (100 Gbps, 256 slots x 1024 B, ring for host sums, one aggregator per worker)\n\n");
    std::printf("%-12s %-32s %10s %8s %9s %10s %11s %9s\n", "scheme", "phases (path)", "agg [ms]", "Gbps", "vs dense",
                "wire [MB]", "switch KiB", "wall [s]");
    for (const char* name : {"dense-int", "dense", "lhc", "thc", "omnireduce", "topk", "fp16"}) {
        SchemeConfig config;
        config.scheme = name;
        auto scheme = make_scheme(config);
        Report report = aggregate(*scheme, grads).report;
        Traffic traffic = traffic_from_report(name, report, true);
        auto t0 = std::chrono::steady_clock::now();
        CommunicationTiming c = simulate_communication(traffic, fabric);
        double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::string phases;
        for (const auto& p : c.phases) phases += (phases.empty() ? "" : "+") + p.name;
        phases += std::string(" (") + to_string(traffic.phases.back().path) + ")";
        double wire = 0;
        for (const auto& p : c.phases) wire += static_cast<double>(p.wire_bytes);
        std::printf("%-12s %-32s %10.3f %8.1f %8.2fx %10.1f %11.1f %9.3f\n", name, phases.c_str(), c.seconds * 1e3,
                    c.throughput_gbps, c.throughput_gbps / dense.throughput_gbps, wire / 1e6,
                    static_cast<double>(c.switch_memory_bytes) / 1024, wall);
    }
    return 0;
}
