// Runs POSIX sh scripts on a cluster's login node: through OpenSSH (the user's own ssh
// config and agent, one multiplexed ControlMaster connection for the shell's lifetime), or
// with /bin/sh on this machine when there is no host. The script always travels on stdin
// (`ssh HOST sh -s`), so the login shell parses nothing but "sh -s"; every value placed in a
// script goes through shell_quote().
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace sextant {

// 'text' for POSIX sh: any bytes (quotes, $(...), backticks, ;, newlines) stay one literal word.
std::string shell_quote(const std::string& text);

struct ShellResult {
    int exit_code = -1;  // -1: could not run at all (ssh missing, timed out)
    std::string out, err;
};

class RemoteShell {
public:
    // `host` empty or "localhost": this machine. SEXTANT_SSH_CONFIG, when set, is passed as
    // `ssh -F` (tests use it for their private sshd; users normally rely on ~/.ssh/config).
    explicit RemoteShell(std::string host);
    ~RemoteShell();  // closes the master connection
    RemoteShell(const RemoteShell&) = delete;
    RemoteShell& operator=(const RemoteShell&) = delete;

    // Runs `script` with sh, starting in the home folder. Never throws for a failing script.
    ShellResult run(const std::string& script, double timeout_s = 300) const;
    // Copies the remote folder's contents into `local_dir` (tar over the same connection).
    // Throws std::runtime_error naming the folder when the copy fails.
    void fetch_folder(const std::string& remote_dir, const std::filesystem::path& local_dir) const;

    bool is_local() const { return host_.empty(); }
    // "ssh alice@login" or "this machine", for messages.
    std::string where() const;

private:
    std::vector<std::string> ssh_args() const;
    std::string host_;
    std::filesystem::path control_dir_;  // holds the ControlMaster socket
};

}  // namespace sextant
