// Cached sets in the cluster simulation (docs/scheduling.md, "Packet fidelity in cluster
// mode" and "Shared sets at flow level"): instead of max-min rates, each communicating job
// runs at its peak rate divided by the slowdown the set of jobs it shares its most
// constrained link with gets on that link alone (SharedSetCache) - on netsim's packet-level
// fabric (fidelity=packet) or in the fluid model (flow_method shared-sets). Sets are
// looked at whenever placements change; each job's phase in a set is its iteration grid
// as the simulator has it then.
#include "simulation.hpp"

#include <algorithm>

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
        meter_link(link);
    }
}

// Packet fidelity: the offered load of the jobs in a transfer now. Shared sets at flow level:
// most jobs coast and add their carried volume themselves, so a shared link holds its set's
// mean excess (what the fluid run of the set offered beyond capacity) until the set changes.
void Simulation::meter_link(int link) {
    const double offered =
        packet() ? packet_offered_[link] : (set_excess_[link] > 0 ? meter_.capacity(link) + set_excess_[link] : 0.0);
    meter_.set(link, packet_carried_[link], offered);
}

void Simulation::enter_packet_comm(Job& job) {
    job.packet_comm = true;
    job.rate = 0;
    job.rate_since_s = now_;
    set_rate(job, job.plan.peak_gbps / job.packet_stretch);
    packet_load(job, +1);
}

void Simulation::packet_comm_done(const Job& job) {
    const Step& step = job.plan.steps[job.step];
    if (job.packet_marks != 0 || job.packet_paused_s != 0) {  // never at flow level: skip the sum
        const double total = job.plan.comm_gbit();
        const double share = total > 0 ? step.gbit / total : 0;
        result_.ecn_marks += job.packet_marks * share;
        result_.pfc_paused_s += job.packet_paused_s * share;
    }
    result_.delivered_gb += step.gbit * static_cast<double>(job.placement.servers.size()) / 8;  // one per ring hop
}

// What CASSINI and the job's agent take as its iteration: its pattern as it runs alone on
// the packet fabric (a real agent measures its period on the real network). With the
// flow-level pattern every iteration would end late by the packet overhead and re-align.
void Simulation::packet_pattern(Job& job) {
    if (!job.plan.uses_network()) return;
    SharedSet alone{topo_.config().nic_gbps, topo_.config().nic_gbps, {member_of(job.plan, 1, 0)}};
    const double stretch = set_cache_->lookup(alone)[0].comm_stretch;
    job.pattern = job.plan.pattern(job.spec->name, stretch);
}

void Simulation::update_shared_sets() {
    packet_dirty_ = false;
    // Who crosses each up link (a ring loads each down link as its up twin).
    std::vector<std::vector<std::pair<int, int>>>& crossing = crossing_;
    crossing.resize(topo_.links().size());
    for (auto& c : crossing) c.clear();
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
        if (config_.cassini && config_.time_shifts && j.anchored)
            return j.anchor_s + reference_slip(jobs_[j.reference], now_);
        if (j.iteration_start_s >= j.run_since_s) return j.iteration_start_s;
        return j.run_since_s + config_.restart_s;
    };
    // A link whose jobs cannot congest it is no shared bottleneck. The same jobs on links of
    // the same capacity (both leaves' uplinks of two jobs) are one bottleneck pair in the
    // set's run: counted once, on the first of them.
    const auto capacity = [&](size_t link) { return topo_.links()[link].capacity_gbps; };
    std::vector<size_t> congestible;
    for (size_t link = 0; link < crossing.size(); ++link) {
        double offered = 0;
        for (auto [id, hops] : crossing[link]) offered += jobs_[id].plan.peak_gbps * hops;
        if (offered > capacity(link) * (1 + 1e-9)) congestible.push_back(link);
    }
    std::vector<size_t> by_jobs = congestible;
    std::stable_sort(by_jobs.begin(), by_jobs.end(), [&](size_t a, size_t b) {
        if (capacity(a) != capacity(b)) return capacity(a) < capacity(b);
        return crossing[a] < crossing[b];
    });
    std::vector<char> shared(crossing.size(), 0);
    for (size_t k = 0; k < by_jobs.size(); ++k)  // link order within equal groups: the first is counted
        shared[by_jobs[k]] = k == 0 || capacity(by_jobs[k]) != capacity(by_jobs[k - 1]) ||
                             crossing[by_jobs[k]] != crossing[by_jobs[k - 1]];
    for (size_t link = 0; link < crossing.size(); ++link) {
        const std::vector<std::pair<int, int>>& members = crossing[link];
        LinkSet& kept = link_sets_[link];
        if (!shared[link]) {
            if (!kept.members.empty()) kept = LinkSet{};
            if (!packet() && set_excess_[link] != 0) set_excess_[link] = 0, meter_link(static_cast<int>(link));
            continue;
        }
        // At flow level a set whose jobs and phases are as they were keeps its outcome (its
        // run would be the same but for the phases' drift since). Packet fidelity runs every
        // shared set again at its current phases.
        bool same = !packet() && kept.members == members;
        for (size_t k = 0; same && k < members.size(); ++k)
            same = kept.versions[k] == jobs_[members[k].first].phase_version;
        if (same) continue;
        SharedSet set{capacity(link), topo_.config().nic_gbps, {}};
        kept.versions.clear();
        for (auto [id, hops] : members) {
            set.members.push_back(member_of(jobs_[id].plan, hops, phase_s(jobs_[id])));
            kept.versions.push_back(jobs_[id].phase_version);
        }
        kept.outcomes = set_cache_->lookup(set);
        kept.members = members;
        if (!packet()) set_excess_[link] = kept.outcomes[0].link_excess_gbps, meter_link(static_cast<int>(link));
    }
    for (int id : communicating) {
        Job& j = jobs_[id];
        // Its largest stretch over its shared links, their marks and paused time summed.
        MemberOutcome o;  // flow level, on no shared bottleneck: its peak
        bool on_set = false;
        for (auto [link, hops] : j.up_links) {
            const LinkSet& kept = link_sets_[link];
            for (size_t k = 0; k < kept.members.size(); ++k) {
                if (kept.members[k].first != id) continue;
                on_set = true;
                o.comm_stretch = std::max(o.comm_stretch, kept.outcomes[k].comm_stretch);
                o.ecn_marks_per_iteration += kept.outcomes[k].ecn_marks_per_iteration;
                o.pfc_paused_s_per_iteration += kept.outcomes[k].pfc_paused_s_per_iteration;
            }
        }
        if (!on_set && packet()) {
            // Alone on every link it crosses: still packet level (headers, rate ramp-up).
            SharedSet alone{topo_.config().nic_gbps, topo_.config().nic_gbps, {member_of(j.plan, 1, 0)}};
            o = set_cache_->lookup(alone)[0];
        }
        j.packet_marks = o.ecn_marks_per_iteration;
        j.packet_paused_s = o.pfc_paused_s_per_iteration;
        if (o.comm_stretch == j.packet_stretch) continue;
        stop_coasting(j);  // its step in flight ends at the old rate's pace; it coasts again from the next
        j.packet_stretch = o.comm_stretch;
        if (j.packet_comm) {
            packet_load(j, -1);
            set_rate(j, j.plan.peak_gbps / j.packet_stretch);
            packet_load(j, +1);
        }
    }
    result_.packet_lookups = set_cache_->lookups();
    result_.packet_runs = set_cache_->simulated();
    result_.packet_cpu_s = set_cache_->simulation_cpu_s();
}

}  // namespace sextant::scheduling
