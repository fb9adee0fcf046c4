// Independent check of the switch's slot trace: every chunk aggregated exactly once with
// all K contributions, and no slot restarted before its previous chunk completed.
#pragma once

#include "netsim/switch_aggregation.hpp"

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace netsim::testing {

// Returns "" when the trace is sound, else the first problem found.
inline std::string check_slot_trace(std::vector<SlotUse> trace, std::uint32_t workers, std::uint32_t slots,
                                    std::uint64_t chunks) {
    std::ostringstream err;
    if (trace.size() != chunks) {
        err << "trace has " << trace.size() << " slot uses for " << chunks << " chunks";
        return err.str();
    }
    std::sort(trace.begin(), trace.end(), [](const SlotUse& a, const SlotUse& b) { return a.chunk < b.chunk; });
    for (std::uint64_t c = 0; c < chunks; ++c) {
        const SlotUse& u = trace[c];
        if (u.chunk != c) {
            err << "chunk " << c << " missing (found " << u.chunk << ")";
            return err.str();
        }
        if (u.slot != c % slots || u.pool != (c / slots) % 2) {
            err << "chunk " << c << " used slot " << u.slot << " pool " << u.pool;
            return err.str();
        }
        if (u.contributions != workers || u.completed_s < 0) {
            err << "chunk " << c << " completed with " << u.contributions << " of " << workers << " contributions";
            return err.str();
        }
        if (c >= slots) {
            const SlotUse& before = trace[c - slots];  // previous chunk on the same slot index
            if (u.first_contribution_s < before.completed_s) {
                err << "slot " << u.slot << " got chunk " << c << " at " << u.first_contribution_s << " s before chunk "
                    << before.chunk << " completed at " << before.completed_s << " s";
                return err.str();
            }
        }
    }
    return "";
}

}  // namespace netsim::testing
