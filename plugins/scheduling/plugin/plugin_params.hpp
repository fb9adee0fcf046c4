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
#include <stdexcept>
#include <string>
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

// A value, or values together, that the simulator cannot run. what() is the message a run
// fails with ("parameter 'gpu_weights': ..."); check() reports params and expected instead.
class SetupConflict : public std::invalid_argument {
public:
    SetupConflict(std::vector<std::string> params, std::string expected, const std::string& message)
        : std::invalid_argument(message), params(std::move(params)), expected(std::move(expected)) {}
    std::vector<std::string> params;  // the parameters at fault, as declared
    std::string expected;             // what would run
};

// Whether make_run_setup builds the job list (a run) or only looks at what it would be
// built from (check(): a trace is read, generated jobs are not drawn).
enum class Jobs { Build, CheckOnly };

// Throws SetupConflict naming the parameters (and trace line and field) at fault, or
// std::invalid_argument for a parameter that is missing or of the wrong type.
RunSetup make_run_setup(const Params& params, std::uint64_t seed, Jobs jobs = Jobs::Build);

}  // namespace sextant::scheduling
