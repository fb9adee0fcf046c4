// The two compression plugins report some of the same quantities (encode_time,
// bytes_sent_per_worker, ...): a quantity has one unit whichever plugin reports it, so
// results of both can share a plot axis.
#include "settings.hpp"           // the compression plugin's declarations
#include "training_settings.hpp"  // the compression-training plugin's

#include <gtest/gtest.h>

#include <map>

TEST(PluginUnits, SharedMetricsAndParametersHaveOneUnit) {
    const sextant::PluginInfo codec = sextant::compression_plugin::plugin_info();
    const sextant::PluginInfo training = sextant::compression_training_plugin::plugin_info();
    std::map<std::string, std::string> metric_unit, param_unit;
    for (const auto& m : codec.metrics) metric_unit[m.name] = m.unit;
    for (const auto& p : codec.params) param_unit[p.name] = p.unit;
    int shared = 0;
    for (const auto& m : training.metrics)
        if (auto it = metric_unit.find(m.name); it != metric_unit.end()) {
            ++shared;
            EXPECT_EQ(m.unit, it->second) << "metric " << m.name;
        }
    for (const auto& p : training.params)
        if (auto it = param_unit.find(p.name); it != param_unit.end()) {
            ++shared;
            EXPECT_EQ(p.unit, it->second) << "parameter " << p.name;
        }
    EXPECT_GT(shared, 5);  // encode_time, decode_time, bytes, scheme parameters, ...
}

TEST(PluginUnits, TrainingMarksAFewHeadlineMetrics) {
    std::vector<std::string> headline;
    for (const auto& m : sextant::compression_training_plugin::plugin_info().metrics)
        if (m.headline) headline.push_back(m.name + (m.kind == sextant::MetricKind::Summary ? "" : " (series)"));
    EXPECT_EQ(headline, (std::vector<std::string>{"final_test_accuracy", "step_time", "compression_ratio"}));
}
