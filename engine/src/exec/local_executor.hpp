// Runs on this machine in N parallel worker processes (`sextant-cli worker`), started with
// Boost.Process. A worker that crashes, hangs or times out fails only its own run; the
// executor starts a fresh worker for the next one.
#pragma once

#include "exec/executor.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace sextant {

struct LocalExecutorOptions {
    int jobs = 1;                          // parallel worker processes
    std::filesystem::path worker_program;  // sextant-cli
    std::vector<std::string> worker_args = {"worker"};
    double grace_s = 2.0;           // SIGTERM, then SIGKILL after this long
    int max_runs_per_worker = 500;  // reuse amortises start-up; bound it anyway
    std::size_t stderr_tail_bytes = 8192;
};

class LocalExecutor final : public Executor {
public:
    explicit LocalExecutor(LocalExecutorOptions options);
    void execute(const std::vector<RunRequest>& runs, RunObserver& observer, const CancelToken& cancel) override;

private:
    LocalExecutorOptions options_;
};

// "exited with status 3", "killed by signal 11 (SIGSEGV)": from a waitpid status.
std::string describe_exit(int native_status);
// exit code, or -signal number when the process was killed by a signal.
int exit_status_value(int native_status);

}  // namespace sextant
