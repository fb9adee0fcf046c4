// The plugin's declarations decode into a simulator setup; a setup without processes is refused.
#include "plugin_params.hpp"

#include <gtest/gtest.h>

using namespace sextant;
using namespace sextant::osfm;

namespace {

nlohmann::json defaults() {
    nlohmann::json j;
    for (const auto& p : osfm_plugin_info().params) j[p.name] = p.default_value;
    return j;
}

}  // namespace

TEST(OsfmParams, DefaultsDecode) {
    RunSetup s = make_run_setup(Params(defaults()));
    EXPECT_EQ(s.policy, PolicyKind::Lru);
    EXPECT_EQ(s.capacity, 4096u);
    ASSERT_EQ(s.processes.size(), 4u);  // 2 zipf, 1 loop, 1 scan
    EXPECT_FALSE(s.selection);
    EXPECT_EQ(s.processes[0].pages, 4096u);
    EXPECT_EQ(s.processes[2].kind, StreamKind::Loop);
    EXPECT_EQ(s.processes[2].pages, 4915u);  // 1.2 x 4096
    EXPECT_FALSE(s.readahead.on);
}

TEST(OsfmParams, AMachineWithoutProcessesIsRefused) {
    auto j = defaults();
    j["zipf_procs"] = 0, j["loop_procs"] = 0, j["scan_procs"] = 0;
    try {
        make_run_setup(Params(j));
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("zipf_procs"), std::string::npos);
    }
}
