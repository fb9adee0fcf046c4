#pragma once

#include "target.hpp"

namespace sextant::compression_plugin {

class LocalTarget : public Target {
public:
    void run(const Settings& settings, RunContext& ctx) override;
};

}  // namespace sextant::compression_plugin
