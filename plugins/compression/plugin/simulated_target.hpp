#pragma once

#include "target.hpp"

namespace sextant::compression_plugin {

// The "simulated" target: the codec runs on real (sampled) gradients exactly as on the
// local target, and the rounds it reports are replayed on a simulated fabric
// (programmable switch, ring allreduce, aggregators) scaled to the full model size.
class SimulatedTarget : public Target {
public:
    void run(const Settings& settings, RunContext& ctx) override;
};

}  // namespace sextant::compression_plugin
