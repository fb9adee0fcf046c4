#include "osfm/os_sim.hpp"

#include <algorithm>
#include <deque>
#include <queue>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

namespace sextant::osfm {

namespace {

struct Event {
    double time;
    std::uint64_t seq;  // FIFO among equal times: deterministic
    bool io;            // false: a CPU burst ends on cpu `id`; true: request `id` completes
    int id;
    bool operator>(const Event& o) const { return time != o.time ? time > o.time : seq > o.seq; }
};

struct ProcState {
    std::size_t next = 0;     // index of the step whose burst is running or pending
    double remaining = 0;     // CPU time left in the current burst
    double slice = 0;         // length of the slice running now
    double issued_at = 0;     // when the blocked reference was issued
    Page last = ~Page{0};     // last page referenced (sequential detection)
    int window = 0;           // readahead window, pages (0: not sequential)
    Page trigger = ~Page{0};  // a hit here starts the next window asynchronously
    Page window_end = 0;      // first page after the last window read
};

struct Request {
    std::vector<Page> pages;
    std::vector<int> waiters;
};

class Simulation final : public SystemView {
public:
    Simulation(const std::vector<Process>& procs, CachePolicy& cache, const MachineSpec& m, const Readahead& ra)
        : procs_(procs), cache_(cache), m_(m), ra_(ra), state_(procs.size()), cpu_(m.cpus, -1) {
        if (m.cpus < 1 || m.device_channels < 1 || m.quantum_us <= 0)
            throw std::invalid_argument("the machine needs >= 1 CPU, >= 1 device channel and a positive quantum");
        std::size_t total = 0;
        for (const Process& p : procs) total += p.steps.size();
        latencies_.reserve(total);
        result_.order.reserve(total);
    }

    std::size_t run_queue() const override { return ready_.size(); }
    std::size_t device_queue() const override { return device_queue_.size() + static_cast<std::size_t>(device_busy_); }
    Owner owner(Page page) const override {
        std::uint32_t f = file_of(page);
        if (f >= 1000) f -= 1000;  // a phase process's scan file
        if (f >= procs_.size()) return Owner::Unknown;
        const ProcState& s = state_[f];
        if (s.next >= procs_[f].steps.size()) return Owner::Finished;
        if (std::find(cpu_.begin(), cpu_.end(), static_cast<int>(f)) != cpu_.end()) return Owner::Running;
        if (std::find(ready_.begin(), ready_.end(), static_cast<int>(f)) != ready_.end()) return Owner::Ready;
        return Owner::Blocked;
    }

    SimResult run() {
        cache_.observe(this);
        for (std::size_t p = 0; p < procs_.size(); ++p) {
            if (procs_[p].steps.empty()) continue;
            state_[p].remaining = procs_[p].steps[0].cpu_us;
            ready_.push_back(static_cast<int>(p));
        }
        dispatch();
        while (!events_.empty()) {
            Event e = events_.top();
            events_.pop();
            advance_clock(e.time);
            if (e.io) io_done(e.id);
            else burst_end(e.id);
            dispatch();
        }
        finish();
        return std::move(result_);
    }

private:
    void push(double time, bool io, int id) { events_.push({time, seq_++, io, id}); }

    void advance_clock(double t) {
        queue_area_ += static_cast<double>(device_queue_.size() + device_busy_) * (t - now_);
        now_ = t;
    }

    void dispatch() {
        for (int c = 0; c < m_.cpus && !ready_.empty(); ++c) {
            if (cpu_[c] != -1) continue;
            const int p = ready_.front();
            ready_.pop_front();
            cpu_[c] = p;
            start_slice(c, p);
        }
    }
    void start_slice(int c, int p) {
        ProcState& s = state_[p];
        s.slice = std::min(s.remaining, m_.quantum_us);
        busy_us_ += s.slice;
        push(now_ + s.slice, false, c);
    }

    void burst_end(int c) {
        const int p = cpu_[c];
        ProcState& s = state_[p];
        s.remaining -= s.slice;
        if (s.remaining > 1e-9) {  // the quantum expired
            if (ready_.empty()) {
                start_slice(c, p);
            } else {
                ready_.push_back(p);
                cpu_[c] = -1;
            }
            return;
        }
        if (!reference(p)) {  // blocked on the device
            cpu_[c] = -1;
            return;
        }
        if (s.next >= procs_[p].steps.size()) {
            cpu_[c] = -1;
            return;
        }
        start_slice(c, p);
    }

    // The reference that ends process p's current burst. Returns false when p blocks.
    bool reference(int p) {
        ProcState& s = state_[p];
        const Page page = procs_[p].steps[s.next].page;
        ++result_.references;
        result_.order.push_back(page);
        prefetched_.erase(page);
        const bool sequential = s.last != ~Page{0} && page == s.last + 1;
        s.last = page;
        auto flight = in_flight_.find(page);
        if (flight != in_flight_.end()) {  // being read (ahead, or for another process): wait for it
            cache_.access(page);
            ++result_.misses;
            block_on(p, flight->second);
            return false;
        }
        if (cache_.access(page)) {
            ++result_.hits;
            latencies_.push_back(static_cast<float>(m_.hit_us));
            if (ra_.on && page == s.trigger) read_ahead_async(p);
            if (++s.next < procs_[p].steps.size()) s.remaining = m_.hit_us + procs_[p].steps[s.next].cpu_us;
            return true;
        }
        ++result_.misses;
        std::vector<Page> pages{page};
        if (ra_.on && sequential) {
            s.window = s.window ? std::min(2 * s.window, ra_.max_pages) : ra_.initial_pages;
            s.window_end = page + 1;
            add_window(p, pages);
            s.trigger = page + 1;
        } else {
            s.window = 0;
            s.trigger = ~Page{0};
        }
        const int r = submit(std::move(pages));
        block_on(p, r);
        return false;
    }

    void read_ahead_async(int p) {
        ProcState& s = state_[p];
        s.window = std::min(2 * std::max(s.window, 1), ra_.max_pages);
        std::vector<Page> pages;
        const Page first = s.window_end;
        add_window(p, pages);
        s.trigger = first;
        if (!pages.empty()) submit(std::move(pages));
    }

    // Appends the next window of process p's file to a read, skipping cached or in-flight
    // pages and stopping at the file's end.
    void add_window(int p, std::vector<Page>& pages) {
        ProcState& s = state_[p];
        const Page file_end = (s.window_end & ~Page{0xffffffff}) + procs_[p].file_pages;
        const bool own_file = file_of(s.window_end) == static_cast<std::uint32_t>(p);
        const std::size_t demand = pages.size();
        for (int k = 0; k < s.window - static_cast<int>(demand); ++k, ++s.window_end) {
            const Page q = s.window_end;
            if (own_file && q >= file_end) break;
            if (cache_.contains(q) || in_flight_.count(q)) continue;
            cache_.prefetch(q);
            prefetched_.insert(q);
            pages.push_back(q);
        }
    }

    int submit(std::vector<Page> pages) {
        const int r = static_cast<int>(requests_.size());
        for (Page q : pages) in_flight_[q] = r;
        result_.pages_read += pages.size();
        ++result_.device_requests;
        requests_.push_back({std::move(pages), {}});
        if (device_busy_ < m_.device_channels) start_request(r);
        else device_queue_.push_back(r);
        return r;
    }
    void start_request(int r) {
        ++device_busy_;
        push(now_ + m_.device_fixed_us + m_.device_page_us * static_cast<double>(requests_[r].pages.size()), true, r);
    }
    void block_on(int p, int r) {
        state_[p].issued_at = now_;
        requests_[r].waiters.push_back(p);
    }

    void io_done(int r) {
        --device_busy_;
        Request& req = requests_[r];
        for (Page q : req.pages) {
            auto it = in_flight_.find(q);
            if (it != in_flight_.end() && it->second == r) in_flight_.erase(it);
        }
        for (int p : req.waiters) {
            ProcState& s = state_[p];
            latencies_.push_back(static_cast<float>(now_ - s.issued_at));
            if (++s.next < procs_[p].steps.size()) {
                s.remaining = procs_[p].steps[s.next].cpu_us;
                ready_.push_back(p);
            }
        }
        req = Request{};  // free its memory; the index stays valid
        if (!device_queue_.empty()) {
            const int next = device_queue_.front();
            device_queue_.pop_front();
            start_request(next);
        }
    }

    void finish() {
        result_.makespan_us = now_;
        double sum = 0;
        for (float l : latencies_) sum += l;
        if (!latencies_.empty()) {
            result_.latency_mean_us = sum / static_cast<double>(latencies_.size());
            auto k =
                latencies_.begin() + static_cast<std::ptrdiff_t>(0.99 * static_cast<double>(latencies_.size() - 1));
            std::nth_element(latencies_.begin(), k, latencies_.end());
            result_.latency_p99_us = *k;
        }
        if (now_ > 0) {
            result_.cpu_utilisation = busy_us_ / (m_.cpus * now_);
            result_.device_queue_mean = queue_area_ / now_;
            result_.throughput_refs_per_s = static_cast<double>(result_.references) / (now_ * 1e-6);
        }
        result_.prefetched_unused = prefetched_.size();
    }

    const std::vector<Process>& procs_;
    CachePolicy& cache_;
    MachineSpec m_;
    Readahead ra_;
    std::vector<ProcState> state_;
    std::vector<int> cpu_;
    std::deque<int> ready_;
    std::priority_queue<Event, std::vector<Event>, std::greater<>> events_;
    std::uint64_t seq_ = 0;
    double now_ = 0, busy_us_ = 0, queue_area_ = 0;
    std::vector<Request> requests_;
    std::deque<int> device_queue_;
    int device_busy_ = 0;
    std::unordered_map<Page, int> in_flight_;
    std::unordered_set<Page> prefetched_;
    std::vector<float> latencies_;
    SimResult result_;
};

}  // namespace

SimResult simulate(const std::vector<Process>& processes, CachePolicy& cache, const MachineSpec& machine,
                   const Readahead& readahead) {
    return Simulation(processes, cache, machine, readahead).run();
}

}  // namespace sextant::osfm
