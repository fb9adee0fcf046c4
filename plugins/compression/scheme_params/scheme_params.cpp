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
                          "LHC sketch cells per candidate (plus a 2 sqrt(C) finite-size margin). Peeling needs "
                          "> 1.222 for 3 hashes; smaller values exercise the exact repair round.");
    lf.source = "3-core threshold of random 3-hypergraphs, 0.818 candidates per cell (Molloy 2005)";
    ps.push_back(lf);
    ps.push_back(int_param("hashes", 3, 2, 8, "LHC sketch cells per position (the public LHC code uses 3)."));
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
    c.topk_fraction = p.real("topk_fraction");
    c.thc_bits = static_cast<int>(p.integer("thc_bits"));
    c.block_size = static_cast<std::size_t>(p.integer("block_size"));
    c.seed = seed;
    return c;
}

}  // namespace sextant::compression_params
