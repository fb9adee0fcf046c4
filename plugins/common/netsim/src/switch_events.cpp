// SwitchML packet by packet through the discrete-event core: needed once packets can be
// lost, because retransmissions reorder what each port sees.
//
// Ports are FIFO transmitters: a packet handed to a port at time t leaves at
// max(t, port free) + serialisation, and arrives a link latency later, unless the loss
// dice drop it. Each worker keeps, per slot, the chunk it is waiting for and an attempt
// number; its retransmission timers live in a FIFO (deadlines only grow) served by at
// most one pending timer event per worker, so timers cost events only when they fire.
#include "netsim/event_queue.hpp"
#include "netsim/random.hpp"
#include "slot_pool.hpp"
#include "switch_chunks.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <stdexcept>
#include <string>
#include <vector>

namespace netsim::detail {

namespace {

struct Event {
    enum Kind : std::uint8_t { AtSwitch, AtWorker, Timer };
    Kind kind;
    std::uint32_t worker;
    std::uint64_t chunk;
};

struct Timeout {
    double deadline;
    std::uint64_t chunk;
    std::uint32_t attempt;
};

struct Worker {
    std::vector<std::uint64_t> awaiting;  // per slot: chunk whose result is awaited
    std::vector<std::uint32_t> attempt;   // per slot: sends of the awaited chunk
    std::deque<Timeout> timers;
    bool timer_pending = false;
    double nic_free = 0.0;   // uplink port
    double port_free = 0.0;  // the switch's egress port towards this worker
    std::uint64_t accepted = 0;
};

class EventRun {
public:
    EventRun(const SwitchAggregationConfig& config, const SwitchChunks& chunks, AggregationOp op, SwitchData data)
        : config_(config),
          chunks_(chunks),
          data_(data),
          words_per_slot_(data.words ? config.packets.payload_bytes / 4 : 0),
          pool_(config.slots, config.workers, words_per_slot_, op, config.record_slot_trace),
          dice_(config.seed),
          workers_(config.workers) {
        for (auto& w : workers_) {
            w.awaiting.assign(config.slots, UINT64_MAX);
            w.attempt.assign(config.slots, 0);
        }
        // Retransmissions beyond this mean the loss rate makes progress hopeless.
        retransmission_limit_ = 1000 * chunks.count * config.workers + 1000;
    }

    SwitchAggregationResult run() {
        const std::uint64_t first = std::min<std::uint64_t>(config_.slots, chunks_.count);
        for (std::uint32_t w = 0; w < config_.workers; ++w) {
            for (std::uint64_t c = 0; c < first; ++c) {
                workers_[w].awaiting[c] = c;
                send_up(w, c, 0.0);
            }
        }
        const std::uint64_t goal = chunks_.count * config_.workers;
        while (r_.results_accepted < goal) {
            if (queue_.empty()) throw std::logic_error("switch event engine: stalled before all results arrived");
            auto e = queue_.pop();
            ++r_.events;
            switch (e.event.kind) {
            case Event::AtSwitch: at_switch(e.event.worker, e.event.chunk, e.time); break;
            case Event::AtWorker: at_worker(e.event.worker, e.event.chunk, e.time); break;
            case Event::Timer: on_timer(e.event.worker, e.time); break;
            }
        }
        // Duplicates may still be on the wire; deliver them so every packet is accounted
        // for (they change no result, and `seconds` stays the last acceptance).
        while (!queue_.empty()) {
            auto e = queue_.pop();
            ++r_.events;
            if (e.event.kind == Event::AtSwitch) at_switch(e.event.worker, e.event.chunk, e.time);
            if (e.event.kind == Event::AtWorker) at_worker(e.event.worker, e.event.chunk, e.time);
        }
        r_.engine = SwitchAggregationConfig::Engine::Events;
        r_.chunks = chunks_.count;
        r_.slot_reuse_violations += pool_.violations();
        r_.slot_trace = pool_.take_trace();
        return r_;
    }

private:
    void send_up(std::uint32_t w, std::uint64_t chunk, double now) {
        Worker& wk = workers_[w];
        const std::uint32_t slot = static_cast<std::uint32_t>(chunk % config_.slots);
        const std::uint64_t wire = chunks_.up(chunk) + config_.packets.header_bytes;
        const LinkSpec& link = config_.uplink(w);
        wk.nic_free = std::max(now, wk.nic_free) + link.serialization_s(wire);
        ++r_.worker_packets_sent;
        r_.wire_bytes_up += wire;
        if (wk.attempt[slot]++ == 0) {
            r_.payload_bytes_sent += chunks_.up(chunk);
        } else {
            ++r_.retransmissions;
            if (r_.retransmissions > retransmission_limit_) {
                throw std::runtime_error(
                    "switch aggregation made no progress: over 1000 retransmissions per packet; "
                    "the loss rate is too high for the retransmit timeout");
            }
        }
        if (dice_.drop(link.loss)) {
            ++r_.worker_packets_lost;
        } else {
            queue_.push(wk.nic_free + link.latency_s, Event{Event::AtSwitch, w, chunk});
        }
        wk.timers.push_back(Timeout{now + config_.retransmit_timeout_s, chunk, wk.attempt[slot]});
        if (!wk.timer_pending) {
            wk.timer_pending = true;
            queue_.push(wk.timers.front().deadline, Event{Event::Timer, w, 0});
        }
    }

    void send_down(std::uint32_t w, std::uint64_t chunk, double now) {
        Worker& wk = workers_[w];
        const std::uint64_t wire = chunks_.down(chunk) + config_.packets.header_bytes;
        const LinkSpec& link = config_.downlink(w);
        wk.port_free = std::max(now + config_.switch_latency_s, wk.port_free) + link.serialization_s(wire);
        ++r_.result_packets_sent;
        r_.wire_bytes_down += wire;
        if (dice_.drop(link.loss)) {
            ++r_.result_packets_lost;
        } else {
            queue_.push(wk.port_free + link.latency_s, Event{Event::AtWorker, w, chunk});
        }
    }

    void at_switch(std::uint32_t w, std::uint64_t chunk, double now) {
        ++r_.switch_packets_received;
        const std::uint32_t* words = data_.words ? (*data_.words)[w].data() + chunk * words_per_slot_ : nullptr;
        switch (pool_.contribute(w, chunk, words, static_cast<std::uint32_t>(chunks_.up(chunk) / 4), now)) {
        case SlotPool::Outcome::Counted: ++r_.contributions_counted; break;
        case SlotPool::Outcome::Completed:
            ++r_.contributions_counted;
            for (std::uint32_t v = 0; v < config_.workers; ++v) send_down(v, chunk, now);
            break;
        case SlotPool::Outcome::DuplicateWaiting: ++r_.duplicate_contributions; break;
        case SlotPool::Outcome::DuplicateDone:
            ++r_.duplicate_contributions;
            send_down(w, chunk, now);
            break;
        }
    }

    void at_worker(std::uint32_t w, std::uint64_t chunk, double now) {
        ++r_.result_packets_delivered;
        Worker& wk = workers_[w];
        const std::uint32_t slot = static_cast<std::uint32_t>(chunk % config_.slots);
        if (wk.awaiting[slot] != chunk) {
            ++r_.duplicate_results;
            return;
        }
        // The packet carries the slot as it was at multicast; the slot cannot have been
        // restarted since, because this worker has not yet sent the chunk that would.
        if (!pool_.holds_result(chunk)) ++r_.slot_reuse_violations;
        if (data_.words) {
            const std::uint32_t* value = pool_.result(chunk);
            const std::uint64_t count = chunks_.up(chunk) / 4;
            std::copy(value, value + count,
                      (*data_.received)[w].begin() + static_cast<std::ptrdiff_t>(chunk * words_per_slot_));
        }
        ++r_.results_accepted;
        r_.payload_bytes_accepted += chunks_.down(chunk);
        r_.seconds = std::max(r_.seconds, now);
        ++wk.accepted;
        const std::uint64_t next = chunk + config_.slots;
        wk.awaiting[slot] = next;
        wk.attempt[slot] = 0;
        if (next < chunks_.count) send_up(w, next, now);
    }

    void on_timer(std::uint32_t w, double now) {
        Worker& wk = workers_[w];
        while (!wk.timers.empty()) {
            const Timeout t = wk.timers.front();
            const std::uint32_t slot = static_cast<std::uint32_t>(t.chunk % config_.slots);
            const bool stale = wk.awaiting[slot] != t.chunk || wk.attempt[slot] != t.attempt;
            if (stale) {
                wk.timers.pop_front();
            } else if (t.deadline <= now) {
                wk.timers.pop_front();
                send_up(w, t.chunk, now);  // appends a fresh timer for the new attempt
            } else {
                break;
            }
        }
        if (wk.timers.empty()) {
            wk.timer_pending = false;
        } else {
            queue_.push(wk.timers.front().deadline, Event{Event::Timer, w, 0});
        }
    }

    const SwitchAggregationConfig& config_;
    const SwitchChunks& chunks_;
    SwitchData data_;
    std::uint32_t words_per_slot_;
    SlotPool pool_;
    LossDice dice_;
    std::vector<Worker> workers_;
    EventQueue<Event> queue_;
    SwitchAggregationResult r_;
    std::uint64_t retransmission_limit_ = 0;
};

}  // namespace

SwitchAggregationResult run_events(const SwitchAggregationConfig& config, const SwitchChunks& chunks, AggregationOp op,
                                   SwitchData data) {
    EventRun run(config, chunks, op, data);
    return run.run();
}

}  // namespace netsim::detail
