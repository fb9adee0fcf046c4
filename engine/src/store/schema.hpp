// The run store's schema as an ordered list of migrations; PRAGMA user_version records how
// many have been applied. Never edit a shipped migration: append a new one.
#pragma once

#include <string>
#include <vector>

namespace sextant {

const std::vector<std::string>& store_migrations();

}  // namespace sextant
