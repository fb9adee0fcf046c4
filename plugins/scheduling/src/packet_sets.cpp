#include "scheduling/packet_sets.hpp"

#include <netsim/packet/collective_traffic.hpp>
#include <netsim/packet/topologies.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <numeric>
#include <stdexcept>

namespace sextant::scheduling {

namespace np = netsim::packet;

void PacketFidelityConfig::validate() const {
    np::parse_cc_scheme(cc);  // throws naming the accepted schemes
    if (!(buffer_mb > 0)) throw std::invalid_argument("packet fidelity: buffer_mb must be positive");
    if (!(scale > 0)) throw std::invalid_argument("packet fidelity: packet_scale must be positive");
    if (horizon_periods < 1) throw std::invalid_argument("packet fidelity: packet_horizon_periods must be >= 1");
    if (phase_bins < 1) throw std::invalid_argument("packet fidelity: packet_phase_bins must be >= 1");
}

np::FabricConfig packet_fabric_config(const PacketFidelityConfig& config) {
    np::FabricConfig f;
    f.pfc = config.pfc;
    f.buffer_mb = config.buffer_mb;
    f.cc.scheme = np::parse_cc_scheme(config.cc);
    f.cc.mltcp.slope = config.mltcp_slope;
    f.cc.mltcp.intercept = config.mltcp_intercept;
    f.validate();
    return f;
}

std::vector<MemberOutcome> simulate_shared_set(const SharedSet& set, const PacketFidelityConfig& c) {
    c.validate();
    if (set.members.empty()) return {};
    if (!(set.capacity_gbps > 0) || !(set.nic_gbps > 0))
        throw std::invalid_argument("packet fidelity: a shared set needs positive link and NIC rates");
    std::uint32_t pairs = 0;
    double longest = 0, first = set.members[0].offset_s;
    for (const SetMember& m : set.members) {
        if (!(m.gbit > 0) || !(m.peak_gbps > 0) || m.hops < 1 || !(m.compute_s >= 0))
            throw std::invalid_argument("packet fidelity: a set member must communicate (gbit, peak_gbps, hops > 0)");
        pairs += static_cast<std::uint32_t>(m.hops);
        longest = std::max(longest, m.period_s());
        first = std::min(first, m.offset_s);
    }
    np::ShapeLinks links;
    links.host_gbps = set.nic_gbps;
    links.fabric_gbps = set.capacity_gbps;
    np::Network net = np::make_dumbbell(pairs, links);

    // Each member is a ring alternating sides of the bottleneck (left, right, left, ...):
    // 2 x hops ranks cross it `hops` times in each direction, as its ring crosses the link
    // and its twin. Each hop carries 2(N-1)/N of the buffer, so the buffer is set to make
    // that the member's per-hop volume.
    std::vector<np::JobSpec> jobs;
    std::vector<int> owner(net.topology.node_count(), -1);
    std::uint32_t next = 0;
    for (size_t j = 0; j < set.members.size(); ++j) {
        const SetMember& m = set.members[j];
        np::JobSpec s;
        s.name = "member" + std::to_string(j);
        s.collective = np::CollectiveKind::RingAllreduce;
        for (int h = 0; h < m.hops; ++h, ++next) {
            s.hosts.push_back(net.hosts[next]);
            s.hosts.push_back(net.hosts[pairs + next]);
        }
        for (netsim::NodeId host : s.hosts) owner[host] = static_cast<int>(j);
        const double ranks = 2.0 * m.hops;
        const double hop_bytes = m.gbit * c.scale * 1e9 / 8;
        s.bytes = static_cast<std::uint64_t>(std::llround(hop_bytes * ranks / (2 * (ranks - 1))));
        s.iterations = std::max(2, static_cast<int>(std::llround(c.horizon_periods * longest / m.period_s())));
        s.compute_s = m.compute_s * c.scale;
        s.start_s = (m.offset_s - first) * c.scale;
        jobs.push_back(s);
    }
    np::Fabric fabric(net.topology, packet_fabric_config(c));
    np::PacketTransport transport(fabric);
    const std::vector<np::JobResult> results = np::run_jobs(transport, jobs);

    std::vector<double> marks(jobs.size(), 0), bytes(jobs.size(), 0);
    for (const np::FlowRecord& r : fabric.flows()) {
        const int j = owner[r.src];
        if (j < 0) continue;
        marks[j] += static_cast<double>(r.ecn_marked);
        bytes[j] += static_cast<double>(r.payload_bytes);
    }
    double paused = 0;
    for (const np::PortCounters& p : fabric.ports()) paused += p.paused_s;
    const double all_bytes = std::accumulate(bytes.begin(), bytes.end(), 0.0);

    std::vector<MemberOutcome> out(jobs.size());
    for (size_t j = 0; j < jobs.size(); ++j) {
        const SetMember& m = set.members[j];
        const std::vector<double>& comm = results[j].collective_s;
        const double mean = std::accumulate(comm.begin(), comm.end(), 0.0) / static_cast<double>(comm.size());
        const double iterations = static_cast<double>(jobs[j].iterations);
        out[j].comm_stretch = mean / (m.gbit * c.scale / m.peak_gbps);
        out[j].ecn_marks_per_iteration = marks[j] / iterations / c.scale;
        out[j].pfc_paused_s_per_iteration =
            all_bytes > 0 ? paused * (bytes[j] / all_bytes) / iterations / c.scale : 0.0;
    }
    return out;
}

namespace {

std::string number(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", x);
    return buf;
}

// Where x falls in [0, period).
double wrap_into(double x, double period) {
    double r = std::fmod(x, period);
    return r < 0 ? r + period : r;
}

}  // namespace

SharedSetCache::SharedSetCache(SetSimulator simulate, int phase_bins, bool cache)
    : simulate_(std::move(simulate)), phase_bins_(phase_bins), cache_(cache) {
    if (phase_bins < 1) throw std::invalid_argument("shared sets: phase_bins must be >= 1");
}

SharedSetCache packet_set_cache(const PacketFidelityConfig& config) {
    config.validate();
    return SharedSetCache([config](const SharedSet& set) { return simulate_shared_set(set, config); },
                          config.phase_bins, config.cache);
}

std::string SharedSetCache::shape_of(const SetMember& m) {
    if (shapes_.size() > 100000) shapes_.clear();  // bounds memory; only a cost
    auto [it, fresh] = shapes_.try_emplace({m.compute_s, m.gbit, m.hops, m.peak_gbps});
    if (fresh)
        it->second =
            number(m.compute_s) + "," + number(m.gbit) + "," + std::to_string(m.hops) + "," + number(m.peak_gbps);
    return it->second;
}

std::vector<MemberOutcome> SharedSetCache::lookup(const SharedSet& set) {
    ++lookups_;
    const size_t n = set.members.size();
    const int bins = phase_bins_;
    std::vector<std::string> shape_text(n);  // copies: shape_of may start its map over
    for (size_t i = 0; i < n; ++i) shape_text[i] = shape_of(set.members[i]);
    const auto shape = [&](size_t i) -> const std::string& { return shape_text[i]; };
    // Rotating every phase together changes nothing, so each member in turn is tried as the
    // origin and the smallest key wins: the same set in any order and at any origin gives
    // the same key and the same canonical order.
    const std::string head = number(set.capacity_gbps) + "/" + number(set.nic_gbps);
    std::string best_key;
    std::vector<size_t> best_order;
    std::vector<long long> best_bin;
    for (size_t r = 0; r < n; ++r) {
        std::vector<long long> bin(n);
        for (size_t i = 0; i < n; ++i) {
            const double period = set.members[i].period_s();
            const double phase = wrap_into(set.members[i].offset_s - set.members[r].offset_s, period) / period;
            bin[i] = std::llround(phase * bins) % bins;
        }
        std::vector<size_t> order(n);
        std::iota(order.begin(), order.end(), size_t{0});
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
            return shape(a) != shape(b) ? shape(a) < shape(b) : bin[a] < bin[b];
        });
        std::string key = head;
        for (size_t i : order) key.append("|").append(shape(i)).append("@").append(std::to_string(bin[i]));
        if (r == 0 || key < best_key) best_key = key, best_order = order, best_bin = bin;
    }
    std::vector<MemberOutcome>* canonical = nullptr;
    std::vector<MemberOutcome> fresh;
    if (cache_) {
        auto it = outcomes_.find(best_key);
        if (it != outcomes_.end()) canonical = &it->second;
    }
    if (!canonical) {
        SharedSet rounded{set.capacity_gbps, set.nic_gbps, {}};
        for (size_t i : best_order) {
            SetMember m = set.members[i];
            m.offset_s = static_cast<double>(best_bin[i]) * m.period_s() / bins;
            rounded.members.push_back(m);
        }
        const std::clock_t t0 = std::clock();
        fresh = simulate_(rounded);
        cpu_s_ += static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC;
        ++simulated_;
        canonical = cache_ ? &(outcomes_[best_key] = std::move(fresh)) : &fresh;
    }
    std::vector<MemberOutcome> out(n);
    for (size_t k = 0; k < n; ++k) out[best_order[k]] = (*canonical)[k];
    return out;
}

}  // namespace sextant::scheduling
