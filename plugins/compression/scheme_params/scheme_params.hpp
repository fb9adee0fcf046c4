// The codec's parameters as plugins declare and read them. Both the `compression` plugin
// and `compression-training` expose the same knobs, so a project can sweep one scheme
// setting across both and see the same names, ranges, defaults and help.
#pragma once

#include <compression/scheme.hpp>
#include <sextant/declarations.hpp>
#include <sextant/params.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace sextant::compression_params {

// `scheme`: a choice of every scheme the codec has, default lhc; `help` says what the
// choice means in the declaring plugin.
ParamDecl scheme_param(const std::string& help);

// The per-scheme knobs: mode, index, load_factor, hashes (lhc), topk_fraction, thc_bits,
// block_size (omnireduce).
std::vector<ParamDecl> scheme_knob_params();

// The codec configuration those parameters describe; `seed` is the run's seed.
// Does not validate combinations: compression::make_scheme does.
::compression::SchemeConfig read_scheme_config(const Params& params, std::uint64_t seed);

}  // namespace sextant::compression_params
