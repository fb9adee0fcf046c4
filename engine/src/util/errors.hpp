// Errors that carry a location a user can act on (file, field path, line:column); see
// util/problems.hpp for collecting several.
#pragma once

#include <stdexcept>

namespace sextant {

// Bad input: a malformed project, an unknown plugin, a bad --set. Maps to exit code 2.
class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace sextant
