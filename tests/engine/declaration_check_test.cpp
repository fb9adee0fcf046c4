// The SDK checks what plugins declare when it loads them: each fixture plugin in
// tests/fixtures/plugins/bad_declaration.cpp makes one mistake and is refused, naming the
// plugin file and the declaration.
#include "plugins/declaration_check.hpp"
#include "plugins/plugin_registry.hpp"
#include "util/errors.hpp"

#include <gtest/gtest.h>

#include <sstream>

using namespace sextant;

namespace {

// The message of the InputError that loading `id` from the bad-declaration folder throws.
std::string refusal(const std::string& id) {
    const PluginRegistry registry({BAD_DECLARATION_PLUGIN_DIR});
    try {
        registry.load(id);
    } catch (const InputError& e) {
        return e.what();
    }
    return "(loaded)";
}

std::string file_of(const std::string& id) {
    return std::string(BAD_DECLARATION_PLUGIN_DIR) + "/sextant-plugin-" + id + ".so";
}

std::string problems_of(const PluginInfo& info) {
    try {
        check_declarations(info, "p.so");
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

PluginInfo good_info() {
    PluginInfo info;
    info.id = "p";
    info.version = "1";
    info.params = {int_param("n", 3, 1, 10, "n", "count"),
                   float_param("rate", 0.5, 0, 1, "rate", "fraction"),
                   choice_param("mode", "a", {"a", "b"}, "mode"),
                   bool_param("on", true, "on"),
                   string_param("label", "", "label"),
                   {"tags", ParamType::List, nlohmann::json::array(), {}, {}, {"x"}, "", "tags", "", false}};
    // A series and a summary may share a name: a time per step and its mean.
    info.metrics = {summary_metric("loss", "", Better::Lower), series_metric("time", "ms", Better::Lower),
                    summary_metric("time", "ms", Better::Lower)};
    info.targets = {"local", "simulated", "cluster"};
    return info;
}

}  // namespace

TEST(DeclarationCheck, DuplicateParameterNameIsRefused) {
    EXPECT_EQ(
        refusal("bad-duplicate-param"),
        file_of("bad-duplicate-param") + ": params.steps: duplicate name: params[0] and params[2] are both 'steps'");
}

TEST(DeclarationCheck, DuplicateMetricNameIsRefused) {
    EXPECT_EQ(
        refusal("bad-duplicate-metric"),
        file_of("bad-duplicate-metric") + ": metrics.loss: duplicate name: metrics[0] and metrics[1] are both 'loss'");
}

TEST(DeclarationCheck, DefaultOutsideItsRangeIsRefused) {
    EXPECT_EQ(refusal("bad-default-range"), file_of("bad-default-range") +
                                                ": params.steps.default: the declared default does not fit: expected "
                                                "an integer in [0, 100], got 500");
}

TEST(DeclarationCheck, DefaultNotAmongItsChoicesIsRefused) {
    EXPECT_EQ(refusal("bad-default-choice"), file_of("bad-default-choice") +
                                                 ": params.mode.default: the declared default does not fit: expected "
                                                 "one of fast, slow, got \"medium\"");
}

TEST(DeclarationCheck, EmptyChoiceListIsRefused) {
    EXPECT_EQ(refusal("bad-empty-choices"),
              file_of("bad-empty-choices") + ": params.mode.choices: a choice parameter needs at least one choice");
}

TEST(DeclarationCheck, UnknownUnitIsRefusedWithTheClosestKnownOne) {
    const std::string message = refusal("bad-unit");
    EXPECT_EQ(message.rfind(file_of("bad-unit") + ": metrics.loss.unit: unknown unit 'Gb/s' (did you mean 'GB/s'?); "
                                                  "known units: fraction, %, x",
                            0),
              0u)
        << message;
}

TEST(DeclarationCheck, UnknownTargetKindIsRefused) {
    EXPECT_EQ(refusal("bad-target"), file_of("bad-target") +
                                         ": targets[0]: unknown target kind 'locale' (did you mean 'local'?) (local, "
                                         "simulated or cluster)");
}

TEST(DeclarationCheck, EveryBadFixtureIsReportedByLoadAll) {
    std::vector<PluginLoadFailure> failures;
    const auto loaded = PluginRegistry({BAD_DECLARATION_PLUGIN_DIR}).load_all(&failures);
    EXPECT_TRUE(loaded.empty());
    EXPECT_EQ(failures.size(), 7u);
}

TEST(DeclarationCheck, SoundDeclarationsPass) { EXPECT_EQ(problems_of(good_info()), ""); }

TEST(DeclarationCheck, EveryProblemIsListedAtOnce) {
    auto info = good_info();
    info.params[0].min = 20;                               // min above max, and the default below it
    info.params[1].default_value = "half";                 // wrong type
    info.params[5].default_value = {"x", "y"};             // an item not allowed
    info.params.push_back(float_param("", 1, 0, 2, "?"));  // no name
    info.metrics[1].unit = "msec";
    info.targets.clear();
    const std::vector<std::string> expected = {
        "p.so: params[6]: empty name",
        "p.so: params.n: min 20 is above max 10",
        "p.so: params.n.default: the declared default does not fit: expected an integer in [20, 10], got 3",
        "p.so: params.rate.default: the declared default does not fit: expected a number in [0, 1], got \"half\"",
        "p.so: params.tags.default: the declared default does not fit: expected a list with items from x, got item "
        "\"y\"",
        "p.so: metrics.time.unit: unknown unit 'msec'",
        "p.so: targets: no target kind declared (local, simulated or cluster)"};
    std::vector<std::string> lines;
    std::stringstream text(problems_of(info));
    for (std::string line; std::getline(text, line);) lines.push_back(line);
    ASSERT_EQ(lines.size(), expected.size()) << text.str();
    for (std::size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(lines[i].rfind(expected[i], 0), 0u) << lines[i];
}
