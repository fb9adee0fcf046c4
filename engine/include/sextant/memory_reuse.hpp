// Processes that run libtorch keep the memory they free for their next allocation.
//
// libtorch's CPU allocator gives every tensor back to malloc when it dies, and a forward pass
// makes hundreds of tensors of a few MB. With glibc's defaults those come from fresh mmap()s or
// from heap pages just trimmed back to the OS, so each forward pass pays a page fault for every
// 4 KB it writes: 19% of a caching run's CPU time under perf (docs/engine.md, "Memory reuse in
// workers"). Fixed thresholds keep freed memory in the process for the next tensor; the price
// is that the process holds on to its peak heap. Workers call this when they start, and so do
// the tools that measure latencies (so profiles and runs see the same allocator).
// SEXTANT_GLIBC_MALLOC_DEFAULTS=1 leaves glibc's defaults, to measure what this saves.
#pragma once

#include <malloc.h>

#include <cstdlib>
#include <string_view>

namespace sextant {

inline void keep_freed_memory_for_reuse() {
    if (const char* v = std::getenv("SEXTANT_GLIBC_MALLOC_DEFAULTS"); v && std::string_view(v) == "1") return;
    // Setting either value also stops glibc's own adjustment of both, which is what trims.
    ::mallopt(M_MMAP_THRESHOLD, 32 << 20);   // glibc's largest allowed on 64-bit: below it, the heap
    ::mallopt(M_TRIM_THRESHOLD, 512 << 20);  // free memory kept at the heap's top before trimming
}

}  // namespace sextant
