#include "netsim/packet/collective_traffic.hpp"

#include "collective_pipeline.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace netsim::packet {

CollectiveKind parse_collective(std::string_view name) {
    if (name == "ring-allreduce") return CollectiveKind::RingAllreduce;
    if (name == "direct-allreduce") return CollectiveKind::DirectAllreduce;
    if (name == "all-to-all") return CollectiveKind::AllToAll;
    if (name == "ring-allgather") return CollectiveKind::RingAllgather;
    if (name == "ring-reduce-scatter") return CollectiveKind::RingReduceScatter;
    if (name == "hierarchical-allreduce") return CollectiveKind::HierarchicalAllreduce;
    throw std::invalid_argument("unknown collective '" + std::string(name) +
                                "' (expected ring-allreduce, direct-allreduce, hierarchical-allreduce, all-to-all, "
                                "ring-allgather or ring-reduce-scatter)");
}

std::string to_string(CollectiveKind kind) {
    switch (kind) {
    case CollectiveKind::RingAllreduce: return "ring-allreduce";
    case CollectiveKind::DirectAllreduce: return "direct-allreduce";
    case CollectiveKind::AllToAll: return "all-to-all";
    case CollectiveKind::RingAllgather: return "ring-allgather";
    case CollectiveKind::RingReduceScatter: return "ring-reduce-scatter";
    case CollectiveKind::HierarchicalAllreduce: return "hierarchical-allreduce";
    }
    return "?";
}

// ---- transports

PacketTransport::PacketTransport(Fabric& fabric) : fabric_(fabric) {}
PacketTransport::~PacketTransport() = default;
double PacketTransport::now() const { return fabric_.now(); }

void PacketTransport::send(NodeId src, NodeId dst, std::uint64_t bytes, Delivered done) {
    fabric_.send(src, dst, bytes, [d = std::move(done)](FlowId, double) { d(); });
}

void PacketTransport::at(double t, std::function<void()> action) { fabric_.at(t, std::move(action)); }

void PacketTransport::run() { fabric_.run(); }

void PacketTransport::begin_iteration(NodeId host) { fabric_.begin_iteration(host); }

FlowTransport::FlowTransport(const Topology& topology, PacketFormat packets) : net_(sim_, topology, packets) {}

void FlowTransport::send(NodeId src, NodeId dst, std::uint64_t bytes, Delivered done) {
    net_.send(src, dst, bytes, std::move(done));
}

// ---- collectives

namespace {

bool is_allreduce(CollectiveKind k) {
    return k == CollectiveKind::RingAllreduce || k == CollectiveKind::DirectAllreduce ||
           k == CollectiveKind::HierarchicalAllreduce;
}

}  // namespace

void JobSpec::validate() const {
    const std::string where = "job '" + name + "'";
    if (hosts.size() < 2) throw std::invalid_argument(where + ": hosts: need at least 2 ranks");
    if (!profile && bytes == 0) throw std::invalid_argument(where + ": bytes must be > 0");
    if (iterations < 1) throw std::invalid_argument(where + ": iterations must be >= 1");
    if (chunks < 1) throw std::invalid_argument(where + ": chunks must be >= 1");
    if (!(compute_s >= 0) || !(start_s >= 0))
        throw std::invalid_argument(where + ": compute_s and start_s must be >= 0");
    if (!(pace_s >= 0) || !(drift >= 0 && drift <= 0.5) || give_up_after < 0 || !(give_up_rate >= 0))
        throw std::invalid_argument(where +
                                    ": pace_s must be >= 0, drift in [0, 0.5], give_up_after and give_up_rate >= 0");
    if (collective == CollectiveKind::HierarchicalAllreduce) {
        if (groups.size() != hosts.size())
            throw std::invalid_argument(where + ": groups: the hierarchical all-reduce needs each rank's group");
        std::map<int, std::size_t> size;
        for (int g : groups) ++size[g];
        for (const auto& [g, n] : size)
            if (n != size.begin()->second)
                throw std::invalid_argument(where +
                                            ": groups: the hierarchical all-reduce needs groups (leaves) of "
                                            "equal size, got " +
                                            std::to_string(size.begin()->second) + " and " + std::to_string(n) +
                                            " ranks (use a packed or strided placement)");
    }
    if (profile) {
        if (!is_allreduce(collective))
            throw std::invalid_argument(where +
                                        ": collective: a training iteration reduces its gradients with an "
                                        "all-reduce (ring-allreduce, direct-allreduce or "
                                        "hierarchical-allreduce), got " +
                                        to_string(collective));
        if (bucket_bytes == 0) throw std::invalid_argument(where + ": bucket_bytes must be > 0");
    }
}

std::vector<int> leaf_groups(const Topology& topology, const std::vector<NodeId>& hosts) {
    std::vector<int> groups(hosts.size(), -1);
    std::map<NodeId, std::size_t> rank;
    for (std::size_t r = 0; r < hosts.size(); ++r) rank[hosts[r]] = r;
    for (LinkId l = 0; l < topology.link_count(); ++l) {
        auto it = rank.find(topology.link(l).from);
        if (it != rank.end() && groups[it->second] < 0) groups[it->second] = static_cast<int>(topology.link(l).to);
    }
    return groups;
}

namespace {

struct JobRun : std::enable_shared_from_this<JobRun> {
    MessageTransport& t;
    JobSpec spec;
    JobResult& result;
    std::vector<GradientBucket> buckets;
    // The iteration in progress.
    int iteration = 0;
    double started = 0, comm_first = -1, comm_last = 0;
    std::size_t ready = 0, launched = 0, reduced = 0;
    bool bucket_busy = false, steps_done = false;
    // The time-shift agent (JobSpec::pace_s): the job whose grid this one keeps (null: its own).
    std::shared_ptr<JobRun> reference;
    double slip = 0;  // a reference's lateness so far: its grid moved by this much
    long aligned = 0;

    JobRun(MessageTransport& tr, JobSpec s, JobResult& r) : t(tr), spec(std::move(s)), result(r) {
        if (spec.profile) buckets = make_buckets(*spec.profile, spec.bucket_bytes);
    }

    // Iteration i is due now: its agent, if any, may hold it for the grid first.
    void begin(int i) {
        const double wait = agent_wait(i);
        if (wait <= 0) return start(i);
        result.waited_s += wait;
        auto self = shared_from_this();
        t.at(t.now() + wait, [self, i] { self->start(i); });
    }

    double agent_wait(int i) {
        if (!(spec.pace_s > 0) || i == 0 || result.gave_up) return 0;
        const double p = spec.pace_s, now = t.now();
        if (!reference) {  // pads when early; when late, the grid slips with it
            const double due = spec.start_s + i * p + slip;
            if (now < due - 1e-12 * p) return due - now;
            slip += now - due;
            return 0;
        }
        double off = std::fmod(now - spec.start_s - reference->slip, p);
        if (off < 0) off += p;
        ++aligned;
        if (std::min(off, p - off) <= spec.drift * p) return 0;
        if (off < p / 2 && ++result.realignments > spec.give_up_after &&
            result.realignments > spec.give_up_rate * aligned) {
            result.gave_up = true;  // its phase cannot hold here: waiting costs more than the overlap
            return 0;
        }
        return p - off;
    }

    void start(int i) {
        iteration = i;
        for (NodeId host : spec.hosts) t.begin_iteration(host);
        if (spec.profile) return begin_profile();
        auto self = shared_from_this();
        const double t0 = t.now();
        t.at(t.now() + spec.compute_s, [self, t0] {
            self->started = self->t.now();
            start_collective(self->t, self->spec.collective, self->spec.hosts, self->spec.groups, self->spec.bytes,
                             self->spec.chunks, [self, t0] {
                                 self->result.collective_s.push_back(self->t.now() - self->started);
                                 self->result.iteration_s.push_back(self->t.now() - t0);
                                 self->result.compute_s.push_back(self->spec.compute_s);
                                 self->result.finish_s = self->t.now();
                                 if (self->iteration + 1 < self->spec.iterations) self->begin(self->iteration + 1);
                             });
        });
    }

    // ---- a training iteration from a profile

    void begin_profile() {
        started = t.now();
        comm_first = -1;
        comm_last = started;
        ready = launched = reduced = 0;
        bucket_busy = steps_done = false;
        step(0);
    }

    void step(std::size_t k) {
        const auto& steps = spec.profile->steps;
        if (k == steps.size()) {
            steps_done = true;
            pump();
            return finish_if_done();
        }
        auto self = shared_from_this();
        const IterationStep& s = steps[k];
        if (s.kind == IterationStep::Kind::AllToAll) {
            comm_begins();
            return start_collective(t, CollectiveKind::AllToAll, spec.hosts, spec.groups, s.all_to_all_bytes, 1,
                                    [self, k] {
                                        self->comm_last = std::max(self->comm_last, self->t.now());
                                        self->step(k + 1);
                                    });
        }
        t.at(t.now() + s.compute_s, [self, k] {
            while (self->ready < self->buckets.size() && self->buckets[self->ready].ready_after_step == k)
                ++self->ready;
            self->pump();
            self->step(k + 1);
        });
    }

    // Buckets are all-reduced one at a time, in order, once complete; without overlap only
    // after the last step.
    void pump() {
        if (bucket_busy || launched >= ready || (!spec.overlap && !steps_done)) return;
        bucket_busy = true;
        comm_begins();
        auto self = shared_from_this();
        start_collective(t, spec.collective, spec.hosts, spec.groups, buckets[launched++].bytes, spec.chunks, [self] {
            self->bucket_busy = false;
            ++self->reduced;
            self->comm_last = std::max(self->comm_last, self->t.now());
            self->pump();
            self->finish_if_done();
        });
    }

    void comm_begins() {
        if (comm_first < 0) comm_first = t.now();
    }

    void finish_if_done() {
        if (!steps_done || reduced < buckets.size()) return;
        steps_done = false;  // once per iteration
        result.collective_s.push_back(comm_first < 0 ? 0 : comm_last - comm_first);
        result.iteration_s.push_back(t.now() - started);
        result.compute_s.push_back(spec.profile->compute_s());
        result.finish_s = t.now();
        if (iteration + 1 < spec.iterations) begin(iteration + 1);
    }
};

}  // namespace

std::vector<JobResult> run_jobs(MessageTransport& transport, const std::vector<JobSpec>& jobs) {
    std::vector<JobResult> results(jobs.size());
    std::vector<std::shared_ptr<JobRun>> runs;
    for (std::size_t j = 0; j < jobs.size(); ++j) {
        jobs[j].validate();
        const int ref = jobs[j].pace_reference;
        if (ref >= static_cast<int>(jobs.size()) || ref < -1 || (ref >= 0 && !(jobs[ref].pace_s > 0)))
            throw std::invalid_argument("job '" + jobs[j].name + "': pace_reference must name a paced job of the run");
        runs.push_back(std::make_shared<JobRun>(transport, jobs[j], results[j]));
    }
    for (std::size_t j = 0; j < jobs.size(); ++j) {
        const int ref = jobs[j].pace_reference;
        if (ref >= 0 && ref != static_cast<int>(j)) runs[j]->reference = runs[ref];
        transport.at(std::max(transport.now(), jobs[j].start_s), [run = runs[j]] { run->begin(0); });
    }
    transport.run();
    for (std::size_t j = 0; j < jobs.size(); ++j)
        if (static_cast<int>(results[j].collective_s.size()) != jobs[j].iterations)
            throw std::runtime_error("job '" + jobs[j].name + "' did not finish (a message was never delivered)");
    return results;
}

}  // namespace netsim::packet
