#include "congestion/study.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <numeric>
#include <random>
#include <stdexcept>

namespace sextant::congestion {

namespace np = netsim::packet;

Fidelity parse_fidelity(const std::string& text) {
    if (text == "packet") return Fidelity::Packet;
    if (text == "flow") return Fidelity::Flow;
    throw std::invalid_argument("fidelity '" + text + "': expected packet or flow");
}

Placement parse_placement(const std::string& text) {
    if (text == "packed") return Placement::Packed;
    if (text == "strided") return Placement::Strided;
    if (text == "random") return Placement::Random;
    throw std::invalid_argument("placement '" + text + "': expected packed, strided or random");
}

std::uint64_t parse_bytes(const std::string& text) {
    std::size_t used = 0;
    double v = 0;
    try {
        v = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    std::string unit = used ? text.substr(used) : "";
    double scale = 0;
    if (unit.empty() || unit == "B") scale = 1;
    else if (unit == "KB") scale = 1e3;
    else if (unit == "MB") scale = 1e6;
    else if (unit == "GB") scale = 1e9;
    else if (unit == "KiB") scale = 1024.0;
    else if (unit == "MiB") scale = 1024.0 * 1024;
    else if (unit == "GiB") scale = 1024.0 * 1024 * 1024;
    if (used == 0 || scale == 0 || !(v > 0) || v * scale > 1e13)
        throw std::invalid_argument("size '" + text +
                                    "': expected a positive number with an optional unit "
                                    "(B, KB, MB, GB, KiB, MiB, GiB), e.g. 64MiB");
    return static_cast<std::uint64_t>(std::llround(v * scale));
}

std::vector<np::JobSpec> make_jobs(const StudyConfig& c, const np::Network& net) {
    const std::size_t hosts = net.hosts.size();
    if (c.jobs < 1 || hosts / static_cast<std::size_t>(c.jobs) < 2)
        throw std::invalid_argument("jobs: " + std::to_string(c.jobs) +
                                    " jobs need at least 2 hosts each, the topology has " + std::to_string(hosts));
    const std::size_t per_job = hosts / static_cast<std::size_t>(c.jobs);
    std::vector<netsim::NodeId> order = net.hosts;
    if (c.placement == Placement::Random) {
        std::mt19937_64 rng(c.seed);
        for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);  // Fisher-Yates
    }
    if (c.chunks < 1) throw std::invalid_argument("chunks: expected >= 1, got " + std::to_string(c.chunks));
    if (!c.profile.empty() && c.bucket_bytes == 0) throw std::invalid_argument("bucket_mb: expected > 0");
    std::shared_ptr<const np::IterationProfile> profile = c.profile.empty() ? nullptr : load_profile(c.profile);
    std::vector<np::JobSpec> jobs(static_cast<std::size_t>(c.jobs));
    for (std::size_t j = 0; j < jobs.size(); ++j) {
        np::JobSpec& s = jobs[j];
        s.name = "job" + std::to_string(j);
        s.collective = c.collective;
        s.bytes = c.bytes;
        s.iterations = c.iterations;
        s.compute_s = c.compute_s;
        s.chunks = c.chunks;
        s.profile = profile;
        s.bucket_bytes = c.bucket_bytes;
        s.overlap = c.overlap;
        for (std::size_t r = 0; r < per_job; ++r) {
            // Strided: rank r of job j is host r * jobs + j, so every job spans every leaf.
            std::size_t idx = c.placement == Placement::Strided ? r * jobs.size() + j : j * per_job + r;
            s.hosts.push_back(order[idx]);
        }
        s.groups = np::leaf_groups(net.topology, s.hosts);
        try {
            s.validate();
        } catch (const std::invalid_argument& e) {  // name the study's parameters, not the job's fields
            std::string what = e.what();
            if (what.find("groups:") != std::string::npos)
                throw std::invalid_argument("placement: " + what.substr(what.find("groups:") + 8));
            if (what.find("collective:") != std::string::npos)
                throw std::invalid_argument(what.substr(what.find("collective:")));
            throw;
        }
    }
    return jobs;
}

namespace {

double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

void summarise_collectives(const std::vector<np::JobResult>& jobs, bool training, StudyResult& r) {
    double sum = 0, iteration = 0, exposed = 0;
    int n = 0;
    for (const auto& j : jobs) {
        r.collective_s.push_back(training ? j.iteration_s : j.collective_s);
        for (std::size_t i = 0; i < j.collective_s.size(); ++i) {
            sum += j.collective_s[i];
            iteration += j.iteration_s[i];
            exposed += j.iteration_s[i] - j.compute_s[i];
            ++n;
            r.completion_max_s = std::max(r.completion_max_s, training ? j.iteration_s[i] : j.collective_s[i]);
        }
        r.makespan_s = std::max(r.makespan_s, j.finish_s);
    }
    r.collective_mean_s = n ? sum / n : 0;
    r.iteration_s = n ? iteration / n : 0;
    r.exposed_comm_s = n ? exposed / n : 0;
    r.completion_s = training ? r.iteration_s : r.collective_mean_s;
}

void summarise_fabric(const np::Fabric& f, StudyResult& r) {
    const auto& topo = f.topology();
    const np::FabricTotals& t = f.totals();
    r.ecn_marks = t.ecn_marks;
    r.pause_frames = t.pause_frames;
    r.drops = t.drops;
    r.packet_hops = t.packet_hops;
    r.events = t.events;
    r.peak_packets_in_flight = t.peak_packets_in_flight;
    r.peak_events_pending = t.peak_events_pending;
    r.queue_p99_bytes = f.queue_percentile_bytes(0.99);
    const double span = f.now();
    double qsum = 0, usum = 0;
    int qn = 0, un = 0;
    for (netsim::LinkId l = 0; l < topo.link_count(); ++l) {
        const np::PortCounters& p = f.ports()[l];
        r.paused_s += p.paused_s;
        r.queue_max_bytes = std::max<double>(r.queue_max_bytes, static_cast<double>(p.max_queue_bytes));
        if (p.tx_bytes == 0) continue;
        usum += static_cast<double>(p.tx_bytes) * 8 / (topo.link(l).spec.gbps * 1e9 * span);
        ++un;
        if (topo.node(topo.link(l).from).kind == netsim::NodeKind::Switch && span > 0) {
            qsum += p.queue_byte_seconds / span;
            ++qn;
        }
    }
    r.queue_mean_bytes = qn ? qsum / qn : 0;
    r.link_utilisation = un ? usum / un : 0;
    double payload = 0, x = 0, x2 = 0;
    int n = 0;
    for (const np::FlowRecord& fl : f.flows()) {
        r.retransmitted += fl.retransmitted;
        payload += static_cast<double>(fl.payload_bytes);
        if (fl.payload_bytes == 0 || fl.src == fl.dst || fl.fct_s() <= 0) continue;
        double tput = static_cast<double>(fl.payload_bytes) / fl.fct_s();
        x += tput;
        x2 += tput * tput;
        ++n;
    }
    r.flows = f.flows().size();
    r.ecn_marks_per_gb = payload > 0 ? static_cast<double>(r.ecn_marks) / (payload / 1e9) : 0;
    r.jain_fairness = n && x2 > 0 ? x * x / (n * x2) : 0;
    const auto port_name = [&](netsim::LinkId l) {
        return topo.node(topo.link(l).from).name + "->" + topo.node(topo.link(l).to).name;
    };
    for (const np::Sample& s : f.samples()) {
        double g = std::accumulate(s.flow_gbps.begin(), s.flow_gbps.end(), 0.0);
        double q = 0;
        for (netsim::LinkId l = 0; l < s.queue_bytes.size(); ++l)
            if (topo.node(topo.link(l).from).kind == netsim::NodeKind::Switch) {
                q = std::max<double>(q, s.queue_bytes[l]);
                if (s.queue_bytes[l] > 0) r.port_queue_rows.push_back({s.t_s, port_name(l), s.queue_bytes[l]});
            }
        for (std::size_t i = 0; i < s.flow_gbps.size(); ++i)
            if (s.flow_gbps[i] > 0) {
                const np::FlowRecord& fl = f.flows()[i];
                r.flow_rate_rows.push_back({s.t_s, i, topo.node(fl.src).name, topo.node(fl.dst).name, s.flow_gbps[i]});
            }
        r.series_t_s.push_back(s.t_s);
        r.series_goodput_gbps.push_back(g);
        r.series_max_queue_bytes.push_back(q);
    }
}

}  // namespace

StudyResult run_study(const StudyConfig& c) {
    np::Network net = np::make_network(c.topology, c.links);
    std::vector<np::JobSpec> jobs = make_jobs(c, net);
    StudyResult r;
    const double n = static_cast<double>(jobs[0].hosts.size());
    const double payload_bps =
        c.links.host_gbps * 1e9 / 8 * c.fabric.payload_bytes / (c.fabric.payload_bytes + c.fabric.header_bytes);
    r.ideal_ring_s = 2 * (n - 1) / n * static_cast<double>(c.bytes) / payload_bps;
    const auto t0 = std::chrono::steady_clock::now();
    const double cpu0 = cpu_seconds();
    if (c.fidelity == Fidelity::Packet) {
        np::FabricConfig fc = c.fabric;
        fc.ecmp_seed = c.seed;
        np::Fabric fabric(net.topology, fc);
        np::PacketTransport transport(fabric);
        summarise_collectives(np::run_jobs(transport, jobs), !c.profile.empty(), r);
        summarise_fabric(fabric, r);
    } else {
        np::FlowTransport transport(net.topology, netsim::PacketFormat{c.fabric.payload_bytes, c.fabric.header_bytes});
        summarise_collectives(np::run_jobs(transport, jobs), !c.profile.empty(), r);
        r.events = transport.events();
        r.flows = transport.network().totals().flows_started;
    }
    r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.cpu_s = cpu_seconds() - cpu0;
    return r;
}

}  // namespace sextant::congestion
