#include "compression/simd.hpp"

namespace compression {

bool isa_supported(Isa isa) {
    switch (isa) {
    case Isa::scalar: return true;
#if defined(__x86_64__) || defined(__i386__)
    case Isa::sse2: return true;
    case Isa::avx2: return __builtin_cpu_supports("avx2");
#else
    default: return false;
#endif
    }
    return false;
}

namespace {
std::optional<Isa> forced;
}

void force_isa(std::optional<Isa> isa) { forced = isa && isa_supported(*isa) ? isa : std::nullopt; }

Isa best_isa() {
    static const Isa best = isa_supported(Isa::avx2) ? Isa::avx2 : isa_supported(Isa::sse2) ? Isa::sse2 : Isa::scalar;
    return forced ? *forced : best;
}

std::string_view to_string(Isa isa) {
    switch (isa) {
    case Isa::scalar: return "scalar";
    case Isa::sse2: return "sse2";
    case Isa::avx2: return "avx2";
    }
    return "?";
}

}  // namespace compression
