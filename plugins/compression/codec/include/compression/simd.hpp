// Instruction-set dispatch for the codec's hot loops. Every SIMD path has a scalar twin
// with the same results (the tests compare them on random inputs and edge cases); the
// public functions pick the best path this processor supports at run time.
#pragma once

#include <optional>
#include <string_view>

namespace compression {

enum class Isa { scalar, sse2, avx2 };

// The best path this processor supports (AVX2 where present; SSE2 is in every x86-64).
Isa best_isa();
// For tests: makes best_isa() return `isa` (when supported here) until called with
// std::nullopt, so whole schemes can be run on every path. Not thread-safe.
void force_isa(std::optional<Isa> isa);
// Whether `isa` can run here.
bool isa_supported(Isa isa);
std::string_view to_string(Isa isa);

}  // namespace compression
