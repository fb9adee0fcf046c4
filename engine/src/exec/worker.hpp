// The worker side of the protocol: `sextant-cli worker --plugin-file FILE` reads run
// requests on stdin, runs them one after another in this process and reports on stdout.
#pragma once

#include <filesystem>

namespace sextant {

// Returns the process exit code: 0 after stdin closed, 3 when cancelled by a signal.
int run_worker(const std::filesystem::path& plugin_file);
// Same, finding the plugin by id in this machine's plugin folders (what cluster jobs do: the
// desktop's file paths mean nothing there). A missing plugin fails each run with its name.
int run_worker_for_plugin(const std::string& plugin_id);

}  // namespace sextant
