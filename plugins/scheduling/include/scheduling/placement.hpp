// Where a job's GPUs go. Packed (consolidated): fewest servers, one leaf when possible,
// best fit. Random: any free GPUs. CASSINI-augmented placement takes several candidates
// that are as good as the base placement by its own measure (same number of servers and
// leaves for packed; any for random) and ranks them by compatibility (see simulator).
#pragma once

#include "scheduling/topology.hpp"
#include "scheduling/trace.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sextant::scheduling {

enum class PlacementKind { Packed, Random };
PlacementKind parse_placement(const std::string& text);  // "packed" | "random"

struct Placement {
    std::vector<std::pair<int, int>> servers;  // (server, GPUs there), sorted by server
    std::vector<int> server_ids() const;
    int leaves(const Topology& topo) const;
    bool operator==(const Placement& o) const { return servers == o.servers; }
};

// free_gpus[s]: free GPUs on server s. nullopt when fewer than `gpus` are free.
std::optional<Placement> packed_placement(const Topology& topo, const std::vector<int>& free_gpus, int gpus);
std::optional<Placement> random_placement(const Topology& topo, const std::vector<int>& free_gpus, int gpus,
                                          Random& rng);

// The base placement first, then up to count-1 distinct alternatives equally good by the
// base's own measure.
std::vector<Placement> placement_candidates(const Topology& topo, const std::vector<int>& free_gpus, int gpus,
                                            PlacementKind base, int count, Random& rng);

}  // namespace sextant::scheduling
