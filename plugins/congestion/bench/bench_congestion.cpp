// Speed of the packet-level fabric: packet hops simulated per CPU second on one core.
// Baseline in the same run: the same study point on the fabric's first event queue
// (FabricConfig::reference_event_queue, same outputs), so "speed-up" is what the event
// queue's engineering buys on this machine at this moment. The flow-fidelity time is
// printed beside the packet one (a result, not a speed). Also the reference
// point: a 128-host ring all-reduce of 100 MB at 100 Gb/s with DCQCN (pass --full).
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
    c.fabric.reference_event_queue = true;
    cg::StudyResult r = cg::run_study(c);
    c.fidelity = cg::Fidelity::Flow;
    cg::StudyResult f = cg::run_study(c);
    const double hops = static_cast<double>(p.packet_hops);
    const bool same = p.completion_s == r.completion_s && p.events == r.events && p.ecn_marks == r.ecn_marks &&
                      p.pause_frames == r.pause_frames;
    std::printf("%-44s %8.3f %8.3f | %7.2f %6.2f %7zu | %6.2f %6.2f %7.2f | %6.2f %7.2f | %6.2fx%s | %7zu\n", label,
                p.completion_s * 1e3, f.completion_s * 1e3, hops / 1e6, static_cast<double>(p.events) / hops,
                p.peak_events_pending, p.wall_s, p.cpu_s, hops / p.cpu_s / 1e6, r.cpu_s, hops / r.cpu_s / 1e6,
                r.cpu_s / p.cpu_s, same ? "" : " OUTPUTS DIFFER", p.peak_packets_in_flight);
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    bool full = argc > 1 && std::strcmp(argv[1], "--full") == 0;
    std::printf("%-44s %8s %8s | %7s %6s %7s | %6s %6s %7s | %6s %7s | %7s | %7s\n", "study point (packet fidelity)",
                "pkt ms", "flow ms", "Mhops", "ev/hop", "peak ev", "wall s", "cpu s", "Mhop/s", "ref s", "ref M/s",
                "speed-up", "peak pkts");
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
        cg::StudyConfig c;
        c.topology = pt.topo;
        c.fabric.cc.scheme = pt.cc;
        c.collective = pt.coll;
        c.bytes = pt.bytes;
        row(pt.label, c);
    }
}
