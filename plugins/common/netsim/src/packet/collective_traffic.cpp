#include "netsim/packet/collective_traffic.hpp"

#include <stdexcept>

namespace netsim::packet {

CollectiveKind parse_collective(std::string_view name) {
    if (name == "ring-allreduce") return CollectiveKind::RingAllreduce;
    if (name == "direct-allreduce") return CollectiveKind::DirectAllreduce;
    if (name == "all-to-all") return CollectiveKind::AllToAll;
    if (name == "ring-allgather") return CollectiveKind::RingAllgather;
    if (name == "ring-reduce-scatter") return CollectiveKind::RingReduceScatter;
    throw std::invalid_argument("unknown collective '" + std::string(name) +
                                "' (expected ring-allreduce, direct-allreduce, all-to-all, ring-allgather or "
                                "ring-reduce-scatter)");
}

std::string to_string(CollectiveKind kind) {
    switch (kind) {
    case CollectiveKind::RingAllreduce: return "ring-allreduce";
    case CollectiveKind::DirectAllreduce: return "direct-allreduce";
    case CollectiveKind::AllToAll: return "all-to-all";
    case CollectiveKind::RingAllgather: return "ring-allgather";
    case CollectiveKind::RingReduceScatter: return "ring-reduce-scatter";
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

FlowTransport::FlowTransport(const Topology& topology, PacketFormat packets) : net_(sim_, topology, packets) {}

void FlowTransport::send(NodeId src, NodeId dst, std::uint64_t bytes, Delivered done) {
    net_.send(src, dst, bytes, std::move(done));
}

// ---- collectives

void JobSpec::validate() const {
    const std::string where = "job '" + name + "'";
    if (hosts.size() < 2) throw std::invalid_argument(where + ": hosts: need at least 2 ranks");
    if (bytes == 0) throw std::invalid_argument(where + ": bytes must be > 0");
    if (iterations < 1) throw std::invalid_argument(where + ": iterations must be >= 1");
    if (!(compute_s >= 0) || !(start_s >= 0))
        throw std::invalid_argument(where + ": compute_s and start_s must be >= 0");
}

namespace {

// One collective in progress; calls `done` when every rank holds its result.
class Collective : public std::enable_shared_from_this<Collective> {
public:
    Collective(MessageTransport& t, const JobSpec& job, std::function<void()> done)
        : t_(t),
          hosts_(job.hosts),
          n_(static_cast<int>(job.hosts.size())),
          kind_(job.collective),
          chunk_((job.bytes + job.hosts.size() - 1) / job.hosts.size()),
          done_(std::move(done)) {}

    void start() {
        switch (kind_) {
        case CollectiveKind::RingAllreduce: ring(2 * (n_ - 1)); break;
        case CollectiveKind::RingAllgather:
        case CollectiveKind::RingReduceScatter: ring(n_ - 1); break;
        case CollectiveKind::AllToAll: exchange(1); break;
        case CollectiveKind::DirectAllreduce: exchange(2); break;
        }
    }

private:
    // Rank r sends step k to r+1 once it has received step k-1 and its own step k-1 has
    // been delivered (one message per rank in flight).
    void ring(int steps) {
        steps_ = steps;
        sent_.assign(n_, 0);
        received_.assign(n_, 0);
        busy_.assign(n_, false);
        pending_ = n_ * steps;
        for (int r = 0; r < n_; ++r) ring_try(r);
    }
    void ring_try(int r) {
        if (busy_[r] || sent_[r] >= steps_ || received_[r] < sent_[r]) return;
        busy_[r] = true;
        ++sent_[r];
        int next = (r + 1) % n_;
        auto self = shared_from_this();
        t_.send(hosts_[r], hosts_[next], chunk_, [self, r, next] {
            self->busy_[r] = false;
            ++self->received_[next];
            if (--self->pending_ == 0) {
                self->done_();
                return;
            }
            self->ring_try(r);
            self->ring_try(next);
        });
    }

    // `phases` all-to-alls; rank r starts phase p+1 once it has received all of phase p.
    void exchange(int phases) {
        phases_ = phases;
        received_.assign(n_ * phases, 0);
        pending_ = n_ * (n_ - 1) * phases;
        for (int r = 0; r < n_; ++r) exchange_send(r, 0);
    }
    void exchange_send(int r, int phase) {
        auto self = shared_from_this();
        for (int k = 1; k < n_; ++k) {
            int dst = (r + k) % n_;
            t_.send(hosts_[r], hosts_[dst], chunk_, [self, dst, phase] {
                if (--self->pending_ == 0) {
                    self->done_();
                    return;
                }
                if (++self->received_[phase * self->n_ + dst] == self->n_ - 1 && phase + 1 < self->phases_)
                    self->exchange_send(dst, phase + 1);
            });
        }
    }

    MessageTransport& t_;
    std::vector<NodeId> hosts_;
    int n_;
    CollectiveKind kind_;
    std::uint64_t chunk_;
    std::function<void()> done_;
    int steps_ = 0, phases_ = 0;
    long pending_ = 0;
    std::vector<int> sent_, received_;
    std::vector<bool> busy_;
};

struct JobRun : std::enable_shared_from_this<JobRun> {
    MessageTransport& t;
    JobSpec spec;
    JobResult& result;
    double started = 0;
    JobRun(MessageTransport& tr, JobSpec s, JobResult& r) : t(tr), spec(std::move(s)), result(r) {}

    void iteration(int i) {
        auto self = shared_from_this();
        t.at(t.now() + spec.compute_s, [self, i] {
            self->started = self->t.now();
            auto c = std::make_shared<Collective>(self->t, self->spec, [self, i] {
                self->result.collective_s.push_back(self->t.now() - self->started);
                self->result.finish_s = self->t.now();
                if (i + 1 < self->spec.iterations) self->iteration(i + 1);
            });
            c->start();
        });
    }
};

}  // namespace

std::vector<JobResult> run_jobs(MessageTransport& transport, const std::vector<JobSpec>& jobs) {
    std::vector<JobResult> results(jobs.size());
    for (std::size_t j = 0; j < jobs.size(); ++j) {
        jobs[j].validate();
        auto run = std::make_shared<JobRun>(transport, jobs[j], results[j]);
        transport.at(std::max(transport.now(), jobs[j].start_s), [run] { run->iteration(0); });
    }
    transport.run();
    for (std::size_t j = 0; j < jobs.size(); ++j)
        if (static_cast<int>(results[j].collective_s.size()) != jobs[j].iterations)
            throw std::runtime_error("job '" + jobs[j].name + "' did not finish (a message was never delivered)");
    return results;
}

}  // namespace netsim::packet
