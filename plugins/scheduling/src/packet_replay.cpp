#include "scheduling/packet_replay.hpp"

#include <netsim/packet/collective_traffic.hpp>
#include <netsim/packet/topologies.hpp>

#include <cmath>
#include <stdexcept>

namespace sextant::scheduling {

namespace np = netsim::packet;

double cluster_running_s(const JobResult& job, const SimConfig& config) {
    return job.finish_s - (job.first_start_s + config.restart_s);
}

ReplayResult replay_on_packet_fabric(const std::vector<JobSpec>& jobs, const SimResult& run,
                                     const ProfileTable& profiles, const SimConfig& config) {
    const PacketFidelityConfig& c = config.packet;
    c.validate();
    const TopologyConfig& t = config.topology;
    if (config.cassini) throw std::invalid_argument("replay: CASSINI's agent is not replayed; run with cassini off");
    np::ShapeLinks links;
    links.host_gbps = t.nic_gbps;
    np::Network net;
    if (t.kind == TopologyKind::LeafSpine) {
        if (t.servers % t.servers_per_leaf != 0)
            throw std::invalid_argument("replay: servers must be a multiple of servers_per_leaf");
        // One spine: the leaf's whole uplink capacity on one link, as the cluster model has it.
        links.fabric_gbps = t.servers_per_leaf * t.nic_gbps / t.oversubscription;
        net = np::make_leaf_spine(static_cast<std::uint32_t>(t.servers / t.servers_per_leaf),
                                  static_cast<std::uint32_t>(t.servers_per_leaf), t.oversubscription, links);
    } else {
        net = np::make_single_switch(static_cast<std::uint32_t>(t.servers), links);
    }
    std::vector<np::JobSpec> specs;
    std::vector<int> ids;
    ReplayResult out;
    out.running_s.assign(jobs.size(), -1.0);
    for (const JobResult& j : run.jobs) {
        if (j.finish_s < 0 || j.preemptions > 0)
            throw std::invalid_argument("replay: job '" + j.name + "' was preempted or did not finish");
        if (j.servers.size() < 2) continue;
        const ModelProfile* m = profiles.find(j.model);
        if (!m) throw std::invalid_argument("replay: unknown model '" + j.model + "'");
        const IterationPlan plan = plan_iteration(*m, static_cast<int>(j.servers.size()), t.nic_gbps);
        // Folded into one all-reduce after the compute no transfer hides.
        const double compute_s = plan.exposed_compute_seconds(), gbit = plan.comm_gbit();
        np::JobSpec s;
        s.name = j.name;
        s.collective = np::CollectiveKind::RingAllreduce;
        for (int server : j.servers) s.hosts.push_back(net.hosts[static_cast<size_t>(server)]);
        const double ranks = static_cast<double>(j.servers.size());
        s.bytes = static_cast<std::uint64_t>(std::llround(gbit * c.scale * 1e9 / 8 * ranks / (2 * (ranks - 1))));
        s.iterations = static_cast<int>(j.iterations);
        s.compute_s = compute_s * c.scale;
        s.start_s = (j.first_start_s + config.restart_s) * c.scale;
        specs.push_back(s);
        ids.push_back(j.id);
    }
    np::Fabric fabric(net.topology, packet_fabric_config(c));
    np::PacketTransport transport(fabric);
    const std::vector<np::JobResult> results = np::run_jobs(transport, specs);
    for (size_t k = 0; k < specs.size(); ++k)
        out.running_s[ids[k]] = (results[k].finish_s - specs[k].start_s) / c.scale;
    for (const np::PortCounters& p : fabric.ports()) {
        out.ecn_marks += static_cast<double>(p.ecn_marks) / c.scale;
        out.pfc_paused_s += p.paused_s / c.scale;
    }
    for (const np::FlowRecord& r : fabric.flows())
        out.delivered_gb += static_cast<double>(r.payload_bytes) * 1e-9 / c.scale;
    return out;
}

}  // namespace sextant::scheduling
