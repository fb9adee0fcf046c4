// Runs as JSON objects and CSV tables: the one exporter behind `list --format csv|json`,
// `export` and the GUI's "Export CSV" (the same file from each, byte for byte).
#pragma once

#include "store/run_store.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace sextant {

// A column of a runs table or CSV file, named the same way everywhere.
struct RunColumn {
    // JobId, JobState: a cluster run's Slurm job ("1234_7") and Slurm's last word on it.
    enum class Kind {
        Id,
        Identity,
        Experiment,
        Status,
        Seed,
        Started,
        Duration,
        Tags,
        Note,
        JobId,
        JobState,
        Param,
        Summary
    };
    Kind kind = Kind::Id;
    std::string key;  // the parameter or metric name

    // "id", "param:scheme", "summary:loss": RunQuery::order_by, `list --columns`, settings.
    std::string id() const;
    // The CSV header: "id", "param.scheme", "loss".
    std::string csv_header() const;
    // The RunQuery::order_by that sorts by this column ("started_at", "param:scheme"); empty
    // for columns runs are not ordered by (identity, tags, note).
    std::string order_by() const;
    bool operator==(const RunColumn& other) const { return kind == other.kind && key == other.key; }
};

// Reads a column id ("seed", "param:scheme", "summary:loss"; a bare name that is not a
// fixed column is a metric); nullopt for an empty or unknown fixed name.
std::optional<RunColumn> parse_run_column(const std::string& id);

// {"id", "identity", "experiment", "status", "seed", "params", "target", "summary", ...}; a
// cluster run also has "job_id", "job_state" and "job_dir".
nlohmann::json run_to_json(const RunRecord& run, const std::map<std::string, double>& summary);

// The CSV file's columns for these runs: id, identity, experiment, status, seed, every
// parameter (param.NAME), every summary metric, tags, note.
std::vector<RunColumn> csv_columns(RunStore& store, const RunQuery& query);

// Every run of the query, in its order, one CSV row each (RFC 4180). Numbers are written
// exactly (exact_number), so reading the file back gives the stored values bit for bit.
void write_runs_csv(std::ostream& out, RunStore& store, const RunQuery& query);

// Quotes a CSV field when it needs it (RFC 4180).
std::string csv_field(const std::string& text);

// A number as short as possible while exact enough for a table ("0.125", "1e+09", "3").
std::string format_number(double value);

// The shortest text that reads back as exactly this double ("0.1", "0.30000000000000004",
// "1e-300"); "nan", "inf", "-inf" for the rest.
std::string exact_number(double value);

// A parameter value as a cell: strings as they are, everything else as JSON.
std::string param_cell(const nlohmann::json& value);

}  // namespace sextant
