#include "catalog/plugin_catalog.hpp"
#include "gui_test_support.hpp"
#include "params/param_values.hpp"
#include "plots/plot_runs.hpp"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QFile>

#include <gtest/gtest.h>

using namespace sextant;
using namespace sextant::ui;

TEST(PluginCatalog, AsksTheCliThenUsesItsCache) {
    test::ensure_app();
    PluginCatalog first(SEXTANT_CLI);
    first.refresh(/*force=*/true);  // skips the disk cache (other tests may have filled it)
    ASSERT_TRUE(first.waitForLoaded(30000)) << first.lastError().toStdString();
    EXPECT_FALSE(first.cameFromCache());
    const PluginInfo* fixture = first.find("fixture");
    ASSERT_NE(fixture, nullptr);
    EXPECT_EQ(fixture->version, "1.0.0");
    ASSERT_NE(find_param(*fixture, "steps"), nullptr);
    ASSERT_NE(first.findMetric("fixture", "final_loss"), nullptr);
    EXPECT_EQ(first.findMetric("fixture", "final_loss")->better, Better::Lower);
    EXPECT_EQ(first.findMetric("fixture", "steps_done")->better, Better::Higher);
    EXPECT_EQ(first.findMetric("fixture", "no such metric"), nullptr);
    EXPECT_EQ(first.findMetric("no such plugin", "final_loss"), nullptr);
    // The wrong-api fixture is refused by the CLI, not by this process.
    EXPECT_EQ(first.find("wrong-api"), nullptr);

    PluginCatalog second(SEXTANT_CLI);
    QSignalSpy loaded(&second, &PluginCatalog::loaded);
    second.refresh();
    EXPECT_EQ(loaded.count(), 1);  // at once, from the disk cache
    EXPECT_TRUE(second.cameFromCache());
    EXPECT_NE(second.find("fixture"), nullptr);
}

TEST(PluginCatalog, ReportsAMissingCli) {
    test::ensure_app();
    PluginCatalog catalog("/nonexistent/sextant-cli");
    QSignalSpy failed(&catalog, &PluginCatalog::failed);
    catalog.refresh(/*force=*/true);
    EXPECT_FALSE(catalog.waitForLoaded(10000));
    EXPECT_EQ(failed.count(), 1);
    EXPECT_FALSE(catalog.lastError().isEmpty());
}

TEST(PluginCatalog, ParsesDeclarationsJson) {
    const auto plugins = PluginCatalog::parse(R"([{"id":"x","version":"1","params":[{"name":"n","type":"int",
        "default":1,"min":0,"max":9,"source":"paper"}],"metrics":[{"name":"m","better":"higher"}],"targets":["local"]}])");
    ASSERT_EQ(plugins.size(), 1u);
    EXPECT_EQ(plugins[0].params[0].source, "paper");
    EXPECT_EQ(plugins[0].metrics[0].better, Better::Higher);
    EXPECT_THROW(PluginCatalog::parse("[{]"), std::exception);
}

// Two plugins declare `encode_time` with different units: a run's metric is resolved
// through its own plugin, whichever plugin happens to come first in the catalog.
TEST(PluginCatalog, MetricsResolveThroughTheRunsOwnPlugin) {
    std::vector<PluginInfo> plugins(2);
    plugins[0].id = "compression";
    plugins[0].metrics = {summary_metric("encode_time", "ms", Better::Lower)};
    plugins[1].id = "compression-training";
    plugins[1].metrics = {summary_metric("encode_time", "s", Better::Lower),
                          summary_metric("accuracy", "", Better::Higher)};
    const auto find = [&](const std::string& plugin, const std::string& metric) -> const MetricDecl* {
        for (const auto& p : plugins)
            if (p.id == plugin)
                for (const auto& m : p.metrics)
                    if (m.name == metric) return &m;
        return nullptr;
    };
    std::vector<PlotRun> training(1);
    training[0].plugin = "compression-training";
    ASSERT_NE(metric_of(training, "encode_time", find), nullptr);
    EXPECT_EQ(metric_of(training, "encode_time", find)->unit, "s");
    EXPECT_EQ(better_of(training, "accuracy", find), Better::Higher);
    std::vector<PlotRun> codec(1);
    codec[0].plugin = "compression";
    EXPECT_EQ(metric_of(codec, "encode_time", find)->unit, "ms");
    EXPECT_EQ(metric_of(codec, "accuracy", find), nullptr);  // not the codec's metric
    EXPECT_EQ(better_of(codec, "accuracy", find), Better::Neither);
}
