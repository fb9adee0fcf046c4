// The run store: one SQLite database per project (NAME.sextant.db), written by one process
// (the sweep's parent) and read by any number (CLI, GUI) at the same time thanks to WAL.
#pragma once

#include "store/run_record.hpp"
#include "store/sqlite.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <vector>

namespace sextant {

struct NewRun {
    std::string identity;
    nlohmann::json params;
    nlohmann::json target;
    std::uint64_t seed = 0;
};

// A page of runs for tables that load lazily.
struct RunQuery {
    std::string experiment;  // empty: all experiments
    std::optional<RunStatus> status;
    std::string order_by = "id";    // id, experiment, status, seed, started_at, finished_at,
                                    // param:NAME, summary:NAME (runs without it sort first)
    std::string text;               // substring of identity, experiment, status, host, params,
                                    // tags or note (case-insensitive); empty: no filter
    std::vector<std::int64_t> ids;  // only these runs; empty: no filter
    bool descending = false;
    std::int64_t offset = 0;
    std::int64_t limit = -1;  // -1: no limit
};

class RunStore {
public:
    // Opens (creating and migrating when needed) the database at `path`.
    explicit RunStore(const std::filesystem::path& path, bool read_only = false);
    ~RunStore();
    RunStore(const RunStore&) = delete;
    RunStore& operator=(const RunStore&) = delete;

    static int current_schema_version();
    int schema_version();

    // --- writing (the single writer) ---
    std::int64_t save_experiment(const std::string& name, const std::string& plugin_id,
                                 const std::string& plugin_version, const nlohmann::json& definition);
    std::int64_t save_provenance(const Provenance& provenance);
    // Inserts the runs not stored yet (status queued); returns every run's record, in order.
    std::vector<RunRecord> register_runs(std::int64_t experiment_id, const std::string& plugin_id,
                                         const std::string& plugin_version, const std::vector<NewRun>& runs);
    // Runs left "running" by a parent that died go back to the queue, their partial results
    // deleted so that nothing is duplicated when they run again. Returns how many.
    int requeue_interrupted();
    // A failed or cancelled run goes back to the queue with its old results deleted.
    void reset_for_retry(std::int64_t run_id);
    void mark_started(std::int64_t run_id, double time, const std::string& host,
                      std::optional<std::int64_t> provenance_id);
    void mark_finished(std::int64_t run_id, RunStatus status, double time, const std::string& error,
                       std::optional<int> exit_status, const std::string& stderr_tail);
    // Cluster runs: the Slurm job a run was submitted as (empty strings store NULL: forgotten).
    void set_job(std::int64_t run_id, const std::string& job_id, const std::string& job_state,
                 const std::string& job_dir);
    void set_job_state(std::int64_t run_id, const std::string& job_state);
    void add_metrics(std::int64_t run_id, const std::vector<MetricSample>& samples);
    void set_summary(std::int64_t run_id, const std::string& name, double value);
    void add_artifact(std::int64_t run_id, const ArtifactRecord& artifact);
    void add_log(std::int64_t run_id, const LogLine& line);
    void set_tags(std::int64_t run_id, const std::vector<std::string>& tags);
    void set_note(std::int64_t run_id, const std::string& text);

    // Groups many writes into one transaction (the batching that makes ingestion fast).
    void begin();
    void commit();

    // --- reading ---
    std::vector<RunRecord> runs(const RunQuery& query = {});
    std::int64_t count_runs(const RunQuery& query = {});
    // Only the ids, in the query's order: where a run sits in a sorted, filtered table.
    std::vector<std::int64_t> run_ids(const RunQuery& query = {});
    std::optional<RunRecord> run(std::int64_t id);
    // A run named by its number or by a unique prefix of its identity.
    std::optional<RunRecord> find_run(const std::string& id_or_identity_prefix);
    std::map<std::string, double> summaries(std::int64_t run_id);
    // run id -> metric name -> value, for every run of an experiment (or all when empty).
    std::map<std::int64_t, std::map<std::string, double>> all_summaries(const std::string& experiment = "");
    // Parameters whose value is not the same in every run of the query (a parameter some
    // runs lack also varies), sorted: the columns "only parameters that differ" keeps.
    std::vector<std::string> params_that_vary(const RunQuery& query = {});
    std::vector<std::string> metric_names(std::int64_t run_id);
    // Every summary metric name stored for an experiment's runs (or all runs when empty).
    std::vector<std::string> summary_names(const std::string& experiment = "");
    std::vector<MetricSample> metrics(std::int64_t run_id, const std::string& name = "");
    std::vector<ArtifactRecord> artifacts(std::int64_t run_id);
    std::vector<LogLine> logs(std::int64_t run_id);
    std::vector<std::string> tags(std::int64_t run_id);
    std::string note(std::int64_t run_id);
    std::optional<Provenance> provenance(std::int64_t provenance_id);
    // What a page of the runs table shows beside the run record, for many runs in three
    // queries (one query per run and kind made scrolling 100,000 runs slow).
    struct RunExtras {
        std::map<std::string, double> summaries;
        std::vector<std::string> tags;
        std::string note;
    };
    std::map<std::int64_t, RunExtras> extras(const std::vector<std::int64_t>& run_ids);
    // Changes whenever another connection commits: a reader keeps what it read until then.
    std::int64_t data_version();
    std::vector<std::string> experiment_names();
    // Whether any run was submitted to a cluster (has a Slurm job id): the views that show
    // job columns only then.
    bool has_cluster_jobs();

private:
    void migrate();
    struct Statements;
    std::unique_ptr<sql::Database> db_;
    std::unique_ptr<Statements> st_;
};

}  // namespace sextant
