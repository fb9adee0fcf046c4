#include "osfm/proc_sample.hpp"

#include <dirent.h>

#include <chrono>
#include <fstream>
#include <istream>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace sextant::osfm {

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    if (!in) return {};
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

[[noreturn]] void bad(const std::string& file, int line, const std::string& what) {
    throw std::invalid_argument("/proc/" + file + ":" + std::to_string(line) + ": " + what);
}

// Every line of a file, split on blanks, with its 1-based number.
template <class F>
void for_each_line(const std::string& text, F&& f) {
    std::istringstream in(text);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.empty() || line[0] == '#') continue;
        std::istringstream words(line);
        std::vector<std::string> w;
        for (std::string x; words >> x;) w.push_back(x);
        if (!w.empty()) f(n, w);
    }
}

double number(const std::string& file, int line, const std::string& text) {
    try {
        std::size_t used = 0;
        double v = std::stod(text, &used);
        if (used == text.size()) return v;
    } catch (const std::exception&) {}
    bad(file, line, "expected a number, got '" + text + "'");
}

// Whole disks only: loop, ram and zram devices are not storage, and a partition (vda1,
// nvme0n1p1) is counted in its disk already.
bool whole_disk(const std::string& name, const std::vector<std::string>& all) {
    for (const char* skip : {"loop", "ram", "zram", "dm-", "md", "sr"})
        if (name.rfind(skip, 0) == 0) return false;
    for (const std::string& other : all)
        if (other != name && name.rfind(other, 0) == 0) return false;
    return true;
}

void parse_stat(const std::string& text, Counters& c) {
    static const char* cpu_fields[] = {"user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"};
    for_each_line(text, [&](int n, const std::vector<std::string>& w) {
        if (w[0] == "cpu") {
            if (w.size() < 9) bad("stat", n, "expected at least 8 counters after 'cpu'");
            for (int i = 0; i < 8; ++i) c[std::string("stat.cpu.") + cpu_fields[i]] = number("stat", n, w[i + 1]);
        } else if (w[0] == "ctxt" || w[0] == "intr" || w[0] == "processes" || w[0] == "procs_running" ||
                   w[0] == "procs_blocked") {
            if (w.size() < 2) bad("stat", n, "expected a number after '" + w[0] + "'");
            c["stat." + w[0]] = number("stat", n, w[1]);
        }
    });
}

void parse_keyed(const std::string& file, const std::string& prefix, const std::string& text, Counters& c) {
    for_each_line(text, [&](int n, const std::vector<std::string>& w) {
        if (w.size() < 2) bad(file, n, "expected 'name value'");
        std::string key = w[0];
        if (!key.empty() && key.back() == ':') key.pop_back();
        c[prefix + key] = number(file, n, w[1]);
    });
}

void parse_diskstats(const std::string& text, Counters& c) {
    std::vector<std::string> names;
    for_each_line(text, [&](int n, const std::vector<std::string>& w) {
        if (w.size() < 14) bad("diskstats", n, "expected at least 14 fields");
        names.push_back(w[2]);
    });
    static const std::pair<int, const char*> fields[] = {{3, "reads"},      {5, "read_sectors"},  {6, "read_ms"},
                                                         {7, "writes"},     {9, "write_sectors"}, {10, "write_ms"},
                                                         {11, "in_flight"}, {12, "io_ms"},        {13, "weighted_ms"}};
    for (const auto& [i, name] : fields) c[std::string("disk.") + name] = 0;
    for_each_line(text, [&](int n, const std::vector<std::string>& w) {
        if (!whole_disk(w[2], names)) return;
        for (const auto& [i, name] : fields) c[std::string("disk.") + name] += number("diskstats", n, w[i]);
    });
}

void parse_net_dev(const std::string& text, Counters& c) {
    static const std::pair<int, const char*> fields[] = {{0, "rx_bytes"}, {1, "rx_packets"}, {2, "rx_errs"},
                                                         {3, "rx_drop"},  {8, "tx_bytes"},   {9, "tx_packets"},
                                                         {10, "tx_errs"}, {11, "tx_drop"}};
    for (const char* side : {"lo", "ext"})
        for (const auto& [i, name] : fields) c[std::string("net.") + side + "." + name] = 0;
    std::istringstream in(text);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        const auto colon = line.find(':');
        if (colon == std::string::npos || line.find('|') != std::string::npos) continue;  // the two header lines
        std::istringstream name_in(line.substr(0, colon)), rest(line.substr(colon + 1));
        std::string iface;
        name_in >> iface;
        std::vector<std::string> w;
        for (std::string x; rest >> x;) w.push_back(x);
        if (w.size() < 16) bad("net/dev", n, "expected 16 counters after '" + iface + ":'");
        const std::string side = iface == "lo" ? "lo" : "ext";
        for (const auto& [i, name] : fields) c["net." + side + "." + name] += number("net/dev", n, w[i]);
    }
}

void parse_loadavg(const std::string& text, Counters& c) {
    std::istringstream in(text);
    std::string l1, l5, l15, tasks;
    if (!(in >> l1 >> l5 >> l15 >> tasks) || tasks.find('/') == std::string::npos)
        bad("loadavg", 1, "expected 'load1 load5 load15 runnable/threads ...'");
    c["load.1"] = number("loadavg", 1, l1);
    c["load.5"] = number("loadavg", 1, l5);
    c["load.15"] = number("loadavg", 1, l15);
    c["load.runnable"] = number("loadavg", 1, tasks.substr(0, tasks.find('/')));
}

void parse_pressure(const std::string& file, const std::string& resource, const std::string& text, Counters& c) {
    for_each_line(text, [&](int n, const std::vector<std::string>& w) {
        if (w[0] != "some" && w[0] != "full") bad(file, n, "expected 'some' or 'full'");
        for (std::size_t i = 1; i < w.size(); ++i)
            if (w[i].rfind("total=", 0) == 0) c["psi." + resource + "." + w[0]] = number(file, n, w[i].substr(6));
    });
}

// CPU lines of schedstat version 15: run time and run delay (ns) and timeslices.
void parse_schedstat(const std::string& text, Counters& c) {
    c["sched.run_delay_ns"] = 0;
    c["sched.timeslices"] = 0;
    for_each_line(text, [&](int n, const std::vector<std::string>& w) {
        if (w[0].rfind("cpu", 0) != 0) return;
        if (w.size() < 10) bad("schedstat", n, "expected 9 counters after '" + w[0] + "'");
        c["sched.run_delay_ns"] += number("schedstat", n, w[8]);
        c["sched.timeslices"] += number("schedstat", n, w[9]);
    });
}

// Without /proc/schedstat: each task's "run_ns delay_ns slices", summed, in schedstat's shape.
std::string tasks_schedstat(const std::string& root) {
    double run = 0, delay = 0, slices = 0;
    if (DIR* d = ::opendir(root.c_str())) {
        while (dirent* e = ::readdir(d)) {
            if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
            std::ifstream in(root + "/" + e->d_name + "/schedstat");
            double a, b, k;
            if (in >> a >> b >> k) run += a, delay += b, slices += k;
        }
        ::closedir(d);
    }
    std::ostringstream s;
    s.precision(17);
    s << "# summed over " << root << "/PID/schedstat\ncpu0 0 0 0 0 0 0 " << run << ' ' << delay << ' ' << slices
      << '\n';
    return s.str();
}

}  // namespace

const std::vector<std::string>& proc_files() {
    static const std::vector<std::string> files{"stat",        "meminfo",  "vmstat",       "diskstats",
                                                "net/dev",     "loadavg",  "pressure/cpu", "pressure/memory",
                                                "pressure/io", "schedstat"};
    return files;
}

ProcText read_proc(const std::string& root) {
    ProcText s;
    s.t_s = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    for (const std::string& f : proc_files()) {
        std::string text = slurp(root + "/" + f);
        if (f == "schedstat" && text.empty()) text = tasks_schedstat(root);
        if (!text.empty()) s.files[f] = std::move(text);
    }
    return s;
}

void write_proc_text(const ProcText& sample, std::ostream& out) {
    out.precision(17);
    out << "@t_s " << sample.t_s << '\n';
    for (const auto& [name, text] : sample.files) {
        out << "@file " << name << '\n' << text;
        if (!text.empty() && text.back() != '\n') out << '\n';
    }
}

std::vector<ProcText> parse_proc_text(std::istream& in, const std::string& file) {
    std::vector<ProcText> samples;
    std::string line, current;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.rfind("@t_s ", 0) == 0) {
            samples.emplace_back();
            current.clear();
            try {
                samples.back().t_s = std::stod(line.substr(5));
            } catch (const std::exception&) {
                throw std::invalid_argument(file + ":" + std::to_string(n) + ": expected '@t_s SECONDS'");
            }
        } else if (line.rfind("@file ", 0) == 0) {
            if (samples.empty())
                throw std::invalid_argument(file + ":" + std::to_string(n) +
                                            ": '@file' before the first '@t_s SECONDS'");
            current = line.substr(6);
            samples.back().files[current];
        } else {
            if (current.empty())
                throw std::invalid_argument(file + ":" + std::to_string(n) + ": text before the first '@file NAME'");
            samples.back().files[current] += line + '\n';
        }
    }
    if (samples.empty()) throw std::invalid_argument(file + ": no '@t_s SECONDS' line");
    return samples;
}

Counters parse_counters(const ProcText& sample) {
    Counters c;
    auto text = [&](const std::string& f) -> const std::string* {
        auto it = sample.files.find(f);
        return it == sample.files.end() ? nullptr : &it->second;
    };
    if (auto t = text("stat")) parse_stat(*t, c);
    if (auto t = text("meminfo")) parse_keyed("meminfo", "meminfo.", *t, c);
    if (auto t = text("vmstat")) parse_keyed("vmstat", "vmstat.", *t, c);
    if (auto t = text("diskstats")) parse_diskstats(*t, c);
    if (auto t = text("net/dev")) parse_net_dev(*t, c);
    if (auto t = text("loadavg")) parse_loadavg(*t, c);
    for (const char* r : {"cpu", "memory", "io"})
        if (auto t = text(std::string("pressure/") + r)) parse_pressure(std::string("pressure/") + r, r, *t, c);
    if (auto t = text("schedstat")) parse_schedstat(*t, c);
    return c;
}

}  // namespace sextant::osfm
