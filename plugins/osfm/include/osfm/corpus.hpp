// Track A's dataset: channel values every interval, labelled with the scenario and the phase
// the workload script was in, stored as CSV with the recipe that produced it.
//
//   # recipe: <one line: how the corpus was collected>
//   t_s,scenario,phase,cpu_user,cpu_nice,...
//   0.1,cpu-io,stress-cpu+fio-randread,0.93,0,...
#pragma once

#include "osfm/proc_sample.hpp"

#include <atomic>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace sextant::osfm {

struct CorpusRow {
    double t_s = 0;  // since the scenario's first sample
    std::string scenario;
    std::string phase;
    std::vector<double> values;  // one per channel, in the corpus's channel order
};

struct Corpus {
    std::vector<std::string> recipe;    // the "# recipe:" lines
    std::vector<std::string> channels;  // column names after t_s, scenario, phase
    std::vector<CorpusRow> rows;
};

// Throws std::invalid_argument naming FILE:LINE (and the column) on malformed input.
Corpus parse_corpus_csv(std::istream& in, const std::string& file);
Corpus read_corpus_csv(const std::string& path);
void write_corpus_header(const std::vector<std::string>& recipe, std::ostream& out);
void write_corpus_row(const CorpusRow& row, std::ostream& out);

struct CollectOptions {
    double interval_s = 0.1;
    double seconds = 10;
    std::string scenario = "unnamed";
    std::string phase_file;  // its first line is the phase label, re-read every sample
    std::string proc_root = "/proc";
};

// Samples /proc every interval until `seconds` pass or `stop` turns true, writing corpus rows
// (not the header) to `out`, and each raw sample to `raw` when given. Returns rows written.
std::size_t collect(const CollectOptions& options, std::ostream& out, std::ostream* raw, const std::atomic<bool>& stop);

// Rows from a recording of raw samples (the first sample only starts the deltas).
std::vector<CorpusRow> rows_from_samples(const std::vector<ProcText>& samples, const std::string& scenario,
                                         const std::string& phase);

}  // namespace sextant::osfm
