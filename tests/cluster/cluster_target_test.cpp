#include "cluster/cluster_target.hpp"
#include "run/run_identity.hpp"

#include <gtest/gtest.h>

namespace sextant {
namespace {

using nlohmann::json;

std::vector<std::string> problems_of(const json& target) {
    Problems problems("p.sextant");
    parse_cluster_target(target, problems, "experiments[0].target");
    return problems.texts();
}

TEST(ClusterTarget, DefaultsForEveryOptionalField) {
    const ClusterTarget t = parse_cluster_target(json{{"kind", "cluster"}, {"scheduler", "slurm"}});
    EXPECT_TRUE(t.local());
    EXPECT_EQ(t.workdir, "sextant-runs");
    EXPECT_EQ(t.nodes_per_run, 1);
    EXPECT_EQ(t.ranks(), 1);
    EXPECT_EQ(t.max_concurrent, 0);
    // Resources come from the plugin unless the target overrides them.
    const RunResources r = t.resources({2, 1, 8.0});
    EXPECT_EQ(r.cpus, 2);
    EXPECT_EQ(r.gpus, 1);
    EXPECT_DOUBLE_EQ(r.mem_gb, 8.0);
}

TEST(ClusterTarget, EveryFieldOfTheIssueExample) {
    const ClusterTarget t = parse_cluster_target(json::parse(R"({"kind": "cluster", "scheduler": "slurm",
        "host": "alice@login.cluster.edu", "workdir": "/scratch/alice/sextant", "partition": "gpu", "account": "lab",
        "time": "00:30:00", "cpus_per_run": 4, "gpus_per_run": 1, "mem_gb": 16, "nodes_per_run": 2,
        "tasks_per_node": 4, "max_concurrent": 64, "setup": "module load sextant",
        "network_interface": "ib0"})"));
    EXPECT_FALSE(t.local());
    EXPECT_EQ(t.host, "alice@login.cluster.edu");
    EXPECT_EQ(t.ranks(), 8);
    const RunResources r = t.resources({1, 0, 0});
    EXPECT_EQ(r.cpus, 4);
    EXPECT_EQ(r.gpus, 1);
    EXPECT_DOUBLE_EQ(r.mem_gb, 16);
    EXPECT_EQ(t.setup, "module load sextant");
    EXPECT_EQ(t.network_interface, "ib0");
}

TEST(ClusterTarget, UnknownFieldGetsDidYouMean) {
    const auto p = problems_of({{"kind", "cluster"}, {"scheduler", "slurm"}, {"partiton", "gpu"}});
    ASSERT_EQ(p.size(), 1u);
    EXPECT_NE(p[0].find("experiments[0].target.partiton"), std::string::npos) << p[0];
    EXPECT_NE(p[0].find("did you mean 'partition'"), std::string::npos) << p[0];
}

TEST(ClusterTarget, BadValuesNameTheFieldAndWhatWasExpected) {
    const auto p = problems_of({{"kind", "cluster"},
                                {"scheduler", "pbs"},
                                {"time", "half an hour"},
                                {"cpus_per_run", 0},
                                {"mem_gb", "16G"},
                                {"host", "-oProxyCommand=touch /tmp/x"},
                                {"partition", "gpu; rm -rf ~"},
                                {"network_interface", "ib0 $(reboot)"}});
    ASSERT_EQ(p.size(), 7u);
    std::string all;
    for (const auto& s : p) all += s + "\n";
    for (const char* expected :
         {"target.scheduler: unsupported scheduler \"pbs\"", "target.time: expected a Slurm time limit",
          "target.cpus_per_run: expected an integer in [1, 4096], got 0", "target.mem_gb: expected a number of GB > 0",
          "target.host: expected an ssh destination", "target.partition: expected a Slurm partition name",
          "target.network_interface: expected a network interface name like \"ib0\""})
        EXPECT_NE(all.find(expected), std::string::npos) << expected << "\n" << all;
}

TEST(ClusterTarget, SchedulerIsRequired) {
    const auto p = problems_of({{"kind", "cluster"}});
    ASSERT_EQ(p.size(), 1u);
    EXPECT_NE(p[0].find("target.scheduler: missing"), std::string::npos);
}

TEST(ClusterTarget, WhereARunExecutesDoesNotChangeItsIdentity) {
    const json params = {{"x", 1}};
    const json cluster = {{"kind", "cluster"}, {"scheduler", "slurm"}, {"host", "login"}, {"partition", "gpu"}};
    EXPECT_EQ(run_identity("p", "1", params, identity_target(cluster), 3),
              run_identity("p", "1", params, json{{"kind", "local"}}, 3));
    EXPECT_EQ(identity_target(json{{"kind", "simulated"}}), (json{{"kind", "simulated"}}));
}

}  // namespace
}  // namespace sextant
