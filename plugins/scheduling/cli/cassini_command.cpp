#include "cassini_command.hpp"

#include "scheduling/affinity.hpp"
#include "scheduling/circle.hpp"
#include "scheduling/compatibility.hpp"
#include "scheduling/pattern.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace sextant::cli {

namespace {

using nlohmann::json;
namespace sch = sextant::scheduling;

struct BadInput : std::runtime_error {
    using std::runtime_error::runtime_error;
};

double number_at(const json& obj, const std::string& key, const std::string& where) {
    if (!obj.contains(key)) throw BadInput(where + "." + key + ": missing (expected a number)");
    const json& v = obj.at(key);
    if (!v.is_number()) throw BadInput(where + "." + key + ": expected a number, got " + v.dump());
    double x = v.get<double>();
    if (!std::isfinite(x) || x < 0)
        throw BadInput(where + "." + key + ": expected a non-negative number, got " + v.dump());
    return x;
}

std::vector<sch::Pattern> read_jobs(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw BadInput(path + ": cannot open");
    json doc;
    try {
        doc = json::parse(in);
    } catch (const json::parse_error& e) {
        throw BadInput(path + ": not valid JSON: " + e.what());
    }
    if (!doc.is_object() || !doc.contains("jobs") || !doc.at("jobs").is_array())
        throw BadInput(path + ": jobs: expected an array of jobs");
    std::vector<sch::Pattern> jobs;
    std::set<std::string> names;
    for (size_t i = 0; i < doc.at("jobs").size(); ++i) {
        const json& j = doc.at("jobs")[i];
        std::string where = path + ": jobs[" + std::to_string(i) + "]";
        if (!j.is_object()) throw BadInput(where + ": expected an object");
        if (!j.contains("name") || !j.at("name").is_string() || j.at("name").get<std::string>().empty())
            throw BadInput(where + ".name: expected a non-empty string");
        sch::Pattern p;
        p.name = j.at("name").get<std::string>();
        if (!names.insert(p.name).second) throw BadInput(where + ".name: duplicate job name '" + p.name + "'");
        p.iteration_ms = number_at(j, "iteration_ms", where);
        if (p.iteration_ms <= 0) throw BadInput(where + ".iteration_ms: must be positive");
        if (!j.contains("phases") || !j.at("phases").is_array())
            throw BadInput(where + ".phases: expected an array of {start_ms, duration_ms, gbps}");
        for (size_t k = 0; k < j.at("phases").size(); ++k) {
            const json& ph = j.at("phases")[k];
            std::string pw = where + ".phases[" + std::to_string(k) + "]";
            if (!ph.is_object()) throw BadInput(pw + ": expected an object");
            p.phases.push_back(
                {number_at(ph, "start_ms", pw), number_at(ph, "duration_ms", pw), number_at(ph, "gbps", pw)});
        }
        try {
            sch::validate(p);
        } catch (const std::invalid_argument& e) {
            throw BadInput(where + ": " + e.what());
        }
        jobs.push_back(std::move(p));
    }
    if (jobs.empty()) throw BadInput(path + ": jobs: expected at least one job");
    return jobs;
}

}  // namespace

int cassini_score(const CassiniScoreOptions& o, std::ostream& out, std::ostream& err) {
    try {
        if (o.jobs_path.empty()) throw BadInput("--jobs is required (a JOBS.json file)");
        if (!(o.capacity_gbps > 0) || !std::isfinite(o.capacity_gbps))
            throw BadInput("--capacity-gbps: expected a positive link capacity in Gbps");
        if (o.bins < 4) throw BadInput("--bins: expected at least 4");
        if (o.max_turns < 1) throw BadInput("--max-turns: expected at least 1");
        if (!(o.tolerance >= 0)) throw BadInput("--tolerance: expected >= 0");
        if (!(o.quantum_ms > 0) || !std::isfinite(o.quantum_ms))
            throw BadInput("--quantum-ms: expected a positive time in ms");
        std::vector<sch::Pattern> jobs = read_jobs(o.jobs_path);

        std::vector<double> periods;
        std::vector<const sch::Pattern*> ptrs;
        for (const auto& j : jobs) periods.push_back(j.iteration_ms), ptrs.push_back(&j);
        sch::UnifiedCircle circle = sch::unify_lcm(periods, o.quantum_ms, o.max_turns, o.tolerance);
        int k = static_cast<int>(
            std::ceil(-1e-9 + circle.perimeter_ms / *std::max_element(periods.begin(), periods.end())));
        sch::CircleDemand demand = sch::rasterise(ptrs, std::vector<double>(jobs.size(), 1.0), circle, o.bins * k);
        sch::Rotation best = sch::best_rotation(demand, o.capacity_gbps);

        // Report shifts relative to the first job (rotating all jobs together changes nothing).
        std::vector<double> shifts;
        for (size_t j = 0; j < jobs.size(); ++j)
            shifts.push_back(sch::wrap(best.shift_ms[j] - best.shift_ms[0], jobs[j].iteration_ms));

        if (o.json) {
            nlohmann::ordered_json r;
            r["score"] = best.score;
            r["shifts_ms"] = nlohmann::ordered_json::object();
            for (size_t j = 0; j < jobs.size(); ++j) r["shifts_ms"][jobs[j].name] = shifts[j];
            r["perimeter_ms"] = circle.perimeter_ms;
            r["turns"] = nlohmann::ordered_json::object();
            for (size_t j = 0; j < jobs.size(); ++j) r["turns"][jobs[j].name] = circle.turns[j];
            r["bins"] = demand.bins;
            r["resolution_ms"] = circle.perimeter_ms / demand.bins;
            r["within_tolerance"] = circle.within_tolerance;
            r["period_error"] = circle.worst_error;
            r["truncated"] = circle.truncated;
            r["period_error_per_job"] = nlohmann::ordered_json::object();
            for (size_t j = 0; j < jobs.size(); ++j) r["period_error_per_job"][jobs[j].name] = circle.period_error[j];
            out << r.dump() << '\n';
        } else {
            out << "compatibility score: " << std::setprecision(6) << best.score << '\n';
            out << "unified circle: " << circle.perimeter_ms << " ms, " << demand.bins << " arcs of "
                << circle.perimeter_ms / demand.bins << " ms";
            if (circle.truncated)
                out << " (LCM past " << o.max_turns << " x the longest period: truncated to the best fit"
                    << (circle.within_tolerance ? "" : ", none within tolerance") << ")";
            out << "; worst period error " << circle.worst_error;
            out << '\n' << "time shifts (delay of each job's iteration start):\n";
            for (size_t j = 0; j < jobs.size(); ++j) out << "  " << jobs[j].name << ": " << shifts[j] << " ms\n";
        }
        return 0;
    } catch (const BadInput& e) {
        err << "cassini score: " << e.what() << '\n';
        return 2;
    } catch (const std::invalid_argument& e) {
        err << "cassini score: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        err << "cassini score: failed: " << e.what() << '\n';
        return 1;
    }
}

void add_cassini_command(CLI::App& app, int& exit_code) {
    auto opts = std::make_shared<CassiniScoreOptions>();
    CLI::App* cassini = app.add_subcommand("cassini", "CASSINI geometry: compatibility of jobs sharing a link");
    cassini->require_subcommand(1);
    CLI::App* score = cassini->add_subcommand("score", "Best compatibility score and time shifts for jobs on one link");
    score->add_option("--jobs", opts->jobs_path,
                      "JOBS.json: {\"jobs\":[{\"name\",\"iteration_ms\",\"phases\":[...]}]}");
    score->add_option("--capacity-gbps", opts->capacity_gbps, "Link capacity in Gbps");
    score->add_flag("--json", opts->json, "Print {\"score\": S, \"shifts_ms\": {...}, ...}");
    score->add_option("--quantum-ms", opts->quantum_ms, "Unified circle: periods rounded to this before the LCM")
        ->capture_default_str();
    score
        ->add_option("--tolerance", opts->tolerance,
                     "Relative period mismatch accepted when the LCM passes the cap and the circle is fitted")
        ->capture_default_str();
    score->add_option("--max-turns", opts->max_turns, "Unified circle: at most this many longest periods")
        ->capture_default_str();
    score->add_option("--bins", opts->bins, "Arcs per longest period (shift resolution)")->capture_default_str();
    score->callback([opts, &exit_code] { exit_code = cassini_score(*opts, std::cout, std::cerr); });
}

}  // namespace sextant::cli
