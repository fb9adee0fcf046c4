// The `federated` plugin: one simulated federated-learning run per sweep point, with its
// accuracy, bias, cohort quality and timings as metrics.
#include "fashion_data.hpp"
#include "plugin_params.hpp"

#include <sextant/plugin.hpp>

#include <cmath>
#include <fstream>

namespace federated {

namespace {

// One row per side of each split Auxo proposed: its clients, share of each latent group and
// label mix (the labels its members are taught).
void write_split_sides(sextant::RunContext& ctx, const SimulationConfig& cfg,
                       const std::vector<std::pair<int, ProposedSplit>>& proposed) {
    const auto path = ctx.artifact_dir() / "split_sides.csv";
    std::ofstream out(path);
    out << "round,cohort,separation,groups,sides_separation,split,side,clients";
    for (const auto& g : cfg.population.groups) out << ",group_" << g.name;
    for (int k = 0; k < Population::kClasses; ++k) out << ",label_" << k;
    out << ",group_gap,group_gap_chance,label_gap,label_gap_chance\n";
    for (const auto& [round, p] : proposed)
        for (int s = 0; s < 2; ++s) {
            out << round << ',' << p.cohort << ',' << p.separation << ',' << p.groups << ',' << p.sides_separation
                << ',' << (p.split ? 1 : 0) << ',' << s << ',' << p.sides[s].clients;
            for (double x : p.sides[s].group_share) out << ',' << x;
            for (double x : p.sides[s].label_share) out << ',' << x;
            out << ',' << p.gap.group << ',' << p.gap.group_chance << ',' << p.gap.label << ',' << p.gap.label_chance
                << '\n';
        }
    out.close();
    ctx.artifact(path, "split-sides-csv");
}

class FederatedPlugin final : public sextant::Plugin {
public:
    sextant::PluginInfo info() const override { return federated_plugin_info(); }

    void run(sextant::RunContext& ctx) override {
        const PluginRun run = decode_params(ctx.params(), ctx.seed());
        set_training_threads(run.threads);
        const FashionData data = load_fashion_data(run.dataset_dir);
        const SimulationConfig& cfg = run.config;

        std::vector<std::pair<int, ProposedSplit>> proposed;
        SimulationHooks hooks;
        hooks.cancelled = [&] { return ctx.cancelled(); };
        hooks.log = [&](const std::string& m) { ctx.log(sextant::LogLevel::Info, m); };
        hooks.round_done = [&](const RoundRecord& r) {
            ctx.metric("cohorts_per_round", r.round, static_cast<double>(r.cohorts));
            ctx.metric("round_wall_ms", r.round, 1000 * r.wall_s);
            for (double separation : r.split_separations) ctx.metric("split_separation", r.round, separation);
            for (const ProposedSplit& p : r.proposed_splits) {
                ctx.metric("split_groups", r.round, static_cast<double>(p.groups));
                ctx.metric("sides_group_gap", r.round, p.gap.group);
                ctx.metric("sides_label_gap", r.round, p.gap.label);
                proposed.push_back({r.round, p});
            }
            ctx.progress(static_cast<double>(r.round) / static_cast<double>(cfg.rounds),
                         "round " + std::to_string(r.round));
        };
        hooks.evaluated = [&](const Evaluation& e) {
            ctx.metric("accuracy", e.round, e.mean_accuracy);
            ctx.metric("accuracy_vs_virtual_min", std::llround(e.virtual_s / 60), e.mean_accuracy);
            ctx.log(sextant::LogLevel::Info, "round " + std::to_string(e.round) + ": accuracy " +
                                                 std::to_string(e.mean_accuracy) + ", " + std::to_string(e.cohorts) +
                                                 " cohorts, ARI " + std::to_string(e.ari));
        };
        const SimulationResult r = simulate(cfg, data.view(), hooks);
        if (!proposed.empty()) write_split_sides(ctx, cfg, proposed);
        if (r.cancelled || r.evaluations.empty()) return;

        const Evaluation& last = r.evaluations.back();
        ctx.summary("mean_accuracy", last.mean_accuracy);
        ctx.summary("bias_std", last.accuracy_std);
        ctx.summary("worst10_accuracy", last.worst10_accuracy);
        ctx.summary("ari", last.ari);
        ctx.summary("purity", last.purity);
        if (r.time_to_target_s >= 0) ctx.summary("time_to_target_h", r.time_to_target_s / 3600);
        else ctx.log(sextant::LogLevel::Info, "mean accuracy never reached target_accuracy");
        ctx.summary("virtual_h", r.rounds.back().virtual_s / 3600);
        ctx.summary("cohorts", static_cast<double>(last.cohorts));
        const char* groups[] = {"acc_identity", "acc_rotated", "acc_inverted", "acc_permuted"};
        for (std::size_t g = 0; g < 4 && g < last.group_accuracy.size(); ++g)
            ctx.summary(groups[g], last.group_accuracy[g]);
        ctx.summary("round_wall_ms", 1000 * r.wall_s / static_cast<double>(r.rounds.size()));
        ctx.summary("training_share", r.wall_s > 0 ? r.training_wall_s / r.wall_s : 0);
        const double evaluated = cfg.eval_clients > 0
                                     ? static_cast<double>(std::min(cfg.eval_clients, cfg.population.clients))
                                     : static_cast<double>(cfg.population.clients);
        ctx.summary("clients_with_cohort", static_cast<double>(last.clients_with_cohort) / evaluated);
        if (!proposed.empty()) {
            SidesGap mean;
            for (const auto& [round, p] : proposed) {
                mean.group += p.gap.group, mean.label += p.gap.label;
                mean.group_chance += p.gap.group_chance, mean.label_chance += p.gap.label_chance;
            }
            const auto count = static_cast<double>(proposed.size());
            ctx.summary("sides_group_gap", mean.group / count);
            ctx.summary("sides_group_gap_chance", mean.group_chance / count);
            ctx.summary("sides_label_gap", mean.label / count);
            ctx.summary("sides_label_gap_chance", mean.label_chance / count);
        }
        ctx.progress(1.0, "done");
    }
};

}  // namespace

}  // namespace federated

SEXTANT_PLUGIN(federated::FederatedPlugin)
