// A discrete-event model of one machine where the subsystems interact: processes on a run queue
// over N CPUs, a page cache under a replacement policy, and a block device with a request
// queue. A process runs a CPU burst, then references a page; a miss blocks it until the device
// has read the page, so the cache policy shapes scheduling (who is runnable) and the device
// queue (how long a miss takes), and those in turn shape the order of references the cache sees.
#pragma once

#include "osfm/cache_policy.hpp"
#include "osfm/workload.hpp"

#include <cstdint>
#include <vector>

namespace sextant::osfm {

struct MachineSpec {
    int cpus = 2;
    double quantum_us = 4000;     // round-robin time slice (4 ms: one tick at CONFIG_HZ=250)
    double hit_us = 1.0;          // CPU time to copy a cached 4 KiB page to the reader
    double device_fixed_us = 80;  // per request: a SATA SSD's 4 KiB random-read latency (assumed)
    double device_page_us = 8;    // per page: 4 KiB at 500 MB/s
    int device_channels = 1;      // requests served at once; the rest queue FIFO
};

// Linux-like readahead: a miss right after the previous page read by the same process starts a
// window (initial pages), doubling on each sequential miss or on a hit on the page that marks
// the window (async readahead) up to max_pages. 32 pages = Linux's default read_ahead_kb 128.
struct Readahead {
    bool on = false;
    int initial_pages = 4;
    int max_pages = 32;
};

struct SimResult {
    std::uint64_t references = 0;
    std::uint64_t hits = 0;    // served from the cache without waiting
    std::uint64_t misses = 0;  // waited for the device (new read or one in flight)
    std::uint64_t device_requests = 0;
    std::uint64_t pages_read = 0;
    std::uint64_t prefetched_unused = 0;  // read ahead, evicted before any reference
    double makespan_us = 0;
    double latency_mean_us = 0;  // per reference: issue to data in hand
    double latency_p99_us = 0;
    double cpu_utilisation = 0;    // busy CPU time / (cpus x makespan)
    double device_queue_mean = 0;  // time-averaged requests waiting or in service
    double throughput_refs_per_s = 0;
    std::vector<Page> order;  // references in the order the cache saw them
    double hit_ratio() const { return references ? static_cast<double>(hits) / static_cast<double>(references) : 0; }
};

// Runs every process to the end. The policy is used as given (fresh or warm).
SimResult simulate(const std::vector<Process>& processes, CachePolicy& cache, const MachineSpec& machine,
                   const Readahead& readahead);

}  // namespace sextant::osfm
