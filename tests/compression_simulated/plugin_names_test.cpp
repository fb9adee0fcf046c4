// The simulated target's parameters and metrics join the compression plugin's own
// declarations; no name may mean two things.
#include "compression/simulated/target.hpp"
#include "settings.hpp"  // the compression plugin's declarations

#include <gtest/gtest.h>

#include <set>

namespace {

TEST(SimulatedTargetNames, DoNotCollideWithThePluginsDeclarations) {
    const sextant::PluginInfo info = sextant::compression_plugin::plugin_info();
    std::set<std::string> params, metrics;
    for (const auto& p : info.params) params.insert(p.name);
    for (const auto& m : info.metrics) metrics.insert(m.name);
    for (const auto& p : compression::simulated::simulated_params()) {
        EXPECT_EQ(params.count(p.name), 0u) << "parameter " << p.name << " is declared by the plugin too";
    }
    for (const auto& m : compression::simulated::simulated_metrics()) {
        EXPECT_EQ(metrics.count(m.name), 0u) << "metric " << m.name << " is declared by the plugin too";
    }
    // The simulated target reads these from the plugin's own parameters.
    EXPECT_EQ(params.count("workers"), 1u);
    EXPECT_EQ(params.count("profile"), 1u);
    EXPECT_EQ(params.count("profile_scale"), 1u);
}

}  // namespace
