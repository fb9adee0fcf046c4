#include "collective/rendezvous.hpp"

#include <unistd.h>

#include <charconv>
#include <climits>
#include <cstdlib>
#include <stdexcept>

namespace collective {

namespace {

int whole_number(const char* name, const char* value, int lowest) {
    const std::string text = value ? value : "";
    int n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || n < lowest)
        throw std::runtime_error(
            std::string(kRendezvousVariable) + " is set, so this process is one rank of a run, but " + name + " is " +
            (value ? "\"" + text + "\"" : std::string("unset")) +
            " (expected a whole number >= " + std::to_string(lowest) + "; the run's ranks are started with srun)");
    return n;
}

std::string this_host() {
    char name[HOST_NAME_MAX + 1] = {};
    if (::gethostname(name, sizeof name - 1) != 0 || !name[0])
        throw std::runtime_error("cannot tell this node's host name, which the other ranks connect to");
    return name;
}

}  // namespace

std::optional<Rendezvous> scheduler_rendezvous(const std::function<const char*(const char*)>& lookup) {
    const char* folder = lookup(kRendezvousVariable);
    if (!folder) return std::nullopt;
    if (!*folder) throw std::runtime_error(std::string(kRendezvousVariable) + " is set but empty (expected a folder)");
    Rendezvous r;
    r.folder = folder;
    r.size = whole_number("SLURM_NTASKS", lookup("SLURM_NTASKS"), 1);
    r.rank = whole_number("SLURM_PROCID", lookup("SLURM_PROCID"), 0);
    if (r.rank >= r.size)
        throw std::runtime_error("SLURM_PROCID " + std::to_string(r.rank) + " is not a rank of SLURM_NTASKS " +
                                 std::to_string(r.size) + " tasks");
    r.host = this_host();
    if (const char* interface = lookup(kNetworkInterfaceVariable)) r.interface = interface;
    return r;
}

std::optional<Rendezvous> scheduler_rendezvous() {
    return scheduler_rendezvous([](const char* name) { return static_cast<const char*>(std::getenv(name)); });
}

}  // namespace collective
