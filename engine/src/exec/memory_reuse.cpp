// libtorch's CPU allocator gives every tensor back to malloc when it dies, and a forward pass
// makes hundreds of tensors of a few MB. With glibc's defaults those come from fresh mmap()s or
// from heap pages just trimmed back to the OS, so each forward pass pays a page fault for every
// 4 KB it writes: 19% of a caching run's CPU time under perf, and building the cache of 3,000
// images took 7.7-10.3 s instead of 1.7-2.5 s (docs/engine.md, "Memory reuse in workers").
// Fixed thresholds keep freed memory in the process for the next tensor; the price is that a
// worker holds on to its peak heap until its run ends.
#include "exec/memory_reuse.hpp"

#include <malloc.h>

#include <cstdlib>
#include <string_view>

namespace sextant {

namespace {

constexpr int kMmapThreshold = 32 << 20;   // glibc's largest allowed on 64-bit: below it, the heap
constexpr int kTrimThreshold = 512 << 20;  // free memory kept at the heap's top before trimming

}  // namespace

void keep_freed_memory_for_reuse() {
    if (const char* v = std::getenv("SEXTANT_GLIBC_MALLOC_DEFAULTS"); v && std::string_view(v) == "1") return;
    // Setting either value also stops glibc's own adjustment of both, which is what trims.
    ::mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
    ::mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
}

}  // namespace sextant
