#include "mosel_command.hpp"

#include "modality/planner.hpp"
#include "modality/profile_csv.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <iomanip>
#include <iostream>

namespace sextant::cli {

namespace mod = sextant::modality;

int mosel_plan(const MoselPlanOptions& o, std::ostream& out, std::ostream& err) {
    try {
        if (o.profiles_path.empty())
            throw std::invalid_argument("--profiles is required (a CSV config,batch,latency_ms,accuracy)");
        if (o.job_size < 1 || o.job_size > kMaxPlannedJobSize)
            throw std::invalid_argument("--job-size: expected an integer in [1, " + std::to_string(kMaxPlannedJobSize) +
                                        "], got " + std::to_string(o.job_size));
        if (!std::isfinite(o.accuracy_floor) || o.accuracy_floor < 0 || o.accuracy_floor > 1)
            throw std::invalid_argument("--accuracy-floor: expected a fraction in [0, 1]");
        mod::Profile profile = mod::read_profile_csv(o.profiles_path);
        mod::Planner planner(std::move(profile), o.job_size);
        mod::Plan plan = planner.plan(o.job_size, o.accuracy_floor);

        if (o.json) {
            nlohmann::ordered_json r;
            r["feasible"] = plan.feasible;
            r["time_ms"] = plan.time_ms;
            r["accuracy"] = plan.accuracy;
            r["plan"] = nlohmann::ordered_json::array();
            for (const auto& row : plan.rows)
                r["plan"].push_back({{"config", mod::config_name(row.mask)},
                                     {"batch", row.batch},
                                     {"batches", row.batches},
                                     {"requests", row.requests}});
            out << r.dump() << '\n';
        } else {
            if (!plan.feasible)
                out << "infeasible: accuracy floor " << o.accuracy_floor << " is above the best achievable accuracy "
                    << std::setprecision(6) << plan.accuracy << "; the most accurate plan:\n";
            out << "job of " << o.job_size << " requests: predicted time " << std::setprecision(6) << plan.time_ms
                << " ms, accuracy " << plan.accuracy << '\n';
            out << std::left << std::setw(8) << "config" << std::setw(7) << "batch" << std::setw(9) << "batches"
                << "requests\n";
            for (const auto& row : plan.rows)
                out << std::setw(8) << mod::config_name(row.mask) << std::setw(7) << row.batch << std::setw(9)
                    << row.batches << row.requests << '\n';
        }
        return plan.feasible ? 0 : 1;
    } catch (const std::invalid_argument& e) {  // includes ProfileFileError
        err << "mosel plan: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        err << "mosel plan: failed: " << e.what() << '\n';
        return 1;
    }
}

void add_mosel_command(CLI::App& app, int& exit_code) {
    auto opts = std::make_shared<MoselPlanOptions>();
    CLI::App* mosel = app.add_subcommand("mosel", "MOSEL modality selection: offline plans from a profile");
    mosel->require_subcommand(1);
    CLI::App* plan =
        mosel->add_subcommand("plan", "Cheapest modality plan for a job of N requests meeting an accuracy floor");
    plan->add_option("--profiles", opts->profiles_path,
                     "P.csv with columns config,batch,latency_ms,accuracy (all 7 configurations)");
    plan->add_option("--job-size", opts->job_size,
                     "Requests in the job (1.." + std::to_string(kMaxPlannedJobSize) + ")");
    plan->add_option("--accuracy-floor", opts->accuracy_floor,
                     "Request-weighted mean accuracy the plan must reach, in [0, 1]");
    plan->add_flag("--json", opts->json, "Print {\"feasible\", \"time_ms\", \"accuracy\", \"plan\": [...]}");
    plan->callback([opts, &exit_code] { exit_code = mosel_plan(*opts, std::cout, std::cerr); });
}

}  // namespace sextant::cli
