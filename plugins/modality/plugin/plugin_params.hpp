// The modality plugin's parameters and their decoding into a serving setup, apart from the
// module so tests can drive them.
#pragma once

#include "modality/profile.hpp"
#include "modality/serving.hpp"
#include "modality/workload.hpp"

#include <sextant/plugin.hpp>

#include <optional>
#include <string>

namespace sextant::modality {

PluginInfo modality_plugin_info();

// The built-in profile (an assumption until the profiler measures the model): per-request
// encoder costs from the research note's CPU measurements (V 3.2, A 1.08 incl. log-mel,
// T 0.06 ms at batch 1), V scaled by v_cost_scale; a batch of b costs
// 0.5 ms + per-request x b x (0.6 + 0.4 / b); accuracies assumed.
Profile builtin_profile(double v_cost_scale);

// The FMNIST-AVT model a measured profile or the live executor uses (plugin parameters;
// the plugin turns them into the model's recipe).
struct ModelChoice {
    bool tiny = false;  // 2,000 training samples, 1 epoch, one voice: for tests
    int v_width = 16;
    int v_epochs = 1, epochs = 3;
    std::uint64_t seed = 1;
    int threads = 2;
    int profile_repeats = 5;
};

struct RunSetup {
    Profile profile;  // empty when measured (the plugin measures it)
    bool measured = false;
    bool live = false;  // the live executor
    int max_batch = 64;
    ModelChoice model;
    WorkloadSpec workload;
    std::string trace;  // a trace CSV instead of the generated stream, or empty
    ServingOptions serving;
    bool search_slo = true;
};

// Throws std::invalid_argument naming the parameter.
RunSetup make_run_setup(const Params& params, uint64_t seed);

// Drops the profile rows above the batch cap; throws naming max_batch when a configuration
// keeps none.
void apply_max_batch(Profile& profile, int max_batch);

}  // namespace sextant::modality
