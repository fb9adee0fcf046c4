// Track A's models on a synthetic corpus where one subsystem leads another: network traffic
// repeats CPU load 10 steps later. Only a model that sees the CPU channels can forecast the
// network's switches, so the joint GRU must beat the per-subsystem one on net; on CPU itself
// neither has the information. Tiny: hidden 16, a few epochs, about two seconds.
#include "osfm/channels.hpp"
#include "osfm/forecast_model.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace sextant::osfm;

namespace {

Corpus lead_lag_corpus() {
    Corpus c;
    for (const auto& ch : channels()) c.channels.push_back(ch.name);
    std::size_t cpu = 0, net = 0;
    for (std::size_t i = 0; i < c.channels.size(); ++i) {
        if (c.channels[i] == "cpu_user") cpu = i;
        if (c.channels[i] == "lo_rx_kib_s") net = i;
    }
    std::mt19937 rng(3);
    for (int s = 0; s < 6; ++s) {
        std::vector<double> load(260);
        double level = 0;
        for (std::size_t t = 0; t < load.size(); ++t) {
            if (t % 25 == 0) level = (rng() % 2) ? 50.0 : 0.0;
            load[t] = level;
        }
        for (std::size_t t = 10; t < load.size(); ++t) {
            CorpusRow r{0.1 * static_cast<double>(t), "s" + std::to_string(s),
                        t > 150 && s % 2 == 0 ? "anomaly-x" : "p", std::vector<double>(c.channels.size(), 0.0)};
            r.values[cpu] = load[t];
            r.values[net] = load[t - 10];
            c.rows.push_back(r);
        }
    }
    return c;
}

}  // namespace

TEST(ForecastModel, TheJointModelUsesTheSubsystemThatLeads) {
    ForecastData d = prepare_forecast_data(lead_lag_corpus(), 0, 3);
    ModelConfig cfg;
    cfg.window = 16;
    cfg.hidden = 16;
    cfg.epochs = 6;
    cfg.learning_rate = 1e-2;
    const ForecastStudy st = run_forecast_study(d, {10}, cfg);
    ASSERT_EQ(st.horizons.size(), 1u);
    const HorizonScores& h = st.horizons[0];
    const int net = 3;
    EXPECT_LT(h.joint[net], 0.5 * h.separate[net]) << "joint " << h.joint[net] << " separate " << h.separate[net];
    EXPECT_LT(h.joint[net], h.persistence[net]);
    EXPECT_GT(st.joint_loss.front(), st.joint_loss.back());  // it trained
    EXPECT_GT(st.separate_parameters, st.joint_parameters);  // four GRUs of the same width
    EXPECT_EQ(st.train_origins, 4u * (250 - 16 - 10 + 1));
    EXPECT_EQ(st.joint_val_loss.size(), 6u);
    ASSERT_TRUE(st.anomaly.available);
    EXPECT_GE(st.anomaly.joint, 0.0);
    EXPECT_LE(st.anomaly.joint, 1.0);
}

TEST(ForecastModel, PhaseLabelsNameTheirKindsOfLoad) {
    EXPECT_EQ(phase_load_kinds("cpu+fio-rand2"), 1u | 4u);
    EXPECT_EQ(phase_load_kinds("idle2"), 0u);
    EXPECT_EQ(phase_load_kinds("anomaly-memhog"), 2u);
    EXPECT_EQ(phase_load_kinds("cpu+vm+fio-rand+iperf"), 15u);
    EXPECT_EQ(phase_load_kinds("sb-threads+hdd"), 1u | 4u);
}

TEST(ForecastModel, GeneratorsAreScoredAgainstHeldOutContinuations) {
    ForecastData d = prepare_forecast_data(lead_lag_corpus(), 0, 3);
    ModelConfig cfg;
    cfg.window = 16;
    cfg.hidden = 16;
    cfg.epochs = 4;
    cfg.learning_rate = 1e-2;
    const GenerationStudy g = run_generation_study(d, 40, cfg);
    EXPECT_EQ(g.blocks, 2u);
    EXPECT_EQ(g.steps, 40u);
    for (const GenerationScores* s : {&g.joint, &g.separate, &g.random_walk}) {
        EXPECT_GE(s->ks, 0);
        EXPECT_LE(s->ks, 1);
        EXPECT_GE(s->correlation, 0);
    }
    // two channels vary (cpu_user, lo_rx_kib_s): one pair, across subsystems
    EXPECT_DOUBLE_EQ(g.joint.correlation, g.joint.cross_subsystem_correlation);
}
