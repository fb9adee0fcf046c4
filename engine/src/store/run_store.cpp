#include "store/run_store.hpp"

#include "store/schema.hpp"

#include <chrono>
#include <stdexcept>

namespace sextant {

namespace {

using nlohmann::json;

double now() { return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count(); }

const char* kRunColumns =
    "r.id, r.identity, e.name, r.plugin_id, r.plugin_version, r.params, r.target, r.seed, r.status, "
    "r.queued_at, r.started_at, r.finished_at, r.host, r.provenance_id, r.exit_status, r.error, r.stderr_tail, "
    "r.attempts, r.job_id, r.job_state, r.job_dir";

template <typename T>
std::optional<T> optional_column(const sql::Statement& s, int column);
template <>
std::optional<double> optional_column(const sql::Statement& s, int column) {
    return s.is_null(column) ? std::nullopt : std::optional<double>(s.real(column));
}
template <>
std::optional<std::int64_t> optional_column(const sql::Statement& s, int column) {
    return s.is_null(column) ? std::nullopt : std::optional<std::int64_t>(s.integer(column));
}

RunRecord read_run(const sql::Statement& s) {
    RunRecord r;
    r.id = s.integer(0);
    r.identity = s.text(1);
    r.experiment = s.text(2);
    r.plugin_id = s.text(3);
    r.plugin_version = s.text(4);
    r.params = json::parse(s.text(5));
    r.target = json::parse(s.text(6));
    r.seed = static_cast<std::uint64_t>(s.integer(7));
    r.status = parse_run_status(s.text(8)).value_or(RunStatus::Failed);
    r.queued_at = optional_column<double>(s, 9);
    r.started_at = optional_column<double>(s, 10);
    r.finished_at = optional_column<double>(s, 11);
    r.host = s.text(12);
    r.provenance_id = optional_column<std::int64_t>(s, 13);
    if (!s.is_null(14)) r.exit_status = static_cast<int>(s.integer(14));
    r.error = s.text(15);
    r.stderr_tail = s.text(16);
    r.attempts = static_cast<int>(s.integer(17));
    r.job_id = s.text(18);
    r.job_state = s.text(19);
    r.job_dir = s.text(20);
    return r;
}

// A run's parameter or summary value named by ?5 (see RunQuery::order_by).
std::string order_column(const std::string& name) {
    if (name.rfind("param:", 0) == 0) return "json_extract(r.params, '$.\"' || ?5 || '\"')";
    if (name.rfind("summary:", 0) == 0) return "(SELECT value FROM summaries s WHERE s.run_id = r.id AND s.name = ?5)";
    static const std::map<std::string, std::string> columns = {
        {"id", "r.id"},         {"experiment", "e.name"},       {"status", "r.status"},
        {"seed", "r.seed"},     {"started_at", "r.started_at"}, {"finished_at", "r.finished_at"},
        {"job_id", "r.job_id"}, {"job_state", "r.job_state"}};
    const auto it = columns.find(name);
    if (it == columns.end()) throw std::invalid_argument("cannot order runs by '" + name + "'");
    return it->second;
}

// Every row's first column as text: names, tags.
std::vector<std::string> first_column_texts(sql::Statement& s) {
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.text(0));
    return out;
}

}  // namespace

const char* to_string(RunStatus status) {
    switch (status) {
    case RunStatus::Queued: return "queued";
    case RunStatus::Running: return "running";
    case RunStatus::Done: return "done";
    case RunStatus::Failed: return "failed";
    case RunStatus::Cancelled: return "cancelled";
    }
    return "failed";
}

std::optional<RunStatus> parse_run_status(const std::string& text) {
    for (auto s : {RunStatus::Queued, RunStatus::Running, RunStatus::Done, RunStatus::Failed, RunStatus::Cancelled})
        if (text == to_string(s)) return s;
    return std::nullopt;
}

// Prepared once per connection: the hot writes of a sweep.
struct RunStore::Statements {
    explicit Statements(sql::Database& db)
        : insert_metric(db, "INSERT INTO metrics(run_id, name, step, wall_time, value) VALUES (?,?,?,?,?)"),
          upsert_summary(db,
                         "INSERT INTO summaries(run_id, name, value) VALUES (?,?,?) "
                         "ON CONFLICT(run_id, name) DO UPDATE SET value = excluded.value"),
          insert_log(db, "INSERT INTO logs(run_id, time, level, message) VALUES (?,?,?,?)"),
          started(db,
                  "UPDATE runs SET status='running', started_at=?, finished_at=NULL, host=?, provenance_id=?, "
                  "attempts=attempts+1, error=NULL, exit_status=NULL, stderr_tail=NULL WHERE id=?"),
          finished(db, "UPDATE runs SET status=?, finished_at=?, error=?, exit_status=?, stderr_tail=? WHERE id=?") {}
    sql::Statement insert_metric, upsert_summary, insert_log, started, finished;
};

RunStore::RunStore(const std::filesystem::path& path, bool read_only)
    : db_(std::make_unique<sql::Database>(path, read_only)) {
    if (!read_only) {
        db_->exec("PRAGMA journal_mode=WAL");
        db_->exec("PRAGMA synchronous=NORMAL");  // WAL + NORMAL: durable at checkpoints, never corrupt
        db_->exec("PRAGMA foreign_keys=ON");
        migrate();
        st_ = std::make_unique<Statements>(*db_);
    } else {
        const int version = schema_version();
        if (version != current_schema_version())
            throw std::runtime_error(path.string() + ": run store has schema version " + std::to_string(version) +
                                     ", this Sextant reads version " + std::to_string(current_schema_version()));
    }
}

RunStore::~RunStore() = default;

int RunStore::current_schema_version() { return static_cast<int>(store_migrations().size()); }

int RunStore::schema_version() {
    auto s = db_->prepare("PRAGMA user_version");
    s.step();
    return static_cast<int>(s.integer(0));
}

void RunStore::migrate() {
    const int version = schema_version();
    const int target = current_schema_version();
    if (version > target)
        throw std::runtime_error("run store has schema version " + std::to_string(version) +
                                 " written by a newer Sextant; this one knows up to " + std::to_string(target));
    if (version == target) return;
    sql::Transaction tx(*db_);
    for (int v = version; v < target; ++v) db_->exec(store_migrations()[static_cast<std::size_t>(v)]);
    db_->exec("PRAGMA user_version = " + std::to_string(target));
    tx.commit();
}

void RunStore::begin() { db_->exec("BEGIN IMMEDIATE"); }
void RunStore::commit() { db_->exec("COMMIT"); }

std::int64_t RunStore::save_experiment(const std::string& name, const std::string& plugin_id,
                                       const std::string& plugin_version, const json& definition) {
    auto s = db_->prepare(
        "INSERT INTO experiments(name, plugin_id, plugin_version, definition, updated_at) VALUES (?,?,?,?,?) "
        "ON CONFLICT(name) DO UPDATE SET plugin_id=excluded.plugin_id, plugin_version=excluded.plugin_version, "
        "definition=excluded.definition, updated_at=excluded.updated_at RETURNING id");
    s.bind(1, name).bind(2, plugin_id).bind(3, plugin_version).bind(4, definition.dump()).bind(5, now());
    s.step();
    const auto id = s.integer(0);
    s.reset();
    return id;
}

std::int64_t RunStore::save_provenance(const Provenance& p) {
    auto s = db_->prepare(
        "INSERT INTO provenance(git_commit, git_dirty, git_diff, sextant_version, host, cpu, os, command_line, "
        "working_dir, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)");
    s.bind(1, p.git_commit).bind(2, p.git_dirty ? 1 : 0).bind(3, p.git_diff).bind(4, p.sextant_version);
    s.bind(5, p.host).bind(6, p.cpu).bind(7, p.os).bind(8, p.command_line).bind(9, p.working_dir).bind(10, now());
    s.run();
    return db_->last_insert_id();
}

std::vector<RunRecord> RunStore::register_runs(std::int64_t experiment_id, const std::string& plugin_id,
                                               const std::string& plugin_version, const std::vector<NewRun>& runs) {
    sql::Transaction tx(*db_);
    auto insert = db_->prepare(
        "INSERT INTO runs(identity, experiment_id, plugin_id, plugin_version, params, target, seed, status, "
        "queued_at) VALUES (?,?,?,?,?,?,?,'queued',?) ON CONFLICT(identity) DO NOTHING");
    const double t = now();
    for (const auto& r : runs) {
        insert.bind(1, r.identity).bind(2, experiment_id).bind(3, plugin_id).bind(4, plugin_version);
        insert.bind(5, r.params.dump()).bind(6, r.target.dump()).bind(7, static_cast<std::int64_t>(r.seed)).bind(8, t);
        insert.run();
    }
    auto select = db_->prepare(std::string("SELECT ") + kRunColumns +
                               " FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.identity = ?");
    std::vector<RunRecord> records;
    for (const auto& r : runs) {
        select.bind(1, r.identity);
        if (select.step()) records.push_back(read_run(select));
        select.reset();
    }
    tx.commit();
    return records;
}

namespace {
void delete_results(sql::Database& db, std::int64_t run_id) {
    for (const char* table : {"metrics", "summaries", "artifacts", "logs"}) {
        auto s = db.prepare(std::string("DELETE FROM ") + table + " WHERE run_id = ?");
        s.bind(1, run_id).run();
    }
}
}  // namespace

int RunStore::requeue_interrupted() {
    sql::Transaction tx(*db_);
    std::vector<std::int64_t> ids;
    auto s = db_->prepare("SELECT id FROM runs WHERE status = 'running'");
    while (s.step()) ids.push_back(s.integer(0));
    for (auto id : ids) {
        delete_results(*db_, id);
        auto u = db_->prepare(
            "UPDATE runs SET status='queued', error='interrupted: the process running the sweep stopped' WHERE id=?");
        u.bind(1, id).run();
    }
    tx.commit();
    return static_cast<int>(ids.size());
}

void RunStore::reset_for_retry(std::int64_t run_id) {
    sql::Transaction tx(*db_);
    delete_results(*db_, run_id);
    auto u = db_->prepare(
        "UPDATE runs SET status='queued', queued_at=?, job_id=NULL, job_state=NULL, job_dir=NULL WHERE id=?");
    u.bind(1, now()).bind(2, run_id).run();
    tx.commit();
}

void RunStore::mark_started(std::int64_t run_id, double time, const std::string& host,
                            std::optional<std::int64_t> provenance_id) {
    st_->started.bind(1, time).bind(2, host).bind(3, provenance_id).bind(4, run_id).run();
}

void RunStore::mark_finished(std::int64_t run_id, RunStatus status, double time, const std::string& error,
                             std::optional<int> exit_status, const std::string& stderr_tail) {
    st_->finished.bind(1, to_string(status)).bind(2, time).bind(3, error);
    if (exit_status) st_->finished.bind(4, *exit_status);
    else st_->finished.bind_null(4);
    st_->finished.bind(5, stderr_tail).bind(6, run_id).run();
}

void RunStore::set_job(std::int64_t run_id, const std::string& job_id, const std::string& job_state,
                       const std::string& job_dir) {
    auto s =
        db_->prepare("UPDATE runs SET job_id=NULLIF(?,''), job_state=NULLIF(?,''), job_dir=NULLIF(?,'') WHERE id=?");
    s.bind(1, job_id).bind(2, job_state).bind(3, job_dir).bind(4, run_id).run();
}

void RunStore::set_job_state(std::int64_t run_id, const std::string& job_state) {
    auto s = db_->prepare("UPDATE runs SET job_state=? WHERE id=?");
    s.bind(1, job_state).bind(2, run_id).run();
}

void RunStore::add_metrics(std::int64_t run_id, const std::vector<MetricSample>& samples) {
    auto& s = st_->insert_metric;
    for (const auto& m : samples) {
        s.bind(1, run_id).bind(2, m.name).bind(3, static_cast<std::int64_t>(m.step)).bind(4, m.wall_time);
        s.bind(5, m.value).run();
    }
}

void RunStore::set_summary(std::int64_t run_id, const std::string& name, double value) {
    st_->upsert_summary.bind(1, run_id).bind(2, name).bind(3, value).run();
}

void RunStore::add_artifact(std::int64_t run_id, const ArtifactRecord& a) {
    auto s = db_->prepare("INSERT INTO artifacts(run_id, path, kind, size, hash) VALUES (?,?,?,?,?)");
    s.bind(1, run_id).bind(2, a.path).bind(3, a.kind).bind(4, a.size).bind(5, a.hash).run();
}

void RunStore::add_log(std::int64_t run_id, const LogLine& line) {
    st_->insert_log.bind(1, run_id).bind(2, line.time).bind(3, line.level).bind(4, line.message).run();
}

void RunStore::set_tags(std::int64_t run_id, const std::vector<std::string>& tags) {
    sql::Transaction tx(*db_);
    db_->prepare("DELETE FROM tags WHERE run_id = ?").bind(1, run_id).run();
    auto s = db_->prepare("INSERT OR IGNORE INTO tags(run_id, tag) VALUES (?,?)");
    for (const auto& t : tags) s.bind(1, run_id).bind(2, t).run();
    tx.commit();
}

void RunStore::set_note(std::int64_t run_id, const std::string& text) {
    auto s = db_->prepare(
        "INSERT INTO notes(run_id, text, updated_at) VALUES (?,?,?) "
        "ON CONFLICT(run_id) DO UPDATE SET text=excluded.text, updated_at=excluded.updated_at");
    s.bind(1, run_id).bind(2, text).bind(3, now()).run();
}

namespace {
std::string where_clause(const RunQuery& q) {
    std::string where;
    if (!q.experiment.empty()) where += " WHERE e.name = ?1";
    if (q.status) where += std::string(where.empty() ? " WHERE" : " AND") + " r.status = ?2";
    if (!q.text.empty())
        where += std::string(where.empty() ? " WHERE" : " AND") +
                 " (r.identity LIKE ?6 ESCAPE '\\' OR e.name LIKE ?6 ESCAPE '\\' OR r.status LIKE ?6 ESCAPE '\\'"
                 " OR r.host LIKE ?6 ESCAPE '\\' OR r.params LIKE ?6 ESCAPE '\\'"
                 " OR EXISTS (SELECT 1 FROM tags t WHERE t.run_id = r.id AND t.tag LIKE ?6 ESCAPE '\\')"
                 " OR EXISTS (SELECT 1 FROM notes n WHERE n.run_id = r.id AND n.text LIKE ?6 ESCAPE '\\'))";
    if (!q.ids.empty())
        where += std::string(where.empty() ? " WHERE" : " AND") + " r.id IN (SELECT value FROM json_each(?7))";
    return where;
}
std::string like_pattern(const std::string& text) {
    std::string out = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out + "%";
}
void bind_query(sql::Statement& s, const RunQuery& q) {
    if (!q.experiment.empty()) s.bind(1, q.experiment);
    if (q.status) s.bind(2, to_string(*q.status));
    if (!q.text.empty()) s.bind(6, like_pattern(q.text));
    if (!q.ids.empty()) s.bind(7, nlohmann::json(q.ids).dump());
}
std::string order_key(const std::string& order_by) {
    const auto colon = order_by.find(':');
    return colon == std::string::npos ? std::string() : order_by.substr(colon + 1);
}
}  // namespace

std::vector<RunRecord> RunStore::runs(const RunQuery& q) {
    const std::string sql = std::string("SELECT ") + kRunColumns +
                            " FROM runs r JOIN experiments e ON e.id = r.experiment_id" + where_clause(q) +
                            " ORDER BY " + order_column(q.order_by) + (q.descending ? " DESC" : " ASC") +
                            ", r.id LIMIT ?3 OFFSET ?4";
    auto s = db_->prepare(sql);
    bind_query(s, q);
    s.bind(3, q.limit).bind(4, q.offset);
    if (const auto key = order_key(q.order_by); !key.empty()) s.bind(5, key);
    std::vector<RunRecord> out;
    while (s.step()) out.push_back(read_run(s));
    return out;
}

std::vector<std::int64_t> RunStore::run_ids(const RunQuery& q) {
    const std::string sql = "SELECT r.id FROM runs r JOIN experiments e ON e.id = r.experiment_id" + where_clause(q) +
                            " ORDER BY " + order_column(q.order_by) + (q.descending ? " DESC" : " ASC") +
                            ", r.id LIMIT ?3 OFFSET ?4";
    auto s = db_->prepare(sql);
    bind_query(s, q);
    s.bind(3, q.limit).bind(4, q.offset);
    if (const auto key = order_key(q.order_by); !key.empty()) s.bind(5, key);
    std::vector<std::int64_t> out;
    while (s.step()) out.push_back(s.integer(0));
    return out;
}

std::int64_t RunStore::count_runs(const RunQuery& q) {
    auto s = db_->prepare("SELECT count(*) FROM runs r JOIN experiments e ON e.id = r.experiment_id" + where_clause(q));
    bind_query(s, q);
    s.step();
    return s.integer(0);
}

std::vector<std::string> RunStore::params_that_vary(const RunQuery& q) {
    // One pass over every (run, parameter) pair, each compared with the parameter's first
    // value: a parameter varies when a run gives it another JSON type or value, or lacks it.
    // (Values compare as json_each gives them: arrays as text, numbers as numbers of their
    // type.) The same answer as GROUP BY key HAVING COUNT(DISTINCT value) > 1 OR
    // COUNT(DISTINCT type) > 1 OR COUNT(*) < runs, without sorting all pairs (docs/gui.md, 100,000 runs).
    struct Seen {
        std::string type, text;  // the first run's value: its JSON type, its text
        std::int64_t integer = 0;
        double real = 0;        // numbers compare as numbers (the text of a real has 15 digits)
        std::int64_t runs = 0;  // runs that have it
        bool varies = false;
    };
    std::map<std::string, Seen, std::less<>> seen;
    auto pairs = db_->prepare(
        "SELECT r.id, p.key, p.type, p.value FROM runs r JOIN experiments e ON e.id = r.experiment_id "
        "LEFT JOIN json_each(r.params) p" +
        where_clause(q));
    bind_query(pairs, q);
    std::int64_t runs = 0, last_run = 0;
    while (pairs.step()) {
        const std::int64_t run = pairs.integer(0);
        if (runs == 0 || run != last_run) ++runs;
        last_run = run;
        if (pairs.is_null(1)) continue;  // a run without parameters
        const std::string_view key = pairs.text_view(1), type = pairs.text_view(2);
        auto it = seen.find(key);
        if (it == seen.end()) {
            Seen first;
            first.type = type;
            if (type == "integer") first.integer = pairs.integer(3);
            else if (type == "real") first.real = pairs.real(3);
            else first.text = pairs.text_view(3);
            it = seen.emplace(std::string(key), std::move(first)).first;
        } else if (Seen& x = it->second; !x.varies) {
            x.varies = type != x.type || (type == "integer" ? pairs.integer(3) != x.integer
                                          : type == "real"  ? pairs.real(3) != x.real
                                                            : pairs.text_view(3) != x.text);
        }
        ++it->second.runs;
    }
    std::vector<std::string> out;
    for (const auto& [key, x] : seen)
        if (x.varies || x.runs < runs) out.push_back(key);
    return out;
}

std::optional<RunRecord> RunStore::run(std::int64_t id) {
    auto s = db_->prepare(std::string("SELECT ") + kRunColumns +
                          " FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_run(s);
}

std::optional<RunRecord> RunStore::find_run(const std::string& key) {
    if (!key.empty() && key.find_first_not_of("0123456789") == std::string::npos) {
        if (auto r = run(std::stoll(key))) return r;
    }
    auto s = db_->prepare(std::string("SELECT ") + kRunColumns +
                          " FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.identity LIKE ? LIMIT 2");
    s.bind(1, key + "%");
    std::vector<RunRecord> found;
    while (s.step()) found.push_back(read_run(s));
    if (found.size() != 1 || key.size() < 4) return std::nullopt;
    return found.front();
}

std::map<std::string, double> RunStore::summaries(std::int64_t run_id) {
    auto s = db_->prepare("SELECT name, value FROM summaries WHERE run_id = ?");
    s.bind(1, run_id);
    std::map<std::string, double> out;
    while (s.step()) out[s.text(0)] = s.real(1);
    return out;
}

std::map<std::int64_t, std::map<std::string, double>> RunStore::all_summaries(const std::string& experiment) {
    auto s = db_->prepare(
        "SELECT s.run_id, s.name, s.value FROM summaries s JOIN runs r ON r.id = s.run_id "
        "JOIN experiments e ON e.id = r.experiment_id WHERE ?1 = '' OR e.name = ?1");
    s.bind(1, experiment);
    std::map<std::int64_t, std::map<std::string, double>> out;
    while (s.step()) out[s.integer(0)][s.text(1)] = s.real(2);
    return out;
}

std::map<std::int64_t, RunStore::RunExtras> RunStore::extras(const std::vector<std::int64_t>& run_ids) {
    std::map<std::int64_t, RunExtras> out;
    if (run_ids.empty()) return out;
    const std::string ids = nlohmann::json(run_ids).dump();
    auto s =
        db_->prepare("SELECT run_id, name, value FROM summaries WHERE run_id IN (SELECT value FROM json_each(?1))");
    s.bind(1, ids);
    while (s.step()) out[s.integer(0)].summaries[s.text(1)] = s.real(2);
    auto t = db_->prepare(
        "SELECT run_id, tag FROM tags WHERE run_id IN (SELECT value FROM json_each(?1)) ORDER BY run_id, tag");
    t.bind(1, ids);
    while (t.step()) out[t.integer(0)].tags.push_back(t.text(1));
    auto n = db_->prepare("SELECT run_id, text FROM notes WHERE run_id IN (SELECT value FROM json_each(?1))");
    n.bind(1, ids);
    while (n.step()) out[n.integer(0)].note = n.text(1);
    return out;
}

std::int64_t RunStore::data_version() {
    auto s = db_->prepare("PRAGMA data_version");
    s.step();
    return s.integer(0);
}

std::vector<std::string> RunStore::metric_names(std::int64_t run_id) {
    auto s = db_->prepare("SELECT DISTINCT name FROM metrics WHERE run_id = ? ORDER BY name");
    s.bind(1, run_id);
    return first_column_texts(s);
}

std::vector<std::string> RunStore::summary_names(const std::string& experiment) {
    if (experiment.empty()) {  // every summary belongs to a run: no join needed
        auto s = db_->prepare("SELECT DISTINCT name FROM summaries ORDER BY name");
        return first_column_texts(s);
    }
    auto s = db_->prepare(
        "SELECT DISTINCT s.name FROM experiments e JOIN runs r ON r.experiment_id = e.id "
        "JOIN summaries s ON s.run_id = r.id WHERE e.name = ?1 ORDER BY s.name");
    s.bind(1, experiment);
    return first_column_texts(s);
}

std::vector<MetricSample> RunStore::metrics(std::int64_t run_id, const std::string& name) {
    auto s = db_->prepare(
        "SELECT name, step, value, wall_time FROM metrics WHERE run_id = ?1 AND (?2 = '' OR name = ?2) "
        "ORDER BY name, step");
    s.bind(1, run_id).bind(2, name);
    std::vector<MetricSample> out;
    while (s.step()) out.push_back({s.text(0), s.integer(1), s.real(2), s.real(3)});
    return out;
}

std::vector<ArtifactRecord> RunStore::artifacts(std::int64_t run_id) {
    auto s = db_->prepare("SELECT path, kind, size, hash FROM artifacts WHERE run_id = ? ORDER BY rowid");
    s.bind(1, run_id);
    std::vector<ArtifactRecord> out;
    while (s.step()) out.push_back({s.text(0), s.text(1), s.integer(2), s.text(3)});
    return out;
}

std::vector<LogLine> RunStore::logs(std::int64_t run_id) {
    auto s = db_->prepare("SELECT time, level, message FROM logs WHERE run_id = ? ORDER BY rowid");
    s.bind(1, run_id);
    std::vector<LogLine> out;
    while (s.step()) out.push_back({s.real(0), s.text(1), s.text(2)});
    return out;
}

std::vector<std::string> RunStore::tags(std::int64_t run_id) {
    auto s = db_->prepare("SELECT tag FROM tags WHERE run_id = ? ORDER BY tag");
    s.bind(1, run_id);
    return first_column_texts(s);
}

std::string RunStore::note(std::int64_t run_id) {
    auto s = db_->prepare("SELECT text FROM notes WHERE run_id = ?");
    s.bind(1, run_id);
    return s.step() ? s.text(0) : std::string();
}

std::optional<Provenance> RunStore::provenance(std::int64_t id) {
    auto s = db_->prepare(
        "SELECT git_commit, git_dirty, git_diff, sextant_version, host, cpu, os, command_line, working_dir "
        "FROM provenance WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return Provenance{s.text(0), s.integer(1) != 0, s.text(2), s.text(3), s.text(4),
                      s.text(5), s.text(6),         s.text(7), s.text(8)};
}

std::vector<std::string> RunStore::experiment_names() {
    auto s = db_->prepare("SELECT name FROM experiments ORDER BY id");
    return first_column_texts(s);
}

bool RunStore::has_cluster_jobs() {
    auto s = db_->prepare("SELECT EXISTS (SELECT 1 FROM runs WHERE job_id IS NOT NULL)");
    return s.step() && s.integer(0) != 0;
}

}  // namespace sextant
