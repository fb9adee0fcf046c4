// Collects provenance once per sweep: where the code and the project came from and where
// the runs execute.
#pragma once

#include "store/run_record.hpp"

#include <filesystem>
#include <string>

namespace sextant {

// git commit, dirty flag and diff of the work tree holding `project_file` (empty when it is
// not in one or git is missing), Sextant version, host, CPU, OS and the command line.
Provenance probe_provenance(const std::filesystem::path& project_file, const std::string& command_line);

std::string sextant_version();

}  // namespace sextant
