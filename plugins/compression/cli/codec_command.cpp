#include "codec_command.hpp"
#include "profile_command.hpp"

#include <compression/minimum.hpp>
#include <compression/npy.hpp>
#include <compression/scheme.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <memory>
#include <stdexcept>

namespace sextant::cli {

namespace {

constexpr int kOk = 0, kFailure = 1, kBadInput = 2;

// Thrown for anything the user can fix; becomes exit code 2.
struct BadInput : std::runtime_error {
    using std::runtime_error::runtime_error;
};

double parse_number(const std::string& flag, const std::string& text) {
    std::size_t used = 0;
    double v = 0;
    try {
        v = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || text.empty()) throw BadInput(flag + ": '" + text + "' is not a number");
    return v;
}

compression::SchemeConfig config_from(const CodecAggregateOptions& o) {
    compression::SchemeConfig c;
    c.scheme = o.scheme;
    try {
        c.mode = compression::parse_value_mode(o.mode);
    } catch (const std::invalid_argument& e) {
        throw BadInput(std::string("--mode: ") + e.what());
    }
    try {
        c.index = compression::parse_index_kind(o.index);
    } catch (const std::invalid_argument& e) {
        throw BadInput(std::string("--index: ") + e.what());
    }
    c.load_factor = parse_number("--load-factor", o.load_factor);
    c.sketch_ratio = parse_number("--sketch-ratio", o.sketch_ratio);
    const double seed = parse_number("--seed", o.seed);
    if (seed < 0 || seed != static_cast<double>(static_cast<std::uint64_t>(seed)))
        throw BadInput("--seed: '" + o.seed + "' is not a non-negative integer");
    c.seed = static_cast<std::uint64_t>(seed);
    return c;
}

nlohmann::json statistics(const CodecAggregateOptions& o, const compression::Scheme& scheme,
                          const compression::Report& r) {
    const double dense = 4.0 * static_cast<double>(r.values);
    const double wire = static_cast<double>(r.bytes_sent() + r.bytes_received());
    nlohmann::json j;
    j["scheme"] = scheme.name();
    if (compression::LhcVariant v; compression::lhc_variant(o.scheme, v)) {
        j["mode"] = o.mode;
        j["index"] = o.index;
        j["load_factor"] = std::stod(o.load_factor);
        if (v == compression::LhcVariant::one_pass) j["sketch_ratio"] = std::stod(o.sketch_ratio);
        j["repairs"] = r.repairs;
        j["passes"] = collective::passes(r.rounds);
    }
    j["workers"] = r.workers;
    j["values"] = r.values;
    j["union_nonzeros"] = r.union_nonzeros;
    j["bytes_sent_per_worker"] = r.bytes_sent();
    j["bytes_received_per_worker"] = r.bytes_received();
    j["dense_bytes_per_worker"] = static_cast<std::uint64_t>(dense);
    j["compression_ratio"] = wire > 0 ? 2 * dense / wire : 0.0;
    const double minimum = compression::minimum_bytes(r.values, r.union_nonzeros);
    j["ratio_to_minimum"] = minimum > 0 ? static_cast<double>(r.bytes_received()) / minimum : 0.0;
    j["lossless"] = scheme.lossless();
    j["switch_aggregatable"] = r.switch_aggregatable();
    j["candidates"] = r.candidates;
    j["sketch_cells"] = r.sketch_cells;
    j["peel_failures"] = r.peel_failures;
    j["repaired"] = r.repaired;
    j["encode_s"] = r.timing.encode_s;
    j["aggregate_s"] = r.timing.aggregate_s;
    j["decode_s"] = r.timing.decode_s;
    nlohmann::json rounds = nlohmann::json::array();
    for (const auto& round : r.rounds)
        rounds.push_back({{"name", round.name},
                          {"op", compression::to_string(round.op)},
                          {"bytes_sent", round.bytes_sent},
                          {"bytes_received", round.bytes_received}});
    j["rounds"] = rounds;
    return j;
}

}  // namespace

int run_codec_aggregate(const CodecAggregateOptions& o, std::ostream& out, std::ostream& err) {
    try {
        if (o.scheme.empty())
            throw BadInput(
                "--scheme is required (one of lhc, lhc-union, lhc-aligned, dense, dense-int, topk, thc, omnireduce, "
                "fp16)");
        if (o.inputs.empty()) throw BadInput("--in needs one .npy file per worker");
        if (o.output.empty()) throw BadInput("--out is required: where to write the aggregate (.npy)");
        std::unique_ptr<compression::Scheme> scheme;
        try {
            scheme = compression::make_scheme(config_from(o));
        } catch (const std::invalid_argument& e) {
            throw BadInput(std::string(o.scheme.empty() ? "" : "--scheme/--load-factor/--sketch-ratio: ") + e.what());
        }

        std::vector<compression::NpyArray> arrays;
        for (const auto& path : o.inputs) {
            try {
                arrays.push_back(compression::read_npy(path));
            } catch (const compression::NpyError& e) {
                throw BadInput(std::string("--in ") + e.what());
            }
            if (arrays.back().data.size() != arrays.front().data.size())
                throw BadInput("--in " + path + ": " + std::to_string(arrays.back().data.size()) + " values, but " +
                               o.inputs.front() + " has " + std::to_string(arrays.front().data.size()) +
                               "; every worker's gradient must have the same length");
        }
        std::vector<std::span<const float>> workers;
        for (const auto& a : arrays) workers.emplace_back(a.data);
        std::vector<float> sum(arrays.front().data.size());
        compression::Report report;
        try {
            report = scheme->aggregate(workers, sum);
        } catch (const std::invalid_argument& e) {  // NaN/Inf, fp16 range: name the file
            std::string what = e.what();
            const std::string prefix = "worker ";
            if (what.rfind(prefix, 0) == 0) {
                const auto w = std::stoul(what.substr(prefix.size()));
                if (w < o.inputs.size()) what = o.inputs[w] + " (" + what + ")";
            }
            throw BadInput("--in " + what);
        }
        try {
            compression::write_npy(o.output, sum, arrays.front().shape, arrays.front().fortran_order);
        } catch (const compression::NpyError& e) {
            throw BadInput(std::string("--out ") + e.what());
        }
        if (o.json) out << statistics(o, *scheme, report).dump() << "\n";
        return kOk;
    } catch (const BadInput& e) {
        err << "codec aggregate: " << e.what() << "\n";
        return kBadInput;
    } catch (const std::exception& e) {
        err << "codec aggregate: failed: " << e.what() << "\n";
        return kFailure;
    }
}

void add_codec_command(CLI::App& app, int& exit_code) {
    auto* codec = app.add_subcommand("codec", "Gradient compression codecs on your own gradients (.npy)");
    codec->require_subcommand(1);
    auto options = std::make_shared<CodecAggregateOptions>();
    auto* agg = codec->add_subcommand("aggregate",
                                      "Aggregate one float32 .npy gradient per worker with a compression scheme "
                                      "and write the decoded sum");
    agg->add_option("--scheme", options->scheme,
                    "lhc (one pass: index + a sketch of n / sketch-ratio cells), lhc-union (sketch sized from the "
                    "union), lhc-aligned, dense, dense-int, topk, thc, omnireduce or fp16");
    agg->add_option("--mode", options->mode, "lhc value mode: int (fixed point, as a switch sums; exact) or float");
    agg->add_option("--load-factor", options->load_factor, "lhc sketch cells per candidate (default 1.23)");
    agg->add_option("--index", options->index, "lhc index: bloom (compact) or bitmap");
    agg->add_option("--sketch-ratio", options->sketch_ratio,
                    "lhc: dense values per sketch cell (default 10, the public LHC code's ratio); a sketch too "
                    "small for the union is repaired exactly");
    agg->add_option("--seed", options->seed, "shared seed of hashes and rotations (default 0)");
    agg->add_option("--in", options->inputs, "one float32 .npy per worker, all the same length");
    agg->add_option("--out", options->output, "where to write the aggregate as float32 .npy");
    agg->add_flag("--json", options->json, "print statistics (bytes, ratio, failures repaired) as one JSON object");
    agg->callback([options, &exit_code] { exit_code = run_codec_aggregate(*options, std::cout, std::cerr); });
    add_codec_profile_command(*codec, exit_code);
}

}  // namespace sextant::cli
