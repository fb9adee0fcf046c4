#include "plugins/plugin_json.hpp"
#include "plugins/plugin_registry.hpp"
#include "util/errors.hpp"

#include <gtest/gtest.h>

using namespace sextant;

namespace {
PluginRegistry fixtures() { return PluginRegistry({FIXTURE_PLUGIN_DIR}); }
}  // namespace

TEST(PluginRegistry, FindsFixturePluginsByFileName) {
    std::vector<std::string> ids;
    for (const auto& f : fixtures().plugin_files()) ids.push_back(PluginRegistry::id_from_file(f));
    EXPECT_EQ(ids, (std::vector<std::string>{"api-v2", "checked", "crash", "fixture", "hang", "wrong-api"}));
}

TEST(PluginRegistry, LoadsDeclarations) {
    const auto p = fixtures().load("fixture");
    EXPECT_EQ(p.info.id, "fixture");
    EXPECT_EQ(p.info.version, "1.0.0");
    EXPECT_EQ(p.info.params.size(), 9u);
    EXPECT_EQ(p.info.targets, (std::vector<std::string>{"local", "simulated"}));
}

TEST(PluginRegistry, RefusesApiMismatchNamingBothVersions) {
    try {
        fixtures().load("wrong-api");
        FAIL() << "loaded a plugin of another API version";
    } catch (const InputError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("plugin API version 999"), std::string::npos) << message;
        EXPECT_NE(message.find("plugin API version 3 (it loads plugins built for versions 2 to 3)"), std::string::npos)
            << message;
        EXPECT_EQ(message.rfind(std::string(FIXTURE_PLUGIN_DIR) + "/sextant-plugin-wrong-api.so: ", 0), 0u) << message;
    }
    std::vector<PluginLoadFailure> failures;
    const auto loaded = fixtures().load_all(&failures);
    EXPECT_EQ(loaded.size(), 5u);
    ASSERT_EQ(failures.size(), 1u);
    EXPECT_EQ(PluginRegistry::id_from_file(failures[0].file), "wrong-api");
}

TEST(PluginRegistry, UnknownIdSuggestsClosest) {
    try {
        fixtures().load("fixtur");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("unknown plugin 'fixtur' (did you mean 'fixture'?)"), std::string::npos)
            << e.what();
    }
}

TEST(PluginRegistry, SearchPathEnvironmentComesFirst) {
    ::setenv("SEXTANT_PLUGIN_PATH", FIXTURE_PLUGIN_DIR, 1);
    const PluginRegistry registry;
    ::unsetenv("SEXTANT_PLUGIN_PATH");
    ASSERT_FALSE(registry.search_dirs().empty());
    EXPECT_EQ(registry.search_dirs().front(), FIXTURE_PLUGIN_DIR);
    EXPECT_EQ(registry.load("fixture").info.id, "fixture");
}

TEST(PluginJson, CarriesTheHeadlineFlag) {
    const auto info = fixtures().load("fixture").info;
    const auto json = to_json(info);
    std::vector<std::string> headline;
    for (const auto& m : json.at("metrics"))
        if (m.at("headline").get<bool>()) headline.push_back(m.at("name"));
    EXPECT_EQ(headline, std::vector<std::string>{"final_loss"});
    const auto back = plugin_info_from_json(json);
    ASSERT_EQ(back.metrics.size(), info.metrics.size());
    for (std::size_t i = 0; i < back.metrics.size(); ++i)
        EXPECT_EQ(back.metrics[i].headline, back.metrics[i].name == "final_loss") << back.metrics[i].name;
    // Declarations written before the flag existed read as "not headline".
    auto old = json;
    for (auto& m : old["metrics"]) m.erase("headline");
    for (const auto& m : plugin_info_from_json(old).metrics) EXPECT_FALSE(m.headline) << m.name;
}

TEST(PluginJson, DeclarationsRoundTrip) {
    const auto info = fixtures().load("fixture").info;
    const auto back = plugin_info_from_json(to_json(info));
    EXPECT_EQ(to_json(back), to_json(info));
}
