#include "store/run_store.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>

using namespace sextant;
using namespace sextant::testing;

namespace {

std::vector<NewRun> new_runs(int n, const std::string& prefix = "r") {
    std::vector<NewRun> runs;
    for (int i = 0; i < n; ++i) runs.push_back({prefix + std::to_string(i), {{"i", i}}, {{"kind", "local"}}, 7});
    return runs;
}

}  // namespace

TEST(RunStore, CreatesSchemaWithVersion) {
    ScratchDir dir;
    RunStore store(dir / "s.db");
    EXPECT_EQ(store.schema_version(), RunStore::current_schema_version());
    EXPECT_GE(RunStore::current_schema_version(), 1);
}

TEST(RunStore, RefusesNewerSchema) {
    ScratchDir dir;
    { RunStore store(dir / "s.db"); }
    {
        sql::Database db(dir / "s.db");
        db.exec("PRAGMA user_version = 99");
    }
    EXPECT_THROW(RunStore(dir / "s.db"), std::runtime_error);
}

TEST(RunStore, RegisterIsIdempotentByIdentity) {
    ScratchDir dir;
    RunStore store(dir / "s.db");
    const auto e = store.save_experiment("exp", "p", "1", {{"x", 1}});
    const auto first = store.register_runs(e, "p", "1", new_runs(3));
    const auto again = store.register_runs(e, "p", "1", new_runs(4));
    ASSERT_EQ(first.size(), 3u);
    ASSERT_EQ(again.size(), 4u);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(first[i].id, again[i].id);
    EXPECT_EQ(store.count_runs(), 4);
    EXPECT_EQ(again[0].status, RunStatus::Queued);
    EXPECT_EQ(again[0].experiment, "exp");
    EXPECT_EQ(again[2].params["i"], 2);
}

TEST(RunStore, LifecycleMetricsSummariesArtifactsTagsNotes) {
    ScratchDir dir;
    RunStore store(dir / "s.db");
    const auto e = store.save_experiment("exp", "p", "1", {});
    const auto id = store.register_runs(e, "p", "1", new_runs(1))[0].id;
    const auto prov = store.save_provenance({"abc", true, "diff --git", "0.1", "host", "cpu", "os", "cmd", "/"});
    store.mark_started(id, 10.0, "hostA", prov);
    store.begin();
    store.add_metrics(id, {{"loss", 0, 1.0, 10.1}, {"loss", 1, 0.5, 10.2}, {"acc", 0, 0.9, 10.2}});
    store.set_summary(id, "final", 0.5);
    store.set_summary(id, "final", 0.25);  // last write wins
    store.add_artifact(id, {"fx/run-1/a.txt", "text", 3, "00ff"});
    store.add_log(id, {10.3, "info", "hello"});
    store.commit();
    store.mark_finished(id, RunStatus::Done, 11.0, "", std::nullopt, "");
    store.set_tags(id, {"best", "paper"});
    store.set_note(id, "looks right");

    const auto run = store.run(id);
    ASSERT_TRUE(run);
    EXPECT_EQ(run->status, RunStatus::Done);
    EXPECT_EQ(run->host, "hostA");
    EXPECT_EQ(run->attempts, 1);
    EXPECT_EQ(store.metrics(id, "loss").size(), 2u);
    EXPECT_EQ(store.metric_names(id), (std::vector<std::string>{"acc", "loss"}));
    EXPECT_EQ(store.summaries(id).at("final"), 0.25);
    EXPECT_EQ(store.artifacts(id).at(0).path, "fx/run-1/a.txt");
    EXPECT_EQ(store.logs(id).at(0).message, "hello");
    EXPECT_EQ(store.tags(id), (std::vector<std::string>{"best", "paper"}));
    EXPECT_EQ(store.note(id), "looks right");
    EXPECT_EQ(store.provenance(prov)->git_diff, "diff --git");
    EXPECT_EQ(store.find_run(std::to_string(id))->id, id);
}

TEST(RunStore, InterruptedRunsAreRequeuedWithPartialResultsRemoved) {
    ScratchDir dir;
    RunStore store(dir / "s.db");
    const auto e = store.save_experiment("exp", "p", "1", {});
    const auto runs = store.register_runs(e, "p", "1", new_runs(2));
    store.mark_started(runs[0].id, 1, "h", std::nullopt);
    store.add_metrics(runs[0].id, {{"loss", 0, 1.0, 1.0}});
    store.set_summary(runs[0].id, "x", 1);
    store.mark_started(runs[1].id, 1, "h", std::nullopt);
    store.mark_finished(runs[1].id, RunStatus::Done, 2, "", std::nullopt, "");
    EXPECT_EQ(store.requeue_interrupted(), 1);
    EXPECT_EQ(store.run(runs[0].id)->status, RunStatus::Queued);
    EXPECT_TRUE(store.metrics(runs[0].id).empty());
    EXPECT_TRUE(store.summaries(runs[0].id).empty());
    EXPECT_EQ(store.run(runs[1].id)->status, RunStatus::Done);
}

TEST(RunStore, PagedQueriesFilterAndOrder) {
    ScratchDir dir;
    RunStore store(dir / "s.db");
    const auto a = store.save_experiment("a", "p", "1", {});
    const auto b = store.save_experiment("b", "p", "1", {});
    store.register_runs(a, "p", "1", new_runs(5, "a"));
    const auto bs = store.register_runs(b, "p", "1", new_runs(3, "b"));
    store.mark_finished(bs[1].id, RunStatus::Failed, 1, "boom", 1, "tail");
    RunQuery q;
    q.experiment = "b";
    EXPECT_EQ(store.count_runs(q), 3);
    q.status = RunStatus::Failed;
    ASSERT_EQ(store.runs(q).size(), 1u);
    EXPECT_EQ(store.runs(q)[0].error, "boom");
    RunQuery page;
    page.order_by = "id";
    page.descending = true;
    page.offset = 1;
    page.limit = 2;
    const auto rows = store.runs(page);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].id, bs[1].id);
    EXPECT_THROW(
        {
            page.order_by = "drop table";
            store.runs(page);
        },
        std::invalid_argument);
}

// "Parameters that vary" (one streaming pass) gives what its definition in SQL gives:
// GROUP BY parameter HAVING more than one value or JSON type, or some run lacking it - on
// seeded random runs whose values include the cases that differ only subtly (2 and 2.0,
// 0.1 + 0.2 and 0.3, [1, 2] and [2, 1], null, false and 0, a missing key, no parameters).
TEST(RunStore, ParamsThatVaryMatchesItsDefinition) {
    ScratchDir dir;
    RunStore store(dir / "s.db");
    const std::vector<nlohmann::json> palette = {2,
                                                 2.0,
                                                 0.1 + 0.2,
                                                 0.3,
                                                 "2",
                                                 "x",
                                                 nullptr,
                                                 false,
                                                 0,
                                                 true,
                                                 nlohmann::json::array({1, 2}),
                                                 nlohmann::json::array({2, 1}),
                                                 nlohmann::json::object({{"k", 1}})};
    std::mt19937 rng(11);
    std::vector<std::int64_t> ids;
    for (const char* x : {"a", "b", "c"}) {
        const auto xid = store.save_experiment(x, "p", "1", {});
        std::vector<NewRun> runs;
        for (int i = 0; i < 40; ++i) {
            nlohmann::json params = nlohmann::json::object();
            for (const char* key : {"k1", "k2", "k3", "k4", "k5"}) {
                if (rng() % 9 == 0) continue;  // missing now and then
                // Each key draws from two neighbouring values, so many subsets see one value only.
                const std::size_t base =
                    (static_cast<std::size_t>(key[1] - '1') * 3 + std::string(x)[0]) % palette.size();
                params[key] = palette[(base + (rng() % 5 == 0 ? 1 : 0)) % palette.size()];
            }
            if (i == 7) params = nlohmann::json::object();
            runs.push_back({std::string(x) + std::to_string(i), params, {{"kind", "local"}}, 1});
        }
        for (const auto& r : store.register_runs(xid, "p", "1", runs)) ids.push_back(r.id);
    }
    sql::Database db(dir / "s.db", /*read_only=*/true);
    const auto defined = [&](const std::vector<std::int64_t>& chosen) {
        auto s = db.prepare(
            "WITH chosen AS (SELECT params FROM runs WHERE id IN (SELECT value FROM json_each(?1))) SELECT p.key FROM "
            "chosen, json_each(chosen.params) p GROUP BY p.key HAVING COUNT(DISTINCT p.value) > 1 OR COUNT(DISTINCT "
            "p.type) > 1 OR COUNT(*) < (SELECT COUNT(*) FROM chosen) ORDER BY p.key");
        s.bind(1, nlohmann::json(chosen).dump());
        std::vector<std::string> out;
        while (s.step()) out.push_back(s.text(0));
        return out;
    };
    int varied = 0, constant = 0;
    for (int trial = 0; trial < 400; ++trial) {
        std::vector<std::int64_t> chosen;
        const std::size_t n = 1 + rng() % (trial % 4 == 0 ? ids.size() : 6);
        for (std::size_t i = 0; i < n; ++i) chosen.push_back(ids[rng() % ids.size()]);
        RunQuery q;
        q.ids = chosen;
        const auto got = store.params_that_vary(q);
        EXPECT_EQ(got, defined(chosen)) << nlohmann::json(chosen).dump();
        varied += static_cast<int>(got.size());
        constant += 5 - static_cast<int>(got.size());
    }
    EXPECT_GT(varied, 200);  // both answers are common, so the comparison means something
    EXPECT_GT(constant, 200);
    RunQuery b;
    b.experiment = "b";
    std::vector<std::int64_t> of_b(ids.begin() + 40, ids.begin() + 80);
    EXPECT_EQ(store.params_that_vary(b), defined(of_b));
}

// A reader (the GUI, `list`) sees consistent committed data while a sweep writes.
TEST(RunStore, ConcurrentReaderWhileWriting) {
    ScratchDir dir;
    const auto path = dir / "s.db";
    std::int64_t run_id = 0;
    {
        RunStore setup(path);
        const auto e = setup.save_experiment("exp", "p", "1", {});
        run_id = setup.register_runs(e, "p", "1", new_runs(1))[0].id;
    }
    std::atomic<bool> writing{true};
    std::thread writer([&] {
        RunStore store(path);
        for (int batch = 0; batch < 50; ++batch) {
            std::vector<MetricSample> samples;
            for (int i = 0; i < 100; ++i) samples.push_back({"loss", batch * 100 + i, 1.0, 0});
            store.begin();
            store.add_metrics(run_id, samples);
            store.commit();
        }
        writing = false;
    });
    RunStore reader(path, /*read_only=*/true);
    std::size_t last = 0;
    int reads = 0;
    while (writing || reads == 0) {
        const auto n = reader.metrics(run_id, "loss").size();
        EXPECT_EQ(n % 100, 0u) << "a reader saw half a batch";
        EXPECT_GE(n, last);
        last = n;
        ++reads;
    }
    writer.join();
    EXPECT_EQ(reader.metrics(run_id, "loss").size(), 5000u);
}

TEST(RunStore, ExtrasOfManyRunsEqualTheirOneByOneReads) {
    ScratchDir dir;
    RunStore store(dir / "s.db");
    const auto e = store.save_experiment("exp", "p", "1", {});
    const auto runs = store.register_runs(e, "p", "1", new_runs(5));
    store.set_summary(runs[0].id, "loss", 0.5);
    store.set_summary(runs[0].id, "time", 2);
    store.set_summary(runs[3].id, "loss", 0.25);
    store.set_tags(runs[1].id, {"b", "a"});
    store.set_note(runs[3].id, "two\nlines");
    std::vector<std::int64_t> ids;
    for (const auto& r : runs) ids.push_back(r.id);
    ids.pop_back();  // the last run is not asked for
    const auto extras = store.extras(ids);
    for (const auto id : ids) {
        const auto it = extras.find(id);
        const RunStore::RunExtras none;
        const auto& x = it == extras.end() ? none : it->second;
        EXPECT_EQ(x.summaries, store.summaries(id)) << id;
        EXPECT_EQ(x.tags, store.tags(id)) << id;
        EXPECT_EQ(x.note, store.note(id)) << id;
    }
    EXPECT_FALSE(extras.count(runs[4].id));
    EXPECT_TRUE(store.extras({}).empty());
}

TEST(RunStore, DataVersionChangesOnlyWhenAnotherConnectionCommits) {
    ScratchDir dir;
    const auto path = dir / "s.db";
    RunStore writer(path);
    const auto e = writer.save_experiment("exp", "p", "1", {});
    RunStore reader(path, /*read_only=*/true);
    const auto before = reader.data_version();
    EXPECT_EQ(reader.data_version(), before);
    writer.register_runs(e, "p", "1", new_runs(1));
    EXPECT_NE(reader.data_version(), before);
}
