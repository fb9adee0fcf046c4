// Starting K rank processes and watching them. Children inherit the caller's process group,
// so the executor's group kill on timeout or cancel reaches them too; the rank program also
// asks to die with its parent.
#include "compression_training/gloo_training.hpp"

#include "compression_training/records_json.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace compression_training {

namespace {

std::string tail(const std::filesystem::path& file, std::size_t bytes = 2000) {
    std::ifstream in(file, std::ios::binary);
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return s.size() > bytes ? "..." + s.substr(s.size() - bytes) : s;
}

std::string describe_status(int status) {
    if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return std::string("signal ") + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
    return "status " + std::to_string(status);
}

// A fresh folder per launch: the file store must not see keys of an earlier run.
std::filesystem::path fresh_folder(const std::filesystem::path& parent, const std::string& stem) {
    static std::atomic<int> counter{0};
    for (;;) {
        auto p = parent / (stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        if (std::filesystem::create_directories(p)) return p;
    }
}

struct Ranks {
    std::vector<pid_t> pids;
    std::vector<bool> done;
    std::vector<int> status;

    void kill_all() {
        for (std::size_t r = 0; r < pids.size(); ++r)
            if (!done[r]) ::kill(pids[r], SIGTERM);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        while (std::chrono::steady_clock::now() < deadline && reap() < pids.size())
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        for (std::size_t r = 0; r < pids.size(); ++r)
            if (!done[r]) ::kill(pids[r], SIGKILL);
        while (reap() < pids.size()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    // Collects exited children without blocking; returns how many have finished.
    std::size_t reap() {
        std::size_t finished = 0;
        for (std::size_t r = 0; r < pids.size(); ++r) {
            if (!done[r]) {
                int st = 0;
                if (::waitpid(pids[r], &st, WNOHANG) == pids[r]) {
                    done[r] = true;
                    status[r] = st;
                }
            }
            finished += done[r];
        }
        return finished;
    }
    // The first rank that ended badly, or -1.
    int failed() const {
        for (std::size_t r = 0; r < pids.size(); ++r)
            if (done[r] && !(WIFEXITED(status[r]) && WEXITSTATUS(status[r]) == 0)) return static_cast<int>(r);
        return -1;
    }
};

pid_t spawn_rank(const std::vector<std::string>& args, int stdout_fd, const std::filesystem::path& log) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (stdout_fd >= 0) posix_spawn_file_actions_adddup2(&actions, stdout_fd, 1);
    else posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + args[0] + ": " + std::strerror(rc));
    return pid;
}

}  // namespace

std::filesystem::path rank_program_beside_module() {
    Dl_info info{};
    if (!dladdr(reinterpret_cast<void*>(&rank_program_beside_module), &info) || !info.dli_fname)
        throw std::runtime_error("cannot tell which file holds the training code (dladdr failed)");
    std::error_code ec;
    auto module = std::filesystem::canonical(info.dli_fname, ec);
    if (ec) module = std::filesystem::path(info.dli_fname);
    return module.parent_path() / "sextant-compression-rank";
}

TrainingSummary launch_gloo_training(const TrainConfig& config, const LaunchOptions& options,
                                     TrainingObserver& observer) {
    validate(config);
    if (::access(options.rank_program.c_str(), X_OK) != 0)
        throw std::runtime_error("the rank program " + options.rank_program.string() +
                                 " is missing or not executable (it is built with the compression-training plugin)");
    std::filesystem::create_directories(options.work_dir);
    const auto rendezvous = fresh_folder(options.work_dir, "rendezvous");
    const auto config_file = rendezvous.parent_path() / (rendezvous.filename().string() + ".json");
    {
        std::ofstream out(config_file);
        out << to_json(config).dump(2) << "\n";
        if (!out) throw std::runtime_error("cannot write " + config_file.string());
    }

    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    Ranks ranks;
    const int K = config.workers;
    try {
        for (int r = 0; r < K; ++r) {
            std::vector<std::string> args{options.rank_program.string(),
                                          "--config",
                                          config_file.string(),
                                          "--rank",
                                          std::to_string(r),
                                          "--rendezvous",
                                          rendezvous.string()};
            if (r == 0 && !options.params_out.empty()) {
                args.push_back("--params-out");
                args.push_back(options.params_out.string());
            }
            ranks.pids.push_back(
                spawn_rank(args, r == 0 ? pipe_fds[1] : -1, options.work_dir / ("rank-" + std::to_string(r) + ".log")));
            ranks.done.push_back(false);
            ranks.status.push_back(0);
        }
    } catch (...) {
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
        ranks.kill_all();
        throw;
    }
    ::close(pipe_fds[1]);
    observer.log("started " + std::to_string(K) + " rank processes; logs and rendezvous in " +
                 options.work_dir.string());

    TrainingSummary summary;
    bool got_summary = false, cancelled = false;
    std::string pending;
    char buf[65536];
    int read_fd = pipe_fds[0];
    auto close_read = [&] {
        if (read_fd >= 0) ::close(read_fd);
        read_fd = -1;
    };
    auto fail = [&](int r) {
        close_read();
        ranks.kill_all();
        throw std::runtime_error("rank " + std::to_string(r) + " of " + std::to_string(K) + " failed (" +
                                 describe_status(ranks.status[r]) +
                                 "): " + tail(options.work_dir / ("rank-" + std::to_string(r) + ".log")));
    };
    for (bool open = true; open;) {
        pollfd p{read_fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, 100);
        if (ready > 0) {
            const ssize_t got = ::read(read_fd, buf, sizeof buf);
            if (got <= 0) open = false;
            else pending.append(buf, static_cast<std::size_t>(got));
            for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
                const std::string line = pending.substr(0, nl);
                pending.erase(0, nl + 1);
                if (!line.empty()) dispatch_line(line, observer, &summary, &got_summary);
            }
        }
        ranks.reap();
        if (const int r = ranks.failed(); r >= 0) fail(r);
        if (observer.cancelled()) {
            cancelled = true;
            break;
        }
    }
    close_read();
    if (cancelled) {
        ranks.kill_all();
        summary.cancelled = true;
        return summary;
    }
    // Rank 0 is done; the others finish their last allreduce and exit.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(config.gloo_timeout_s);
    while (ranks.reap() < ranks.pids.size()) {
        if (const int r = ranks.failed(); r >= 0) fail(r);
        if (std::chrono::steady_clock::now() > deadline) {
            ranks.kill_all();
            throw std::runtime_error("rank processes did not exit within " + std::to_string(config.gloo_timeout_s) +
                                     " s");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (const int r = ranks.failed(); r >= 0) fail(r);
    if (!got_summary)
        throw std::runtime_error("rank 0 exited without reporting a summary: " + tail(options.work_dir / "rank-0.log"));
    std::error_code ec;
    std::filesystem::remove_all(rendezvous, ec);
    return summary;
}

}  // namespace compression_training
