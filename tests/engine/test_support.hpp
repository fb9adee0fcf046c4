// Helpers for engine tests: scratch folders, project files, running sextant-cli.
#pragma once

#include <boost/process.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace sextant::testing {

namespace fs = std::filesystem;

// A fresh folder per test, removed afterwards.
class ScratchDir {
public:
    ScratchDir() {
        std::random_device rd;
        path_ = fs::temp_directory_path() / ("sextant-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
        fs::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& name) const { return path_ / name; }

private:
    fs::path path_;
};

inline void write_text(const fs::path& file, const std::string& text) { std::ofstream(file) << text; }

inline std::string read_text(const fs::path& file) {
    std::ifstream in(file);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A one-experiment project of the fixture plugin.
inline nlohmann::json fixture_project(nlohmann::json params = nlohmann::json::object(),
                                      nlohmann::json sweep = nlohmann::json::object(), int repeats = 1) {
    if (params.is_null()) params = nlohmann::json::object();  // `{}` arrives as null
    nlohmann::json x = {{"name", "fx"}, {"plugin", "fixture"}, {"target", {{"kind", "local"}}}, {"params", params}};
    if (!sweep.is_null() && !sweep.empty()) x["sweep"] = sweep;
    if (repeats != 1) x["repeats"] = repeats;
    return {{"sextant_project", 1}, {"name", "test"}, {"experiments", {x}}};
}

inline void write_project(const fs::path& file, const nlohmann::json& project) { write_text(file, project.dump(2)); }

struct CliResult {
    int exit_code = -1;
    std::string out, err;
};

// Runs sextant-cli with the fixture plugins on its search path.
// Runs sextant-cli with `args` in `cwd` (this process's folder if empty).
inline CliResult run_cli(const std::vector<std::string>& args, const std::filesystem::path& cwd = {}) {
    namespace bp = boost::process;
    bp::ipstream out, err;
    auto env = boost::this_process::environment();
    env["SEXTANT_PLUGIN_PATH"] = FIXTURE_PLUGIN_DIR;
    bp::child child(SEXTANT_CLI, bp::args(args), bp::std_out > out, bp::std_err > err, bp::std_in < bp::null, env,
                    bp::start_dir = (cwd.empty() ? std::filesystem::current_path() : cwd).string());
    CliResult result;
    std::string line;
    // Read stderr in the background so a chatty child cannot block on a full pipe.
    std::thread err_reader([&] {
        std::string l;
        while (std::getline(err, l)) result.err += l + "\n";
    });
    while (std::getline(out, line)) result.out += line + "\n";
    err_reader.join();
    child.wait();
    result.exit_code = child.exit_code();
    return result;
}

}  // namespace sextant::testing
