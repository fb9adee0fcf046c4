// Every run identity of the quick-start project, planned by the engine with the in-tree
// plugins, must equal the list recorded before the engine was restructured
// (quickstart_identities.txt, recorded at main 2275c4e). An identity that changes makes
// every stored run of every user look new; a plugin bumping its version on purpose
// re-records the list with SEXTANT_RECORD_IDENTITIES=1.
#include "project/project.hpp"
#include "run/run_identity.hpp"
#include "run/sweep_plan.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace sextant;

TEST(QuickstartIdentities, SameAsRecordedBeforeTheRestructuring) {
    const std::string file = SOURCE_DIR "/experiments/quickstart.sextant";
    const auto plan = plan_sweeps(Project::load(file), file, PluginRegistry({PLUGIN_DIR}), {});
    std::ostringstream now;
    for (const auto& x : plan)
        for (const auto& p : x.points)
            now << x.experiment.name << " " << x.plugin.info.version << " seed " << p.seed << " "
                << run_identity(x.plugin.info.id, x.plugin.info.version, p.params, x.experiment.target, p.seed) << "\n";
    const std::string recorded_file = SOURCE_DIR "/tests/cli/quickstart_identities.txt";
    if (std::getenv("SEXTANT_RECORD_IDENTITIES")) std::ofstream(recorded_file) << now.str();
    std::ifstream in(recorded_file);
    ASSERT_TRUE(in) << recorded_file;
    std::stringstream recorded;
    recorded << in.rdbuf();
    EXPECT_GT(now.str().size(), 0u);
    EXPECT_EQ(now.str(), recorded.str());
}
