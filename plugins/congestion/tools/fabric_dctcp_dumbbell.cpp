// The DCTCP dumbbell on our packet fabric, for the side-by-side with ns3_dctcp_dumbbell
// (scripts/ns3-crosscheck, docs/congestion.md).
#include "fabric_dumbbell.hpp"

#include <iostream>

namespace cg = sextant::congestion;

int main(int argc, char** argv) {
    cg::DumbbellScenario s;
    CLI::App app{"DCTCP dumbbell on Sextant's packet fabric (the side of the ns-3 cross-check that is ours)"};
    cg::add_flags(app, s);
    std::string ecn_at = "dequeue";
    app.add_option("--ecn-at", ecn_at,
                   "Where the fabric marks: dequeue (the queue left behind; the reference switch-node.cc) or "
                   "enqueue (the queue found; ns-3's RED). Ours only: ns-3 marks at enqueue")
        ->check(CLI::IsMember({"dequeue", "enqueue"}))
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);
    try {
        s.validate();
    } catch (const std::invalid_argument& e) {
        std::cerr << "fabric_dctcp_dumbbell: " << e.what() << "\n";
        return 2;
    }
    cg::print_report(std::cout, s, cg::run_fabric_dumbbell(s, ecn_at == "enqueue"));
    return 0;
}
