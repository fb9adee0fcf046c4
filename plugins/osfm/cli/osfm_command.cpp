#include "osfm_command.hpp"

#include "osfm/replay.hpp"
#include "osfm/trace_csv.hpp"

#include <nlohmann/json.hpp>

#include <iomanip>
#include <iostream>

namespace sextant::cli {

namespace os = sextant::osfm;

int osfm_cache_sim(const CacheSimOptions& o, std::ostream& out, std::ostream& err) {
    try {
        if (o.trace_path.empty()) throw std::invalid_argument("--trace is required (a CSV with a 'page' column)");
        if (o.capacity < 1) throw std::invalid_argument("--capacity: expected a number of pages >= 1, got " + std::to_string(o.capacity));
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

void add_osfm_command(CLI::App& app, int& exit_code) {
    auto opts = std::make_shared<CacheSimOptions>();
    CLI::App* osfm = app.add_subcommand("osfm", "OS foundation model study: page-cache policies and OS traces");
    osfm->require_subcommand(1);
    CLI::App* sim = osfm->add_subcommand("cache-sim", "Replay a page-reference trace through one replacement policy");
    sim->add_option("--trace", opts->trace_path, "T.csv with a header naming a 'page' column (other columns ignored)");
    sim->add_option("--capacity", opts->capacity, "Cache size in pages (>= 1)");
    sim->add_option("--policy", opts->policy, "lru, clock, lfu, arc, 2q, or opt (Belady's offline bound)");
    sim->add_flag("--json", opts->json, "Print {\"policy\", \"capacity\", \"accesses\", \"hits\", \"misses\", \"hit_ratio\"}");
    sim->callback([opts, &exit_code] { exit_code = osfm_cache_sim(*opts, std::cout, std::cerr); });
}

}  // namespace sextant::cli
