#include "collective/reduce.hpp"

#include "collective/half.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

namespace collective {

const char* to_string(Reduce op) {
    switch (op) {
    case Reduce::sum_int32: return "sum-int32";
    case Reduce::sum_float32: return "sum-float32";
    case Reduce::sum_float16: return "sum-float16";
    case Reduce::bit_or: return "or";
    case Reduce::max_byte: return "max-byte";
    case Reduce::max_uint32: return "max-uint32";
    case Reduce::gather: return "gather";
    case Reduce::merge: return "merge";
    }
    return "?";
}

bool elementwise(Reduce op) { return op != Reduce::gather && op != Reduce::merge; }

void reduce_words(Reduce op, std::span<std::uint32_t> acc, std::span<const std::uint32_t> in) {
    if (acc.size() != in.size())
        throw std::invalid_argument("reduce: messages differ in length (" + std::to_string(acc.size()) + " vs " +
                                    std::to_string(in.size()) + " words)");
    const std::size_t n = acc.size();
    std::uint32_t* a = acc.data();
    const std::uint32_t* m = in.data();
    switch (op) {
    case Reduce::sum_int32:  // unsigned arithmetic wraps like a switch's adders
        for (std::size_t i = 0; i < n; ++i) a[i] += m[i];
        return;
    case Reduce::sum_float32:
        for (std::size_t i = 0; i < n; ++i)
            a[i] = std::bit_cast<std::uint32_t>(std::bit_cast<float>(a[i]) + std::bit_cast<float>(m[i]));
        return;
    case Reduce::sum_float16:
        for (std::size_t i = 0; i < n; ++i) {
            const auto lo = float_to_half(half_to_float(a[i] & 0xffffu) + half_to_float(m[i] & 0xffffu));
            const auto hi = float_to_half(half_to_float(a[i] >> 16) + half_to_float(m[i] >> 16));
            a[i] = lo | (static_cast<std::uint32_t>(hi) << 16);
        }
        return;
    case Reduce::bit_or:
        for (std::size_t i = 0; i < n; ++i) a[i] |= m[i];
        return;
    case Reduce::max_uint32:
        for (std::size_t i = 0; i < n; ++i) a[i] = std::max(a[i], m[i]);
        return;
    case Reduce::max_byte:
        for (std::size_t i = 0; i < n; ++i) {
            std::uint32_t r = 0;
            for (int b = 0; b < 32; b += 8) r |= std::max((a[i] >> b) & 0xffu, (m[i] >> b) & 0xffu) << b;
            a[i] = r;
        }
        return;
    case Reduce::gather:
    case Reduce::merge: break;
    }
    throw std::invalid_argument(std::string("reduce: '") + to_string(op) +
                                "' is not element-wise; the scheme aggregates it itself");
}

}  // namespace collective
