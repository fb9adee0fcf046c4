// The common shape of every aggregation scheme: encode per worker -> aggregate (what the
// network does) -> decode. A scheme object runs all three steps for all workers in this
// process and reports the wire traffic round by round, so a network simulator can replay
// it and a training loop can use the decoded sum.
#pragma once

#include "compression/wire.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace compression {

enum class ValueMode { int32, float32 };  // "int" (fixed point, switch) or "float"
enum class IndexKind { bitmap, bloom };
// What sizes the one-pass LHC sketch before anyone knows the union: the union the same
// tensor's previous aggregation decoded, or a fixed compression ratio.
enum class SketchEstimate { previous, ratio };

// The three LHC protocols (compression/lhc_rounds.hpp): scheme "lhc", "lhc-union", "lhc-aligned".
enum class LhcVariant {
    one_pass,     // index and a fixed-size sketch in one pass, peeled at the receiver (the paper's design)
    union_sized,  // union-size registers, then the index, then a sketch sized from the candidates
    aligned,      // union-size registers, the index, then values aligned to the shared candidate list
};

struct SchemeConfig {
    std::string scheme = "lhc";          // lhc, lhc-union, lhc-aligned, dense, dense-int, topk, thc, omnireduce, fp16
    ValueMode mode = ValueMode::int32;   // lhc only
    IndexKind index = IndexKind::bloom;  // lhc only
    double load_factor = 1.23;           // lhc: sketch cells per candidate (one pass: per expected candidate)
    int hashes = 3;                      // lhc: cells per candidate
    SketchEstimate estimate = SketchEstimate::previous;  // lhc one pass
    double sketch_ratio = 10;      // lhc one pass: dense values per sketch cell, when sized by ratio
    double topk_fraction = 0.01;   // topk: k = fraction of the values, per worker
    int thc_bits = 4;              // thc: bits per quantised value
    std::size_t block_size = 256;  // omnireduce: values per block
    std::uint64_t seed = 0;        // shared randomness (hashes, rotations, rounding)
};

// Thread CPU time: the per-core cost, robust to other processes sharing the machine.
struct Timing {
    double encode_s = 0;     // one worker's encoding work (mean over workers)
    double aggregate_s = 0;  // the element-wise reduction of all workers' messages
    double decode_s = 0;     // one worker's decoding work (every worker decodes the same)
};

struct Report {
    std::vector<Round> rounds;
    Timing timing;
    std::size_t values = 0;  // n, per worker
    std::size_t workers = 0;
    std::size_t union_nonzeros = 0;  // positions nonzero at any worker
    // LHC only: candidates after the index phase (union + Bloom false positives), sketch
    // cells, values whose peeling stalled (detected) and values the repair round recovered.
    std::size_t candidates = 0;
    std::size_t sketch_cells = 0;
    std::size_t peel_failures = 0;
    std::size_t repaired = 0;
    std::size_t repairs = 0;  // aggregations that needed the repair round (0 or 1 per tensor)

    std::uint64_t bytes_sent() const;         // per worker, all rounds
    std::uint64_t bytes_received() const;     // per worker, all rounds
    bool switch_aggregatable() const;         // every round's operator runs on a switch
    Report& operator+=(const Report& other);  // accumulate tensors / steps
};

class Scheme {
public:
    virtual ~Scheme() = default;
    virtual std::string name() const = 0;
    // Lossless: the decoded sum equals the exact reference (dense float sum, or for
    // fixed-point schemes the dense fixed-point sum) bit for bit.
    virtual bool lossless() const = 0;
    // Aggregates one tensor: workers[w] is worker w's gradient (all the same length), out
    // receives the decoded sum (same length). Throws std::invalid_argument on bad input
    // (mismatched lengths, NaN/Inf) with a message naming the worker and position.
    virtual Report aggregate(std::span<const std::span<const float>> workers, std::span<float> out) = 0;
};

// Known scheme names, in the order users see them.
const std::vector<std::string>& scheme_names();
// The LHC protocol a scheme name selects; false for the other schemes.
bool lhc_variant(const std::string& scheme, LhcVariant& variant);
SketchEstimate parse_sketch_estimate(const std::string& text);  // "previous" | "ratio"
const char* to_string(SketchEstimate estimate);
// Throws std::invalid_argument naming the bad field and the accepted values.
std::unique_ptr<Scheme> make_scheme(const SchemeConfig& config);
ValueMode parse_value_mode(const std::string& text);  // "int" | "float"
IndexKind parse_index_kind(const std::string& text);  // "bitmap" | "bloom"
const char* to_string(ValueMode mode);
const char* to_string(IndexKind kind);

// Convenience: allocates the output.
struct Result {
    std::vector<float> sum;
    Report report;
};
Result aggregate(Scheme& scheme, const std::vector<std::vector<float>>& workers);

// Checks shared by all schemes: at least one worker, equal lengths, n < 2^32, and (when
// check_finite) no NaN/Inf. Throws std::invalid_argument naming worker and position.
void check_inputs(std::span<const std::span<const float>> workers, std::span<float> out, bool check_finite = true);
// Positions nonzero at any worker (a measurement, not part of any protocol).
std::size_t union_count(std::span<const std::span<const float>> workers);
// The same message a scheme gives when it meets a NaN/Inf while scanning.
[[noreturn]] void throw_not_finite(std::size_t worker, std::size_t position, float value);
// The same, for a participant named otherwise ("rank 1").
[[noreturn]] void throw_not_finite(const std::string& who, std::size_t position, float value);

}  // namespace compression
