#include "plugin_params.hpp"

#include <charconv>
#include <sstream>
#include <stdexcept>

namespace federated {

using namespace sextant;

namespace {

ParamDecl src(ParamDecl d, std::string source) {
    d.source = std::move(source);
    return d;
}

const char* kNote = "research note federated.md";
const char* kAuxo = "FedScale examples/auxo config.yml (commit 7ec441c)";
const char* kFedScale = "FedScale config_parser.py";

}  // namespace

PluginInfo federated_plugin_info() {
    PluginInfo info;
    info.id = "federated";
    info.version = "1.0.0";
    info.name = "Federated learning with client clustering (Auxo)";
    info.description =
        "A federated-learning simulator on a virtual clock: thousands of non-IID Fashion-MNIST clients "
        "(latent groups with rotation, inversion or permuted labels; Dirichlet label skew; lognormal sizes), "
        "FedScale-style device traces, real local training (libtorch), FedAvg/FedProx/FedYoGi, each plain or "
        "under Auxo's cohort identification; oracle clustering and IFCA as references.";
    info.targets = {"local"};
    info.params = {
        src(int_param("clients", 3000, 10, 1000000, "Clients in the population"), kNote),
        src(int_param("rounds", 300, 1, 100000, "Global rounds (each cohort trains once per round)"), kNote),
        src(int_param("participants", 50, 1, 10000, "Clients that report per round, split equally across cohorts"),
            kNote),
        choice_param(
            "aggregator", "fedavg", {"fedavg", "fedprox", "fedyogi"},
            "Server aggregation: FedAvg, FedProx (client proximal term prox_mu), FedYoGi (Yogi server optimiser)"),
        bool_param("auxo", false,
                   "Run the aggregator under Auxo: cohorts found from client updates, one model per cohort"),
        choice_param("reference", "none", {"none", "oracle", "ifca"},
                     "Reference clustering instead of Auxo: oracle = one model per true group (upper bound), "
                     "IFCA = ifca_models models, each client trains the one with the lowest loss"),
        bool_param("shift", true,
                   "Groups differ by feature shift (rotation, inversion) and concept shift (permuted labels); "
                   "off = label skew only (the control: no cohorts to find)"),
        choice_param("model", "mlp", {"mlp", "cnn"},
                     "MLP 784-128-10 (101.8k weights) or CNN conv8-conv16-fc64 (20.5k weights)"),
        src(string_param("group_shares", "0.4,0.3,0.2,0.1",
                         "Shares of the four latent groups: identity, rotated, inverted, permuted labels"),
            kNote),
        src(float_param("rotation_deg", 90, 0, 180, "Rotation of the rotated group: the feature-shift strength", "deg"),
            kNote),
        src(float_param("dirichlet_alpha", 0.3, 0.001, 1000,
                        "Label skew within a client: Dirichlet concentration (smaller = more skewed)"),
            kNote),
        src(float_param("size_median", 40, 1, 10000, "Median client training-set size (lognormal)", "images"), kNote),
        src(float_param("size_sigma", 0.8, 0, 5, "Lognormal sigma of client sizes (assumed)"), "assumption"),
        src(int_param("size_min", 10, 1, 65535, "Smallest client training set", "images"), kNote),
        src(int_param("size_max", 200, 1, 65535, "Largest client training set", "images"), kNote),
        src(int_param("test_per_client", 20, 1, 1000, "Test images per client (same label mix and shift)", "images"),
            kNote),
        src(int_param("local_steps", 5, 1, 1000, "Local SGD steps per round (Auxo's config uses 10)"), kNote),
        src(int_param("batch", 16, 1, 1024, "Local minibatch size (Auxo's config uses 20)"), kNote),
        src(float_param("lr", 0.05, 1e-6, 10, "Client learning rate"), "FedScale benchmark/configs/auxo/auxo.yml"),
        src(float_param("lr_decay", 0.98, 0.1, 1, "Learning-rate factor every 10 rounds (floor 5e-5)"), kFedScale),
        src(float_param("prox_mu", 0.1, 0, 10, "FedProx proximal weight mu"), kFedScale),
        src(float_param("yogi_eta", 3e-3, 1e-6, 10, "FedYoGi server learning rate"), kFedScale),
        src(float_param("yogi_tau", 1e-8, 1e-12, 1, "FedYoGi adaptivity tau"), kFedScale),
        src(float_param("yogi_beta1", 0.9, 0, 0.9999, "FedYoGi momentum"), kFedScale),
        src(float_param("yogi_beta2", 0.99, 0, 0.9999, "FedYoGi second-moment decay"), kFedScale),
        src(string_param("auxo_split_rounds", "50,100",
                         "Cohort-local rounds at which a cohort splits in two (at most 2^entries cohorts); empty = "
                         "split by size (>= auxo_split_min_participants x clients / participants members, both "
                         "sides > N/20 x 0.9^(cohorts-1))"),
            kAuxo),
        src(float_param("auxo_split_min_participants", 100, 0, 1e6,
                        "Size rule only: a cohort splits only when it has >= this / train_ratio members, "
                        "train_ratio = participants / clients, i.e. when it would get this many participants "
                        "per round at the population's sampling rate (0 = off)"),
            "FedScale examples/auxo clustering.py QTable min_clt = 100 / train_ratio (commit 3792cef), "
            "train_ratio = num_participants / clients in client_manager.py getDataInfo (commit 4390cf7)"),
        src(float_param("auxo_split_separation", 1, 0, 100,
                        "Ours, not in FedScale: a cohort splits (at a split round or by size) only when its two "
                        "sides are this far apart: centroid distance >= this x the pooled RMS distance of the "
                        "participants to their own side's centroid (1 = the halves differ by more than they "
                        "vary within); 0 = off, FedScale's rule"),
            "ours: c-separation (Dasgupta, FOCS'99) with c = 1"),
        src(int_param("auxo_split_test_groups", 4, 2, 16,
                      "Ours: the most groups the separation test looks for among the participants that lean to a "
                      "side. It passes when, for some k from 2 to this, k groups are each "
                      "auxo_split_separation-separated from every other (k = 2: the two sides; k >= 3: groups "
                      "found by k-means within each side, so none straddles the split); the cohort still "
                      "splits in two. 2 = the two sides only, so four groups halved 2+2 are declined"),
            "ours: several equally distinct groups are not separated by a split into two halves"),
        src(float_param("auxo_explore_rate", 0.01, 0, 1, "Epsilon of the epsilon-greedy cohort choice"), kAuxo),
        src(float_param("auxo_explore_decay", 0.99, 0, 1, "Epsilon's factor per client decision"), kAuxo),
        src(float_param("auxo_signal_fraction", 0.1, 0.001, 1,
                        "Tail of the flattened update used as the clustering signal"),
            "FedScale examples/auxo clustering.py"),
        src(float_param("auxo_reward_scale", 5, 0, 100,
                        "Cohort reward (s - s/(mean d + std d) x d) x known ratio: the s"),
            "FedScale examples/auxo clustering.py update_mainR"),
        src(int_param("auxo_stop_round", 500, 1, 1000000, "No sub-cohort labelling after this global round"), kAuxo),
        choice_param("auxo_unseen", "random", {"random", "lowest_loss"},
                     "Cohort used to test a client that never trained: random (as coded) or lowest training loss"),
        src(int_param("ifca_models", 4, 1, 64, "IFCA's number of models"), kNote),
        src(float_param("overcommit", 1.3, 1, 10, "Clients sampled per round as a multiple of participants"),
            kFedScale),
        src(float_param("min_round_s", 300, 0, 1e6,
                        "Shortest round on the virtual clock (check-in, selection, reporting)", "s"),
            "assumption: production FL rounds take minutes (Bonawitz et al., SysML'19)"),
        float_param("deadline_s", 0, 0, 1e7,
                    "Round deadline on the virtual clock (0 = none); later clients are dropped", "s"),
        src(float_param("compute_ms", 5, 0.001, 1e5, "Median compute time per sample (lognormal)", "ms"),
            "FedScale client_metadata.py fallback: lognormal(1, 0.6) x 5 ms"),
        src(float_param("compute_sigma", 0.6, 0, 5, "Lognormal sigma of compute speed"), "FedScale client_metadata.py"),
        src(float_param("kbps", 20000, 1, 1e9, "Median bandwidth (lognormal)", "kbit/s"),
            "assumption (MobiPerf-like WiFi)"),
        src(float_param("kbps_sigma", 0.8, 0, 5, "Lognormal sigma of bandwidth"), "assumption"),
        src(float_param("night_h", 6, 0, 20, "Median nightly availability window", "h"), kNote),
        src(float_param("minority_night_h", 2, 0, 20, "Median nightly window of the low-availability group", "h"),
            kNote),
        src(int_param("low_availability_group", 3, -1, 3,
                      "Group with low availability (0..3 as in group_shares; -1 none)"),
            kNote),
        string_param("trace_file", "",
                     "CSV of device traces (client,ms_per_sample,kbps,windows); empty = synthesised from the seed"),
        src(int_param("eval_every", 20, 1, 100000, "Rounds between evaluations"),
            "FedScale benchmark/configs/auxo/auxo.yml"),
        int_param("eval_clients", 0, 0, 1000000, "Clients evaluated (a seeded sample; 0 = all)"),
        float_param("target_accuracy", 0.7, 0, 1, "Mean accuracy for time-to-accuracy"),
        int_param("threads", 1, 1, 256, "libtorch intra-op threads"),
        string_param("dataset_dir", "/usr/share/datasets/fashion-mnist",
                     "Folder with the four Fashion-MNIST *-ubyte.gz files"),
    };
    info.metrics = {
        summary_metric("mean_accuracy", "", Better::Higher,
                       "Mean per-client test accuracy, each client with its cohort's model (last evaluation)",
                       Headline::Yes),
        summary_metric("bias_std", "", Better::Lower, "Model bias: std of per-client accuracy", Headline::Yes),
        summary_metric("worst10_accuracy", "", Better::Higher, "Mean accuracy of the worst 10% of clients"),
        summary_metric("ari", "", Better::Higher,
                       "Adjusted Rand index of cohorts vs the true groups (clients with a cohort)", Headline::Yes),
        summary_metric("purity", "", Better::Higher, "Cohort purity vs the true groups"),
        summary_metric("time_to_target_h", "h", Better::Lower,
                       "Virtual time until mean accuracy first reaches target_accuracy (absent if never)"),
        summary_metric("virtual_h", "h", Better::Lower, "Virtual time of the whole run"),
        summary_metric("cohorts", "", Better::Neither, "Models at the end"),
        summary_metric("acc_identity", "", Better::Higher, "Mean accuracy of the identity group"),
        summary_metric("acc_rotated", "", Better::Higher, "Mean accuracy of the rotated group"),
        summary_metric("acc_inverted", "", Better::Higher, "Mean accuracy of the inverted group"),
        summary_metric("acc_permuted", "", Better::Higher, "Mean accuracy of the permuted-label group"),
        summary_metric("round_wall_ms", "ms", Better::Lower, "Mean wall time per round"),
        summary_metric("training_share", "", Better::Neither, "Share of wall time spent in local training"),
        summary_metric("clients_with_cohort", "", Better::Neither, "Share of evaluated clients that have a cohort"),
        series_metric("accuracy", "", Better::Higher, "Mean per-client accuracy per round"),
        series_metric("accuracy_vs_virtual_min", "", Better::Higher,
                      "Mean per-client accuracy; step = virtual minutes"),
        series_metric("cohorts_per_round", "", Better::Neither, "Models per round"),
        series_metric("split_separation", "", Better::Neither,
                      "Auxo's separation test at each proposed split: the best over k = 2..auxo_split_test_groups "
                      "of the smallest centroid distance between k groups over their within-group RMS, less "
                      "chance (splits when >= auxo_split_separation)"),
        series_metric("split_groups", "", Better::Neither,
                      "At each proposed split: the number of groups k that gave the separation test's value"),
        series_metric("round_wall_ms", "ms", Better::Lower, "Wall time of each round"),
        // What the signal's sides follow: at each split Auxo proposes, how far apart the two
        // sides' latent-group shares and label mixes are (total variation: 0 = same, 1 = disjoint),
        // and the same for random sides of the same sizes (chance). Full mixes: split_sides.csv.
        series_metric("sides_group_gap", "", Better::Neither,
                      "At each proposed split: total-variation distance between the two sides' shares of the "
                      "latent groups"),
        series_metric("sides_label_gap", "", Better::Neither,
                      "At each proposed split: total-variation distance between the two sides' label mixes"),
        summary_metric("sides_group_gap", "", Better::Neither,
                       "Mean over proposed splits of the sides' group-share distance (split_sides.csv)"),
        summary_metric("sides_group_gap_chance", "", Better::Neither, "The same for random sides of the same sizes"),
        summary_metric("sides_label_gap", "", Better::Neither,
                       "Mean over proposed splits of the sides' label-mix distance (split_sides.csv)"),
        summary_metric("sides_label_gap_chance", "", Better::Neither, "The same for random sides of the same sizes"),
    };
    return info;
}

std::vector<double> parse_number_list(const std::string& text, const char* param) {
    std::vector<double> out;
    std::stringstream ss(text);
    for (std::string item; std::getline(ss, item, ',');) {
        while (!item.empty() && item.front() == ' ') item.erase(0, 1);
        while (!item.empty() && item.back() == ' ') item.pop_back();
        double v = 0;
        const auto [p, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
        if (item.empty() || ec != std::errc() || p != item.data() + item.size())
            throw std::invalid_argument(std::string(param) + ": expected comma-separated numbers, got '" + text + "'");
        out.push_back(v);
    }
    return out;
}

std::vector<int> parse_int_list(const std::string& text, const char* param) {
    std::vector<int> out;
    for (double v : parse_number_list(text, param)) {
        if (v != static_cast<int>(v) || v < 1)
            throw std::invalid_argument(std::string(param) + ": expected positive whole numbers, got '" + text + "'");
        out.push_back(static_cast<int>(v));
    }
    return out;
}

PluginRun decode_params(const Params& p, std::uint64_t seed) {
    PluginRun run;
    SimulationConfig& c = run.config;
    c.seed = seed;
    c.population.seed = seed;
    c.traces.seed = seed;
    c.population.clients = static_cast<std::size_t>(p.integer("clients"));
    c.rounds = static_cast<std::size_t>(p.integer("rounds"));
    c.participants = static_cast<std::size_t>(p.integer("participants"));
    c.aggregator = aggregator_kind(p.text("aggregator"));
    const std::string ref = p.text("reference");
    if (p.flag("auxo") && ref != "none")
        throw std::invalid_argument("auxo: cannot be combined with reference '" + ref + "' (choose one clustering)");
    c.clustering = p.flag("auxo") ? Clustering::auxo : clustering_kind(ref);
    c.population.shift = p.flag("shift");
    c.model = model_kind(p.text("model"));
    const auto shares = parse_number_list(p.text("group_shares"), "group_shares");
    if (shares.size() != 4)
        throw std::invalid_argument("group_shares: expected 4 shares (identity, rotated, inverted, permuted)");
    for (std::size_t g = 0; g < 4; ++g) {
        if (shares[g] < 0) throw std::invalid_argument("group_shares: shares must be >= 0");
        c.population.groups[g].share = shares[g];
    }
    c.population.rotation_deg = p.real("rotation_deg");
    c.population.dirichlet_alpha = p.real("dirichlet_alpha");
    c.population.size_median = p.real("size_median");
    c.population.size_sigma = p.real("size_sigma");
    c.population.size_min = static_cast<std::size_t>(p.integer("size_min"));
    c.population.size_max = static_cast<std::size_t>(p.integer("size_max"));
    if (c.population.size_min > c.population.size_max)
        throw std::invalid_argument("size_min: must not exceed size_max");
    c.population.test_per_client = static_cast<std::size_t>(p.integer("test_per_client"));
    c.local.steps = static_cast<int>(p.integer("local_steps"));
    c.local.batch = static_cast<int>(p.integer("batch"));
    c.local.lr = p.real("lr");
    c.lr_decay = p.real("lr_decay");
    c.prox_mu = p.real("prox_mu");
    c.yogi = {p.real("yogi_eta"), p.real("yogi_tau"), p.real("yogi_beta1"), p.real("yogi_beta2")};
    const auto splits = p.text("auxo_split_rounds");
    c.auxo.split_rounds = splits.empty() ? std::vector<int>{} : parse_int_list(splits, "auxo_split_rounds");
    if (c.auxo.split_rounds.size() > 6)
        throw std::invalid_argument("auxo_split_rounds: at most 6 entries (64 cohorts)");
    c.auxo.split_min_participants = p.real("auxo_split_min_participants");
    if (!(c.auxo.split_min_participants >= 0))
        throw std::invalid_argument("auxo_split_min_participants: expected a number >= 0 (0 = off)");
    c.auxo.split_separation = p.real("auxo_split_separation");
    if (!(c.auxo.split_separation >= 0))
        throw std::invalid_argument("auxo_split_separation: expected a number >= 0 (0 = off)");
    c.auxo.split_test_groups = static_cast<int>(p.integer("auxo_split_test_groups"));
    if (c.auxo.split_test_groups < 2 || c.auxo.split_test_groups > 16)
        throw std::invalid_argument("auxo_split_test_groups: expected 2..16");
    c.auxo.explore_rate = p.real("auxo_explore_rate");
    c.auxo.explore_decay = p.real("auxo_explore_decay");
    c.auxo.signal_fraction = p.real("auxo_signal_fraction");
    c.auxo.reward_scale = p.real("auxo_reward_scale");
    c.auxo.stop_round = static_cast<int>(p.integer("auxo_stop_round"));
    c.unseen_lowest_loss = p.text("auxo_unseen") == "lowest_loss";
    c.ifca_models = static_cast<int>(p.integer("ifca_models"));
    c.timing.overcommit = p.real("overcommit");
    c.timing.deadline_s = p.real("deadline_s");
    c.timing.min_round_s = p.real("min_round_s");
    c.traces.compute_median_ms = p.real("compute_ms");
    c.traces.compute_sigma = p.real("compute_sigma");
    c.traces.kbps_median = p.real("kbps");
    c.traces.kbps_sigma = p.real("kbps_sigma");
    c.traces.night_median_h = p.real("night_h");
    c.traces.minority_night_median_h = p.real("minority_night_h");
    c.traces.minority_group = static_cast<int>(p.integer("low_availability_group"));
    c.trace_file = p.text("trace_file");
    c.eval_every = static_cast<int>(p.integer("eval_every"));
    c.eval_clients = static_cast<std::size_t>(p.integer("eval_clients"));
    c.target_accuracy = p.real("target_accuracy");
    run.threads = static_cast<int>(p.integer("threads"));
    run.dataset_dir = p.text("dataset_dir");
    return run;
}

}  // namespace federated
