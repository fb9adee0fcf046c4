#include "collective_pipeline.hpp"

#include <map>
#include <memory>

namespace netsim::packet {

namespace {

using Done = std::function<void()>;

// Ring over `hosts`: rank r sends step k to r+1 once it has received step k-1 and its own
// step k-1 has been delivered (one message per rank in flight).
class Ring : public std::enable_shared_from_this<Ring> {
public:
    Ring(MessageTransport& t, std::vector<NodeId> hosts, int steps, std::uint64_t message, Done done)
        : t_(t),
          hosts_(std::move(hosts)),
          n_(static_cast<int>(hosts_.size())),
          steps_(steps),
          message_(message),
          done_(std::move(done)) {}

    void start() {
        if (n_ < 2 || steps_ == 0) return done_();
        sent_.assign(n_, 0);
        received_.assign(n_, 0);
        busy_.assign(n_, false);
        pending_ = static_cast<long>(n_) * steps_;
        for (int r = 0; r < n_; ++r) try_send(r);
    }

private:
    void try_send(int r) {
        if (busy_[r] || sent_[r] >= steps_ || received_[r] < sent_[r]) return;
        busy_[r] = true;
        ++sent_[r];
        int next = (r + 1) % n_;
        auto self = shared_from_this();
        t_.send(hosts_[r], hosts_[next], message_, [self, r, next] {
            self->busy_[r] = false;
            ++self->received_[next];
            if (--self->pending_ == 0) return self->done_();
            self->try_send(r);
            self->try_send(next);
        });
    }

    MessageTransport& t_;
    std::vector<NodeId> hosts_;
    int n_, steps_;
    std::uint64_t message_;
    Done done_;
    long pending_ = 0;
    std::vector<int> sent_, received_;
    std::vector<bool> busy_;
};

// `phases` all-to-alls of `message` to every other rank; rank r starts phase p+1 once it
// has received all of phase p.
class Exchange : public std::enable_shared_from_this<Exchange> {
public:
    Exchange(MessageTransport& t, std::vector<NodeId> hosts, int phases, std::uint64_t message, Done done)
        : t_(t),
          hosts_(std::move(hosts)),
          n_(static_cast<int>(hosts_.size())),
          phases_(phases),
          message_(message),
          done_(std::move(done)) {}

    void start() {
        if (n_ < 2) return done_();
        received_.assign(static_cast<std::size_t>(n_) * phases_, 0);
        pending_ = static_cast<long>(n_) * (n_ - 1) * phases_;
        for (int r = 0; r < n_; ++r) send_phase(r, 0);
    }

private:
    void send_phase(int r, int phase) {
        auto self = shared_from_this();
        for (int k = 1; k < n_; ++k) {
            int dst = (r + k) % n_;
            t_.send(hosts_[r], hosts_[dst], message_, [self, dst, phase] {
                if (--self->pending_ == 0) return self->done_();
                if (++self->received_[phase * self->n_ + dst] == self->n_ - 1 && phase + 1 < self->phases_)
                    self->send_phase(dst, phase + 1);
            });
        }
    }

    MessageTransport& t_;
    std::vector<NodeId> hosts_;
    int n_, phases_;
    std::uint64_t message_;
    Done done_;
    long pending_ = 0;
    std::vector<int> received_;
};

std::uint64_t share(std::uint64_t bytes, std::size_t parts) { return (bytes + parts - 1) / parts; }

// Calls `done` after `count` calls of the returned callback.
Done after_all(std::size_t count, Done done) {
    auto left = std::make_shared<std::size_t>(count);
    return [left, done = std::move(done)] {
        if (--*left == 0) done();
    };
}

// One ring per member list at once, each of `factor` x (members - 1) steps.
void start_rings(MessageTransport& t, const std::vector<std::vector<NodeId>>& rings, int factor, std::uint64_t message,
                 Done done) {
    Done each = after_all(rings.size(), std::move(done));
    for (const auto& members : rings)
        std::make_shared<Ring>(t, members, factor * (static_cast<int>(members.size()) - 1), message, each)->start();
}

// The stages of one collective for one chunk of `bytes` per rank.
class Stages {
public:
    Stages(MessageTransport& t, CollectiveKind kind, const std::vector<NodeId>& hosts, const std::vector<int>& groups)
        : t_(t), kind_(kind), hosts_(hosts) {
        if (kind != CollectiveKind::HierarchicalAllreduce) return;
        std::map<int, std::size_t> index;  // group id -> position, in order of first rank
        for (std::size_t r = 0; r < hosts.size(); ++r) {
            auto [it, added] = index.emplace(groups[r], groups_.size());
            if (added) groups_.emplace_back();
            groups_[it->second].push_back(hosts[r]);
        }
        const std::size_t m = groups_.front().size();
        across_.assign(m, {});
        for (const auto& g : groups_)
            for (std::size_t i = 0; i < m; ++i) across_[i].push_back(g[i]);
    }

    int count() const { return kind_ == CollectiveKind::HierarchicalAllreduce ? 3 : 1; }

    void start(int stage, std::uint64_t bytes, Done done) {
        const std::size_t n = hosts_.size();
        switch (kind_) {
        case CollectiveKind::RingAllreduce:
            return std::make_shared<Ring>(t_, hosts_, 2 * (static_cast<int>(n) - 1), share(bytes, n), std::move(done))
                ->start();
        case CollectiveKind::RingAllgather:
        case CollectiveKind::RingReduceScatter:
            return std::make_shared<Ring>(t_, hosts_, static_cast<int>(n) - 1, share(bytes, n), std::move(done))
                ->start();
        case CollectiveKind::AllToAll:
            return std::make_shared<Exchange>(t_, hosts_, 1, share(bytes, n), std::move(done))->start();
        case CollectiveKind::DirectAllreduce:
            return std::make_shared<Exchange>(t_, hosts_, 2, share(bytes, n), std::move(done))->start();
        case CollectiveKind::HierarchicalAllreduce: {
            const std::size_t m = groups_.front().size(), g = groups_.size();
            if (stage == 1)  // all-reduce of each S/m shard across the groups
                return start_rings(t_, across_, 2, share(bytes, m * g), std::move(done));
            // reduce-scatter (stage 0) or all-gather (stage 2) inside each group
            return start_rings(t_, groups_, 1, share(bytes, m), std::move(done));
        }
        }
    }

private:
    MessageTransport& t_;
    CollectiveKind kind_;
    std::vector<NodeId> hosts_;
    std::vector<std::vector<NodeId>> groups_;  // hierarchical: ranks of each group
    std::vector<std::vector<NodeId>> across_;  // hierarchical: local index i of every group
};

// Chunk c enters stage s once chunk c-1 has left stage s and chunk c has left stage s-1.
class Pipeline : public std::enable_shared_from_this<Pipeline> {
public:
    Pipeline(MessageTransport& t, CollectiveKind kind, const std::vector<NodeId>& hosts, const std::vector<int>& groups,
             std::uint64_t bytes, int chunks, Done done)
        : stages_(t, kind, hosts, groups), bytes_(bytes), chunks_(chunks), done_(std::move(done)) {
        const int s = stages_.count();
        started_.assign(static_cast<std::size_t>(chunks_) * s, false);
        finished_.assign(static_cast<std::size_t>(chunks_) * s, false);
    }

    void start() { try_start(0, 0); }

private:
    std::size_t at(int c, int s) const { return static_cast<std::size_t>(c) * stages_.count() + s; }

    void try_start(int c, int s) {
        if (c >= chunks_ || s >= stages_.count() || started_[at(c, s)]) return;
        if (s > 0 && !finished_[at(c, s - 1)]) return;
        if (c > 0 && !finished_[at(c - 1, s)]) return;
        started_[at(c, s)] = true;
        // Chunk c's bytes: an even split, the first (bytes % chunks) chunks one byte more.
        const std::uint64_t b = bytes_ / chunks_ + (static_cast<std::uint64_t>(c) < bytes_ % chunks_ ? 1 : 0);
        auto self = shared_from_this();
        stages_.start(s, b, [self, c, s] {
            self->finished_[self->at(c, s)] = true;
            if (c + 1 == self->chunks_ && s + 1 == self->stages_.count()) return self->done_();
            self->try_start(c, s + 1);
            self->try_start(c + 1, s);
        });
    }

    Stages stages_;
    std::uint64_t bytes_;
    int chunks_;
    Done done_;
    std::vector<bool> started_, finished_;
};

}  // namespace

void start_collective(MessageTransport& t, CollectiveKind kind, const std::vector<NodeId>& hosts,
                      const std::vector<int>& groups, std::uint64_t bytes, int chunks, std::function<void()> done) {
    std::make_shared<Pipeline>(t, kind, hosts, groups, bytes, chunks, std::move(done))->start();
}

}  // namespace netsim::packet
