// The worker side of the protocol: `sextant-cli worker --plugin-file FILE` reads run
// requests on stdin, runs them one after another in this process and reports on stdout.
#pragma once

#include <filesystem>

namespace sextant {

// Returns the process exit code: 0 after stdin closed, 3 when cancelled by a signal.
int run_worker(const std::filesystem::path& plugin_file);

}  // namespace sextant
