#include "target.hpp"

#include "local_target.hpp"
#include "simulated_target.hpp"

#include <stdexcept>

namespace sextant::compression_plugin {

std::unique_ptr<Target> make_target(const std::string& kind) {
    // A cluster node runs the same measurement as this machine (the engine sends it there).
    if (kind == "local" || kind == "cluster") return std::make_unique<LocalTarget>();
    if (kind == "simulated") return std::make_unique<SimulatedTarget>();
    throw std::invalid_argument("target kind '" + kind +
                                "' is not supported by the compression plugin (supported: local, simulated)");
}

}  // namespace sextant::compression_plugin
