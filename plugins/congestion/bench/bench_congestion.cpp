// Speed of the packet-level fabric: packet hops simulated per CPU second on one core, and
// the same study at flow fidelity in the same run as the baseline (the ratio is what the
// packet model costs). Also the reference point: a 128-host ring all-reduce of
// 100 MB at 100 Gb/s with DCQCN (pass --full; it takes minutes).
#include "congestion/study.hpp"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace cg = sextant::congestion;
namespace np = netsim::packet;

namespace {

void row(const char* label, cg::StudyConfig c) {
    c.fidelity = cg::Fidelity::Packet;
    cg::StudyResult p = cg::run_study(c);
    c.fidelity = cg::Fidelity::Flow;
    cg::StudyResult f = cg::run_study(c);
    std::printf("%-46s %9.3f %9.3f %7.3f | %8.2f %8.2f %7.2f | %6.2f %8.4f %7.0fx | %7zu\n", label, p.completion_s * 1e3,
                f.completion_s * 1e3, p.completion_s / f.completion_s, static_cast<double>(p.packet_hops) / 1e6,
                p.cpu_s, p.wall_s, static_cast<double>(p.packet_hops) / p.cpu_s / 1e6, f.cpu_s,
                p.cpu_s / std::max(f.cpu_s, 1e-6), p.peak_packets_in_flight);
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    bool full = argc > 1 && std::strcmp(argv[1], "--full") == 0;
    std::printf("%-46s %9s %9s %7s | %8s %8s %7s | %6s %8s %8s | %7s\n", "study point", "pkt ms", "flow ms", "ratio",
                "Mhops", "cpu s", "wall s", "Mhop/s", "flow cpu", "cost", "peak pkts");
    struct Point {
        const char* label;
        const char* topo;
        np::CcScheme cc;
        np::CollectiveKind coll;
        std::uint64_t bytes;
    };
    std::vector<Point> points = {
        {"ring 16 MiB, leaf-spine 4x8:1, dcqcn", "leaf-spine:4x8:1", np::CcScheme::Dcqcn, np::CollectiveKind::RingAllreduce, 16 << 20},
        {"ring 16 MiB, leaf-spine 4x8:1, none", "leaf-spine:4x8:1", np::CcScheme::None, np::CollectiveKind::RingAllreduce, 16 << 20},
        {"all-to-all 8 MiB, leaf-spine 4x8:4, dcqcn", "leaf-spine:4x8:4", np::CcScheme::Dcqcn, np::CollectiveKind::AllToAll, 8 << 20},
        {"all-to-all 8 MiB, leaf-spine 4x8:4, hpcc", "leaf-spine:4x8:4", np::CcScheme::Hpcc, np::CollectiveKind::AllToAll, 8 << 20},
        {"ring 8 MiB, leaf-spine 8x16:1 (128), dcqcn", "leaf-spine:8x16:1", np::CcScheme::Dcqcn, np::CollectiveKind::RingAllreduce, 8 << 20},
    };
    if (full)
        points.push_back({"ring 100 MB, leaf-spine 8x16:1 (128), dcqcn", "leaf-spine:8x16:1", np::CcScheme::Dcqcn,
                          np::CollectiveKind::RingAllreduce, 100'000'000});
    for (const Point& pt : points) {
        cg::StudyConfig c;
        c.topology = pt.topo;
        c.fabric.cc.scheme = pt.cc;
        c.collective = pt.coll;
        c.bytes = pt.bytes;
        row(pt.label, c);
    }
}
