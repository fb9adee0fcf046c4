#include "catalog/plugin_catalog.hpp"
#include "gui_test_support.hpp"
#include "params/param_values.hpp"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QFile>

#include <gtest/gtest.h>

using namespace sextant;
using namespace sextant::ui;

TEST(PluginCatalog, AsksTheCliThenUsesItsCache) {
    test::ensure_app();
    PluginCatalog first(SEXTANT_CLI);
    first.refresh(/*force=*/true);   // skips the disk cache (other tests may have filled it)
    ASSERT_TRUE(first.waitForLoaded(30000)) << first.lastError().toStdString();
    EXPECT_FALSE(first.cameFromCache());
    const PluginInfo* fixture = first.find("fixture");
    ASSERT_NE(fixture, nullptr);
    EXPECT_EQ(fixture->version, "1.0.0");
    ASSERT_NE(find_param(*fixture, "steps"), nullptr);
    EXPECT_EQ(first.betterOf("final_loss"), Better::Lower);
    EXPECT_EQ(first.betterOf("steps_done"), Better::Higher);
    EXPECT_EQ(first.betterOf("no such metric"), Better::Neither);
    // The wrong-api fixture is refused by the CLI, not by this process.
    EXPECT_EQ(first.find("wrong-api"), nullptr);

    PluginCatalog second(SEXTANT_CLI);
    QSignalSpy loaded(&second, &PluginCatalog::loaded);
    second.refresh();
    EXPECT_EQ(loaded.count(), 1);   // at once, from the disk cache
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
