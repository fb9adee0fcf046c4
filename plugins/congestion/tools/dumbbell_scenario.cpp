#include "dumbbell_scenario.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <ostream>
#include <stdexcept>

namespace sextant::congestion {

namespace {

void require(bool ok, const std::string& what) {
    if (!ok) throw std::invalid_argument(what);
}

// Nearest-rank percentile of an unsorted copy.
double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
    return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

double jain_index(const std::vector<double>& x) {
    double sum = 0, sq = 0;
    for (double v : x) sum += v, sq += v * v;
    return sq > 0 ? sum * sum / (static_cast<double>(x.size()) * sq) : 0;
}

}  // namespace

void DumbbellScenario::validate() const {
    require(senders >= 1, "--senders must be >= 1");
    require(workload == "long" || workload == "incast", "--workload must be long or incast, got '" + workload + "'");
    require(gbps > 0, "--gbps must be > 0");
    require(link_delay_us >= 0, "--link-delay-us must be >= 0");
    require(k_bytes > 0, "--k-bytes must be > 0");
    require(buffer_mb > 0, "--buffer-mb must be > 0");
    require(payload_bytes >= 100, "--payload-bytes must be >= 100");
    require(long_bytes >= payload_bytes && incast_bytes >= payload_bytes,
            "--long-bytes and --incast-bytes must be at least one packet (--payload-bytes)");
    require(init_cwnd_packets >= 1, "--init-cwnd must be >= 1");
    require(g > 0 && g <= 1, "--g must be in (0, 1]");
    require(sample_us > 0, "--sample-us must be > 0");
    require(warmup_ms >= 0, "--warmup-ms must be >= 0");
    require(del_ack_count >= 1, "--del-ack-count must be >= 1");
}

void add_flags(CLI::App& app, DumbbellScenario& s) {
    app.add_option("--senders", s.senders, "senders N (issue 14: 2..16)")->capture_default_str();
    app.add_option("--workload", s.workload, "long (steady state) or incast (short flows at once)")
        ->capture_default_str();
    app.add_option("--gbps", s.gbps, "every link's rate, Gb/s (issue 14: 10 G)")->capture_default_str();
    app.add_option("--link-delay-us", s.link_delay_us, "every link's one-way delay, us (HPCC code fat.txt: 1 us)")
        ->capture_default_str();
    app.add_option("--k-bytes", s.k_bytes, "step ECN marking threshold K, bytes (run.py DCTCP: 30 KB per 10 G)")
        ->capture_default_str();
    app.add_option("--buffer-mb", s.buffer_mb, "bottleneck buffer, MiB (config.txt BUFFER_SIZE 32)")
        ->capture_default_str();
    app.add_option("--payload-bytes", s.payload_bytes, "payload per packet, = TCP MSS in ns-3 (config.txt: 1000)")
        ->capture_default_str();
    app.add_option("--long-bytes", s.long_bytes, "bytes per sender, workload long (chosen here)")
        ->capture_default_str();
    app.add_option("--incast-bytes", s.incast_bytes, "bytes per sender, workload incast (chosen here)")
        ->capture_default_str();
    app.add_option("--init-cwnd", s.init_cwnd_packets, "initial window, packets (ns-3 InitialCwnd default 10)")
        ->capture_default_str();
    app.add_option("--g", s.g, "DCTCP alpha gain (run.py 1/16; ns-3 DctcpShiftG 0.0625)")->capture_default_str();
    app.add_option("--sample-us", s.sample_us, "sampling interval of queue and delivered bytes, us (chosen here)")
        ->capture_default_str();
    app.add_option("--warmup-ms", s.warmup_ms, "workload long: ignore samples before this, ms (chosen here)")
        ->capture_default_str();
    app.add_option("--del-ack-count", s.del_ack_count,
                   "ns-3 only: segments per ACK (1 = per packet, as the fabric; ns-3 default 2)")
        ->capture_default_str();
    app.add_flag("--json", s.json, "print one JSON object");
}

DumbbellSummary summarise(const DumbbellScenario& s, const DumbbellTrace& t) {
    DumbbellSummary r;
    const std::size_t flows = t.fct_s.size();
    double first = 1e300, last = 0, sum = 0;
    for (double f : t.fct_s) {
        double v = f < 0 ? 1e300 : f;
        first = std::min(first, v);
        last = std::max(last, v);
        sum += v;
    }
    r.fct_min_ms = first * 1e3;
    r.fct_max_ms = last * 1e3;
    r.fct_mean_ms = flows ? sum / static_cast<double>(flows) * 1e3 : 0;

    const bool incast = s.workload == "incast";
    r.window_start_s = incast ? 0 : s.warmup_ms * 1e-3;
    r.window_end_s = incast ? last : first;
    std::vector<double> queue, window;
    std::size_t k0 = t.sample_s.size(), k1 = 0;
    for (std::size_t k = 0; k < t.sample_s.size(); ++k) {
        if (t.sample_s[k] < r.window_start_s || t.sample_s[k] > r.window_end_s) continue;
        queue.push_back(t.queue_bytes[k]);
        if (k < t.window_packets.size() && t.window_packets[k] > 0) window.push_back(t.window_packets[k]);
        k0 = std::min(k0, k);
        k1 = std::max(k1, k);
    }
    r.samples = queue.size();
    r.flow_gbps.assign(flows, 0);
    if (incast) {
        for (std::size_t f = 0; f < flows; ++f)
            r.flow_gbps[f] = t.fct_s[f] > 0 ? static_cast<double>(s.flow_bytes()) * 8 / t.fct_s[f] / 1e9 : 0;
        r.goodput_gbps =
            last > 0 ? static_cast<double>(s.flow_bytes()) * static_cast<double>(flows) * 8 / last / 1e9 : 0;
    } else if (k1 > k0) {
        const double dt = t.sample_s[k1] - t.sample_s[k0];
        for (std::size_t f = 0; f < flows; ++f)
            r.flow_gbps[f] = (t.delivered[k1][f] - t.delivered[k0][f]) * 8 / dt / 1e9;
        for (double v : r.flow_gbps) r.goodput_gbps += v;
    }
    r.jain = jain_index(r.flow_gbps);
    double qsum = 0;
    for (double q : queue) qsum += q;
    r.queue_mean_kb = queue.empty() ? 0 : qsum / static_cast<double>(queue.size()) / 1e3;
    r.queue_p50_kb = percentile(queue, 0.5) / 1e3;
    r.queue_p99_kb = percentile(queue, 0.99) / 1e3;
    r.queue_max_kb = queue.empty() ? 0 : *std::max_element(queue.begin(), queue.end()) / 1e3;
    double wsum = 0;
    for (double w : window) wsum += w;
    r.window_mean_packets = window.empty() ? 0 : wsum / static_cast<double>(window.size());
    r.window_min_packets = window.empty() ? 0 : *std::min_element(window.begin(), window.end());
    r.mark_fraction =
        t.bottleneck_packets ? static_cast<double>(t.marks) / static_cast<double>(t.bottleneck_packets) : 0;
    return r;
}

void print_report(std::ostream& out, const DumbbellScenario& s, const DumbbellTrace& t) {
    const DumbbellSummary r = summarise(s, t);
    nlohmann::ordered_json j;
    j["simulator"] = t.simulator;
    j["params"] = {{"senders", s.senders},
                   {"workload", s.workload},
                   {"gbps", s.gbps},
                   {"link_delay_us", s.link_delay_us},
                   {"k_bytes", s.k_bytes},
                   {"buffer_mb", s.buffer_mb},
                   {"payload_bytes", s.payload_bytes},
                   {"flow_bytes", s.flow_bytes()},
                   {"init_cwnd_packets", s.init_cwnd_packets},
                   {"g", s.g},
                   {"sample_us", s.sample_us},
                   {"warmup_ms", s.warmup_ms},
                   {"del_ack_count", s.del_ack_count}};
    j["notes"] = t.notes;
    j["wire_bytes_per_packet"] = t.wire_bytes_per_packet;
    j["window_ms"] = {r.window_start_s * 1e3, r.window_end_s * 1e3};
    j["samples"] = r.samples;
    j["goodput_gbps"] = r.goodput_gbps;
    j["flow_gbps"] = r.flow_gbps;
    j["jain"] = r.jain;
    j["fct_ms"] = {{"mean", r.fct_mean_ms}, {"min", r.fct_min_ms}, {"max", r.fct_max_ms}};
    j["fct_each_ms"] = nlohmann::json::array();
    for (double f : t.fct_s) j["fct_each_ms"].push_back(f * 1e3);
    j["queue_kb"] = {
        {"mean", r.queue_mean_kb}, {"p50", r.queue_p50_kb}, {"p99", r.queue_p99_kb}, {"max", r.queue_max_kb}};
    j["window_packets"] = {{"mean", r.window_mean_packets}, {"min", r.window_min_packets}};
    j["marks"] = t.marks;
    j["bottleneck_packets"] = t.bottleneck_packets;
    j["mark_fraction"] = r.mark_fraction;
    j["drops"] = t.drops;
    j["retransmissions"] = t.retransmissions;
    if (s.json) {
        out << j.dump() << "\n";
        return;
    }
    out << t.simulator << ": DCTCP dumbbell, " << s.senders << " senders -> switch -> " << s.gbps
        << " Gb/s bottleneck -> receiver, workload " << s.workload << "\n";
    out << "  parameters: " << j["params"].dump() << "\n";
    for (const auto& n : t.notes) out << "  " << n << "\n";
    out << "  window " << r.window_start_s * 1e3 << " - " << r.window_end_s * 1e3 << " ms, " << r.samples
        << " samples\n";
    out << "  goodput " << r.goodput_gbps << " Gb/s, per flow " << j["flow_gbps"].dump() << ", Jain " << r.jain << "\n";
    out << "  FCT ms mean " << r.fct_mean_ms << " min " << r.fct_min_ms << " max " << r.fct_max_ms << "\n";
    out << "  queue KB mean " << r.queue_mean_kb << " p50 " << r.queue_p50_kb << " p99 " << r.queue_p99_kb << " max "
        << r.queue_max_kb << "\n";
    out << "  congestion window per unfinished flow, packets: mean " << r.window_mean_packets << " min "
        << r.window_min_packets << "\n";
    out << "  marks " << t.marks << " of " << t.bottleneck_packets << " packets (" << r.mark_fraction << "), drops "
        << t.drops << ", retransmissions " << t.retransmissions << "\n";
}

}  // namespace sextant::congestion
