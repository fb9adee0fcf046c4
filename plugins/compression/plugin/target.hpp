// Where a run executes. Each target kind the plugin declares has one implementation; a
// new kind (e.g. "simulated", replaying the codec's rounds on a simulated fabric) is a
// new class and one line in make_target, without touching the others.
#pragma once

#include "settings.hpp"

#include <sextant/run_context.hpp>

#include <memory>
#include <string>

namespace sextant::compression_plugin {

class Target {
public:
    virtual ~Target() = default;
    virtual void run(const Settings& settings, RunContext& ctx) = 0;
};

// Throws std::invalid_argument naming the unknown kind and the supported ones.
std::unique_ptr<Target> make_target(const std::string& kind);

}  // namespace sextant::compression_plugin
