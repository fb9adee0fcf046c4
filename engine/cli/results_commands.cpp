// show and export (and the opening shared with list): reading a project's results (while a sweep may still be writing).
#include "commands.hpp"
#include "project/project.hpp"
#include "store/run_export.hpp"
#include "store/run_store.hpp"
#include "util/errors.hpp"

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <set>

namespace sextant::cli {

namespace fs = std::filesystem;

// Opens the results of a project read-only (a sweep may be writing them; reading never
// creates, migrates or locks anything). A project that never ran reads as an empty store.
std::unique_ptr<RunStore> open_results(const std::string& project) {
    if (!fs::exists(project)) throw InputError(project + ": no such project file");
    Project::load(project);  // a clear error for a file that is not a project
    const auto db = database_path(project);
    if (!fs::exists(db)) return std::make_unique<RunStore>(":memory:");
    return std::make_unique<RunStore>(db, /*read_only=*/true);
}

void add_show_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("show", "Show one run: parameters, provenance, metrics, artifacts, errors");
    struct Args {
        std::string project, run;
        bool json = false;
    };
    auto args = std::make_shared<Args>();
    cmd->add_option("project", args->project, "Project file")->required();
    cmd->add_option("run", args->run, "Run number or a unique prefix of its identity")->required();
    cmd->add_flag("--json", args->json, "Print as JSON");
    cmd->callback([args, &exit_code] {
        exit_code = guarded([&] {
            auto store = open_results(args->project);
            const auto run = store->find_run(args->run);
            if (!run) throw InputError("run '" + args->run + "': no such run in " + args->project);
            nlohmann::json j = run_to_json(*run, store->summaries(run->id));
            if (run->provenance_id)
                if (auto p = store->provenance(*run->provenance_id))
                    j["provenance"] = {{"git_commit", p->git_commit},
                                       {"git_dirty", p->git_dirty},
                                       {"git_diff", p->git_diff},
                                       {"sextant_version", p->sextant_version},
                                       {"host", p->host},
                                       {"cpu", p->cpu},
                                       {"os", p->os},
                                       {"command_line", p->command_line},
                                       {"working_dir", p->working_dir}};
            nlohmann::json series = nlohmann::json::object();
            for (const auto& name : store->metric_names(run->id)) series[name] = store->metrics(run->id, name).size();
            j["series_points"] = series;
            nlohmann::json artifacts = nlohmann::json::array();
            for (const auto& a : store->artifacts(run->id))
                artifacts.push_back({{"path", a.path}, {"kind", a.kind}, {"size", a.size}, {"hash", a.hash}});
            j["artifacts"] = artifacts;
            j["tags"] = store->tags(run->id);
            j["note"] = store->note(run->id);
            if (!run->stderr_tail.empty()) j["stderr_tail"] = run->stderr_tail;
            if (args->json) {
                std::cout << j.dump(2) << "\n";
                return kOk;
            }
            std::cout << "run " << run->id << " (" << run->identity << ")\n"
                      << "  experiment: " << run->experiment << "\n  plugin: " << run->plugin_id << " "
                      << run->plugin_version << "\n  status: " << to_string(run->status) << "\n  seed: " << run->seed
                      << "\n  target: " << run->target.dump() << "\n";
            if (!run->job_id.empty())
                std::cout << "  slurm job: " << run->job_id << " ("
                          << (run->job_state.empty() ? "state unknown" : run->job_state) << ")"
                          << (run->job_dir.empty() ? "" : ", folder " + run->job_dir) << "\n";
            std::cout << "  parameters:\n";
            for (const auto& [k, v] : run->params.items()) std::cout << "    " << k << " = " << param_cell(v) << "\n";
            std::cout << "  summary:\n";
            for (const auto& [k, v] : store->summaries(run->id))
                std::cout << "    " << k << " = " << format_number(v) << "\n";
            if (!series.empty()) {
                std::cout << "  series:\n";
                for (const auto& [k, v] : series.items()) std::cout << "    " << k << ": " << v << " points\n";
            }
            for (const auto& a : artifacts)
                std::cout << "  artifact: " << a["path"].get<std::string>() << " (" << a["kind"].get<std::string>()
                          << ", " << a["size"] << " bytes)\n";
            if (j.contains("provenance")) {
                const auto& p = j["provenance"];
                std::cout << "  provenance: git "
                          << (p["git_commit"].get<std::string>().empty() ? "-" : p["git_commit"].get<std::string>())
                          << (p["git_dirty"].get<bool>() ? " (dirty)" : "") << ", sextant "
                          << p["sextant_version"].get<std::string>() << ", host " << p["host"].get<std::string>()
                          << ", cpu " << p["cpu"].get<std::string>()
                          << "\n  command: " << p["command_line"].get<std::string>() << "\n";
            }
            if (!run->error.empty()) std::cout << "  error: " << run->error << "\n";
            if (run->exit_status) std::cout << "  exit status: " << *run->exit_status << "\n";
            if (!run->stderr_tail.empty()) std::cout << "  stderr (tail):\n" << run->stderr_tail << "\n";
            return kOk;
        });
    });
}

void add_export_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("export", "Export all runs (csv: summaries; json: with metric series)");
    struct Args {
        std::string project, format, out, experiment;
    };
    auto args = std::make_shared<Args>();
    cmd->add_option("project", args->project, "Project file")->required();
    cmd->add_option("--format", args->format, "csv or json")->required()->check(CLI::IsMember({"csv", "json"}));
    cmd->add_option("--out", args->out, "Output file")->required();
    cmd->add_option("--experiment", args->experiment, "Only runs of this experiment");
    cmd->callback([args, &exit_code] {
        exit_code = guarded([&] {
            auto store = open_results(args->project);
            RunQuery q;
            q.experiment = args->experiment;
            const auto runs = store->runs(q);
            std::ofstream out(args->out, std::ios::binary | std::ios::trunc);
            if (!out) throw InputError("--out " + args->out + ": cannot write file");
            if (args->format == "csv") {
                write_runs_csv(out, *store, q);
            } else {
                const auto sums = store->all_summaries(args->experiment);
                nlohmann::json all = nlohmann::json::array();
                for (const auto& r : runs) {
                    const auto s = sums.find(r.id);
                    auto j = run_to_json(r, s == sums.end() ? std::map<std::string, double>{} : s->second);
                    nlohmann::json series = nlohmann::json::object();
                    for (const auto& m : store->metrics(r.id)) {
                        auto& entry = series[m.name];
                        entry["step"].push_back(m.step);
                        entry["value"].push_back(std::isfinite(m.value) ? nlohmann::json(m.value) : nlohmann::json());
                    }
                    j["series"] = series;
                    all.push_back(std::move(j));
                }
                out << all.dump(2) << "\n";
            }
            std::cerr << "wrote " << runs.size() << " runs to " << args->out << "\n";
            return kOk;
        });
    });
}

}  // namespace sextant::cli
