// list: a project's runs as a table people can read (the columns that matter, fitted to
// the terminal), or as CSV / JSON for programs (every column, unchanged by the table's choices).
#include "commands.hpp"
#include "plugins/headline_metrics.hpp"
#include "plugins/plugin_registry.hpp"
#include "store/run_export.hpp"
#include "util/closest_name.hpp"
#include "util/errors.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <set>
#include <sstream>

namespace sextant::cli {

namespace {

using Kind = RunColumn::Kind;

struct ListArgs {
    std::string project, format = "table", experiment, columns;
    bool all = false;
    int width = -1;  // -1: the terminal's width (none when not a terminal and $COLUMNS is unset)
};

int terminal_width() {
    winsize w{};
    if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 0) return w.ws_col;
    if (const char* c = std::getenv("COLUMNS")) {
        try {
            return std::max(0, std::stoi(c));
        } catch (const std::exception&) {}
    }
    return 0;
}

// The experiments' headline metrics (declared by their plugins), in the order the runs
// first name them; a plugin that cannot be loaded here falls back to its first stored metrics.
std::vector<std::string> headline_columns(RunStore& store, const std::vector<RunRecord>& runs) {
    std::vector<std::string> out;
    std::set<std::string> seen_experiments;
    const PluginRegistry registry;
    const auto add = [&out](const std::string& name) {
        if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    };
    for (const auto& r : runs) {
        if (!seen_experiments.insert(r.experiment).second) continue;
        const auto stored = store.summary_names(r.experiment);
        std::vector<std::string> chosen;
        try {
            chosen = headline_metrics(registry.load(r.plugin_id).info);
        } catch (const std::exception&) {
            chosen.assign(stored.begin(),
                          stored.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(3, stored.size())));
        }
        for (const auto& m : chosen)
            if (std::find(stored.begin(), stored.end(), m) != stored.end()) add(m);
    }
    return out;
}

// Columns named by --columns a,b,c, each checked against what the store holds.
std::vector<RunColumn> chosen_columns(const std::string& list, const std::vector<std::string>& params,
                                      const std::vector<std::string>& metrics) {
    std::vector<std::string> known = {"id",       "identity", "experiment", "status", "seed",     "started",
                                      "duration", "tags",     "note",       "job_id", "job_state"};
    for (const auto& p : params) known.push_back("param:" + p);
    for (const auto& m : metrics) known.push_back(m);
    std::vector<RunColumn> out;
    std::stringstream in(list);
    for (std::string id; std::getline(in, id, ',');) {
        if (id.empty()) continue;
        auto c = parse_run_column(id);
        // A bare name that is a parameter (and no metric) means the parameter.
        if (c && c->kind == Kind::Summary && id.find(':') == std::string::npos &&
            std::find(metrics.begin(), metrics.end(), id) == metrics.end() &&
            std::find(params.begin(), params.end(), id) != params.end())
            c = RunColumn{Kind::Param, id};
        const bool stored =
            c && ((c->kind != Kind::Param && c->kind != Kind::Summary) ||
                  (c->kind == Kind::Param && std::find(params.begin(), params.end(), c->key) != params.end()) ||
                  (c->kind == Kind::Summary && std::find(metrics.begin(), metrics.end(), c->key) != metrics.end()));
        if (!stored)
            throw InputError("--columns: unknown column '" + id + "'" + did_you_mean(id, known) +
                             "; columns are id, identity, experiment, status, seed, started, duration, tags, note, "
                             "job_id, job_state, param:NAME and the metric names");
        out.push_back(*c);
    }
    if (out.empty()) throw InputError("--columns: expected a comma-separated list of columns, got '" + list + "'");
    return out;
}

std::string cell(RunStore& store, const RunRecord& r, const std::map<std::string, double>& sums, const RunColumn& c) {
    switch (c.kind) {
    case Kind::Id: return std::to_string(r.id);
    case Kind::Identity: return r.identity;
    case Kind::Experiment: return r.experiment;
    case Kind::Status: return to_string(r.status);
    case Kind::Seed: return std::to_string(r.seed);
    case Kind::Started: return r.started_at ? format_number(*r.started_at) : "";
    case Kind::Duration: return r.started_at && r.finished_at ? format_number(*r.finished_at - *r.started_at) : "";
    case Kind::Tags: {
        std::string out;
        for (const auto& t : store.tags(r.id)) out += (out.empty() ? "" : ";") + t;
        return out;
    }
    case Kind::Note: return store.note(r.id);
    case Kind::JobId: return r.job_id;
    case Kind::JobState: return r.job_state;
    case Kind::Param: {
        const auto it = r.params.find(c.key);
        return it == r.params.end() ? "" : param_cell(*it);
    }
    case Kind::Summary: {
        const auto it = sums.find(c.key);
        return it == sums.end() ? "" : format_number(it->second);
    }
    }
    return {};
}

std::string title(const RunColumn& c) { return c.kind == Kind::Param || c.kind == Kind::Summary ? c.key : c.id(); }

// Prints the table; with a width, columns past it are left out (the first four always stay)
// and named on stderr.
void print_table(RunStore& store, const std::vector<RunRecord>& runs,
                 const std::map<std::int64_t, std::map<std::string, double>>& sums, std::vector<RunColumn> columns,
                 int width) {
    const std::map<std::string, double> none;
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : runs) {
        const auto s = sums.find(r.id);
        std::vector<std::string> row;
        for (const auto& c : columns) row.push_back(cell(store, r, s == sums.end() ? none : s->second, c));
        rows.push_back(std::move(row));
    }
    std::vector<std::size_t> w(columns.size());
    for (std::size_t c = 0; c < columns.size(); ++c) {
        w[c] = title(columns[c]).size();
        for (const auto& row : rows) w[c] = std::max(w[c], row[c].size());
    }
    std::size_t shown = columns.size();
    if (width > 0) {
        std::size_t used = 0;
        for (shown = 0; shown < columns.size(); ++shown) {
            const std::size_t need = used + (shown ? 2 : 0) + w[shown];
            if (shown >= 4 && need > static_cast<std::size_t>(width)) break;
            used = need;
        }
    }
    const auto print_row = [&](const auto& text) {
        for (std::size_t c = 0; c < shown; ++c) {
            if (c) std::cout << "  ";
            if (c + 1 == shown) std::cout << text(c);  // no trailing blanks
            else std::cout << std::left << std::setw(static_cast<int>(w[c])) << text(c);
        }
        std::cout << "\n";
    };
    print_row([&](std::size_t c) { return title(columns[c]); });
    for (const auto& row : rows) print_row([&](std::size_t c) { return row[c]; });
    if (shown < columns.size()) {
        std::cerr << columns.size() - shown << " more column" << (columns.size() - shown == 1 ? "" : "s") << " ("
                  << title(columns[shown]) << (columns.size() - shown > 1 ? ", ..." : "") << ") left out to fit "
                  << width << " characters; --columns chooses, --all shows everything, --width 0 never cuts\n";
    }
}

int list(const ListArgs& args) {
    auto store = open_results(args.project);
    RunQuery q;
    q.experiment = args.experiment;
    if (args.format == "csv") {
        write_runs_csv(std::cout, *store, q);
        return kOk;
    }
    const auto runs = store->runs(q);
    const auto sums = store->all_summaries(args.experiment);
    if (args.format == "json") {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& r : runs) {
            const auto s = sums.find(r.id);
            out.push_back(run_to_json(r, s == sums.end() ? std::map<std::string, double>{} : s->second));
        }
        std::cout << out.dump(2) << "\n";
        return kOk;
    }
    std::set<std::string> param_set;
    for (const auto& r : runs)
        for (auto it = r.params.begin(); it != r.params.end(); ++it) param_set.insert(it.key());
    const std::vector<std::string> params(param_set.begin(), param_set.end());
    const auto metrics = store->summary_names(args.experiment);
    std::vector<RunColumn> columns;
    if (!args.columns.empty()) {
        columns = chosen_columns(args.columns, params, metrics);
    } else {
        columns = {{Kind::Id, ""}, {Kind::Experiment, ""}, {Kind::Status, ""}, {Kind::Seed, ""}};
        // Cluster runs: which Slurm job each is and what Slurm says of it.
        if (std::any_of(runs.begin(), runs.end(), [](const RunRecord& r) { return !r.job_id.empty(); })) {
            columns.push_back({Kind::JobId, ""});
            columns.push_back({Kind::JobState, ""});
        }
        for (const auto& p : args.all ? params : store->params_that_vary(q)) columns.push_back({Kind::Param, p});
        for (const auto& m : args.all ? metrics : headline_columns(*store, runs)) columns.push_back({Kind::Summary, m});
    }
    const int width = args.width >= 0 ? args.width : (args.all || !args.columns.empty() ? 0 : terminal_width());
    print_table(*store, runs, sums, columns, width);
    return kOk;
}

}  // namespace

void add_list_command(CLI::App& app, int& exit_code) {
    auto* cmd =
        app.add_subcommand("list", "List a project's runs with their status, varying parameters and headline metrics");
    auto args = std::make_shared<ListArgs>();
    cmd->add_option("project", args->project, "Project file")->required();
    cmd->add_option("--format", args->format, "table (for people), csv or json (every column)")
        ->check(CLI::IsMember({"table", "csv", "json"}));
    cmd->add_option("--experiment", args->experiment, "Only runs of this experiment");
    auto* all = cmd->add_flag("--all", args->all, "Table: every parameter and every summary metric, never cut");
    cmd->add_option("--columns", args->columns,
                    "Table: these columns, comma-separated (id, identity, experiment, status, seed, started, "
                    "duration, tags, note, job_id, job_state, a parameter or param:NAME, a metric)")
        ->excludes(all);
    cmd->add_option("--width", args->width,
                    "Table: fit to this many characters (default: the terminal's; 0: never cut)")
        ->check(CLI::NonNegativeNumber);
    cmd->callback([args, &exit_code] { exit_code = guarded([&] { return list(*args); }); });
}

}  // namespace sextant::cli
