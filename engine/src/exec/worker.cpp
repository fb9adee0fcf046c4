#include "exec/worker.hpp"

#include "sextant/memory_reuse.hpp"
#include "exec/worker_protocol.hpp"
#include "plugins/plugin_registry.hpp"

#include <sys/prctl.h>
#include <unistd.h>
#include <xxhash.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <mutex>

namespace sextant {

namespace fs = std::filesystem;

namespace {

std::atomic<bool> g_cancelled{false};

extern "C" void on_terminate(int) { g_cancelled.store(true); }

double now() { return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count(); }

std::string host_name() {
    char name[256] = {};
    ::gethostname(name, sizeof name - 1);
    return name;
}

std::string file_hash(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    XXH3_state_t* state = XXH3_createState();
    XXH3_64bits_reset(state);
    char buffer[1 << 16];
    while (in) {
        in.read(buffer, sizeof buffer);
        XXH3_64bits_update(state, buffer, static_cast<std::size_t>(in.gcount()));
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(XXH3_64bits_digest(state)));
    XXH3_freeState(state);
    return hex;
}

// Writes protocol lines to the saved stdout; metric samples are batched because a plugin
// may report hundreds of thousands per second.
class ProtocolWriter {
public:
    explicit ProtocolWriter(FILE* out) : out_(out) {}
    void write(const RunEvent& e) {
        std::lock_guard lock(mutex_);
        flush_metrics_locked();
        write_locked(e);
        std::fflush(out_);
    }
    void metric(std::int64_t run, MetricSample sample) {
        std::lock_guard lock(mutex_);
        if (pending_.samples.empty()) {
            pending_.run_id = run;
            first_pending_ = std::chrono::steady_clock::now();
        }
        pending_.samples.push_back(std::move(sample));
        if (pending_.samples.size() >= 4096 ||
            std::chrono::steady_clock::now() - first_pending_ > std::chrono::milliseconds(50)) {
            flush_metrics_locked();
            std::fflush(out_);
        }
    }
    void flush() {
        std::lock_guard lock(mutex_);
        flush_metrics_locked();
        std::fflush(out_);
    }

private:
    void write_locked(const RunEvent& e) {
        const std::string line = protocol::encode_event(e);
        std::fwrite(line.data(), 1, line.size(), out_);
        std::fputc('\n', out_);
    }
    void flush_metrics_locked() {
        if (pending_.samples.empty()) return;
        pending_.kind = RunEvent::Kind::Metrics;
        write_locked(pending_);
        pending_.samples.clear();
    }
    FILE* out_;
    std::mutex mutex_;
    RunEvent pending_;
    std::chrono::steady_clock::time_point first_pending_;
};

class WorkerRunContext final : public RunContext {
public:
    WorkerRunContext(const RunRequest& request, ProtocolWriter& writer)
        : request_(request),
          params_(request.params),
          writer_(writer),
          // Absolute, so a plugin may register artifact_dir() / name as well as name alone
          // (a project opened by a relative path gives a relative folder).
          artifact_dir_(fs::absolute(request.artifact_dir)) {}

    const Params& params() const override { return params_; }
    const nlohmann::json& target() const override { return request_.target; }
    std::uint64_t seed() const override { return request_.seed; }
    fs::path artifact_dir() const override {
        fs::create_directories(artifact_dir_);
        return artifact_dir_;
    }
    void metric(const std::string& name, long long step, double value) override {
        writer_.metric(request_.run_id, {name, step, value, now()});
    }
    void summary(const std::string& name, double value) override {
        RunEvent e = event(RunEvent::Kind::Summary);
        e.name = name;
        e.value = value;
        writer_.write(e);
    }
    void progress(double fraction, const std::string& message) override {
        RunEvent e = event(RunEvent::Kind::Progress);
        e.fraction = fraction;
        e.message = message;
        writer_.write(e);
    }
    void log(LogLevel level, const std::string& message) override {
        static const char* names[] = {"debug", "info", "warning", "error"};
        RunEvent e = event(RunEvent::Kind::Log);
        e.level = names[static_cast<int>(level)];
        e.message = message;
        writer_.write(e);
    }
    void artifact(const fs::path& path, const std::string& kind) override {
        const fs::path file = path.is_absolute() ? path : artifact_dir() / path;
        std::error_code ec;
        if (!fs::is_regular_file(file, ec))
            throw std::runtime_error("artifact '" + file.string() + "' is not a file the run wrote");
        RunEvent e = event(RunEvent::Kind::Artifact);
        // Stored relative to the project's artifacts folder, so the project can be moved.
        const fs::path root = artifact_dir_.parent_path().parent_path();
        const fs::path relative = fs::relative(file, root, ec);
        e.artifact = {(!ec && !relative.empty() && *relative.begin() != "..") ? relative.string() : file.string(), kind,
                      static_cast<std::int64_t>(fs::file_size(file)), file_hash(file)};
        writer_.write(e);
    }
    bool cancelled() const override { return g_cancelled.load(); }

private:
    RunEvent event(RunEvent::Kind kind) const {
        RunEvent e;
        e.kind = kind;
        e.run_id = request_.run_id;
        e.time = now();
        return e;
    }
    const RunRequest& request_;
    Params params_;
    ProtocolWriter& writer_;
    fs::path artifact_dir_;
};

}  // namespace

namespace {
int serve(const std::function<LoadedPlugin()>& load);
}  // namespace

int run_worker(const fs::path& plugin_file) {
    return serve([&] { return PluginRegistry::load_file(plugin_file); });
}

int run_worker_for_plugin(const std::string& plugin_id) {
    return serve([&] {
        try {
            return PluginRegistry().load(plugin_id);
        } catch (const std::exception& e) {
            throw std::runtime_error("plugin '" + plugin_id + "' is not installed on " + host_name() + ": " + e.what());
        }
    });
}

namespace {

int serve(const std::function<LoadedPlugin()>& load) {
    keep_freed_memory_for_reuse();
    // Die with the parent rather than run on unobserved.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    std::signal(SIGTERM, on_terminate);
    std::signal(SIGINT, on_terminate);
    std::signal(SIGPIPE, SIG_IGN);

    // The protocol gets the original stdout; fd 1 becomes stderr for whatever plugins print.
    std::fflush(stdout);
    const int protocol_fd = ::dup(STDOUT_FILENO);
    ::dup2(STDERR_FILENO, STDOUT_FILENO);
    FILE* protocol_out = ::fdopen(protocol_fd, "w");
    static char buffer[1 << 16];
    std::setvbuf(protocol_out, buffer, _IOFBF, sizeof buffer);
    ProtocolWriter writer(protocol_out);

    std::optional<LoadedPlugin> loaded;
    std::string load_error;
    try {
        loaded = load();
    } catch (const std::exception& e) {
        load_error = e.what();
    }

    std::string line;
    while (!g_cancelled.load() && std::getline(std::cin, line)) {
        if (line.empty()) continue;
        RunRequest request;
        try {
            request = protocol::decode_request(line);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "worker: bad request: %s\n", e.what());
            return 2;
        }
        RunEvent started;
        started.kind = RunEvent::Kind::Started;
        started.run_id = request.run_id;
        started.time = now();
        started.host = host_name();
        writer.write(started);

        RunEvent finished;
        finished.kind = RunEvent::Kind::Finished;
        finished.run_id = request.run_id;
        if (!loaded) {
            finished.status = RunStatus::Failed;
            finished.message = load_error;
        } else {
            WorkerRunContext context(request, writer);
            try {
                loaded->plugin->run(context);
                finished.status = g_cancelled.load() ? RunStatus::Cancelled : RunStatus::Done;
            } catch (const std::exception& e) {
                finished.status = g_cancelled.load() ? RunStatus::Cancelled : RunStatus::Failed;
                finished.message = e.what();
            } catch (...) {
                finished.status = RunStatus::Failed;
                finished.message = "plugin threw a non-standard exception";
            }
        }
        finished.time = now();
        // Everything the run printed is in the stderr pipe before its result is announced.
        std::cout.flush();
        std::fflush(stdout);
        std::fprintf(stderr, "%s\n", protocol::end_of_run_line(request.run_id).c_str());
        std::fflush(stderr);
        writer.write(finished);
    }
    writer.flush();
    return g_cancelled.load() ? 3 : 0;
}

}  // namespace

}  // namespace sextant
