#include "osfm/workload.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

namespace sextant::osfm {

const char* stream_name(StreamKind kind) {
    switch (kind) {
    case StreamKind::Scan: return "scan";
    case StreamKind::Loop: return "loop";
    case StreamKind::Zipf: return "zipf";
    case StreamKind::Phases: return "phases";
    }
    return "?";
}

namespace {

class ZipfDraw {
public:
    ZipfDraw(std::uint64_t n, double s) : cdf_(n) {
        double sum = 0;
        for (std::uint64_t i = 0; i < n; ++i) cdf_[i] = (sum += 1.0 / std::pow(static_cast<double>(i + 1), s));
        for (double& c : cdf_) c /= sum;
    }
    template <class Rng>
    std::uint64_t operator()(Rng& rng) {
        std::uniform_real_distribution<double> u(0, 1);
        auto it = std::lower_bound(cdf_.begin(), cdf_.end(), u(rng));
        return static_cast<std::uint64_t>(std::min<std::ptrdiff_t>(it - cdf_.begin(), cdf_.size() - 1));
    }

private:
    std::vector<double> cdf_;
};

}  // namespace

std::vector<Process> make_processes(const std::vector<ProcessSpec>& specs, std::uint64_t seed) {
    std::vector<Process> out;
    for (std::size_t i = 0; i < specs.size(); ++i) {
        const ProcessSpec& s = specs[i];
        if (s.pages < 1 || s.references < 1 || s.cpu_us < 0)
            throw std::invalid_argument("process " + std::to_string(i) +
                                        ": pages and references must be >= 1, cpu_us >= 0");
        std::mt19937_64 rng(seed * 1000003 + i);
        std::exponential_distribution<double> burst(s.cpu_us > 0 ? 1.0 / s.cpu_us : 1.0);
        // Hot pages are spread over the file (a permutation), so zipf ranks are not sequential runs.
        std::vector<std::uint64_t> rank_to_page(s.pages);
        for (std::uint64_t k = 0; k < s.pages; ++k) rank_to_page[k] = k;
        std::shuffle(rank_to_page.begin(), rank_to_page.end(), rng);
        ZipfDraw zipf(s.pages, s.zipf_s);
        const auto file = static_cast<std::uint32_t>(i);
        Process p{s.kind, s.kind == StreamKind::Scan ? s.references : s.pages, {}};
        p.steps.reserve(s.references);
        std::uint64_t cursor = 0;
        for (std::uint64_t r = 0; r < s.references; ++r) {
            StreamKind k = s.kind;
            if (k == StreamKind::Phases) k = (r / s.phase_refs) % 2 == 0 ? StreamKind::Zipf : StreamKind::Scan;
            Page page;
            switch (k) {
            case StreamKind::Scan: page = file_page(s.kind == StreamKind::Phases ? 1000 + file : file, cursor++); break;
            case StreamKind::Loop: page = file_page(file, cursor++ % s.pages); break;
            default: page = file_page(file, rank_to_page[zipf(rng)]); break;
            }
            p.steps.push_back({page, s.cpu_us > 0 ? burst(rng) : 0.0});
        }
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace sextant::osfm
