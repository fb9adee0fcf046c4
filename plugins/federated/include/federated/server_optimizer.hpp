// The server side of an aggregator: how the mean client update moves the global model.
// FedAvg and FedProx apply it as is (FedProx differs on the client: a proximal term);
// FedYoGi treats it as a pseudo-gradient for the Yogi optimiser (Reddi et al., "Adaptive
// Federated Optimization"). The state is a value: a cohort split copies it.
#pragma once

#include <span>
#include <string>
#include <vector>

namespace federated {

enum class Aggregator { fedavg, fedprox, fedyogi };
Aggregator aggregator_kind(const std::string& name);  // "fedavg" | "fedprox" | "fedyogi"
const char* to_string(Aggregator a);

struct YogiSettings {  // FedScale config_parser.py defaults
    double eta = 3e-3, tau = 1e-8, beta1 = 0.9, beta2 = 0.99;
};

class ServerOptimizer {
public:
    ServerOptimizer(Aggregator kind, YogiSettings yogi = {}) : kind_(kind), yogi_(yogi) {}
    // weights += step(mean_update), where mean_update = mean(client model - global model).
    void apply(std::vector<float>& weights, std::span<const float> mean_update);
    Aggregator kind() const { return kind_; }

private:
    Aggregator kind_;
    YogiSettings yogi_;
    std::vector<float> m_, v_;
};

}  // namespace federated
