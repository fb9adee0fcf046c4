// The `scheduling` plugin: runs one simulation per sweep point and reports JCTs,
// utilisation, congestion and compatibility, with per-link timelines as CSV artifacts.
#include "plugin_params.hpp"

#include <sextant/plugin.hpp>

#include <chrono>
#include <fstream>
#include <iomanip>

namespace sextant::scheduling {

namespace {

class SchedulingPlugin final : public Plugin {
public:
    PluginInfo info() const override { return scheduling_plugin_info(); }

    void run(RunContext& ctx) override {
        RunSetup setup = make_run_setup(ctx.params(), ctx.seed());
        const auto dir = ctx.artifact_dir();
        std::filesystem::create_directories(dir);
        const auto util_path = dir / "link_utilisation.csv";
        const auto excess_path = dir / "link_excess_gbps.csv";
        std::ofstream util(util_path), excess(excess_path);
        if (!util || !excess) throw std::runtime_error("cannot write link timelines in " + dir.string());
        Topology topo(setup.config.topology);
        util << "time_s";
        excess << "time_s";
        for (const Link& l : topo.links()) util << ',' << l.name, excess << ',' << l.name;
        util << '\n';
        excess << '\n';
        util << std::setprecision(6);
        excess << std::setprecision(6);

        SimHooks hooks;
        hooks.progress = [&](double f) { ctx.progress(f, "jobs finished"); };
        hooks.cancelled = [&] { return ctx.cancelled(); };
        if (setup.config.timeline_bin_s > 0)
            hooks.timeline = [&](double, double end, const std::vector<double>& u, const std::vector<double>& e) {
                util << end;
                excess << end;
                for (size_t l = 0; l < u.size(); ++l) util << ',' << u[l], excess << ',' << e[l];
                util << '\n';
                excess << '\n';
            };
        ctx.log(LogLevel::Info, std::to_string(setup.jobs.size()) + " jobs on " + std::to_string(topo.total_gpus()) +
                                    " GPUs, scheduler " + to_string(setup.config.policy) +
                                    (setup.config.cassini ? " + CASSINI" : ""));
        const auto t0 = std::chrono::steady_clock::now();
        SimResult r = simulate(setup.jobs, setup.profiles, setup.config, hooks);
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        util.close();
        excess.close();
        if (r.cancelled) return;

        const auto jobs_path = dir / "jobs.csv";
        std::ofstream jobs(jobs_path);
        jobs << "id,name,model,gpus,iterations,arrival_s,start_s,finish_s,jct_s,preemptions,ideal_iteration_s\n";
        int finished = 0, preemptions = 0;
        for (const JobResult& j : r.jobs) {
            jobs << j.id << ',' << j.name << ',' << j.model << ',' << j.gpus << ',' << j.iterations << ','
                 << j.arrival_s << ',' << j.first_start_s << ',' << j.finish_s << ',' << j.jct_s() << ','
                 << j.preemptions << ',' << j.ideal_iteration_s << '\n';
            if (j.finish_s >= 0) ctx.metric("jct_s", j.id, j.jct_s()), ++finished;
            preemptions += j.preemptions;
        }
        jobs.close();
        ctx.summary("avg_jct_s", r.avg_jct_s);
        ctx.summary("p99_jct_s", r.p99_jct_s);
        ctx.summary("makespan_s", r.makespan_s);
        ctx.summary("gpu_utilisation", r.gpu_utilisation);
        ctx.summary("link_utilisation", r.link_utilisation);
        ctx.summary("spine_utilisation", r.spine_utilisation);
        ctx.summary("congestion_excess_gbit", r.excess_gbit);
        ctx.summary("congested_link_s", r.congested_link_s);
        ctx.summary("compatibility_mean", r.compatibility_mean);
        ctx.summary("compatibility_min", r.compatibility_min);
        ctx.summary("realignments", static_cast<double>(r.realignments));
        ctx.summary("realignment_delay_s", r.realignment_delay_s);
        ctx.summary("padding_s", r.padding_s);
        ctx.summary("gave_up", r.gave_up);
        ctx.summary("placements_moved", r.placements_moved);
        ctx.summary("affinity_loops", r.loops);
        ctx.summary("broken_links", r.broken_links);
        ctx.summary("preemptions", preemptions);
        ctx.summary("jobs_finished", finished);
        ctx.summary("sim_events", static_cast<double>(r.events));
        // Artifacts are named relative to the run's artifact folder.
        ctx.artifact(util_path.filename(), "csv");
        ctx.artifact(excess_path.filename(), "csv");
        ctx.artifact(jobs_path.filename(), "csv");
        ctx.log(LogLevel::Info, "simulated " + std::to_string(r.makespan_s) + " s in " + std::to_string(wall) + " s wall");
        ctx.progress(1.0, "done");
    }
};

}  // namespace

}  // namespace sextant::scheduling

SEXTANT_PLUGIN(sextant::scheduling::SchedulingPlugin)
