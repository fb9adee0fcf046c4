// Private: the state of one simulation run, shared by the event loop (simulation_run.cpp)
// and the scheduling decisions (simulation_schedule.cpp).
#pragma once

#include "scheduling/pollux_search.hpp"
#include "scheduling/simulator.hpp"

#include <netsim/incremental_fair_share.hpp>

#include <memory>
#include <optional>
#include <queue>

namespace sextant::scheduling {

class Simulation {
public:
    Simulation(const std::vector<JobSpec>& jobs, const ProfileTable& profiles, const SimConfig& config,
               const SimHooks& hooks);
    SimResult run();

private:
    enum class State { Pending, Waiting, Running, Done };

    struct Job {
        const JobSpec* spec = nullptr;
        const ModelProfile* profile = nullptr;
        // GPUs it runs on and iterations it must finish: the request, except under Pollux,
        // which resizes jobs and converts their remaining work (pollux.hpp).
        int gpus = 0;
        long long iterations = 0;
        ElasticChoices elastic;  // Pollux only
        // Pollux with noise growth: its work done in iterations of its request, as of
        // `done` = converted_at (grow_noise).
        double progress = 0;
        long long converted_at = 0;
        State state = State::Pending;
        Placement placement;
        LinkUse links;
        LinkUse up_links;  // links' up half: what constrains its rate (Topology::up_half)
        IterationPlan plan;
        Pattern pattern;                  // demand over one ideal iteration on this placement
        double estimate_iteration_s = 0;  // consolidated placement: what the policies assume
        long long done = 0;               // finished iterations
        int step = -1;                    // -1: waiting to start an iteration
        double remaining_gbit = 0;        // fast_network: as of rate_since_s; else as of now
        double rate = 0;
        double rate_since_s = 0;
        unsigned comm_version = 0;    // invalidates queued comm completions
        int comm_slot = -1;           // slot in net_, -1 when not communicating
        unsigned epoch = 0;           // invalidates timed events after a preemption
        bool alignment_done = false;  // this iteration start already waited for its shift
        double iteration_start_s = -1;
        double run_since_s = 0, running_s = 0;
        // Time shifts. A component of the affinity graph keeps time by its reference job:
        // the reference never waits except to pad its period, and its lateness (slip) moves
        // the whole component's grid, so jobs slowed together do not re-align for nothing.
        bool anchored = false;
        int reference = -1;                // the component's reference job (itself for the reference)
        double anchor_s = 0;               // grid: anchor + reference slip + k x kept_period_s
        double kept_period_s = 0;          // the (padded) period its agent keeps
        long long anchor_done = 0;         // reference: iterations done when anchored
        double slip_s = 0;                 // reference: lateness at its latest iteration start
        long long aligned_iterations = 0;  // since the last re-plan
        long long realigned = 0;           // re-alignments since the last re-plan
        int preemptions = 0;
        // Cached sets (simulation_packet.cpp: packet fidelity, or flow_method shared-sets):
        // comm steps run at peak / stretch. phase_version changes with what sets its phase
        // in a set (placement, time shift), so a flow-level set is run again only then.
        double packet_stretch = 1, packet_marks = 0, packet_paused_s = 0;  // marks, paused s per iteration
        bool packet_comm = false;                                          // in a comm step
        unsigned phase_version = 0;
        // Coasting (simulation_coast.cpp): its steps are not events. `step`, `done` and
        // iteration_start_s are as the events would have left them at coast_t, when the
        // current step began; coast_metered_s: its transfer is metered up to here.
        bool coasting = false;
        unsigned coast_version = 0;  // invalidates queued checkpoints
        double coast_t = 0, coast_metered_s = 0;
        // A coasting reference (shared sets): its iterations start at pace_origin_s + k x pace_s
        // (the (pace_origin_done + k)-th), so its slip at any time is known (set_pace).
        double pace_origin_s = 0, pace_s = 0, pace_slip_s = 0;
        long long pace_origin_done = 0;
        // Shared sets: a coasting job takes whole iterations at once (coast_iterations): an
        // iteration's length from its start at the sets' rates, the step it starts at
        // (empty transfers skipped) and the steps it takes.
        double iteration_length_s = 0;
        int first_step = 0;
        long long steps_per_iteration = 0;
        double first_start_s = -1, finish_s = -1;
        double period_s() const { return pattern.iteration_ms * 1e-3; }
    };

    struct Event {
        double t;
        long long seq;
        int job;
        unsigned epoch;
        unsigned coast;  // 0: a step's timer; else a coasting checkpoint of that coast_version
        bool operator>(const Event& o) const { return t != o.t ? t > o.t : seq > o.seq; }
    };

    // A communicating job's predicted completion at its current rate (fast_network).
    struct CommDone {
        double t;
        int job;
        unsigned version;
        bool operator>(const CommDone& o) const { return t != o.t ? t > o.t : job > o.job; }
    };

    // Event loop (simulation_run.cpp).
    void set_rate(Job& job, double rate);
    double next_comm_done();
    void finish_comms();
    void advance_to(double t);
    void push(Job& job, double t);
    void on_timer(Job& job);
    // A job's time-shift agent between iterations: what start_iteration changes.
    struct Agent {
        bool anchored = false;
        double slip_s = 0;
        long long realigned = 0, aligned_iterations = 0;
    };
    static Agent agent_of(const Job& j) { return {j.anchored, j.slip_s, j.realigned, j.aligned_iterations}; }
    static void keep(Job& j, const Agent& a) {
        j.anchored = a.anchored;
        j.slip_s = a.slip_s;
        j.realigned = a.realigned;
        j.aligned_iterations = a.aligned_iterations;
    }
    double alignment_wait(const Job& job, double t, long long done, Agent& agent, bool count);
    void start_iteration(Job& job);
    void begin_step(Job& job);
    void finish_comm(Job& job);
    void finish_job(Job& job);
    void solve_rates();
    void enter_comm(Job& job);
    void leave_comm(Job& job);

    // Coasting (simulation_coast.cpp).
    bool runs_free(const Job& job) const;  // its links cannot fill and it keeps no shift
    bool can_coast(const Job& job) const;
    void start_coasting(Job& job);
    void coast_to(Job& job, double t);
    long long whole_iterations(const Job& job, double from, double t, long long most, bool waits) const;
    bool waits(const Agent& agent) const { return config_.cassini && config_.time_shifts && agent.anchored; }
    bool coast_iterations(Job& job, double t);
    bool settle_cursor(const Job& job, double& t, long long& done, int& step, double& iteration_start, Agent& agent,
                       bool count);
    void set_pace(Job& job);                                      // a reference starting to coast
    double reference_slip(const Job& reference, double t) const;  // its slip at t, coasting or not
    double step_end(const Job& job, int step, double start, double iteration_start) const;
    void push_checkpoint(Job& job);
    void on_checkpoint(Job& job);
    void stop_coasting(Job& job, bool resume = true);  // its steps are events again from now
    void coast_all_to(double t);                       // every coasting job, e.g. before the scheduler reads `done`
    void placed_load(const Job& job, bool add);        // its peak on its links' static load

    // Cached sets (simulation_packet.cpp): packet fidelity, or flow_method shared-sets.
    bool packet() const { return packet_; }
    bool cached_sets() const { return set_cache_ != nullptr; }
    void update_shared_sets();
    void meter_link(int link);
    double comm_rate(const Job& job) const;  // a transfer's rate where rates are fixed (coasting, cached sets)
    void packet_pattern(Job& job);
    void packet_load(const Job& job, double sign);
    void enter_packet_comm(Job& job);
    void packet_comm_done(const Job& job);

    // Scheduling (simulation_schedule.cpp).
    void schedule(bool round);
    std::vector<int> pollux_round(bool round, bool& changed);  // resizes; returns the jobs to place
    void resize(Job& job, int gpus);
    void grow_noise(Job& job);  // Pollux: its phi at its progress now, its remaining work converted
    void count_progress(Job& job);
    std::vector<Placement> choose_placements(const std::vector<int>& batch, const std::vector<Placement>& base);
    double score_batch(const std::vector<int>& batch, const std::vector<Placement>& where, bool& network, int& loops,
                       bool stop_at_loop = false);
    std::optional<Placement> base_placement(const std::vector<int>& free_gpus, int gpus);
    void place(Job& job, const Placement& where);
    void preempt(Job& job);
    void realign();
    double attained_gpu_s(const Job& job) const;

    // Results (simulator.cpp).
    SimResult summarise();

    const SimConfig config_;
    const SimHooks hooks_;
    Topology topo_;
    netsim::IncrementalFairShare net_;  // jobs in a communication step, and their rates
    LinkMeter meter_;
    Cassini cassini_;
    Random rng_;
    PolluxSearch pollux_;  // scheduler pollux, pollux_search genetic: keeps its population across rounds
    std::vector<Job> jobs_;
    std::vector<int> arrival_order_;
    size_t next_arrival_ = 0;
    std::vector<int> active_;  // waiting or running, by id
    std::vector<int> free_gpus_;
    int used_gpus_ = 0;
    std::priority_queue<Event, std::vector<Event>, std::greater<>> timers_;
    std::priority_queue<CommDone, std::vector<CommDone>, std::greater<>> comm_done_;
    long long seq_ = 0;
    bool freed_ = false;  // GPUs came free since the last scheduling pass
    double now_ = 0;
    double next_round_ = 0;
    int finished_ = 0;
    double busy_gpu_s_ = 0;
    std::vector<double> placement_scores_;
    // free_runs_: jobs whose links cannot fill are known (a large fabric on the fast path,
    // flow fidelity), and their transfers end at their own time (finish_comms); coast_:
    // they coast. Per up link the placed jobs whose transfers cross it and their peak load
    // (all of them at once), and the capacity the network solves with.
    bool free_runs_ = false, coast_ = false;
    bool whole_iterations_ = false;  // coasting jobs take whole iterations (flow-level shared sets)
    std::vector<std::vector<int>> placed_on_;
    std::vector<double> placed_load_, net_capacity_;
    std::vector<int> coasting_;  // coasting jobs, by id (unordered)
    // Cached sets: per up link, the jobs crossing it when it is a shared bottleneck (hops and
    // phase versions as the set was run) and their outcomes; empty where it is none, or the
    // twin of a link earlier in the list with the same jobs and capacity (counted there).
    struct LinkSet {
        std::vector<std::pair<int, int>> members;
        std::vector<unsigned> versions;
        std::vector<MemberOutcome> outcomes;
    };
    bool packet_ = false;
    std::unique_ptr<SharedSetCache> set_cache_;  // packet fidelity or shared-sets
    bool packet_dirty_ = false;                  // placements changed since the sets were made
    std::vector<LinkSet> link_sets_;
    std::vector<std::vector<std::pair<int, int>>> crossing_;  // update_shared_sets' per-link lists, kept for reuse
    std::vector<double> packet_carried_, packet_offered_;     // per link, for the meter (jobs stepping as events)
    std::vector<double> set_excess_;                          // shared-sets: per link, its set's mean excess
    SimResult result_;
};

}  // namespace sextant::scheduling
