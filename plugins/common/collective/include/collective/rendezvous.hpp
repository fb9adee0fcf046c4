// Where the ranks of one run meet when the scheduler started them, instead of the run
// starting its own rank processes: a cluster job whose run has more than one rank launches
// them with Slurm's srun, and the job script names a fresh folder on the cluster's shared
// work folder (SEXTANT_RENDEZVOUS) for a file store. This process's rank and the number of
// ranks are Slurm's (SLURM_PROCID, SLURM_NTASKS).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace collective {

// Set by the cluster target's job script (engine/src/cluster/slurm_scripts.cpp).
inline constexpr const char* kRendezvousVariable = "SEXTANT_RENDEZVOUS";
// Set when the target names the interface ranks talk over (its network_interface field).
inline constexpr const char* kNetworkInterfaceVariable = "SEXTANT_NETWORK_INTERFACE";

struct Rendezvous {
    int rank = 0;
    int size = 1;
    std::filesystem::path folder;  // reachable by every rank (a file store's folder)
    std::string host;              // the address this rank listens on: this node's host name
    std::string interface;         // when set, listen on this interface's address instead
};

// nullopt when SEXTANT_RENDEZVOUS is unset: this process is the whole run. Throws
// std::runtime_error naming the variable when SLURM_PROCID or SLURM_NTASKS is missing or
// not a rank of the run.
std::optional<Rendezvous> scheduler_rendezvous();

// The same, reading variables through `lookup` (nullptr: unset), for tests.
std::optional<Rendezvous> scheduler_rendezvous(const std::function<const char*(const char*)>& lookup);

}  // namespace collective
