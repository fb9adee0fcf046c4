// Speed of the packet-level fabric: packet hops simulated per CPU second on one core.
// Baselines in the same run: the same study point on the hot path as it was before the
// second speed pass (FabricConfig::reference_hot_path: the round robin reads every queue
// pair's state, pop then push for every event, a division per serialisation and ECMP
// choice), and on the fabric's first event queue (FabricConfig::reference_event_queue);
// both give the same outputs (checked: "OUTPUTS DIFFER" otherwise), so each "x" column is
// what that engineering buys on this machine at this moment. The flow-fidelity time is
// printed beside the packet one (a result, not a speed). Also the reference
// point: a 128-host ring all-reduce of 100 MB at 100 Gb/s with DCQCN (pass --full).
#include "congestion/study.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace cg = sextant::congestion;
namespace np = netsim::packet;

namespace {

// The three packet runs take turns `repeat` times; each keeps its least CPU time, the
// figure least disturbed by other processes on a shared machine.
void row(const char* label, cg::StudyConfig c, int repeat) {
    c.fidelity = cg::Fidelity::Packet;
    cg::StudyResult p, rr, r;
    auto keep_fastest = [](cg::StudyResult& best, cg::StudyResult run, int i) {
        if (i == 0 || run.cpu_s < best.cpu_s) best = std::move(run);
    };
    for (int i = 0; i < repeat; ++i) {
        c.fabric.reference_hot_path = c.fabric.reference_event_queue = false;
        keep_fastest(p, cg::run_study(c), i);
        c.fabric.reference_hot_path = true;
        keep_fastest(rr, cg::run_study(c), i);
        c.fabric.reference_hot_path = false;
        c.fabric.reference_event_queue = true;
        keep_fastest(r, cg::run_study(c), i);
    }
    c.fidelity = cg::Fidelity::Flow;
    cg::StudyResult f = cg::run_study(c);
    const double hops = static_cast<double>(p.packet_hops);
    auto same = [&](const cg::StudyResult& o) {
        return p.completion_s == o.completion_s && p.events == o.events && p.ecn_marks == o.ecn_marks &&
               p.pause_frames == o.pause_frames && p.packet_hops == o.packet_hops;
    };
    std::printf("%-44s %8.3f %8.3f | %7.2f %6.2f %7zu | %6.2f %6.2f %7.2f | %8.2f %5.2fx | %7.2f %5.2fx%s | %7zu\n",
                label, p.completion_s * 1e3, f.completion_s * 1e3, hops / 1e6, static_cast<double>(p.events) / hops,
                p.peak_events_pending, p.wall_s, p.cpu_s, hops / p.cpu_s / 1e6, hops / rr.cpu_s / 1e6,
                rr.cpu_s / p.cpu_s, hops / r.cpu_s / 1e6, r.cpu_s / p.cpu_s,
                same(rr) && same(r) ? "" : " OUTPUTS DIFFER", p.peak_packets_in_flight);
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    // --full adds the 128-host 100 MB ring; --only TEXT runs the points whose label holds
    // TEXT; --repeat N runs each packet configuration N times in turn and keeps the fastest.
    bool full = false;
    std::string only;
    int repeat = 1;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--full") == 0) full = true;
        else if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc) only = argv[++i];
        else if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc && std::atoi(argv[i + 1]) > 0)
            repeat = std::atoi(argv[++i]);
        else {
            std::fprintf(stderr, "usage: bench_congestion [--full] [--only TEXT] [--repeat N]\n");
            return 2;
        }
    }
    std::printf("%-44s %8s %8s | %7s %6s %7s | %6s %6s %7s | %8s %6s | %7s %6s | %7s\n",
                "study point (packet fidelity)", "pkt ms", "flow ms", "Mhops", "ev/hop", "peak ev", "wall s", "cpu s",
                "Mhop/s", "hotref/s", "x hot", "qref/s", "x q", "peak pkts");
    struct Point {
        const char* label;
        const char* topo;
        np::CcScheme cc;
        np::CollectiveKind coll;
        std::uint64_t bytes;
    };
    std::vector<Point> points = {
        {"ring 16 MiB, leaf-spine 4x8:1, dcqcn", "leaf-spine:4x8:1", np::CcScheme::Dcqcn,
         np::CollectiveKind::RingAllreduce, 16 << 20},
        {"ring 16 MiB, leaf-spine 4x8:1, none", "leaf-spine:4x8:1", np::CcScheme::None,
         np::CollectiveKind::RingAllreduce, 16 << 20},
        {"all-to-all 8 MiB, leaf-spine 4x8:4, dcqcn", "leaf-spine:4x8:4", np::CcScheme::Dcqcn,
         np::CollectiveKind::AllToAll, 8 << 20},
        {"all-to-all 8 MiB, leaf-spine 4x8:4, hpcc", "leaf-spine:4x8:4", np::CcScheme::Hpcc,
         np::CollectiveKind::AllToAll, 8 << 20},
        {"ring 8 MiB, leaf-spine 8x16:1 (128), dcqcn", "leaf-spine:8x16:1", np::CcScheme::Dcqcn,
         np::CollectiveKind::RingAllreduce, 8 << 20},
    };
    if (full)
        points.push_back({"ring 100 MB, leaf-spine 8x16:1 (128), dcqcn", "leaf-spine:8x16:1", np::CcScheme::Dcqcn,
                          np::CollectiveKind::RingAllreduce, 100'000'000});
    for (const Point& pt : points) {
        if (!only.empty() && std::string(pt.label).find(only) == std::string::npos) continue;
        cg::StudyConfig c;
        c.topology = pt.topo;
        c.fabric.cc.scheme = pt.cc;
        c.collective = pt.coll;
        c.bytes = pt.bytes;
        row(pt.label, c, repeat);
    }
}
