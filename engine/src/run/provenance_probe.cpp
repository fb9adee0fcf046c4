#include "run/provenance_probe.hpp"

#include <boost/process.hpp>

#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>

namespace sextant {

namespace bp = boost::process;
namespace fs = std::filesystem;

namespace {

// Runs git in `dir`; returns its stdout, or nullopt when git fails or is missing.
std::optional<std::string> git(const fs::path& dir, const std::vector<std::string>& args) {
    const auto program = bp::search_path("git");
    if (program.empty()) return std::nullopt;
    bp::ipstream out;
    std::vector<std::string> full = {"-C", dir.string()};
    full.insert(full.end(), args.begin(), args.end());
    std::error_code ec;
    bp::child child(program, bp::args(full), bp::std_out > out, bp::std_err > bp::null, bp::std_in < bp::null, ec);
    if (ec) return std::nullopt;
    std::string text, line;
    while (std::getline(out, line)) text += line + "\n";
    child.wait(ec);
    if (ec || child.exit_code() != 0) return std::nullopt;
    return text;
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) return trim(line.substr(line.find(':') + 2));
    return "unknown";
}

}  // namespace

std::string sextant_version() { return SEXTANT_VERSION; }

Provenance probe_provenance(const fs::path& project_file, const std::string& command_line) {
    Provenance p;
    std::error_code ec;
    const fs::path dir = fs::absolute(project_file, ec).parent_path();
    if (auto commit = git(dir, {"rev-parse", "HEAD"})) {
        p.git_commit = trim(*commit);
        const auto status = git(dir, {"status", "--porcelain", "--untracked-files=no"});
        p.git_dirty = status && !trim(*status).empty();
        if (p.git_dirty) p.git_diff = git(dir, {"diff", "HEAD"}).value_or("");
    }
    p.sextant_version = sextant_version();
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    p.host = host;
    p.cpu = cpu_model() + " x" + std::to_string(::sysconf(_SC_NPROCESSORS_ONLN));
    utsname u{};
    if (::uname(&u) == 0) p.os = std::string(u.sysname) + " " + u.release + " " + u.machine;
    p.command_line = command_line;
    p.working_dir = fs::current_path(ec).string();
    return p;
}

}  // namespace sextant
