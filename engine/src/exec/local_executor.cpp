#include "exec/local_executor.hpp"

#include "exec/worker_protocol.hpp"

#include <boost/process.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace sextant {

namespace bp = boost::process;
using Clock = std::chrono::steady_clock;

std::string describe_exit(int status) {
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        const char* name = sigabbrev_np(sig);
        return "killed by signal " + std::to_string(sig) + (name ? std::string(" (SIG") + name + ")" : "");
    }
    return "exited with status " + std::to_string(WEXITSTATUS(status));
}

int exit_status_value(int status) { return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status); }

namespace {

double wall_now() { return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count(); }

// What the reader threads hand to the executor's loop.
struct Message {
    int slot = 0;
    bool closed = false;    // the worker's stdout reached end of file
    RunEvent event;         // decoded on the reader thread, in parallel with storing
    std::string malformed;  // set instead of `event`: why the line is not protocol, and the line
};

// Why the executor stopped a worker. The run it was running ends accordingly.
enum class StopReason {
    None,
    Timeout,        // the run overran its timeout_s: failed
    Cancel,         // the sweep was cancelled: cancelled
    ProtocolError,  // the worker wrote a line that is not protocol: failed, with the line
    Unreachable,    // its stdin is closed, so it cannot take runs; no run to fail
};

class MessageQueue {
public:
    void push(Message m) {
        {
            std::lock_guard lock(mutex_);
            items_.push_back(std::move(m));
        }
        ready_.notify_one();
    }
    std::optional<Message> pop_for(std::chrono::milliseconds wait) {
        std::unique_lock lock(mutex_);
        if (!ready_.wait_for(lock, wait, [&] { return !items_.empty(); })) return std::nullopt;
        Message m = std::move(items_.front());
        items_.pop_front();
        return m;
    }

private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<Message> items_;
};

struct Worker {
    std::filesystem::path plugin_file;
    std::unique_ptr<bp::group> group;
    std::unique_ptr<bp::child> child;
    std::unique_ptr<bp::opstream> input;
    std::unique_ptr<bp::ipstream> output, errors;
    std::thread output_reader, error_reader;
    std::mutex tail_mutex;
    std::condition_variable tail_cv;
    std::string stderr_tail;      // since the last end-of-run marker
    std::string ended_tail;       // the run before that marker
    std::int64_t ended_run = -1;  // whose marker came last
    std::optional<RunRequest> current;
    bool current_started = false;  // the worker announced it: from then on it is the worker's
    Clock::time_point started;
    std::optional<Clock::time_point> term_sent;
    StopReason stop_reason = StopReason::None;
    std::string protocol_error;  // ProtocolError: what was wrong, with the line quoted
    bool retiring = false;       // stdin closed, waiting for it to exit
    int runs = 0;

    bool alive() const { return child != nullptr; }
    bool free() const { return !alive() || (!current && !retiring && !term_sent); }
    // The stderr of `run_id`, once its end-of-run marker arrived (a worker that does not send
    // one, e.g. because it died, gets what there is after a short wait).
    std::string tail_of(std::int64_t run_id) {
        std::unique_lock lock(tail_mutex);
        tail_cv.wait_for(lock, std::chrono::seconds(2), [&] { return ended_run == run_id; });
        return ended_run == run_id ? ended_tail : stderr_tail;
    }
};

class LocalRun {
public:
    LocalRun(const LocalExecutorOptions& options, RunObserver& observer, const CancelToken& cancel)
        : options_(options),
          observer_(observer),
          cancel_(cancel),
          workers_(static_cast<std::size_t>(std::max(1, options.jobs))) {}

    ~LocalRun() {
        for (auto& w : workers_) {
            if (w.alive()) {
                ::kill(-w.child->id(), SIGKILL);
                reap(w);
            }
        }
    }

    void execute(const std::vector<RunRequest>& runs) {
        pending_.assign(runs.begin(), runs.end());
        bool cancelling = false;
        while (!pending_.empty() || busy()) {
            if (cancel_.cancelled() && !cancelling) {
                cancelling = true;
                pending_.clear();
                for (auto& w : workers_)
                    if (w.current) stop(w, StopReason::Cancel);
            }
            for (std::size_t i = 0; i < workers_.size() && !pending_.empty(); ++i)
                if (workers_[i].free()) assign(static_cast<int>(i));
            if (auto m = messages_.pop_for(std::chrono::milliseconds(50))) handle(std::move(*m));
            else observer_.on_idle();
            enforce_deadlines();
        }
        for (auto& w : workers_) retire(w);
        while (alive_count() > 0)
            if (auto m = messages_.pop_for(std::chrono::milliseconds(50))) handle(std::move(*m));
            else enforce_deadlines();
    }

private:
    bool busy() const {
        for (const auto& w : workers_)
            if (w.current) return true;
        return false;
    }
    int alive_count() const {
        int n = 0;
        for (const auto& w : workers_) n += w.alive() ? 1 : 0;
        return n;
    }

    void spawn(int slot, const std::filesystem::path& plugin_file) {
        Worker& w = workers_[static_cast<std::size_t>(slot)];
        w.plugin_file = plugin_file;
        w.group = std::make_unique<bp::group>();
        w.input = std::make_unique<bp::opstream>();
        w.output = std::make_unique<bp::ipstream>();
        w.errors = std::make_unique<bp::ipstream>();
        std::vector<std::string> args = options_.worker_args;
        args.push_back("--plugin-file");
        args.push_back(plugin_file.string());
        w.child = std::make_unique<bp::child>(options_.worker_program.string(), bp::args(args),
                                              bp::std_in<*w.input, bp::std_out> * w.output, bp::std_err > *w.errors,
                                              *w.group);
        // Later workers must not inherit this worker's pipe ends, or its end-of-file would
        // never arrive. (Spawns happen on this thread only, so there is no race.)
        ::fcntl(w.input->pipe().native_sink(), F_SETFD, FD_CLOEXEC);
        ::fcntl(w.output->pipe().native_source(), F_SETFD, FD_CLOEXEC);
        ::fcntl(w.errors->pipe().native_source(), F_SETFD, FD_CLOEXEC);
        w.runs = 0;
        w.retiring = false;
        w.term_sent.reset();
        w.stop_reason = StopReason::None;
        w.protocol_error.clear();
        {
            std::lock_guard lock(w.tail_mutex);
            w.stderr_tail.clear();
            w.ended_tail.clear();
            w.ended_run = -1;
        }
        w.output_reader = std::thread([this, slot, &w] { read_protocol(slot, w); });
        w.error_reader = std::thread([this, &w] { read_stderr(w); });
    }

    // The worker's stdout, decoded strictly: a line that is not a protocol event, or a last
    // line cut off without its newline, is reported as malformed instead of an event.
    void read_protocol(int slot, Worker& w) {
        try {
            std::string line;
            while (std::getline(*w.output, line)) {
                if (w.output->eof()) {
                    messages_.push({slot, false, {}, "a line cut off by end of output: " + protocol::quote_line(line)});
                    break;
                }
                auto decoded = protocol::parse_event(line, 0);
                if (decoded.event) messages_.push({slot, false, std::move(*decoded.event), {}});
                else messages_.push({slot, false, {}, decoded.error + ": " + protocol::quote_line(line)});
            }
        } catch (const std::exception& e) {
            messages_.push({slot, false, {}, std::string("reading its output failed: ") + e.what()});
        }
        messages_.push({slot, true, {}, {}});
    }

    // Keeps the stderr tail of the current run; the end-of-run marker starts the next.
    void read_stderr(Worker& w) {
        try {  // nothing may escape a thread (std::terminate); a failed read ends the stream
            std::string line;
            while (std::getline(*w.errors, line)) {
                std::lock_guard lock(w.tail_mutex);
                if (const auto run = protocol::parse_end_of_run(line)) {
                    w.ended_tail = std::move(w.stderr_tail);
                    w.stderr_tail.clear();
                    w.ended_run = *run;
                    w.tail_cv.notify_all();
                    continue;
                }
                w.stderr_tail += line;
                w.stderr_tail += '\n';
                if (w.stderr_tail.size() > 2 * options_.stderr_tail_bytes)
                    w.stderr_tail.erase(0, w.stderr_tail.size() - options_.stderr_tail_bytes);
            }
        } catch (const std::exception&) {}
    }

    void assign(int slot) {
        Worker& w = workers_[static_cast<std::size_t>(slot)];
        RunRequest request = std::move(pending_.front());
        pending_.pop_front();
        if (w.alive() && w.plugin_file != request.plugin_file) {
            retire(w);
            pending_.push_front(std::move(request));
            return;  // the slot frees once that worker exited
        }
        if (!w.alive()) spawn(slot, request.plugin_file);
        w.current = request;
        w.current_started = false;
        w.started = Clock::now();
        if (*w.input << protocol::encode_request(request) << std::endl) return;
        // Its stdin is closed: the worker is dying or dead (SIGPIPE is ignored, so the write
        // failed instead of killing us). Closing our end keeps the stream's destructor from
        // writing again; the run is settled when the worker's output closes (finish_dead).
        w.input->pipe().close();
        stop(w, StopReason::Unreachable);
    }

    void retire(Worker& w) {
        if (!w.alive() || w.retiring) return;
        w.retiring = true;
        w.input->pipe().close();
    }

    void stop(Worker& w, StopReason reason) {
        if (!w.alive() || w.term_sent) return;
        w.stop_reason = reason;
        w.term_sent = Clock::now();
        ::kill(-w.child->id(), SIGTERM);  // the whole process group: plugins may fork
    }

    void enforce_deadlines() {
        const auto now = Clock::now();
        for (auto& w : workers_) {
            if (!w.alive()) continue;
            if (w.current && !w.term_sent && w.current->timeout_s &&
                now - w.started > std::chrono::duration<double>(*w.current->timeout_s))
                stop(w, StopReason::Timeout);
            if (w.term_sent && now - *w.term_sent > std::chrono::duration<double>(options_.grace_s))
                ::kill(-w.child->id(), SIGKILL);
        }
    }

    // Waits for a worker whose stdout closed; returns its waitpid status.
    int reap(Worker& w) {
        if (w.output_reader.joinable()) w.output_reader.join();
        std::error_code ec;
        w.child->wait(ec);
        if (w.error_reader.joinable()) w.error_reader.join();
        const int status = w.child->native_exit_code();
        w.child.reset();
        w.group.reset();
        w.input.reset();
        w.output.reset();
        w.errors.reset();
        return status;
    }

    void handle(Message m) {
        Worker& w = workers_[static_cast<std::size_t>(m.slot)];
        if (m.closed) {
            const int status = reap(w);
            if (w.current) finish_dead(w, status);
            return;
        }
        if (!m.malformed.empty()) {
            // Its stream can no longer be trusted: the worker goes, failing only its own run.
            if (w.stop_reason != StopReason::None) return;  // already going; the first reason stands
            w.protocol_error = "worker wrote a malformed protocol line (" + m.malformed + ")";
            stop(w, StopReason::ProtocolError);
            return;
        }
        if (!w.current) return;  // nothing expected; ignore stray output
        if (w.stop_reason == StopReason::ProtocolError && m.event.kind != RunEvent::Kind::Finished) return;
        if (m.event.kind == RunEvent::Kind::Started) w.current_started = true;
        RunEvent e = std::move(m.event);
        e.run_id = w.current->run_id;  // a worker only speaks for the run it was given
        if (e.kind == RunEvent::Kind::Finished) {
            apply_stop_reason(w, e);
            if (e.status != RunStatus::Done) e.stderr_tail = w.tail_of(w.current->run_id);
            w.current.reset();
            ++w.runs;
            observer_.on_event(e);
            if (w.runs >= options_.max_runs_per_worker || w.term_sent || cancel_.cancelled()) retire(w);
            return;
        }
        observer_.on_event(e);
    }

    void apply_stop_reason(const Worker& w, RunEvent& e) const {
        switch (w.stop_reason) {
        case StopReason::Timeout:
            e.status = RunStatus::Failed;
            e.message = "timed out after " + std::to_string(*w.current->timeout_s) + " s" +
                        (e.message.empty() ? "" : " (" + e.message + ")");
            break;
        case StopReason::Cancel:
            e.status = RunStatus::Cancelled;
            if (e.message.empty()) e.message = "cancelled";
            break;
        case StopReason::ProtocolError:
            e.status = RunStatus::Failed;
            e.message = w.protocol_error + (e.message.empty() ? "" : "; then " + e.message);
            break;
        case StopReason::None:
        case StopReason::Unreachable: break;
        }
    }

    void finish_dead(Worker& w, int status) {
        // A worker that died between runs (after at least one) never began this one: it goes
        // back to the queue for a fresh worker (or, once cancelled, stays unstarted). A fresh
        // worker that dies before its first run fails it, so a worker that always dies cannot
        // loop forever.
        const bool between_runs = !w.current_started && w.runs > 0 &&
                                  (w.stop_reason == StopReason::None || w.stop_reason == StopReason::Unreachable);
        if (between_runs) {
            if (!cancel_.cancelled()) pending_.push_front(std::move(*w.current));
            w.current.reset();
            return;
        }
        RunEvent e;
        e.kind = RunEvent::Kind::Finished;
        e.run_id = w.current->run_id;
        e.time = wall_now();
        e.status = RunStatus::Failed;
        e.message = "worker " + describe_exit(status) + " while running";
        apply_stop_reason(w, e);
        e.exit_status = exit_status_value(status);
        {
            std::lock_guard lock(w.tail_mutex);
            e.stderr_tail = w.stderr_tail;
        }
        w.current.reset();
        observer_.on_event(e);
    }

    const LocalExecutorOptions& options_;
    RunObserver& observer_;
    const CancelToken& cancel_;
    std::vector<Worker> workers_;
    std::deque<RunRequest> pending_;
    MessageQueue messages_;
};

}  // namespace

LocalExecutor::LocalExecutor(LocalExecutorOptions options) : options_(std::move(options)) {}

void LocalExecutor::execute(const std::vector<RunRequest>& runs, RunObserver& observer, const CancelToken& cancel) {
    // A worker that dies while we write its next request must fail at most that run: with
    // SIGPIPE's default action the write would kill this process and the whole sweep.
    ::signal(SIGPIPE, SIG_IGN);
    LocalRun(options_, observer, cancel).execute(runs);
}

}  // namespace sextant
