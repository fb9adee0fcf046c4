// Large buffers that the codec reads and writes at random positions (sketch cells, Bloom
// filter, peeling state) are asked to be backed by 2 MiB pages where the kernel leaves
// that to the program (transparent huge pages in "madvise" mode): with 4 KiB pages nearly
// every random access to a buffer of tens of MB also misses the TLB.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace compression {

inline constexpr std::size_t kHugePage = std::size_t{2} << 20;

// Advises the whole 2 MiB pages inside [p, p + bytes); pages already touched keep theirs.
inline void advise_huge_pages(const void* p, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    const auto begin = (reinterpret_cast<std::uintptr_t>(p) + kHugePage - 1) & ~(kHugePage - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(kHugePage - 1);
    if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

// Gives v room for n elements; a new buffer of at least one huge page is advised before
// anything touches it. The contents are not kept when the buffer is replaced (callers
// overwrite them).
template <class Vector>
void reserve_huge(Vector& v, std::size_t n) {
    if (v.capacity() >= n) return;
    Vector fresh;
    fresh.reserve(n);
    if (n * sizeof(typename Vector::value_type) >= kHugePage)
        advise_huge_pages(fresh.data(), n * sizeof(typename Vector::value_type));
    v.swap(fresh);
}

}  // namespace compression
