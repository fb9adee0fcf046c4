// Internal pieces of a simulation: a cohort's state, a client's examples, and the
// per-client evaluation every `eval_every` rounds.
#pragma once

#include "federated/simulation.hpp"

namespace federated {

struct Cohort {
    std::vector<float> weights;
    ServerOptimizer optimiser;
    double clock_s = 0;
};

// One client's examples, transformed and relabelled as its group sees them (reused buffers).
struct ClientExamples {
    std::vector<float> x;
    std::vector<std::int64_t> y;
};
void gather(const Population& population, const ImageData& data, std::uint32_t client, bool test, ClientExamples& out,
            std::size_t limit = SIZE_MAX);

// Mean per-client test accuracy, each client with its own cohort's model.
class Evaluator {
public:
    Evaluator(const Population& population, const ImageData& data, const Network& net, const SimulationConfig& cfg);
    Evaluation evaluate(const std::vector<Cohort>& cohorts, const Auxo* auxo);

private:
    std::vector<int> choose_models(const std::vector<Cohort>& cohorts, const Auxo* auxo,
                                   std::vector<std::uint8_t>& has_cohort);

    const Population& population_;
    const ImageData& data_;
    const Network& net_;
    const SimulationConfig& cfg_;
    std::vector<std::uint32_t> clients_;  // the evaluated clients (all, or a seeded sample)
    Rng rng_;
};

}  // namespace federated
