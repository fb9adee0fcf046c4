// A federated-learning run on the virtual clock: a population, its traces, one model per
// cohort (one cohort for plain FL; Auxo's growing set; the true groups for the oracle; K
// models for IFCA), real local training and a server optimiser per cohort. Memory grows
// with participants per round and cohorts, not with the population (beyond a few bytes
// of metadata per client).
#pragma once

#include "federated/auxo.hpp"
#include "federated/clock.hpp"
#include "federated/network.hpp"
#include "federated/population.hpp"
#include "federated/server_optimizer.hpp"
#include "federated/side_makeup.hpp"
#include "federated/traces.hpp"

#include <functional>
#include <string>
#include <vector>

namespace federated {

enum class Clustering { none, auxo, oracle, ifca };
Clustering clustering_kind(const std::string& name);  // "none" | "auxo" | "oracle" | "ifca"
const char* to_string(Clustering c);

struct SimulationConfig {
    PopulationConfig population;
    TraceConfig traces;
    std::string trace_file;  // empty = synthesise from the seed
    ModelKind model = ModelKind::mlp;
    Aggregator aggregator = Aggregator::fedavg;
    LocalTraining local;
    double prox_mu = 0.1;  // FedScale config_parser.py proxy_mu
    YogiSettings yogi;
    Clustering clustering = Clustering::none;
    AuxoSettings auxo;
    int ifca_models = 4;              // research note: K = 4 (the number of true groups)
    bool unseen_lowest_loss = false;  // clients with no cohort yet: lowest training loss (else random, as coded)
    std::size_t rounds = 300, participants = 50;
    RoundTiming timing;
    double lr_decay = 0.98;  // FedScale: lr x 0.98 every 10 rounds, floor 5e-5
    int lr_decay_every = 10;
    double lr_min = 5e-5;
    int eval_every = 20;           // Auxo config: eval_interval 20
    std::size_t eval_clients = 0;  // 0 = every client; else a seeded sample
    double target_accuracy = 0.7;  // for time-to-accuracy
    std::uint64_t seed = 1;
};

// Images stay with the caller; the simulation reads them through index lists.
struct ImageData {
    std::span<const float> train_x, test_x;  // 784 floats per image
    std::span<const std::int64_t> train_y, test_y;
};

struct Evaluation {
    int round = 0;
    double virtual_s = 0;
    double mean_accuracy = 0, accuracy_std = 0, worst10_accuracy = 0;
    std::vector<double> group_accuracy;  // per true group
    double ari = 0, purity = 0;          // cohorts vs true groups (clients with a cohort)
    std::size_t clients_with_cohort = 0, cohorts = 1;
};

// A split Auxo proposed, and what its two sides (the participants leaning to each) are made of.
struct ProposedSplit {
    int cohort = 0;
    double separation = 0;        // the test's statistic (best over k groups)
    int groups = 2;               // the k that gave it
    double sides_separation = 0;  // the two sides' own separation (k = 2)
    bool split = false;
    Makeup sides[2];
    SidesGap gap;
};

struct RoundRecord {
    int round = 0;
    std::size_t cohorts = 1, participants = 0, dropped = 0;
    double virtual_s = 0, wall_s = 0;
    std::vector<double> split_separations;  // Auxo's separation test, one per proposed split
    std::vector<ProposedSplit> proposed_splits;
};

struct SimulationResult {
    std::vector<Evaluation> evaluations;
    std::vector<RoundRecord> rounds;
    double time_to_target_s = -1;            // first evaluation reaching the target; -1 never
    double wall_s = 0, training_wall_s = 0;  // total, and inside local training
    std::size_t client_trainings = 0, model_parameters = 0;
    bool cancelled = false;
};

struct SimulationHooks {
    std::function<void(const Evaluation&)> evaluated;
    std::function<void(const RoundRecord&)> round_done;
    std::function<bool()> cancelled;
    std::function<void(const std::string&)> log;
};

SimulationResult simulate(const SimulationConfig& config, const ImageData& data, const SimulationHooks& hooks = {});

}  // namespace federated
