// Multi-rank runs on a real Slurm: compression-training over Gloo as 2 Slurm tasks of one
// array task (srun, rendezvous on the shared work folder) trains exactly what the local
// 2-process run trains, and counts the same bytes on the wire.
#include "live_cluster.hpp"

#include <bit>
#include <map>

namespace sextant::testing {
namespace {

// Every (name, step) -> value of a query, read as doubles so they compare bit for bit.
std::map<std::pair<std::string, long long>, double> values(const fs::path& db, const std::string& sql) {
    sqlite3* handle = nullptr;
    std::map<std::pair<std::string, long long>, double> out;
    if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(handle);
        ADD_FAILURE() << "cannot open " << db;
        return out;
    }
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK)
        ADD_FAILURE() << sqlite3_errmsg(handle);
    while (statement && sqlite3_step(statement) == SQLITE_ROW)
        out[{reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), sqlite3_column_int64(statement, 1)}] =
            sqlite3_column_double(statement, 2);
    sqlite3_finalize(statement);
    sqlite3_close(handle);
    return out;
}

std::string differences(const std::map<std::pair<std::string, long long>, double>& a,
                        const std::map<std::pair<std::string, long long>, double>& b) {
    std::string out;
    for (const auto& [key, value] : a) {
        const auto it = b.find(key);
        if (it == b.end()) out += key.first + "@" + std::to_string(key.second) + " missing; ";
        else if (std::bit_cast<std::uint64_t>(value) != std::bit_cast<std::uint64_t>(it->second))
            out += key.first + "@" + std::to_string(key.second) + ": " + std::to_string(value) + " vs " +
                   std::to_string(it->second) + "; ";
    }
    if (a.size() != b.size()) out += std::to_string(a.size()) + " values vs " + std::to_string(b.size());
    return out;
}

// What does not measure time: every metric and summary but the *_time ones.
constexpr const char* kMetrics = "SELECT name, step, value FROM metrics WHERE name NOT LIKE '%time%'";
constexpr const char* kSummaries = "SELECT name, 0, value FROM summaries WHERE name NOT LIKE '%time%'";

TEST(SlurmMultiRank, TwoSlurmTasksOfGlooTrainingEqualTheLocalTwoProcessRunBitForBit) {
    REQUIRE_SLURM();
    if (!fs::exists(fs::path(SEXTANT_CLI).parent_path().parent_path() / "lib" / "sextant" / "plugins" /
                    "sextant-plugin-compression-training.so"))
        GTEST_SKIP() << "the compression-training plugin is not built (it needs libtorch and Gloo)";
    ScratchDir dir;
    // The tests' small recommender (tests/compression_training/training_helpers.hpp, small_ncf):
    // synthetic data, a few seconds per run.
    const nlohmann::json params = {
        {"model", "ncf"},      {"transport", "gloo"}, {"workers", 2},  {"steps", 12},         {"batch_size", 32},
        {"lr", 0.1},           {"users", 200},        {"items", 3000}, {"ncf_samples", 4000}, {"embedding_dim", 8},
        {"test_samples", 500}, {"scheme", "lhc"},     {"mode", "int"}, {"gloo_timeout_s", 60}};
    nlohmann::json x = {{"name", "gloo"}, {"plugin", "compression-training"}, {"params", params}, {"seed", 3}};
    write_project(dir / "local.sextant", {{"sextant_project", 1}, {"name", "local"}, {"experiments", {x}}});
    auto target = cluster_target(dir / "work");
    target["tasks_per_node"] = 2;  // 2 ranks of one run: 2 Slurm tasks on the one node
    x["target"] = target;
    write_project(dir / "cluster.sextant", {{"sextant_project", 1}, {"name", "cluster"}, {"experiments", {x}}});

    auto r = cli({"run", (dir / "local.sextant").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = cli({"run", (dir / "cluster.sextant").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto local = dir / "local.sextant.db", cluster = dir / "cluster.sextant.db";
    ASSERT_EQ(query(cluster, "SELECT status || ' ' || job_state FROM runs"), "done COMPLETED")
        << query(cluster, "SELECT error FROM runs");

    // The same run (identity), the same training: every loss, accuracy and byte count.
    EXPECT_EQ(query(local, "SELECT identity FROM runs"), query(cluster, "SELECT identity FROM runs"));
    const auto local_metrics = values(local, kMetrics), cluster_metrics = values(cluster, kMetrics);
    EXPECT_EQ(local_metrics.size(), 12u * 3);  // loss, train_accuracy, step_bytes_sent per step
    EXPECT_EQ(differences(local_metrics, cluster_metrics), "");
    const auto local_summaries = values(local, kSummaries), cluster_summaries = values(cluster, kSummaries);
    EXPECT_EQ(differences(local_summaries, cluster_summaries), "");
    // Bytes really went over TCP between the two ranks, fewer than dense would send.
    const double sent = cluster_summaries.at({"bytes_sent_per_worker", 0});
    EXPECT_GT(sent, 0);
    EXPECT_LT(sent, cluster_summaries.at({"dense_bytes_per_worker", 0}));

    // Slurm started the ranks, not the plugin: rank 0 said so and spawned nothing; rank 1
    // ran as its own Slurm task and met rank 0 in the rendezvous folder.
    EXPECT_EQ(query(cluster, "SELECT count(*) FROM logs WHERE message LIKE 'rank 0 of 2 Slurm tasks%'"), "1");
    EXPECT_EQ(query(cluster, "SELECT count(*) FROM logs WHERE message LIKE 'started 2 rank processes%'"), "0");
    EXPECT_EQ(query(local, "SELECT count(*) FROM logs WHERE message LIKE 'started 2 rank processes%'"), "1");
    const fs::path task = query(cluster, "SELECT job_dir FROM runs");
    EXPECT_NE(read_text(task / "events.rank1.jsonl").find("\"finished\""), std::string::npos)
        << read_text(task / "events.rank1.jsonl");
    EXPECT_FALSE(fs::is_empty(task / "rendezvous"));
}

}  // namespace
}  // namespace sextant::testing
