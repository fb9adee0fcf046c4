// Packet fidelity in the cluster simulation (docs/scheduling.md, "Packet fidelity in
// cluster mode"): instead of max-min rates, each communicating job runs at its peak rate
// divided by the slowdown the packet-level fabric gives the set of jobs it shares its most
// constrained link with (PacketSetCache). Sets are re-made whenever placements change;
// each job's phase in a set is its iteration grid as the simulator has it then.
#include "simulation.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace sextant::scheduling {

namespace {

SetMember member_of(const IterationPlan& plan, int hops, double offset_s) {
    SetMember m;
    m.compute_s = plan.exposed_compute_seconds();  // compute that transfers hide is left out
    m.gbit = plan.comm_gbit();
    m.hops = hops;
    m.peak_gbps = plan.peak_gbps;
    m.offset_s = offset_s;
    return m;
}

}  // namespace

// The meter sees what packet fidelity carries: each comm step at peak / stretch.
void Simulation::packet_load(const Job& job, double sign) {
    for (auto [link, hops] : job.up_links) {
        packet_offered_[link] = std::max(0.0, packet_offered_[link] + sign * job.plan.peak_gbps * hops);
        packet_carried_[link] = std::max(0.0, packet_carried_[link] + sign * job.rate * hops);
        if (packet_offered_[link] < 1e-9) packet_offered_[link] = packet_carried_[link] = 0;
        meter_.set(link, packet_carried_[link], packet_offered_[link]);
    }
}

void Simulation::enter_packet_comm(Job& job) {
    job.packet_comm = true;
    job.rate = 0;
    job.rate_since_s = now_;
    set_rate(job, job.plan.peak_gbps / job.packet_stretch);
    packet_load(job, +1);
}

void Simulation::packet_comm_done(const Job& job) {
    const double total = job.plan.comm_gbit();
    const Step& step = job.plan.steps[job.step];
    const double share = total > 0 ? step.gbit / total : 0;
    result_.ecn_marks += job.packet_marks * share;
    result_.pfc_paused_s += job.packet_paused_s * share;
    result_.delivered_gb += step.gbit * static_cast<double>(job.placement.servers.size()) / 8;  // one per ring hop
}

// What CASSINI and the job's agent take as its iteration: its pattern as it runs alone on
// the packet fabric (a real agent measures its period on the real network). With the
// flow-level pattern every iteration would end late by the packet overhead and re-align.
void Simulation::packet_pattern(Job& job) {
    if (!job.plan.uses_network()) return;
    SharedSet alone{topo_.config().nic_gbps, topo_.config().nic_gbps, {member_of(job.plan, 1, 0)}};
    const double stretch = packet_cache_->lookup(alone)[0].comm_stretch;
    job.pattern = job.plan.pattern(job.spec->name, stretch);
}

void Simulation::update_packet_sets() {
    packet_dirty_ = false;
    // Who crosses each up link (a ring loads each down link as its up twin).
    std::map<int, std::vector<std::pair<int, int>>> crossing;
    std::vector<int> communicating;
    for (int id : active_) {
        const Job& j = jobs_[id];
        if (j.state != State::Running || !j.plan.uses_network()) continue;
        communicating.push_back(id);
        for (auto [link, hops] : j.up_links) crossing[link].push_back({id, hops});
    }
    // A job's phase: the grid its agent keeps (CASSINI), else its current iteration start,
    // else (not started yet) when its restart ends.
    auto phase_s = [&](const Job& j) {
        if (config_.cassini && config_.time_shifts && j.anchored) return j.anchor_s + jobs_[j.reference].slip_s;
        if (j.iteration_start_s >= j.run_since_s) return j.iteration_start_s;
        return j.run_since_s + config_.restart_s;
    };
    std::map<int, MemberOutcome> worst;  // per job: largest stretch, summed marks and paused time
    std::set<std::pair<std::vector<std::pair<int, int>>, double>> seen;
    for (const auto& [link, members] : crossing) {
        const double capacity = topo_.links()[link].capacity_gbps;
        double offered = 0;
        for (auto [id, hops] : members) offered += jobs_[id].plan.peak_gbps * hops;
        if (offered <= capacity * (1 + 1e-9)) continue;  // cannot congest: not a shared bottleneck
        // The same jobs on links of the same capacity (both leaves' uplinks of two jobs) are
        // one bottleneck pair in the packet run: counted once.
        if (!seen.insert({members, capacity}).second) continue;
        SharedSet set{capacity, topo_.config().nic_gbps, {}};
        for (auto [id, hops] : members) set.members.push_back(member_of(jobs_[id].plan, hops, phase_s(jobs_[id])));
        const std::vector<MemberOutcome> out = packet_cache_->lookup(set);
        for (size_t k = 0; k < members.size(); ++k) {
            MemberOutcome& w = worst[members[k].first];
            w.comm_stretch = std::max(w.comm_stretch, out[k].comm_stretch);
            w.ecn_marks_per_iteration += out[k].ecn_marks_per_iteration;
            w.pfc_paused_s_per_iteration += out[k].pfc_paused_s_per_iteration;
        }
    }
    for (int id : communicating) {
        Job& j = jobs_[id];
        MemberOutcome o;
        if (auto it = worst.find(id); it != worst.end()) o = it->second;
        else {
            // Alone on every link it crosses: still packet level (headers, rate ramp-up).
            SharedSet alone{topo_.config().nic_gbps, topo_.config().nic_gbps, {member_of(j.plan, 1, 0)}};
            o = packet_cache_->lookup(alone)[0];
        }
        j.packet_marks = o.ecn_marks_per_iteration;
        j.packet_paused_s = o.pfc_paused_s_per_iteration;
        if (o.comm_stretch == j.packet_stretch) continue;
        j.packet_stretch = o.comm_stretch;
        if (j.packet_comm) {
            packet_load(j, -1);
            set_rate(j, j.plan.peak_gbps / j.packet_stretch);
            packet_load(j, +1);
        }
    }
    result_.packet_lookups = packet_cache_->lookups();
    result_.packet_runs = packet_cache_->simulated();
    result_.packet_cpu_s = packet_cache_->simulation_cpu_s();
}

}  // namespace sextant::scheduling
