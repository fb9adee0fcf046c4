// Processes for the OS simulator: each is a stream of (CPU burst, page reference) pairs drawn
// up front from a seed, so a stream does not depend on the policy under test; only its timing
// (and so the interleaving of the processes) does.
#pragma once

#include "osfm/page_list.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sextant::osfm {

enum class StreamKind {
    Scan,    // one pass over a file much larger than the cache (no reuse)
    Loop,    // a file read front to back again and again
    Zipf,    // random references to a file, page i with probability ~ 1/i^s
    Phases,  // alternates Zipf and Scan every phase_refs references
};
const char* stream_name(StreamKind kind);

struct ProcessSpec {
    StreamKind kind = StreamKind::Zipf;
    std::uint64_t pages = 1024;  // file size (Scan: the size of each fresh region)
    double zipf_s = 0.9;
    std::uint64_t phase_refs = 5000;
    double cpu_us = 20;  // mean CPU burst before each reference (exponential)
    std::uint64_t references = 50000;
};

struct Step {
    Page page;
    double cpu_us;
};

struct Process {
    StreamKind kind;
    std::uint64_t file_pages;  // size of the process's own file (readahead stops at its end)
    std::vector<Step> steps;
};

// Page numbers carry their file in the top 32 bits: file f, page i -> (f << 32) | i.
inline Page file_page(std::uint32_t file, std::uint64_t index) { return (Page{file} << 32) | index; }
inline std::uint32_t file_of(Page p) { return static_cast<std::uint32_t>(p >> 32); }

// Process i reads file i (Phases: files i and 1000 + i). Deterministic in seed.
std::vector<Process> make_processes(const std::vector<ProcessSpec>& specs, std::uint64_t seed);

}  // namespace sextant::osfm
