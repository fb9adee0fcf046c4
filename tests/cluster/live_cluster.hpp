// What the live cluster tests share: a one-node Slurm and an sshd on 127.0.0.1 (started here
// when scripts/test has not; the tests skip and say why when Slurm cannot start), projects
// whose experiments target that cluster, and sextant-cli runs with the test's ssh config.
#pragma once

#include "test_support.hpp"

#include <boost/process.hpp>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <thread>

namespace sextant::testing {

struct Shell {
    int code = -1;
    std::string out;
};

inline Shell sh(const std::string& command) {
    namespace bp = boost::process;
    bp::ipstream out;
    bp::child child("/bin/sh", "-c", command + " 2>&1", bp::std_out > out, bp::std_in < bp::null);
    Shell r;
    std::string line;
    while (std::getline(out, line)) r.out += line + "\n";
    child.wait();
    r.code = child.exit_code();
    return r;
}

// Empty when Slurm is up; otherwise why not.
inline const std::string& slurm_problem() {
    static const std::string problem = [] {
        const Shell r = sh(std::string(SEXTANT_SOURCE_DIR) + "/scripts/slurm-local start");
        return r.code == 0 ? std::string() : "Slurm could not start here: " + r.out;
    }();
    return problem;
}

// The ssh config reaching this machine as "sextant-test", or "" with `why` set.
inline std::string ssh_config(std::string& why) {
    if (const char* c = std::getenv("SEXTANT_TEST_SSH_CONFIG"); c && fs::exists(c)) return c;
    static const std::string config = [] {
        const std::string dir = std::string(SEXTANT_BINARY_DIR) + "/test-services/sshd";
        const Shell r = sh(std::string(SEXTANT_SOURCE_DIR) + "/scripts/sshd-local start " + dir + " 2299");
        return r.code == 0 ? dir + "/ssh_config" : "!" + r.out;
    }();
    if (!config.empty() && config[0] == '!') {
        why = "sshd could not start here: " + config.substr(1);
        return "";
    }
    return config;
}

#define REQUIRE_SLURM()                                                                                        \
    do {                                                                                                       \
        if (!::sextant::testing::slurm_problem().empty()) GTEST_SKIP() << ::sextant::testing::slurm_problem(); \
    } while (0)

// A cluster target on this machine's Slurm: the jobs find this build's sextant-cli and the
// fixture plugins through the setup line, as a cluster's `module load` would.
inline nlohmann::json cluster_target(const fs::path& workdir, const std::string& host = "") {
    const std::string cli_dir = fs::path(SEXTANT_CLI).parent_path().string();
    nlohmann::json t = {
        {"kind", "cluster"},
        {"scheduler", "slurm"},
        {"workdir", workdir.string()},
        {"setup", "export PATH='" + cli_dir + "':$PATH SEXTANT_PLUGIN_PATH='" + std::string(FIXTURE_PLUGIN_DIR) + "'"}};
    if (!host.empty()) t["host"] = host;
    return t;
}

inline nlohmann::json cluster_project(const nlohmann::json& target, nlohmann::json params, nlohmann::json sweep,
                                      const std::string& name = "fx") {
    nlohmann::json x = {{"name", name}, {"plugin", "fixture"}, {"target", target}, {"params", params}};
    if (!sweep.is_null()) x["sweep"] = sweep;
    return {{"sextant_project", 1}, {"name", "test"}, {"experiments", {x}}};
}

inline nlohmann::json scale_sweep(int runs) {
    nlohmann::json values = nlohmann::json::array();
    for (int i = 1; i <= runs; ++i) values.push_back(i);
    return {{"grid", {{{"param", "scale"}, {"values", values}}}}};
}

// sextant-cli with the fixture plugins and the test's ssh config.
inline boost::process::environment cli_env(const std::string& ssh_config = "") {
    auto env = boost::this_process::environment();
    env["SEXTANT_PLUGIN_PATH"] = FIXTURE_PLUGIN_DIR;
    if (!ssh_config.empty()) env["SEXTANT_SSH_CONFIG"] = ssh_config;
    return env;
}

inline CliResult cli(const std::vector<std::string>& args, const std::string& ssh_config = "") {
    namespace bp = boost::process;
    const fs::path out = fs::temp_directory_path() /
                         ("sextant-cli-out-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
    bp::child child(SEXTANT_CLI, bp::args(args), bp::std_out > (out.string() + ".o"),
                    bp::std_err > (out.string() + ".e"), bp::std_in < bp::null, cli_env(ssh_config));
    child.wait();
    CliResult r;
    r.exit_code = child.exit_code();
    r.out = read_text(out.string() + ".o");
    r.err = read_text(out.string() + ".e");
    fs::remove(out.string() + ".o");
    fs::remove(out.string() + ".e");
    return r;
}

// One value from the project's database.
inline std::string query(const fs::path& db, const std::string& sql) {
    const Shell r = sh("sqlite3 -readonly '" + db.string() + "' \"" + sql + "\"");
    std::string out = r.out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

inline void wait_until(const std::function<bool()>& condition, double seconds = 60) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!condition() && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

inline std::string node_name() {
    std::string n = sh("hostname -s").out;
    while (!n.empty() && n.back() == '\n') n.pop_back();
    return n;
}

}  // namespace sextant::testing
