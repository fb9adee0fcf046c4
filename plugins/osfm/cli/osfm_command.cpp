#include "osfm_command.hpp"

#include "osfm/channels.hpp"
#include "osfm/corpus.hpp"
#include "osfm/replay.hpp"
#include "osfm/trace_csv.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>

namespace sextant::cli {

namespace os = sextant::osfm;

int osfm_cache_sim(const CacheSimOptions& o, std::ostream& out, std::ostream& err) {
    try {
        if (o.trace_path.empty()) throw std::invalid_argument("--trace is required (a CSV with a 'page' column)");
        if (o.capacity < 1)
            throw std::invalid_argument("--capacity: expected a number of pages >= 1, got " +
                                        std::to_string(o.capacity));
        if (o.policy.empty()) throw std::invalid_argument("--policy is required: lru, clock, lfu, arc, 2q or opt");
        os::PolicyKind kind;
        try {
            kind = os::parse_policy(o.policy);
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument(std::string("--policy: ") + e.what());
        }
        const std::vector<os::Page> trace = os::read_trace_csv(o.trace_path);
        const os::CacheStats s = os::replay(trace, kind, static_cast<std::size_t>(o.capacity));
        if (o.json) {
            nlohmann::ordered_json r;
            r["policy"] = os::policy_name(kind);
            r["capacity"] = o.capacity;
            r["accesses"] = trace.size();
            r["hits"] = s.hits;
            r["misses"] = s.misses;
            r["hit_ratio"] = s.hit_ratio();
            out << r.dump() << '\n';
        } else {
            out << os::policy_name(kind) << " with " << o.capacity << " pages over " << trace.size()
                << " references: " << s.hits << " hits, " << s.misses << " misses, hit ratio " << std::setprecision(6)
                << s.hit_ratio() << '\n';
        }
        return 0;
    } catch (const std::invalid_argument& e) {  // includes TraceFileError
        err << "osfm cache-sim: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        err << "osfm cache-sim: failed: " << e.what() << '\n';
        return 1;
    }
}

namespace {
std::atomic<bool> g_stop{false};
extern "C" void stop_collecting(int) { g_stop.store(true); }
}  // namespace

int osfm_collect(const CollectCommandOptions& o, std::ostream& out, std::ostream& err) {
    try {
        if (o.out_path.empty()) throw std::invalid_argument("--out is required (the corpus CSV to append to)");
        if (!(o.seconds > 0)) throw std::invalid_argument("--seconds: expected a duration > 0");
        if (!(o.interval_ms >= 10)) throw std::invalid_argument("--interval-ms: expected at least 10");
        if (o.scenario.empty() || o.scenario.find_first_of(",\n") != std::string::npos)
            throw std::invalid_argument("--scenario: expected a name without commas");
        std::error_code ec;
        const bool fresh = !std::filesystem::exists(o.out_path, ec) || std::filesystem::file_size(o.out_path, ec) == 0;
        std::ofstream file(o.out_path, std::ios::app);
        if (!file) throw std::invalid_argument("--out: cannot write " + o.out_path);
        if (fresh)
            os::write_corpus_header(o.recipe.empty() ? std::vector<std::string>{} : std::vector<std::string>{o.recipe},
                                    file);
        std::ofstream raw;
        if (!o.raw_path.empty()) {
            raw.open(o.raw_path, std::ios::app);
            if (!raw) throw std::invalid_argument("--raw: cannot write " + o.raw_path);
        }
        os::CollectOptions c;
        c.interval_s = o.interval_ms / 1000;
        c.seconds = o.seconds;
        c.scenario = o.scenario;
        c.phase_file = o.phase_file;
        g_stop.store(false);
        std::signal(SIGTERM, stop_collecting);
        std::signal(SIGINT, stop_collecting);
        const std::size_t rows = os::collect(c, file, raw.is_open() ? &raw : nullptr, g_stop);
        out << "osfm collect: " << rows << " rows of " << os::channels().size() << " channels appended to "
            << o.out_path << '\n';
        return 0;
    } catch (const std::invalid_argument& e) {
        err << "osfm collect: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        err << "osfm collect: failed: " << e.what() << '\n';
        return 1;
    }
}

void add_osfm_command(CLI::App& app, int& exit_code) {
    auto opts = std::make_shared<CacheSimOptions>();
    CLI::App* osfm = app.add_subcommand("osfm", "OS foundation model study: page-cache policies and OS traces");
    osfm->require_subcommand(1);
    CLI::App* sim = osfm->add_subcommand("cache-sim", "Replay a page-reference trace through one replacement policy");
    sim->add_option("--trace", opts->trace_path, "T.csv with a header naming a 'page' column (other columns ignored)");
    sim->add_option("--capacity", opts->capacity, "Cache size in pages (>= 1)");
    sim->add_option("--policy", opts->policy, "lru, clock, lfu, arc, 2q, or opt (Belady's offline bound)");
    sim->add_flag("--json", opts->json,
                  "Print {\"policy\", \"capacity\", \"accesses\", \"hits\", \"misses\", \"hit_ratio\"}");
    sim->callback([opts, &exit_code] { exit_code = osfm_cache_sim(*opts, std::cout, std::cerr); });

    auto copts = std::make_shared<CollectCommandOptions>();
    CLI::App* col = osfm->add_subcommand("collect", "Sample this machine's /proc counters into a track-A corpus CSV");
    col->add_option("--out", copts->out_path, "Corpus CSV to append rows to (header written when new)");
    col->add_option("--seconds", copts->seconds, "How long to sample");
    col->add_option("--interval-ms", copts->interval_ms, "Sampling interval (default 100 ms)");
    col->add_option("--scenario", copts->scenario, "Scenario name stored in every row");
    col->add_option("--phase-file", copts->phase_file, "File whose first line is the current phase label");
    col->add_option("--recipe", copts->recipe, "One line describing how the corpus is collected (new files only)");
    col->add_option("--raw", copts->raw_path, "Also append every raw /proc sample to this file (test fixtures)");
    col->callback([copts, &exit_code] { exit_code = osfm_collect(*copts, std::cout, std::cerr); });
}

}  // namespace sextant::cli
