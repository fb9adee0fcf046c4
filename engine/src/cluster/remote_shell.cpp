#include "cluster/remote_shell.hpp"

#include <boost/process.hpp>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace sextant {

namespace fs = std::filesystem;
namespace bp = boost::process;

std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

namespace {

fs::path fresh_dir(const std::string& stem) {
    std::random_device rd;
    const fs::path dir = fs::temp_directory_path() / (stem + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(dir);
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
    return dir;
}

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Runs `program args` with `input` on stdin; stdout and stderr go to files (no pipe can fill
// up and block either side).
ShellResult run_program(const std::string& program, const std::vector<std::string>& args, const std::string& input,
                        double timeout_s, const fs::path& out_file) {
    const fs::path scratch = fresh_dir("sextant-sh-");
    const fs::path in_file = scratch / "in", err_file = scratch / "err";
    const fs::path out = out_file.empty() ? scratch / "out" : out_file;
    { std::ofstream(in_file, std::ios::binary) << input; }
    ShellResult result;
    try {
        bp::child child(bp::search_path(program), bp::args(args),
                        bp::std_in<in_file.string(), bp::std_out> out.string(), bp::std_err > err_file.string());
        // Boost 1.74's wait_for sleeps out its whole timeout when SIGCHLD came first, so
        // look at the child with waitpid(WNOHANG) instead, a little less often as time passes.
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<long long>(timeout_s * 1000));
        auto pause = std::chrono::microseconds(200);
        while (child.running() && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(pause);
            pause = std::min(pause * 2, std::chrono::microseconds(20000));
        }
        if (child.running()) {
            child.terminate();
            result.err = program + " did not finish within " + std::to_string(static_cast<int>(timeout_s)) + " s";
            child.wait();
        } else {
            result.exit_code = child.exit_code();
        }
    } catch (const std::exception& e) {
        result.err = "could not run " + program + ": " + e.what();
    }
    if (out_file.empty()) result.out = read_file(out);
    result.err = read_file(err_file) + result.err;
    std::error_code ec;
    fs::remove_all(scratch, ec);
    return result;
}

}  // namespace

RemoteShell::RemoteShell(std::string host) : host_(host == "localhost" ? "" : std::move(host)) {
    if (!host_.empty()) control_dir_ = fresh_dir("sextant-ssh-");
}

RemoteShell::~RemoteShell() {
    if (host_.empty()) return;
    auto args = ssh_args();
    args.insert(args.end() - 2, {"-O", "exit"});  // before "--" and the host
    run_program("ssh", args, "", 10, {});
    std::error_code ec;
    fs::remove_all(control_dir_, ec);
}

std::vector<std::string> RemoteShell::ssh_args() const {
    std::vector<std::string> args;
    if (const char* config = std::getenv("SEXTANT_SSH_CONFIG"); config && *config)
        args.insert(args.end(), {"-F", config});
    // One master connection carries every command of a sweep; BatchMode because nobody can
    // answer a password prompt from here (keys and the agent work as usual).
    args.insert(args.end(), {"-o", "ControlMaster=auto", "-o", "ControlPath=" + (control_dir_ / "%C").string(), "-o",
                             "ControlPersist=120", "-o", "BatchMode=yes", "-o", "ServerAliveInterval=15", "--", host_});
    return args;
}

std::string RemoteShell::where() const { return host_.empty() ? "this machine" : "ssh " + host_; }

ShellResult RemoteShell::run(const std::string& script, double timeout_s) const {
    const std::string body = "cd \"$HOME\" || exit 97\n" + script;
    if (host_.empty()) return run_program("sh", {"-s"}, body, timeout_s, {});
    auto args = ssh_args();
    args.insert(args.end(), {"sh", "-s"});
    ShellResult r = run_program("ssh", args, body, timeout_s, {});
    // ssh's own failures (no route, refused key) exit 255.
    if (r.exit_code == 255) r.err = "ssh " + host_ + " failed: " + r.err;
    return r;
}

void RemoteShell::fetch_folder(const std::string& remote_dir, const fs::path& local_dir) const {
    const fs::path scratch = fresh_dir("sextant-fetch-");
    const fs::path archive = scratch / "folder.tar";
    const std::string script = "cd \"$HOME\" && cd " + shell_quote(remote_dir) + " && tar -cf - .\n";
    ShellResult r;
    if (host_.empty()) {
        r = run_program("sh", {"-s"}, script, 600, archive);
    } else {
        auto args = ssh_args();
        args.insert(args.end(), {"sh", "-s"});
        r = run_program("ssh", args, script, 600, archive);
    }
    if (r.exit_code != 0) {
        fs::remove_all(scratch);
        throw std::runtime_error("could not copy " + remote_dir + " from " + where() + ": " + r.err);
    }
    fs::create_directories(local_dir);
    const ShellResult x = run_program("tar", {"-xf", archive.string(), "-C", local_dir.string()}, "", 600, {});
    fs::remove_all(scratch);
    if (x.exit_code != 0)
        throw std::runtime_error("could not unpack " + remote_dir + " into " + local_dir.string() + ": " + x.err);
}

}  // namespace sextant
