// A runs-table column is named one way everywhere (list --columns, CSV headers, the GUI's
// settings), and every column that can be sorted sorts in the store.
#include "store/run_export.hpp"
#include "store/run_store.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

using namespace sextant;
using namespace sextant::testing;
using Kind = RunColumn::Kind;

namespace {

const std::vector<RunColumn> kEveryKind = {
    {Kind::Id, ""},       {Kind::Identity, ""},    {Kind::Experiment, ""}, {Kind::Status, ""}, {Kind::Seed, ""},
    {Kind::Started, ""},  {Kind::Duration, ""},    {Kind::Tags, ""},       {Kind::Note, ""},   {Kind::JobId, ""},
    {Kind::JobState, ""}, {Kind::Param, "scheme"}, {Kind::Summary, "loss"}};

}  // namespace

TEST(RunColumn, IdsReadBackAsTheSameColumn) {
    for (const auto& c : kEveryKind) {
        const auto back = parse_run_column(c.id());
        ASSERT_TRUE(back) << c.id();
        EXPECT_EQ(*back, c) << c.id();
    }
    EXPECT_EQ(parse_run_column("loss"), (RunColumn{Kind::Summary, "loss"}));  // a bare metric name
    EXPECT_EQ((RunColumn{Kind::Param, "scheme"}).csv_header(), "param.scheme");
}

TEST(RunColumn, EverySortableColumnSortsInTheStore) {
    ScratchDir dir;
    RunStore store(dir / "s.db");
    const auto x = store.save_experiment("x", "p", "1", {});
    std::vector<NewRun> runs;
    for (int i = 0; i < 3; ++i) runs.push_back({"r" + std::to_string(i), {{"scheme", 2 - i}}, {{"kind", "local"}}, 7});
    const auto ids = store.register_runs(x, "p", "1", runs);
    int sortable = 0;
    for (const auto& c : kEveryKind) {
        RunQuery q;
        q.order_by = c.order_by();
        if (q.order_by.empty()) {
            EXPECT_TRUE(c.kind == Kind::Identity || c.kind == Kind::Tags || c.kind == Kind::Note) << c.id();
            continue;
        }
        ++sortable;
        EXPECT_EQ(store.runs(q).size(), 3u) << c.id();
    }
    EXPECT_EQ(sortable, 10);
    RunQuery by_scheme;
    by_scheme.order_by = RunColumn{Kind::Param, "scheme"}.order_by();
    EXPECT_EQ(store.runs(by_scheme).front().id, ids[2].id);  // scheme 0 first
    EXPECT_EQ((RunColumn{Kind::Duration, ""}.order_by()), "finished_at");
}
