#include "osfm/channels.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>

namespace sextant::osfm {

namespace {

struct Reading {
    const Counters& a;
    const Counters& b;
    double dt;

    double now(const std::string& k) const {
        auto it = b.find(k);
        return it == b.end() ? 0 : it->second;
    }
    // Counters only grow; a drop (a task exiting from a per-task sum, a wrapped counter) reads as 0.
    double delta(const std::string& k) const {
        auto ia = a.find(k), ib = b.find(k);
        if (ia == a.end() || ib == b.end()) return 0;
        return std::max(0.0, ib->second - ia->second);
    }
    double rate(const std::string& k) const { return delta(k) / dt; }
    double ratio(double num, double den) const { return den > 0 ? num / den : 0; }
};

using Formula = std::function<double(const Reading&)>;

struct Definition {
    Channel channel;
    Formula value;
};

double cpu_total(const Reading& r) {
    double t = 0;
    for (const char* f : {"user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"})
        t += r.delta(std::string("stat.cpu.") + f);
    return t;
}

Formula cpu_share(std::vector<std::string> fields) {
    return [fields](const Reading& r) {
        double d = 0;
        for (const auto& f : fields) d += r.delta("stat.cpu." + f);
        return r.ratio(d, cpu_total(r));
    };
}
Formula rate(std::string k, double scale = 1) {
    return [k, scale](const Reading& r) { return scale * r.rate(k); };
}
Formula rate_sum(std::vector<std::string> keys) {
    return [keys](const Reading& r) {
        double d = 0;
        for (const auto& k : keys) d += r.delta(k);
        return d / r.dt;
    };
}
Formula gauge(std::string k, double scale = 1) {
    return [k, scale](const Reading& r) { return scale * r.now(k); };
}
// PSI totals are microseconds stalled: the share of wall time stalled.
Formula stalled(std::string k) {
    return [k](const Reading& r) { return r.delta(k) * 1e-6 / r.dt; };
}

const std::vector<Definition>& definitions() {
    constexpr double kib_per_mib = 1.0 / 1024;
    static const std::vector<Definition> defs = {
        // cpu: time shares, scheduler activity, run queue
        {{"cpu_user", "cpu", "fraction"}, cpu_share({"user"})},
        {{"cpu_nice", "cpu", "fraction"}, cpu_share({"nice"})},
        {{"cpu_system", "cpu", "fraction"}, cpu_share({"system"})},
        {{"cpu_idle", "cpu", "fraction"}, cpu_share({"idle"})},
        {{"cpu_iowait", "cpu", "fraction"}, cpu_share({"iowait"})},
        {{"cpu_irq", "cpu", "fraction"}, cpu_share({"irq", "softirq"})},
        {{"cpu_steal", "cpu", "fraction"}, cpu_share({"steal"})},
        {{"context_switches_s", "cpu", "1/s"}, rate("stat.ctxt")},
        {{"interrupts_s", "cpu", "1/s"}, rate("stat.intr")},
        {{"forks_s", "cpu", "1/s"}, rate("stat.processes")},
        {{"procs_running", "cpu", "count"}, gauge("stat.procs_running")},
        {{"procs_blocked", "cpu", "count"}, gauge("stat.procs_blocked")},
        {{"load1", "cpu", "count"}, gauge("load.1")},
        {{"load5", "cpu", "count"}, gauge("load.5")},
        {{"load15", "cpu", "count"}, gauge("load.15")},
        {{"runnable_threads", "cpu", "count"}, gauge("load.runnable")},
        {{"psi_cpu_some", "cpu", "fraction"}, stalled("psi.cpu.some")},
        {{"run_delay", "cpu", "s/s"}, [](const Reading& r) { return r.delta("sched.run_delay_ns") * 1e-9 / r.dt; }},
        {{"timeslices_s", "cpu", "1/s"}, rate("sched.timeslices")},
        // memory: sizes (MiB), paging and reclaim rates, stalls
        {{"mem_free_mib", "memory", "MiB"}, gauge("meminfo.MemFree", kib_per_mib)},
        {{"mem_available_mib", "memory", "MiB"}, gauge("meminfo.MemAvailable", kib_per_mib)},
        {{"cached_mib", "memory", "MiB"}, gauge("meminfo.Cached", kib_per_mib)},
        {{"buffers_mib", "memory", "MiB"}, gauge("meminfo.Buffers", kib_per_mib)},
        {{"dirty_mib", "memory", "MiB"}, gauge("meminfo.Dirty", kib_per_mib)},
        {{"writeback_mib", "memory", "MiB"}, gauge("meminfo.Writeback", kib_per_mib)},
        {{"active_file_mib", "memory", "MiB"}, gauge("meminfo.Active(file)", kib_per_mib)},
        {{"inactive_file_mib", "memory", "MiB"}, gauge("meminfo.Inactive(file)", kib_per_mib)},
        {{"anon_mib", "memory", "MiB"}, gauge("meminfo.AnonPages", kib_per_mib)},
        {{"shmem_mib", "memory", "MiB"}, gauge("meminfo.Shmem", kib_per_mib)},
        {{"slab_mib", "memory", "MiB"}, gauge("meminfo.Slab", kib_per_mib)},
        {{"page_faults_s", "memory", "1/s"}, rate("vmstat.pgfault")},
        {{"major_faults_s", "memory", "1/s"}, rate("vmstat.pgmajfault")},
        {{"pages_freed_s", "memory", "1/s"}, rate("vmstat.pgfree")},
        {{"pages_scanned_s", "memory", "1/s"}, rate_sum({"vmstat.pgscan_kswapd", "vmstat.pgscan_direct"})},
        {{"pages_stolen_s", "memory", "1/s"}, rate_sum({"vmstat.pgsteal_kswapd", "vmstat.pgsteal_direct"})},
        {{"refaults_s", "memory", "1/s"}, rate_sum({"vmstat.workingset_refault_file", "vmstat.workingset_refault"})},
        {{"alloc_stalls_s", "memory", "1/s"},
         rate_sum({"vmstat.allocstall_dma", "vmstat.allocstall_dma32", "vmstat.allocstall_normal",
                   "vmstat.allocstall_movable"})},
        {{"swap_in_s", "memory", "1/s"}, rate("vmstat.pswpin")},
        {{"swap_out_s", "memory", "1/s"}, rate("vmstat.pswpout")},
        {{"psi_memory_some", "memory", "fraction"}, stalled("psi.memory.some")},
        {{"psi_memory_full", "memory", "fraction"}, stalled("psi.memory.full")},
        // io: page-in/out and the block devices (whole disks, summed)
        {{"page_in_kib_s", "io", "KiB/s"}, rate("vmstat.pgpgin")},
        {{"page_out_kib_s", "io", "KiB/s"}, rate("vmstat.pgpgout")},
        {{"disk_reads_s", "io", "1/s"}, rate("disk.reads")},
        {{"disk_read_kib_s", "io", "KiB/s"}, rate("disk.read_sectors", 0.5)},
        {{"disk_writes_s", "io", "1/s"}, rate("disk.writes")},
        {{"disk_write_kib_s", "io", "KiB/s"}, rate("disk.write_sectors", 0.5)},
        {{"disk_busy", "io", "fraction"}, rate("disk.io_ms", 1e-3)},
        {{"disk_queue", "io", "requests"}, rate("disk.weighted_ms", 1e-3)},
        {{"disk_read_await_ms", "io", "ms"},
         [](const Reading& r) { return r.ratio(r.delta("disk.read_ms"), r.delta("disk.reads")); }},
        {{"disk_write_await_ms", "io", "ms"},
         [](const Reading& r) { return r.ratio(r.delta("disk.write_ms"), r.delta("disk.writes")); }},
        {{"disk_in_flight", "io", "requests"}, gauge("disk.in_flight")},
        {{"psi_io_some", "io", "fraction"}, stalled("psi.io.some")},
        {{"psi_io_full", "io", "fraction"}, stalled("psi.io.full")},
        // net: loopback and the other interfaces summed
        {{"lo_rx_kib_s", "net", "KiB/s"}, rate("net.lo.rx_bytes", 1.0 / 1024)},
        {{"lo_tx_kib_s", "net", "KiB/s"}, rate("net.lo.tx_bytes", 1.0 / 1024)},
        {{"lo_rx_packets_s", "net", "1/s"}, rate("net.lo.rx_packets")},
        {{"lo_tx_packets_s", "net", "1/s"}, rate("net.lo.tx_packets")},
        {{"ext_rx_kib_s", "net", "KiB/s"}, rate("net.ext.rx_bytes", 1.0 / 1024)},
        {{"ext_tx_kib_s", "net", "KiB/s"}, rate("net.ext.tx_bytes", 1.0 / 1024)},
        {{"ext_rx_packets_s", "net", "1/s"}, rate("net.ext.rx_packets")},
        {{"ext_tx_packets_s", "net", "1/s"}, rate("net.ext.tx_packets")},
        {{"net_drops_s", "net", "1/s"},
         rate_sum({"net.lo.rx_drop", "net.lo.tx_drop", "net.ext.rx_drop", "net.ext.tx_drop", "net.lo.rx_errs",
                   "net.lo.tx_errs", "net.ext.rx_errs", "net.ext.tx_errs"})},
    };
    return defs;
}

}  // namespace

const std::vector<Channel>& channels() {
    static const std::vector<Channel> list = [] {
        std::vector<Channel> out;
        for (const auto& d : definitions()) out.push_back(d.channel);
        return out;
    }();
    return list;
}

std::vector<double> channel_values(const Counters& previous, const Counters& current, double dt_s) {
    if (!(dt_s > 0)) throw std::invalid_argument("samples must be taken at increasing times");
    const Reading r{previous, current, dt_s};
    std::vector<double> out;
    out.reserve(definitions().size());
    for (const auto& d : definitions()) out.push_back(d.value(r));
    return out;
}

}  // namespace sextant::osfm
