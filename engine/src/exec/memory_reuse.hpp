// Worker processes keep the memory they free for their next allocation (see the .cpp for why).
#pragma once

namespace sextant {

// Called once when a worker starts, before the plugin loads. SEXTANT_GLIBC_MALLOC_DEFAULTS=1
// leaves glibc's defaults, to measure what this saves.
void keep_freed_memory_for_reuse();

}  // namespace sextant
