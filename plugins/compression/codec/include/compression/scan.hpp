// The encoder's first step: one pass over a dense gradient that lists its nonzeros
// (positions ascending, with their values) and the largest magnitude's bits. Runs at
// memory speed with AVX2 (a 64-value block of zeros costs 8 loads and compares; nonzeros
// are packed with a permutation table), SSE2 where AVX2 is missing, scalar otherwise: the
// paths give identical results (tests/compression/test_simd.cpp).
#pragma once

#include "compression/simd.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

namespace compression {

// An allocator whose resize() leaves new elements uninitialised (for buffers that are
// written before they are read), so reusing or growing a buffer does not zero it first.
template <class T>
struct UninitAllocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = UninitAllocator<U>;
    };
    UninitAllocator() = default;
    template <class U>
    UninitAllocator(const UninitAllocator<U>&) noexcept {}
    template <class U, class... Args>
    void construct(U* p, Args&&... args) {
        if constexpr (sizeof...(Args) == 0) ::new (static_cast<void*>(p)) U;
        else ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};
template <class T>
using ScratchVector = std::vector<T, UninitAllocator<T>>;

struct NonzeroList {
    ScratchVector<std::uint32_t> positions;
    ScratchVector<float> values;
    std::uint32_t max_abs_bits = 0;  // largest |x| as IEEE bits: >= 0x7f800000 means NaN/Inf
};

// Replaces `out` (keeping its buffers' capacity) by the nonzeros of x: every value whose
// bits, sign aside, are not zero (so NaN and Inf are listed too; the caller rejects them).
void scan_nonzeros(std::span<const float> x, NonzeroList& out);
void scan_nonzeros(Isa isa, std::span<const float> x, NonzeroList& out);

}  // namespace compression
