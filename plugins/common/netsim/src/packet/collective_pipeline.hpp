// One collective on a transport: its stages (a ring or an exchange, or the three phases of
// the hierarchical all-reduce) and the pipeline that runs its chunks through them.
#pragma once

#include "netsim/packet/collective_traffic.hpp"

#include <cstdint>
#include <functional>
#include <vector>

namespace netsim::packet {

// Calls `done` once every rank holds its result. `groups` is used by the hierarchical
// all-reduce only (each rank's group, equal-sized groups; JobSpec::validate checks them).
void start_collective(MessageTransport& t, CollectiveKind kind, const std::vector<NodeId>& hosts,
                      const std::vector<int>& groups, std::uint64_t bytes, int chunks, std::function<void()> done);

}  // namespace netsim::packet
