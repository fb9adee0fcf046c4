#include "target.hpp"

#include "local_target.hpp"

#include <stdexcept>

namespace sextant::compression_plugin {

std::unique_ptr<Target> make_target(const std::string& kind) {
    if (kind == "local") return std::make_unique<LocalTarget>();
    throw std::invalid_argument("target kind '" + kind + "' is not supported by the compression plugin (supported: local)");
}

}  // namespace sextant::compression_plugin
