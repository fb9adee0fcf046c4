// The training iterations a study can run: the profiles compiled in (profiles/*.csv, written
// from the compression and scheduling plugins' model profiles) or a CSV file of the same form.
#pragma once

#include "netsim/packet/iteration_profile.hpp"

#include <memory>
#include <string>
#include <vector>

namespace sextant::congestion {

std::vector<std::string> builtin_profile_names();  // "vgg19", "dlrm"
// A builtin name or "file:PATH"; throws std::invalid_argument naming the accepted values.
std::shared_ptr<const netsim::packet::IterationProfile> load_profile(const std::string& spec);

}  // namespace sextant::congestion
