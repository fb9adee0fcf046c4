// The codec's parameters shared by the compression plugins: each one reaches its field of
// SchemeConfig, and the compression plugin declares all of them.
#include "settings.hpp"

#include <scheme_params.hpp>

#include <gtest/gtest.h>

#include <set>

using namespace sextant;

TEST(SchemeParams, EveryKnobReachesItsField) {
    // Values other than the defaults, so a knob read into the wrong field shows.
    const Params p(nlohmann::json{{"scheme", "thc"},
                                  {"mode", "float"},
                                  {"index", "bitmap"},
                                  {"load_factor", 1.5},
                                  {"hashes", 4},
                                  {"topk_fraction", 0.05},
                                  {"thc_bits", 6},
                                  {"block_size", 64}});
    const auto c = compression_params::read_scheme_config(p, 42);
    EXPECT_EQ(c.scheme, "thc");
    EXPECT_EQ(c.mode, ::compression::parse_value_mode("float"));
    EXPECT_EQ(c.index, ::compression::parse_index_kind("bitmap"));
    EXPECT_DOUBLE_EQ(c.load_factor, 1.5);
    EXPECT_EQ(c.hashes, 4);
    EXPECT_DOUBLE_EQ(c.topk_fraction, 0.05);
    EXPECT_EQ(c.thc_bits, 6);
    EXPECT_EQ(c.block_size, 64u);
    EXPECT_EQ(c.seed, 42u);
}

TEST(SchemeParams, CompressionPluginDeclaresEveryKnobOnce) {
    std::multiset<std::string> declared;
    for (const auto& d : compression_plugin::plugin_info().params) declared.insert(d.name);
    EXPECT_EQ(declared.count("scheme"), 1u);
    for (const auto& knob : compression_params::scheme_knob_params())
        EXPECT_EQ(declared.count(knob.name), 1u) << knob.name;
}
