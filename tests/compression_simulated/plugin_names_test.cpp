// The simulated target's parameters and metrics are part of the compression plugin's
// declarations; no name may be declared twice (it would mean two things).
#include "compression/simulated/target.hpp"
#include "settings.hpp"  // the compression plugin's declarations

#include <gtest/gtest.h>

#include <map>

namespace {

TEST(SimulatedTargetNames, EachNameDeclaredOnceByThePlugin) {
    const sextant::PluginInfo info = sextant::compression_plugin::plugin_info();
    std::map<std::string, int> params, metrics;
    for (const auto& p : info.params) ++params[p.name];
    for (const auto& m : info.metrics) ++metrics[m.name];
    for (const auto& [name, count] : params) EXPECT_EQ(count, 1) << "parameter " << name << " declared twice";
    for (const auto& [name, count] : metrics) EXPECT_EQ(count, 1) << "metric " << name << " declared twice";
    for (const auto& p : compression::simulated::simulated_params())
        EXPECT_EQ(params.count(p.name), 1u) << "simulated parameter " << p.name << " missing from the plugin";
    for (const auto& m : compression::simulated::simulated_metrics())
        EXPECT_EQ(metrics.count(m.name), 1u) << "simulated metric " << m.name << " missing from the plugin";
    // The simulated target reads these from the plugin's own parameters.
    EXPECT_EQ(params.count("workers"), 1u);
    EXPECT_EQ(params.count("profile"), 1u);
    EXPECT_EQ(params.count("profile_scale"), 1u);
}

}  // namespace
