// "Did you mean ...?" suggestions for unknown names.
#pragma once

#include <string>
#include <vector>

namespace sextant {

// Edit distance between two names (Levenshtein, case-insensitive).
std::size_t edit_distance(const std::string& a, const std::string& b);

// The known name closest to `name`, or "" when none is plausibly meant.
std::string closest_name(const std::string& name, const std::vector<std::string>& known);

// " (did you mean 'x'?)" or "" - ready to append to an error message.
std::string did_you_mean(const std::string& name, const std::vector<std::string>& known);
// The same for a suggestion already found ("" for none).
std::string did_you_mean_text(const std::string& suggestion);

}  // namespace sextant
