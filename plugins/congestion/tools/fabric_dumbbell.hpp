// The DCTCP dumbbell scenario run on our packet fabric: window-mode DCTCP, step marking at
// K, PFC off (ns-3 has none). The fabric side of the ns-3 cross-check; tested on its own.
#pragma once

#include "dumbbell_scenario.hpp"

namespace sextant::congestion {

DumbbellTrace run_fabric_dumbbell(const DumbbellScenario& s);

}  // namespace sextant::congestion
