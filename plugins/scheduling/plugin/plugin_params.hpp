// The scheduling plugin's declarations, and the translation of a run's parameters into
// the simulator's configuration and job list.
#pragma once

#include "scheduling/simulator.hpp"
#include "scheduling/snapshot.hpp"
#include "scheduling/trace.hpp"

#include <sextant/declarations.hpp>
#include <sextant/params.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace sextant::scheduling {

PluginInfo scheduling_plugin_info();

struct RunSetup {
    ProfileTable profiles;
    SimConfig config;
    std::vector<JobSpec> jobs;
    bool ideal = true;                       // also run the trace without network contention (ideal_* metrics)
    std::optional<SnapshotConfig> snapshot;  // mode=snapshot: jobs on one bottleneck instead of a cluster
};

// Throws std::invalid_argument naming the parameter (or trace line and field) at fault.
RunSetup make_run_setup(const Params& params, std::uint64_t seed);

}  // namespace sextant::scheduling
