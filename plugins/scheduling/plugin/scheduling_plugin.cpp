// The `scheduling` plugin: runs one simulation per sweep point and reports JCTs,
// utilisation, congestion and compatibility, with per-link timelines as CSV artifacts.
#include "link_timelines.hpp"
#include "plugin_params.hpp"

#include <sextant/plugin.hpp>

#include <chrono>
#include <fstream>

namespace sextant::scheduling {

namespace {

class SchedulingPlugin final : public Plugin {
    // Jobs on one bottleneck, without and with CASSINI's shifts (docs/scheduling.md, snapshot).
    static void run_snapshot_mode(RunContext& ctx, const RunSetup& setup) {
        const SnapshotConfig& c = *setup.snapshot;
        ctx.log(LogLevel::Info, "snapshot: " + std::to_string(c.models.size()) + " jobs on one " +
                                    std::to_string(c.link_gbps) + " Gbps bottleneck, " +
                                    (c.packet ? "packet" : "flow") + " level");
        const auto t0 = std::chrono::steady_clock::now();
        SnapshotResult r = run_snapshot(setup.profiles, c);
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        double ideal = 0;
        for (double t : r.ideal_iteration_s) ideal += t / r.ideal_iteration_s.size();
        ctx.summary("snapshot_score", r.predicted_score);
        ctx.summary("snapshot_score_unshifted", r.predicted_score_unshifted);
        ctx.summary("iteration_s", r.shifted.mean_iteration_s_all);
        ctx.summary("iteration_s_unshifted", r.together.mean_iteration_s_all);
        ctx.summary("ideal_iteration_s", ideal);
        ctx.summary("iteration_gain", r.together.mean_iteration_s_all / r.shifted.mean_iteration_s_all);
        ctx.summary("late_iteration_s", r.shifted.late_iteration_s_all);
        ctx.summary("late_iteration_s_unshifted", r.together.late_iteration_s_all);
        ctx.summary("late_collective_s", r.shifted.late_collective_s_all);
        ctx.summary("late_collective_s_unshifted", r.together.late_collective_s_all);
        ctx.summary("snapshot_realignments", r.shifted.realignments);
        ctx.summary("snapshot_gave_up", r.shifted.gave_up);
        if (c.packet) {
            ctx.summary("ecn_marks", static_cast<double>(r.shifted.ecn_marks));
            ctx.summary("ecn_marks_unshifted", static_cast<double>(r.together.ecn_marks));
            ctx.summary("ecn_marks_per_gb",
                        r.shifted.delivered_gb > 0 ? r.shifted.ecn_marks / r.shifted.delivered_gb : 0.0);
            ctx.summary("pfc_paused_s", r.shifted.pfc_paused_s);
            ctx.summary("pfc_paused_s_unshifted", r.together.pfc_paused_s);
        }
        ctx.log(LogLevel::Info, "snapshot done in " + std::to_string(wall) + " s wall");
        ctx.progress(1.0, "done");
    }

public:
    PluginInfo info() const override { return scheduling_plugin_info(); }

    // What make_run_setup refuses when a run starts, and what the simulator would refuse
    // after it (coast on a small fabric, a trace job larger than the cluster): a trace is
    // read, generated jobs are not drawn.
    std::vector<ParamConflict> check(const Params& params) const override {
        try {
            make_run_setup(params, 0, Jobs::CheckOnly);
        } catch (const SetupConflict& e) {
            return {{e.params, e.expected}};
        } catch (const std::invalid_argument& e) {
            return {{{}, e.what()}};
        }
        return {};
    }

    void run(RunContext& ctx) override {
        RunSetup setup = make_run_setup(ctx.params(), ctx.seed());
        if (setup.snapshot) return run_snapshot_mode(ctx, setup);
        const auto dir = ctx.artifact_dir();
        Topology topo(setup.config.topology);
        std::vector<std::string> link_names;
        for (const Link& l : topo.links()) link_names.push_back(l.name);
        LinkTimelines timelines(dir, link_names, ctx);

        SimHooks hooks;
        hooks.progress = [&](double f) { ctx.progress(f, "jobs finished"); };
        hooks.cancelled = [&] { return ctx.cancelled(); };
        if (setup.config.timeline_bin_s > 0)
            hooks.timeline = [&](double, double end, const std::vector<double>& u, const std::vector<double>& e) {
                timelines.add(end, u, e);
            };
        ctx.log(LogLevel::Info, std::to_string(setup.jobs.size()) + " jobs on " + std::to_string(topo.total_gpus()) +
                                    " GPUs, scheduler " + to_string(setup.config.policy) +
                                    (setup.config.cassini ? " + CASSINI" : ""));
        const auto t0 = std::chrono::steady_clock::now();
        SimResult r = simulate(setup.jobs, setup.profiles, setup.config, hooks);
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (r.cancelled) return;
        timelines.finish();

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
        if (setup.ideal) {
            SimConfig ideal = setup.config;
            ideal.network_contention = false;
            ideal.cassini = false;
            ideal.timeline_bin_s = 0;
            SimHooks quiet;
            quiet.cancelled = hooks.cancelled;
            SimResult best = simulate(setup.jobs, setup.profiles, ideal, quiet);
            if (best.cancelled) return;
            ctx.summary("ideal_avg_jct_s", best.avg_jct_s);
            ctx.summary("ideal_p99_jct_s", best.p99_jct_s);
            ctx.summary("jct_ratio_vs_ideal", best.avg_jct_s > 0 ? r.avg_jct_s / best.avg_jct_s : 1.0);
        }
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
        ctx.summary("loop_skips", r.loop_skips);
        ctx.summary("truncated_circles", r.truncated_circles);
        ctx.summary("worst_period_error", r.worst_period_error);
        ctx.summary("preemptions", preemptions);
        ctx.summary("jobs_finished", finished);
        ctx.summary("sim_events", static_cast<double>(r.events));
        if (setup.config.packet_fidelity) {
            ctx.summary("ecn_marks", r.ecn_marks);
            ctx.summary("ecn_marks_per_gb", r.delivered_gb > 0 ? r.ecn_marks / r.delivered_gb : 0.0);
            ctx.summary("pfc_paused_s", r.pfc_paused_s);
            ctx.summary("packet_sets_looked_up", static_cast<double>(r.packet_lookups));
            ctx.summary("packet_sets_simulated", static_cast<double>(r.packet_runs));
            ctx.summary("packet_cpu_s", r.packet_cpu_s);
        }
        if (!setup.config.packet_fidelity && setup.config.flow_method == FlowMethod::SharedSets) {
            ctx.summary("flow_sets_looked_up", static_cast<double>(r.packet_lookups));
            ctx.summary("flow_sets_run", static_cast<double>(r.packet_runs));
            ctx.summary("flow_sets_cpu_s", r.packet_cpu_s);
        }
        ctx.artifact(jobs_path.filename(), "csv");  // relative to the run's artifact folder
        ctx.log(LogLevel::Info,
                "simulated " + std::to_string(r.makespan_s) + " s in " + std::to_string(wall) + " s wall");
        ctx.progress(1.0, "done");
    }
};

}  // namespace

}  // namespace sextant::scheduling

SEXTANT_PLUGIN(sextant::scheduling::SchedulingPlugin)
