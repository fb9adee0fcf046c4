// End-to-end checks on real Fashion-MNIST images (skipped when the data set is absent):
// FedAvg on IID clients against centralised SGD, and Auxo finding planted groups.
#include "fashion_data.hpp"

#include "evaluation.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace federated;

namespace {

const char* kDir = "/usr/share/datasets/fashion-mnist";

const FashionData& data() {
    static const FashionData d = load_fashion_data(kDir, 2000, 1000);
    return d;
}

// Everyone online all day, same speed: isolates learning from the clock.
std::string always_on() {
    const auto path = std::filesystem::temp_directory_path() / ("federated_on_" + std::to_string(::getpid()) + ".csv");
    std::ofstream(path) << "client,ms_per_sample,kbps,windows\n0,5,10000,0+24\n";
    return path.string();
}

SimulationConfig tiny(std::size_t clients) {
    SimulationConfig c;
    c.population.clients = clients;
    c.population.size_median = 100;
    c.population.size_sigma = 0;
    c.population.test_per_client = 50;
    c.trace_file = always_on();
    c.seed = c.population.seed = 3;
    return c;
}

}  // namespace

TEST(FederatedTraining, FedAvgOnIidClientsMatchesCentralisedSgd) {
    if (!std::filesystem::exists(std::string(kDir) + "/train-images-idx3-ubyte.gz"))
        GTEST_SKIP() << "Fashion-MNIST not installed";
    set_training_threads(1);
    SimulationConfig c = tiny(20);
    c.population.dirichlet_alpha = 1000;  // IID
    c.population.shift = false;
    c.rounds = 30;
    c.participants = 10;
    c.eval_every = 30;
    const auto fl = simulate(c, data().view());
    std::filesystem::remove(c.trace_file);

    // Centralised SGD: the same number of steps and examples per step, on the pooled data.
    const Population pop(c.population, data().train_y, data().test_y);
    const Network net(c.model);
    ClientExamples pooled, ex;
    for (std::uint32_t i = 0; i < pop.size(); ++i) {
        gather(pop, data().view(), i, false, ex);
        pooled.x.insert(pooled.x.end(), ex.x.begin(), ex.x.end());
        pooled.y.insert(pooled.y.end(), ex.y.begin(), ex.y.end());
    }
    auto w = net.initial(c.seed);
    LocalTraining central = c.local;
    central.steps = static_cast<int>(c.rounds) * c.local.steps;
    Rng rng = stream(9, Stream::training);
    net.train(w, pooled.x, pooled.y, central, rng);
    double correct = 0, total = 0;
    std::vector<std::uint8_t> ok;
    for (std::uint32_t i = 0; i < pop.size(); ++i) {
        gather(pop, data().view(), i, true, ex);
        net.evaluate(w, ex.x, ex.y, nullptr, &ok);
        for (auto b : ok) correct += b;
        total += static_cast<double>(ok.size());
    }
    const double central_acc = correct / total, fedavg_acc = fl.evaluations.back().mean_accuracy;
    // FedAvg averages 10 clients' 5-step walks per round, so it takes 30 x 5 effective steps
    // of a 10x larger batch: as good as or better than SGD's 150 steps; within 5 points.
    EXPECT_GT(central_acc, 0.6);
    EXPECT_NEAR(fedavg_acc, central_acc, 0.05) << "centralised " << central_acc;
}

TEST(FederatedTraining, AuxoRecoversPlantedGroups) {
    if (!std::filesystem::exists(std::string(kDir) + "/train-images-idx3-ubyte.gz"))
        GTEST_SKIP() << "Fashion-MNIST not installed";
    set_training_threads(1);
    SimulationConfig c = tiny(120);
    c.population.dirichlet_alpha = 1000;
    c.population.groups = {{"identity", 0.5, Shift::none}, {"inverted", 0.5, Shift::invert}};
    c.clustering = Clustering::auxo;
    c.auxo.split_rounds = {4};
    c.rounds = 16;
    c.participants = 20;
    c.eval_every = 16;
    const auto r = simulate(c, data().view());
    std::filesystem::remove(c.trace_file);
    const auto& e = r.evaluations.back();
    EXPECT_EQ(e.cohorts, 2u);
    EXPECT_GT(e.clients_with_cohort, 60u);
    EXPECT_GT(e.ari, 0.8);
    // The proposed split's sides are the groups (labels IID: their mixes alike).
    std::vector<ProposedSplit> proposed;
    for (const auto& rec : r.rounds)
        proposed.insert(proposed.end(), rec.proposed_splits.begin(), rec.proposed_splits.end());
    ASSERT_EQ(proposed.size(), 1u);
    const ProposedSplit& p = proposed[0];
    EXPECT_GT(p.gap.group, 0.8) << "chance " << p.gap.group_chance;
    EXPECT_LT(p.gap.group_chance, 0.4);
    EXPECT_LT(p.gap.label, p.gap.label_chance + 0.1) << "label gap " << p.gap.label;
    EXPECT_GT(p.sides[0].clients + p.sides[1].clients, 10u);
}

// The simulation gives Auxo FedScale's train_ratio = participants / clients (here 20 / 120):
// the size rule needs split_min_participants x 6 members, so 15 (90 members) splits the 120
// clients and 25 (150) does not; the public default (100: 600 members) never splits them.
TEST(FederatedTraining, SizeRuleNeedsMinParticipantsOverParticipantShareMembers) {
    if (!std::filesystem::exists(std::string(kDir) + "/train-images-idx3-ubyte.gz"))
        GTEST_SKIP() << "Fashion-MNIST not installed";
    set_training_threads(1);
    auto cohorts = [](double min_participants) {
        SimulationConfig c = tiny(120);
        c.population.dirichlet_alpha = 1000;
        c.population.groups = {{"identity", 0.5, Shift::none}, {"inverted", 0.5, Shift::invert}};
        c.clustering = Clustering::auxo;
        c.auxo.split_rounds = {};
        c.auxo.split_min_participants = min_participants;
        c.rounds = 16;
        c.participants = 20;
        c.eval_every = 16;
        const auto r = simulate(c, data().view());
        std::filesystem::remove(c.trace_file);
        return r.evaluations.back().cohorts;
    };
    EXPECT_GE(cohorts(15), 2u);
    EXPECT_EQ(cohorts(25), 1u);
    EXPECT_EQ(cohorts(100), 1u);
}

// Our separation test on real training with no groups to find: shift off, Dirichlet(0.3)
// label skew only. The split round asks for a split; the two sides the sub-labelling found
// are not 1-separated, so the cohort stays whole. Off (FedScale's rule), it splits. The groups
// test (default: up to 4 groups, none straddling the sides) comes closest at 4 groups, 0.99
// (the sides 0.75): label-mix clusters, near the threshold. Looking for groups on all the
// leaning participants instead (groups free to straddle the sides) passed here (1.16).
TEST(FederatedTraining, SeparationTestDeclinesWhenThereAreNoGroups) {
    if (!std::filesystem::exists(std::string(kDir) + "/train-images-idx3-ubyte.gz"))
        GTEST_SKIP() << "Fashion-MNIST not installed";
    set_training_threads(1);
    auto run = [](double separation) {
        SimulationConfig c = tiny(300);
        c.population.shift = false;
        c.clustering = Clustering::auxo;
        c.auxo.split_rounds = {4};
        c.auxo.split_separation = separation;
        c.rounds = 8;
        c.participants = 50;
        c.eval_every = 8;
        const auto r = simulate(c, data().view());
        std::filesystem::remove(c.trace_file);
        return r;
    };
    const auto on = run(1.0);
    std::vector<double> separations;
    for (const auto& rec : on.rounds)
        separations.insert(separations.end(), rec.split_separations.begin(), rec.split_separations.end());
    ASSERT_EQ(separations.size(), 1u);
    EXPECT_LT(separations[0], 1.0);
    // What the sides follow here: the label mix (0.44 vs 0.19 by chance), not the groups (0.16
    // vs 0.18); the groups differ only in name with shift off.
    ASSERT_EQ(on.rounds[3].proposed_splits.size(), 1u);
    const SidesGap& gap = on.rounds[3].proposed_splits[0].gap;
    EXPECT_GT(gap.label, gap.label_chance + 0.15) << "label gap " << gap.label << ", chance " << gap.label_chance;
    EXPECT_LT(gap.group, gap.group_chance + 0.1) << "group gap " << gap.group << ", chance " << gap.group_chance;
    EXPECT_EQ(on.evaluations.back().cohorts, 1u) << "separation " << separations[0];
    EXPECT_EQ(run(0.0).evaluations.back().cohorts, 2u);
}
