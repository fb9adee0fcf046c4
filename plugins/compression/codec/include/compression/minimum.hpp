// The information-theoretic minimum for an aggregate with k nonzeros among n positions:
// log2 C(n, k) bits to say where they are, plus 32 bits per value.
#pragma once

#include <cstddef>

namespace compression {

double log2_binomial(std::size_t n, std::size_t k);
double minimum_bytes(std::size_t n, std::size_t k);

}  // namespace compression
