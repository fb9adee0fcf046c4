// The DCTCP dumbbell scenario run on our packet fabric: window-mode DCTCP, step marking at
// K, PFC off (ns-3 has none). The fabric side of the ns-3 cross-check; tested on its own.
#pragma once

#include "dumbbell_scenario.hpp"

namespace sextant::congestion {

// ecn_at_enqueue: mark on the queue a packet finds, as ns-3's RED does, instead of the queue
// it leaves behind (our default, the reference switch's): isolates that one difference.
DumbbellTrace run_fabric_dumbbell(const DumbbellScenario& s, bool ecn_at_enqueue = false);

}  // namespace sextant::congestion
