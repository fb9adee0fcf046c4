// Runs as JSON objects and CSV tables: the shapes `list`, `export` and the GUI's CSV use.
#pragma once

#include "store/run_store.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace sextant {

// {"id", "identity", "experiment", "status", "seed", "params", "target", "summary", ...}
nlohmann::json run_to_json(const RunRecord& run, const std::map<std::string, double>& summary);

// One row per run: id, identity, experiment, status, seed, then param.* and summary columns.
void write_runs_csv(std::ostream& out, const std::vector<RunRecord>& runs,
                    const std::map<std::int64_t, std::map<std::string, double>>& summaries);

// Quotes a CSV field when it needs it (RFC 4180).
std::string csv_field(const std::string& text);

// A number as short as possible while exact enough for a table ("0.125", "1e+09", "3").
std::string format_number(double value);

}  // namespace sextant
