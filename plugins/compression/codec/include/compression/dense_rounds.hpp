// The dense baselines' rounds, written once against a collective::Group (as LHC's are in
// compression/lhc_rounds.hpp): the codec runs them in memory, a training rank over Gloo.
//   dense:      values (float32 sum)
//   dense-int:  meta (max per byte: the largest exponent fixes the shared scale, as
//               SwitchML does), values (int32 sum of fixed point)
// mine[m] is member m's gradient; `sum` receives the decoded sum. Throws
// std::invalid_argument for NaN/Inf, naming the member and position. Returns the decode
// time on the group's clock; rounds and encode/reduce times go to group.tally().
#pragma once

#include "compression/wire.hpp"

#include <collective/group.hpp>

#include <span>

namespace compression {

double dense_rounds(collective::Group& group, std::span<const std::span<const float>> mine, std::span<float> sum);
double dense_int_rounds(collective::Group& group, std::span<const std::span<const float>> mine, std::span<float> sum);

}  // namespace compression
