// Profiles as CSV, so a profile measured elsewhere (say on a GPU box) can be planned here:
//
//   config,batch,latency_ms,accuracy
//   V,1,3.2,0.87
//   V+A,8,11.5,0.93
//   ...
//
// `config` is a canonical name (V, A, T joined with '+' in that order), `batch` a positive
// integer, `latency_ms` the time of one batch, `accuracy` the configuration's accuracy in
// [0, 1] (the same on all its rows). All 7 configurations must be present; latency must not
// fall as the batch grows. Blank lines and lines starting with '#' are skipped.
#pragma once

#include "modality/profile.hpp"

#include <iosfwd>
#include <stdexcept>
#include <string>

namespace sextant::modality {

// "FILE:LINE: FIELD: what was expected, got what".
struct ProfileFileError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

Profile read_profile_csv(const std::string& path);
Profile parse_profile_csv(std::istream& in, const std::string& name);  // name used in messages
void write_profile_csv(const Profile& profile, std::ostream& out);

}  // namespace sextant::modality
