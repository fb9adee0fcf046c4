// Speed and memory of the simulator.
//   speed:  3,000 clients x 300 rounds x 50 participants with the MLP, beside the cost of the
//           same number of local trainings alone (the baseline measured in this run).
//   memory: peak RSS for populations of 1k .. 100k clients at the same participants and
//           rounds, beside the 1k run (the baseline): growth beyond per-client metadata.
//   run:    one configuration, printing each evaluation (for exploring settings).
#include "fashion_data.hpp"

#include "evaluation.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace federated;

namespace {

double peak_rss_mb() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0;
}

// CPU seconds of this process: on a shared machine, wall time measures the neighbours.
double cpu_s() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

void print(const Evaluation& e) {
    std::printf("round %4d  %7.1f h  acc %.4f  std %.4f  worst10 %.4f  cohorts %zu  ari %.3f  purity %.3f  groups",
                e.round, e.virtual_s / 3600, e.mean_accuracy, e.accuracy_std, e.worst10_accuracy, e.cohorts, e.ari,
                e.purity);
    for (double g : e.group_accuracy) std::printf(" %.3f", g);
    std::printf("\n");
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app("federated simulator benchmark");
    std::string mode = "speed", clustering = "none", aggregator = "fedavg", model = "mlp", splits = "50,100",
                data_dir = "/usr/share/datasets/fashion-mnist";
    SimulationConfig cfg;
    bool shift = true, quiet = false;
    std::size_t clients = 3000;
    double alpha = 0.3;
    app.add_option("mode", mode, "speed | memory | run")->check(CLI::IsMember({"speed", "memory", "run"}));
    app.add_option("--clients", clients);
    app.add_option("--rounds", cfg.rounds);
    app.add_option("--participants", cfg.participants);
    app.add_option("--clustering", clustering);
    app.add_option("--aggregator", aggregator);
    app.add_option("--model", model);
    app.add_option("--shift", shift);
    app.add_option("--alpha", alpha);
    app.add_option("--splits", splits);
    app.add_option("--eval-every", cfg.eval_every);
    app.add_option("--eval-clients", cfg.eval_clients);
    app.add_option("--seed", cfg.seed);
    app.add_option("--data", data_dir);
    app.add_flag("--quiet", quiet);
    CLI11_PARSE(app, argc, argv);

    set_training_threads(1);
    const FashionData data = load_fashion_data(data_dir);
    cfg.population.clients = clients;
    cfg.population.shift = shift;
    cfg.population.dirichlet_alpha = alpha;
    cfg.population.seed = cfg.traces.seed = cfg.seed;
    cfg.traces.minority_group = 3;
    cfg.clustering = clustering_kind(clustering);
    cfg.aggregator = aggregator_kind(aggregator);
    cfg.model = model_kind(model);
    cfg.auxo.split_rounds.clear();
    if (!splits.empty())
        for (std::size_t at = 0; at < splits.size();) {
            const auto comma = splits.find(',', at);
            cfg.auxo.split_rounds.push_back(std::stoi(splits.substr(at, comma - at)));
            at = comma == std::string::npos ? splits.size() : comma + 1;
        }

    if (mode == "run") {
        SimulationHooks hooks;
        hooks.evaluated = print;
        hooks.log = [&](const std::string& m) {
            if (!quiet) std::printf("  %s\n", m.c_str());
        };
        const auto r = simulate(cfg, data.view(), hooks);
        std::printf("wall %.1f s (training %.1f s), %zu trainings, time to %.2f: %.1f h, peak RSS %.0f MB\n", r.wall_s,
                    r.training_wall_s, r.client_trainings, cfg.target_accuracy, r.time_to_target_s / 3600,
                    peak_rss_mb());
        return 0;
    }
    if (mode == "speed") {
        const double c0 = cpu_s();
        const auto r = simulate(cfg, data.view());
        const double sim_cpu = cpu_s() - c0;
        // Baseline: the same number of local trainings on one client's data, nothing else.
        const Population pop(cfg.population, data.train_y, data.test_y);
        const Network net(cfg.model);
        ClientExamples ex;
        auto w = net.initial(1);
        Rng rng = stream(1, Stream::training);
        const auto t0 = std::chrono::steady_clock::now();
        const double c1 = cpu_s();
        for (std::size_t i = 0; i < r.client_trainings; ++i) {
            gather(pop, data.view(), static_cast<std::uint32_t>(i % pop.size()), false, ex);
            net.train(w, ex.x, ex.y, cfg.local, rng);
        }
        const double base = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double base_cpu = cpu_s() - c1;
        std::printf(
            "| clients | rounds | participants | model | clustering | trainings | CPU s | wall s | trainings alone: "
            "CPU s | ratio (CPU) | wall s | final acc |\n");
        std::printf("| %zu | %zu | %zu | %s | %s | %zu | %.1f | %.1f | %.1f | %.2f | %.1f | %.3f |\n", clients,
                    cfg.rounds, cfg.participants, model.c_str(), clustering.c_str(), r.client_trainings, sim_cpu,
                    r.wall_s, base_cpu, sim_cpu / base_cpu, base, r.evaluations.back().mean_accuracy);
        return 0;
    }
    // memory: each population size in a fresh child process, so peak RSS is its own.
    std::printf("| clients | peak RSS MB | vs 1k | wall s |\n");
    double base = 0;
    for (std::size_t n : {1000, 10000, 100000}) {
        int pipefd[2];
        if (pipe(pipefd) != 0) return 1;
        const pid_t pid = fork();
        if (pid == 0) {
            close(pipefd[0]);
            SimulationConfig c = cfg;
            c.population.clients = n;
            const auto r = simulate(c, data.view());
            const double out[2] = {peak_rss_mb(), r.wall_s};
            if (write(pipefd[1], out, sizeof out) != sizeof out) _exit(1);
            _exit(0);
        }
        close(pipefd[1]);
        double in[2] = {0, 0};
        if (read(pipefd[0], in, sizeof in) != sizeof in) return 1;
        close(pipefd[0]);
        waitpid(pid, nullptr, 0);
        if (base == 0) base = in[0];
        std::printf("| %zu | %.0f | %.2f | %.1f |\n", n, in[0], in[0] / base, in[1]);
        std::fflush(stdout);
    }
    return 0;
}
