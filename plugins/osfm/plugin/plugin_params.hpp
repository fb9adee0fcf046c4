// The osfm plugin's declarations and the decoding of a run's parameters.
#pragma once

#include "osfm/cache_policy.hpp"
#include "osfm/os_sim.hpp"
#include "osfm/selector.hpp"
#include "osfm/workload.hpp"

#include <sextant/declarations.hpp>
#include <sextant/params.hpp>

#include <cstdint>
#include <vector>

namespace sextant::osfm {

PluginInfo osfm_plugin_info();

struct RunSetup {
    bool selection = false;         // study = selection
    bool learned_eviction = false;  // study = learned-eviction
    std::size_t selection_window = 2000;
    SwitchState selection_state = SwitchState::Snapshot;
    PolicyKind policy = PolicyKind::Lru;
    std::size_t capacity = 4096;
    Readahead readahead;
    MachineSpec machine;
    std::vector<ProcessSpec> processes;
};

// Throws std::invalid_argument naming the parameter at fault.
RunSetup make_run_setup(const Params& params);

}  // namespace sextant::osfm
