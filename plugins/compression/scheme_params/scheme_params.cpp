#include "scheme_params.hpp"

namespace sextant::compression_params {

ParamDecl scheme_param(const std::string& help) {
    return choice_param("scheme", "lhc", ::compression::scheme_names(), help);
}

std::vector<ParamDecl> scheme_knob_params() {
    std::vector<ParamDecl> ps;
    ps.push_back(choice_param("mode", "int", {"int", "float"},
                              "LHC values: int (fixed point as a switch adds: bit-identical to dense-int) or float "
                              "(float32 cells)."));
    ps.push_back(choice_param("index", "bloom", {"bloom", "bitmap"},
                              "LHC index: bloom (sized to minimise total bytes) or bitmap (n/8 bytes)."));
    auto lf = float_param("load_factor", 1.23, 0.1, 4.0,
                          "LHC sketch cells per candidate (plus a 2 sqrt(C) finite-size margin; one pass: per "
                          "expected candidate). Peeling needs > 1.222 for 3 hashes; smaller values exercise the "
                          "exact repair round.");
    lf.source = "3-core threshold of random 3-hypergraphs, 0.818 candidates per cell (Molloy 2005)";
    ps.push_back(lf);
    ps.push_back(int_param("hashes", 3, 2, 8, "LHC sketch cells per position (the public LHC code uses 3)."));
    auto est = choice_param("sketch_estimate", "previous", {"previous", "ratio"},
                            "One-pass LHC (scheme lhc): what sizes the sketch before the union is known - the union "
                            "the same tensor's previous aggregation decoded (the first aggregation falls back to "
                            "sketch_ratio), or always the fixed sketch_ratio. Too small a sketch is repaired exactly "
                            "(counted in repair_rate).");
    ps.push_back(est);
    auto ratio = float_param("sketch_ratio", 10.0, 1.0, 1e6,
                             "One-pass LHC: dense values per sketch cell when the sketch is sized by a fixed ratio.");
    ratio.log_scale = true;
    ratio.source =
        "the public LHC code's default compression ratio of about 10x (lihy0529/lossless_homomorphic_compression)";
    ps.push_back(ratio);
    ps.push_back(float_param("topk_fraction", 0.01, 1e-6, 1.0, "Top-k: fraction of values each worker sends."));
    ps.push_back(int_param("thc_bits", 4, 1, 8, "THC: bits per quantised value."));
    ps.push_back(int_param("block_size", 256, 1, 1 << 20, "OmniReduce: values per block.", "values"));
    return ps;
}

::compression::SchemeConfig read_scheme_config(const Params& p, std::uint64_t seed) {
    ::compression::SchemeConfig c;
    c.scheme = p.text("scheme");
    c.mode = ::compression::parse_value_mode(p.text("mode"));
    c.index = ::compression::parse_index_kind(p.text("index"));
    c.load_factor = p.real("load_factor");
    c.hashes = static_cast<int>(p.integer("hashes"));
    if (p.has("sketch_estimate")) c.estimate = ::compression::parse_sketch_estimate(p.text("sketch_estimate"));
    if (p.has("sketch_ratio")) c.sketch_ratio = p.real("sketch_ratio");
    c.topk_fraction = p.real("topk_fraction");
    c.thc_bits = static_cast<int>(p.integer("thc_bits"));
    c.block_size = static_cast<std::size_t>(p.integer("block_size"));
    c.seed = seed;
    return c;
}

}  // namespace sextant::compression_params
