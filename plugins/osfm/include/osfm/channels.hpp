// The collector's channels: rates, deltas and gauges computed from two consecutive samples'
// counters, each tagged with its subsystem (cpu, memory, io, net) for the per-subsystem models.
#pragma once

#include "osfm/proc_sample.hpp"

#include <string>
#include <vector>

namespace sextant::osfm {

struct Channel {
    std::string name;       // e.g. "cpu_user", "disk_read_kib_s"
    std::string subsystem;  // "cpu", "memory", "io" or "net"
    std::string unit;       // "fraction", "1/s", "KiB/s", "MiB", ...
};

const std::vector<Channel>& channels();

// Channel values between two samples dt_s apart (dt_s > 0); missing counters give 0.
std::vector<double> channel_values(const Counters& previous, const Counters& current, double dt_s);

}  // namespace sextant::osfm
