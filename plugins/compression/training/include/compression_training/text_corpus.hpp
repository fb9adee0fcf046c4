// Word windows from a plain-text corpus for the LSTM language model: real English text that
// Debian ships (the fortunes package by default), so the embedding's sparsity is that of
// real word frequencies, not a drawn distribution.
#pragma once

#include "compression_training/config.hpp"
#include "compression_training/examples.hpp"

#include <string>

namespace compression_training {

struct TextCorpus {
    Examples train, test;   // ids: `context` word ids per example; label: the next word's id
    std::size_t words = 0;  // in the corpus
    double unknown = 0;     // share of the corpus's words outside the vocabulary (id 0)
    std::string description;
};

// Reads spec.corpus (a file, or every file of a folder but fortune's *.dat indexes and
// links, in name order): lower-cased runs of letters and apostrophes are words; the most
// frequent spec.vocab - 1 get ids 1.. in order of frequency (ties alphabetical), the rest 0.
// The first 90% of the word stream gives `train` windows, the last 10% `test` windows,
// spread evenly over each part. Throws std::runtime_error naming the file when it cannot be
// read or is too short (hint: apt-get install fortunes).
TextCorpus load_text_corpus(const TextSpec& spec, std::size_t train, std::size_t test);

}  // namespace compression_training
