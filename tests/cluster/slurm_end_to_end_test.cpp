// End to end on a real Slurm: job arrays through ssh to localhost and directly, artifacts,
// quoting, secrets, version checks, sync.
#include "live_cluster.hpp"

#include <set>

namespace sextant::testing {
namespace {

TEST(SlurmEndToEnd, TwentyRunsGoOutAsOneArrayThroughSsh) {
    REQUIRE_SLURM();
    std::string why;
    const std::string config = ssh_config(why);
    if (config.empty()) GTEST_SKIP() << why;
    ScratchDir dir;
    const auto project = dir / "p.sextant";
    write_project(project, cluster_project(cluster_target(dir / "work", "sextant-test"),
                                           {{"steps", 4}, {"write_artifact", true}}, scale_sweep(20)));
    const auto r = cli({"run", project.string()}, config);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("20 runs: 20 done now"), std::string::npos) << r.err;
    const auto db = dir / "p.sextant.db";
    EXPECT_EQ(query(db, "SELECT count(*) FROM runs WHERE status='done' AND job_state='COMPLETED'"), "20");
    // One array: every job id is ARRAY_i with the same ARRAY and distinct i.
    const std::string arrays = query(db, "SELECT count(DISTINCT substr(job_id, 1, instr(job_id, '_') - 1)) FROM runs");
    EXPECT_EQ(arrays, "1");
    EXPECT_EQ(query(db, "SELECT count(DISTINCT job_id) FROM runs"), "20");
    // The same results a local run stores: 4 loss points, summaries, the artifact copied back.
    EXPECT_EQ(query(db, "SELECT count(*) FROM metrics"), "80");
    EXPECT_EQ(query(db,
                    "SELECT value FROM summaries s JOIN runs r ON r.id = s.run_id "
                    "WHERE s.name='final_loss' AND json_extract(r.params, '$.scale') = 8"),
              "2.0");
    EXPECT_EQ(query(db, "SELECT count(*) FROM artifacts"), "20");
    const std::string run_dir = query(db, "SELECT path FROM artifacts LIMIT 1");
    EXPECT_TRUE(fs::exists(dir / "p.artifacts" / run_dir)) << run_dir;

    // Nothing secret is kept: not the key, not its path, not the ssh config.
    const std::string key = read_text(fs::path(config).parent_path() / "user_key");
    const std::string dump = sh("sqlite3 '" + db.string() + "' .dump").out + read_text(project);
    ASSERT_FALSE(key.empty());
    EXPECT_EQ(dump.find(key.substr(40, 60)), std::string::npos);
    EXPECT_EQ(dump.find("PRIVATE KEY"), std::string::npos);
    EXPECT_EQ(dump.find("user_key"), std::string::npos);
    EXPECT_EQ(dump.find(config), std::string::npos);

    // Running again submits nothing.
    const auto again = cli({"run", project.string()}, config);
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.err.find("0 done now, 20 done before"), std::string::npos) << again.err;
}

TEST(SlurmEndToEnd, HostOmittedSubmitsOnThisMachine) {
    REQUIRE_SLURM();
    ScratchDir dir;
    const auto project = dir / "p.sextant";
    write_project(project, cluster_project(cluster_target(dir / "work"), {{"steps", 3}}, scale_sweep(3)));
    const auto r = cli({"run", project.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(query(dir / "p.sextant.db", "SELECT group_concat(status) FROM runs"), "done,done,done");
}

TEST(SlurmEndToEnd, ValuesWithShellSyntaxAreCarriedVerbatimAndRunNothing) {
    REQUIRE_SLURM();
    std::string why;
    const std::string config = ssh_config(why);
    if (config.empty()) GTEST_SKIP() << why;
    ScratchDir dir;
    const std::string marker = (dir / "pwned").string();
    const std::string nasty =
        "it's \"x\" $(touch " + marker + "1) `touch " + marker + "2`; touch " + marker + "3\nline two";
    const auto project = dir / "p.sextant";
    // The work folder, the experiment name and a parameter all carry shell syntax.
    write_project(project, cluster_project(cluster_target(dir / "work $(touch pwned4) it's", "sextant-test"),
                                           {{"steps", 1}, {"label", nasty}, {"write_artifact", true}}, nullptr,
                                           "x'; touch pwned5; echo '"));
    const auto r = cli({"run", project.string()}, config);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (int i = 1; i <= 3; ++i) EXPECT_FALSE(fs::exists(marker + std::to_string(i))) << i;
    // Relative markers would land in the job's folder or the home folder.
    EXPECT_EQ(sh("find '" + dir.path().string() + "' \"$HOME\" -maxdepth 6 -name 'pwned*'").out, "");
    const auto db = dir / "p.sextant.db";
    const std::string logged = query(db, "SELECT hex(message) FROM logs WHERE message LIKE 'label=%'");
    std::string expected_hex;
    for (unsigned char c : "label=" + nasty) {
        char h[3];
        std::snprintf(h, sizeof h, "%02X", c);
        expected_hex += h;
    }
    EXPECT_EQ(logged, expected_hex);
    EXPECT_TRUE(fs::is_directory(dir / "work $(touch pwned4) it's"));
}

TEST(SlurmEndToEnd, VersionSkewAndMissingPluginsAreReportedBeforeSubmitting) {
    REQUIRE_SLURM();
    ScratchDir dir;
    // A cluster whose sextant-cli is another version.
    fs::create_directories(dir / "old");
    write_text(dir / "old" / "sextant-cli",
               "#!/bin/sh\n[ \"$1\" = --version ] && echo 'sextant-cli 0.0.9 (plugin API v1)' && exit 0\n"
               "echo '[]'\n");
    fs::permissions(dir / "old" / "sextant-cli", fs::perms::owner_all);
    auto target = cluster_target(dir / "work");
    target["setup"] = target["setup"].get<std::string>() + "; export PATH='" + (dir / "old").string() + "':$PATH";
    const auto project = dir / "p.sextant";
    write_project(project, cluster_project(target, {{"steps", 1}}, nullptr));
    auto r = cli({"run", project.string()});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("version skew"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("0.0.9"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(" (plugin API v3)"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "work"));  // nothing was submitted

    // A cluster without the plugin: named in the error.
    target = cluster_target(dir / "work");
    target["setup"] = target["setup"].get<std::string>() + " SEXTANT_PLUGIN_PATH='" + (dir / "old").string() + "'";
    write_project(project, cluster_project(target, {{"steps", 1}}, nullptr));
    r = cli({"run", project.string()});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("plugin 'fixture'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("not installed on the cluster"), std::string::npos) << r.err;
}

TEST(SlurmEndToEnd, SyncSubmitsReturnsAndLaterIngestsOnce) {
    REQUIRE_SLURM();
    ScratchDir dir;
    const auto project = dir / "p.sextant";
    write_project(project,
                  cluster_project(cluster_target(dir / "work"), {{"steps", 5}, {"sleep_ms", 200}}, scale_sweep(4)));
    auto r = cli({"sync", project.string()});
    ASSERT_NE(r.err.find("4 runs"), std::string::npos) << r.err;
    const auto db = dir / "p.sextant.db";
    EXPECT_EQ(query(db, "SELECT count(*) FROM runs WHERE job_id IS NOT NULL"), "4");
    EXPECT_NE(query(db, "SELECT count(*) FROM runs WHERE status='done'"), "4");  // it did not wait
    // Later syncs ingest what finished, once.
    wait_until([&] {
        cli({"sync", project.string()});
        return query(db, "SELECT count(*) FROM runs WHERE status='done'") == "4";
    });
    EXPECT_EQ(query(db, "SELECT count(*) FROM runs WHERE status='done'"), "4");
    EXPECT_EQ(query(db, "SELECT count(*) FROM metrics"), "20");
    EXPECT_EQ(query(db, "SELECT count(DISTINCT substr(job_id, 1, instr(job_id, '_') - 1)) FROM runs"), "1");
}

}  // namespace
}  // namespace sextant::testing

namespace sextant::testing {
namespace {

// The quick-start's codec experiment (smaller gradients) on `cluster` and on `local`: the same
// run identities and the same deterministic summaries.
TEST(SlurmEndToEnd, QuickStartOnTheClusterEqualsLocal) {
    REQUIRE_SLURM();
    std::string why;
    const std::string config = ssh_config(why);
    if (config.empty()) GTEST_SKIP() << why;
    if (!fs::exists(fs::path(SEXTANT_CLI).parent_path().parent_path() / "lib" / "sextant" / "plugins" /
                    "sextant-plugin-compression.so"))
        GTEST_SKIP() << "the compression plugin is not built";
    ScratchDir dir;
    auto quickstart = nlohmann::json::parse(read_text(fs::path(SEXTANT_SOURCE_DIR) / "experiments/quickstart.sextant"));
    nlohmann::json codec = quickstart["experiments"][0];
    ASSERT_EQ(codec["name"], "codec");
    codec["params"]["size"] = 65536;
    const nlohmann::json local = {{"sextant_project", 1}, {"name", "local"}, {"experiments", {codec}}};
    codec["target"] = cluster_target(dir / "work", "sextant-test");
    const nlohmann::json cluster = {{"sextant_project", 1}, {"name", "cluster"}, {"experiments", {codec}}};
    write_project(dir / "local.sextant", local);
    write_project(dir / "cluster.sextant", cluster);
    auto r = cli({"run", (dir / "local.sextant").string(), "--jobs", "2"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = cli({"run", (dir / "cluster.sextant").string()}, config);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // Every summary that does not measure time (ratios, bytes, exactness) is equal.
    const std::string deterministic =
        "SELECT r.identity, s.name, s.value FROM runs r JOIN summaries s ON s.run_id = r.id "
        "WHERE s.name LIKE '%ratio%' OR s.name LIKE '%bytes%' OR s.name LIKE '%exact%' ORDER BY 1, 2";
    const std::string here = query(dir / "local.sextant.db", deterministic);
    const std::string there = query(dir / "cluster.sextant.db", deterministic);
    EXPECT_GT(here.size(), 100u) << here;
    EXPECT_EQ(here, there);
    EXPECT_EQ(
        query(dir / "local.sextant.db", "SELECT group_concat(identity) FROM (SELECT identity FROM runs ORDER BY 1)"),
        query(dir / "cluster.sextant.db", "SELECT group_concat(identity) FROM (SELECT identity FROM runs ORDER BY 1)"));
    // 9 schemes (the three LHC protocols among them) x 3 densities.
    EXPECT_EQ(query(dir / "cluster.sextant.db", "SELECT count(*) FROM runs WHERE status='done'"), "27");
}

}  // namespace
}  // namespace sextant::testing
