// LHC encode beside top-k selection at the same k, std::nth_element and at::topk (libtorch,
// CPU), all in one run and on one core. A separate executable so bench_compression_codec
// stays free of libtorch; built only when find_package(Torch) succeeds.
//   bench_codec_vs_torch_topk [--log2n=26]
// Times are thread CPU time (CLOCK_THREAD_CPUTIME_ID, the codec's own stopwatch for LHC),
// fastest of a few repetitions. at::set_num_threads(1) keeps ATen's intra-op work on the
// calling thread, so its thread CPU time is all of topk's work.
#include "bench_gradient.hpp"

#include <compression/scheme.hpp>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <limits>
#include <random>
#include <span>
#include <vector>

namespace {

std::size_t g_n = std::size_t{1} << 26;
const double kDensities[] = {0.001, 0.01, 0.1};

double thread_cpu_s() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

template <class F>
double fastest(int reps, F&& f) {
    double best = std::numeric_limits<double>::infinity();
    for (int r = 0; r < reps; ++r) best = std::min(best, f());
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        if (std::strncmp(argv[i], "--log2n=", 8) == 0) g_n = std::size_t{1} << std::atoi(argv[i] + 8);
    at::set_num_threads(1);
    std::vector<float> out(g_n, 0.0f);  // touched once so page faults are not timed
    std::vector<float> scratch(g_n);

    std::printf("LHC encode vs top-k selection at the same k, n = 2^%d float32 (%.0f MB), one worker, int mode\n",
                static_cast<int>(std::log2(static_cast<double>(g_n))), g_n * 4 / 1e6);
    std::printf("thread CPU time of one core (at::get_num_threads() = %d), fastest of the repetitions, seconds\n",
                at::get_num_threads());
    std::printf("%-8s %9s %11s %11s %11s %12s %12s %11s %11s\n", "density", "k", "lhc bitmap", "lhc bloom", "nth_elem",
                "topk unsort", "topk sorted", "topk/enc", "nth/enc");
    for (double d : kDensities) {
        const std::vector<float> x = bench_gradient(g_n, d);  // as bench_compression_codec draws it
        const auto k = static_cast<std::size_t>(std::count_if(x.begin(), x.end(), [](float v) { return v != 0.0f; }));
        const int reps = d < 0.05 ? 3 : 2;

        // (a) LHC encode, from the codec's own stopwatch (thread CPU time), as bench_codec does.
        double enc[2];
        for (auto index : {compression::IndexKind::bitmap, compression::IndexKind::bloom}) {
            compression::SchemeConfig c;
            c.index = index;
            auto scheme = compression::make_scheme(c);
            const std::vector<std::span<const float>> workers{x};
            enc[index == compression::IndexKind::bloom] =
                fastest(reps, [&] { return scheme->aggregate(workers, out).timing.encode_s; });
        }

        // (b) |x| into a scratch buffer, then std::nth_element at k (as bench_codec does).
        const double nth = fastest(2, [&] {
            const double t0 = thread_cpu_s();
            for (std::size_t i = 0; i < g_n; ++i) scratch[i] = std::fabs(x[i]);
            std::nth_element(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(k - 1), scratch.end(),
                             std::greater<float>());
            const double t = thread_cpu_s() - t0;
            if (!(scratch[k - 1] > 0.0f)) std::abort();
            return t;
        });

        // (c) at::topk(abs(x), k) on a tensor wrapping x (from_blob, no copy); the abs is timed.
        const at::Tensor xt = at::from_blob(const_cast<float*>(x.data()), {static_cast<std::int64_t>(g_n)},
                                            at::TensorOptions().dtype(at::kFloat));
        auto torch_topk = [&](bool sorted) {
            return fastest(2, [&] {
                const double t0 = thread_cpu_s();
                auto [values, indices] = at::topk(at::abs(xt), static_cast<std::int64_t>(k), 0, true, sorted);
                const double t = thread_cpu_s() - t0;
                // Same selection as nth_element: the k-th largest |x| (scratch[k - 1] from (b)).
                if (values.numel() != static_cast<std::int64_t>(k) || indices.numel() != values.numel() ||
                    values.min().item<float>() != scratch[k - 1])
                    std::abort();
                return t;
            });
        };
        const double topk_unsorted = torch_topk(false), topk_sorted = torch_topk(true);
        const double topk = std::min(topk_unsorted, topk_sorted);

        std::printf("%-8g %9zu %11.4f %11.4f %11.3f %12.3f %12.3f %5.1f/%-5.1f %5.1f/%-5.1f\n", d, k, enc[0], enc[1],
                    nth, topk_unsorted, topk_sorted, topk / enc[0], topk / enc[1], nth / enc[0], nth / enc[1]);
        std::fflush(stdout);
    }
    std::printf("ratios are bitmap/bloom; topk/enc uses the faster of unsorted and sorted at::topk\n");
    return 0;
}
