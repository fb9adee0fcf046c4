// The flow-level counterpart of the cached packet sets (packet_sets.hpp), for speed on
// large clusters (docs/scheduling.md, "Shared sets at flow level"). Max-min rates over the
// whole fabric change at every transfer's start and end, and on a 1,024-GPU cluster one
// change re-solves components of tens of jobs; but jobs iterate periodically and keep the
// same neighbours between placement changes. So each set of jobs sharing a link that can
// fill is run once on that link alone - the same fluid model (max-min, each ring hop a flow
// capped at the job's peak), its own iterations for a few periods - and each job's
// communication slowdown is kept until the set changes. Jobs then run at peak / slowdown
// and need no event per transfer. Couplings across links (a job slowed on one link
// freeing capacity on another) are left out: the check against max-min runs measures it.
#pragma once

#include "scheduling/packet_sets.hpp"

namespace sextant::scheduling {

struct FlowSetsConfig {
    int horizon_periods = 8;  // each set runs this many periods of its longest job
    int phase_bins = 16;      // phase offsets are rounded to period / phase_bins (cache key)
    void validate() const;    // throws naming the field
};

// Runs the set's members on one link of set.capacity_gbps, each iterating compute then its
// per-hop volume (all its ring hops across the link moving together) from its offset, for
// horizon_periods periods of the longest member. Per member: comm_stretch (mean transfer
// time / its time at peak) and the link's mean excess over capacity while the set ran
// (link_excess_gbps, the congestion measure of link_meter.hpp; the same for every member).
// No marks or pauses: the fluid model has no queues.
std::vector<MemberOutcome> simulate_shared_set_fluid(const SharedSet& set, int horizon_periods);

}  // namespace sextant::scheduling
