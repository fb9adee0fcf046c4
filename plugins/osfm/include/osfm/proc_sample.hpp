// One sample of this machine's kernel counters: the text of the procfs files the collector
// reads, and the counters parsed out of it. Parsing takes text, so tests use recorded samples
// and never the live /proc.
#pragma once

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace sextant::osfm {

// File name relative to /proc -> its text. Files this kernel lacks are absent.
struct ProcText {
    double t_s = 0;  // monotonic time the sample was taken
    std::map<std::string, std::string> files;
};

// The files read: stat, meminfo, vmstat, diskstats, net/dev, loadavg, pressure/{cpu,memory,io},
// schedstat (needs CONFIG_SCHEDSTATS; without it the per-task /proc/PID/schedstat run delays
// are summed into a synthetic "schedstat" text instead).
const std::vector<std::string>& proc_files();

ProcText read_proc(const std::string& root = "/proc");

// Recorded samples as text: per sample "@t_s T" then, per file, "@file NAME" and its lines.
void write_proc_text(const ProcText& sample, std::ostream& out);
// Every sample of a recording. Throws std::invalid_argument naming FILE:LINE on malformed input.
std::vector<ProcText> parse_proc_text(std::istream& in, const std::string& file);

// Raw counters and gauges by name ("stat.ctxt", "meminfo.Cached", "disk.read_sectors",
// "psi.io.some", ...). Throws std::invalid_argument naming the procfs file and line that does
// not parse.
using Counters = std::map<std::string, double>;
Counters parse_counters(const ProcText& sample);

}  // namespace sextant::osfm
