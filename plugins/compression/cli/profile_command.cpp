#include "profile_command.hpp"

#include "project/project.hpp"
#include "store/run_store.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>

namespace sextant::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct BadInput : std::runtime_error {
    using std::runtime_error::runtime_error;
};

constexpr const char* kDensitiesFile = "gradient_densities.json";  // written by compression-training

json read_json(const fs::path& file) {
    std::ifstream in(file);
    if (!in) throw BadInput(file.string() + ": cannot open");
    try {
        return json::parse(in);
    } catch (const json::parse_error& e) {
        throw BadInput(file.string() + ": not valid JSON: " + e.what());
    }
}

json sourced(double value, const std::string& source) { return {{"value", value}, {"source", source}}; }

}  // namespace

int run_codec_profile(const CodecProfileOptions& o, std::ostream& out, std::ostream& err) {
    try {
        if (o.output.empty()) throw BadInput("--out: the profile file to write is required");
        if (!fs::exists(o.project)) throw BadInput(o.project + ": no such project file");
        const fs::path db = database_path(o.project);
        if (!fs::exists(db)) throw BadInput(o.project + ": has no results yet (" + db.string() + ")");
        RunStore store(db, /*read_only=*/true);
        const auto run = store.find_run(o.run);
        if (!run) throw BadInput("run '" + o.run + "': no such run in " + o.project);
        const std::string which =
            o.project + " run " + std::to_string(run->id) + " (experiment " + run->experiment + ")";
        if (run->plugin_id != "compression-training")
            throw BadInput(which + " is a " + run->plugin_id +
                           " run; densities are measured by compression-training runs (transport in-process)");
        fs::path file;
        for (const auto& a : store.artifacts(run->id))
            if (fs::path(a.path).filename() == kDensitiesFile) file = a.path;
        if (file.empty())
            throw BadInput(which + " has no " + std::string(kDensitiesFile) +
                           " (made by compression-training 2.0+ in-process runs that finished)");
        if (file.is_relative()) file = artifacts_path(o.project) / file;
        const json d = read_json(file);
        if (!d.contains("tensors") || !d["tensors"].is_array() || d["tensors"].empty())
            throw BadInput(file.string() + ": 'tensors' must be a non-empty list");
        const int workers = d.at("workers").get<int>();
        const long long steps = d.at("steps").get<long long>();
        const std::string model = run->params.value("model", "?");
        const std::string measured = "measured: " + which + " (" + model + ", " + std::to_string(workers) +
                                     " workers, mean of " + std::to_string(steps) + " steps)";
        json tensors = json::array();
        for (const auto& t : d["tensors"]) {
            json shape = json::array();
            for (const auto& s : t.at("shape")) shape.push_back(s.get<long long>());
            tensors.push_back({{"name", t.at("name")},
                               {"shape", shape},
                               {"kind", "measured"},
                               {"embedding", t.value("embedding", false)},
                               {"workers", workers},
                               {"worker_density", sourced(t.at("worker_density").get<double>(), measured)},
                               {"union_density", sourced(t.at("union_density").get<double>(), measured)},
                               {"source", measured}});
        }
        const std::string id = o.id.empty() ? fs::path(o.output).stem().string() : o.id;
        const json profile{
            {"profile", id},
            {"title", model + " gradients measured in training (" + which + ")"},
            {"model_choice", "the compression-training model '" + model + "' with the run's parameters"},
            {"sources", {{"run", measured}}},
            {"samples_per_worker", sourced(run->params.value("batch_size", 0), "run parameter batch_size")},
            {"value_scale", sourced(0.01, "assumption: only relative magnitudes matter to the codecs")},
            {"tensors", tensors}};
        std::ofstream f(o.output);
        if (!f) throw BadInput("--out: cannot write " + o.output);
        f << profile.dump(2) << "\n";
        if (!f) throw BadInput("--out: cannot write " + o.output);
        out << "wrote " << o.output << ": " << tensors.size() << " tensors, " << measured << "\n";
        return 0;
    } catch (const BadInput& e) {
        err << "error: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        err << "error: " << e.what() << "\n";
        return 1;
    }
}

void add_codec_profile_command(CLI::App& codec, int& exit_code) {
    auto o = std::make_shared<CodecProfileOptions>();
    auto* cmd = codec.add_subcommand("profile",
                                     "Make a gradient profile from the per-tensor densities a compression-training run "
                                     "measured (use it with the compression plugin's profile parameter)");
    cmd->add_option("--from-run", o->project, "The project file")->required();
    cmd->add_option("run", o->run, "Run number or a unique prefix of its identity")->required();
    cmd->add_option("--out", o->output, "The profile JSON to write (put it in $SEXTANT_COMPRESSION_PROFILES)")
        ->required();
    cmd->add_option("--id", o->id, "The profile's id (default: the file name without .json)");
    cmd->callback([o, &exit_code] { exit_code = run_codec_profile(*o, std::cout, std::cerr); });
}

}  // namespace sextant::cli
