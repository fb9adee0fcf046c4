// IEEE-754 binary16 conversion (round to nearest even), for the fp16 baseline.
#pragma once

#include <cstdint>

namespace collective {

std::uint16_t float_to_half(float x);
float half_to_float(std::uint16_t h);
inline constexpr float kHalfMax = 65504.0f;

}  // namespace collective
