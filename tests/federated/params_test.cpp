#include "plugin_params.hpp"

#include <gtest/gtest.h>

using namespace federated;

namespace {

sextant::Params defaults(nlohmann::json overrides = nlohmann::json::object()) {
    nlohmann::json v;
    for (const auto& d : federated_plugin_info().params) v[d.name] = d.default_value;
    for (auto& [k, x] : overrides.items()) v[k] = x;
    return sextant::Params(v);
}

}  // namespace

TEST(FederatedParams, DefaultsDecodeToTheResearchNoteSetup) {
    const auto run = decode_params(defaults(), 4);
    EXPECT_EQ(run.config.population.clients, 3000u);
    EXPECT_EQ(run.config.rounds, 300u);
    EXPECT_EQ(run.config.participants, 50u);
    EXPECT_EQ(run.config.clustering, Clustering::none);
    EXPECT_EQ(run.config.auxo.split_rounds, (std::vector<int>{50, 100}));
    EXPECT_EQ(run.config.auxo.split_min_participants, 100.0);
    EXPECT_EQ(run.config.auxo.split_separation,
              1.0);  // ours: c-separation with c = 1  // FedScale clustering.py: min_clt = 100 / train_ratio
    EXPECT_EQ(run.config.auxo.split_test_groups, 4);  // ours: up to 4 groups, none straddling the split
    EXPECT_EQ(run.config.seed, 4u);
    for (const auto& d : federated_plugin_info().params)
        if (d.name.rfind("auxo_", 0) == 0 && d.name != "auxo_unseen") {
            EXPECT_FALSE(d.source.empty()) << d.name;
        }
    EXPECT_EQ(decode_params(defaults({{"auxo", true}}), 1).config.clustering, Clustering::auxo);
    EXPECT_EQ(decode_params(defaults({{"reference", "ifca"}}), 1).config.clustering, Clustering::ifca);
    EXPECT_TRUE(decode_params(defaults({{"auxo_split_rounds", ""}}), 1).config.auxo.split_rounds.empty());
}

TEST(FederatedParams, BadValuesNameTheParameter) {
    auto message = [](nlohmann::json o) {
        try {
            decode_params(defaults(std::move(o)), 1);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_NE(message({{"auxo", true}, {"reference", "oracle"}}).find("auxo: cannot be combined"), std::string::npos);
    EXPECT_NE(message({{"group_shares", "0.5,0.5"}}).find("group_shares: expected 4"), std::string::npos);
    EXPECT_NE(message({{"group_shares", "a,b,c,d"}}).find("group_shares: expected comma-separated numbers"),
              std::string::npos);
    EXPECT_NE(message({{"auxo_split_rounds", "50,-1"}}).find("auxo_split_rounds: expected positive"),
              std::string::npos);
    EXPECT_NE(message({{"size_min", 300}}).find("size_min"), std::string::npos);
    EXPECT_NE(message({{"auxo_split_separation", -0.5}}).find("auxo_split_separation: expected"), std::string::npos);
    EXPECT_NE(message({{"auxo_split_test_groups", 1}}).find("auxo_split_test_groups"), std::string::npos);
    EXPECT_NE(message({{"auxo_split_min_participants", -1}}).find("auxo_split_min_participants: expected"),
              std::string::npos);
}
