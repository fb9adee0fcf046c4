// bench_caching_lookup: the time one cache lookup (k nearest of one key) takes per backend
// and cache size, for keys of the dimensions the cache points use. Keys are clustered unit
// vectors (10 centres + noise) like pooled activations; each backend is searched with the
// same 200 queries, the median of 3 passes is printed beside exact search (faiss Flat) as
// the baseline of the same run, with recall@k against it. Times are the thread's CPU time
// (CLOCK_THREAD_CPUTIME_ID; every backend searches on the calling thread), so a shared,
// loaded machine slows the wall clock but not the figures; wall time is printed beside.
//   bench_caching_lookup [--sizes 1000,5000,20000,55000] [--dims 64] [--k 5]
#include <caching/neighbour_index.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <random>
#include <set>

using namespace caching;

namespace {

double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

std::vector<float> keys(std::size_t n, int dim, std::uint64_t seed) {
    std::mt19937_64 rng(seed), crng(99);
    std::normal_distribution<float> g(0, 1);
    std::vector<float> centres(10 * static_cast<std::size_t>(dim));
    for (auto& c : centres) c = g(crng);
    std::vector<float> v(n * static_cast<std::size_t>(dim));
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t c = rng() % 10;
        float norm = 0;
        for (int j = 0; j < dim; ++j) {
            float& x = v[i * dim + j];
            x = centres[c * dim + j] + 0.5f * g(rng);
            norm += x * x;
        }
        for (int j = 0; j < dim; ++j) v[i * dim + j] /= std::sqrt(norm);
    }
    return v;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Lookup time per nearest-neighbour backend and cache size"};
    std::vector<std::size_t> sizes = {1000, 5000, 20000, 55000};
    int dim = 64, k = 5, queries = 200;
    app.add_option("--sizes", sizes, "cache sizes")->delimiter(',');
    app.add_option("--dims", dim, "key dimension");
    app.add_option("--k", k, "neighbours");
    CLI11_PARSE(app, argc, argv);
    set_search_threads(1);
    const auto q = keys(static_cast<std::size_t>(queries), dim, 2);
    std::printf("%-8s %7s %12s %12s %12s %10s %10s %10s\n", "backend", "size", "build_cpu_s", "lookup_cpu_us",
                "lookup_wall_us", "vs_flat", "recall@k", "MB");
    for (std::size_t n : sizes) {
        const auto data = keys(n, dim, 1);
        std::vector<std::int64_t> ids(n);
        for (std::size_t i = 0; i < n; ++i) ids[i] = static_cast<std::int64_t>(i);
        std::vector<std::set<std::int64_t>> truth;
        double flat_us = 0;
        for (auto kind : {IndexKind::flat, IndexKind::hnsw, IndexKind::hnswlib, IndexKind::ivfpq, IndexKind::lsh}) {
            const double t0 = cpu_seconds();
            auto index = make_index(kind, dim);
            index->add(data, ids);
            const double build = cpu_seconds() - t0;
            std::vector<double> passes, walls;
            double found = 0;
            for (int pass = 0; pass < 3; ++pass) {
                const auto s = std::chrono::steady_clock::now();
                const double c0 = cpu_seconds();
                for (int i = 0; i < queries; ++i) {
                    const auto got = index->search(std::span<const float>(q.data() + i * dim, dim), k);
                    if (pass == 0) {
                        if (kind == IndexKind::flat) {
                            truth.emplace_back();
                            for (const auto& nb : got) truth.back().insert(nb.id);
                        }
                        for (const auto& nb : got) found += truth[i].count(nb.id);
                    }
                }
                passes.push_back(1e6 * (cpu_seconds() - c0) / queries);
                walls.push_back(
                    std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - s).count() / queries);
            }
            std::sort(passes.begin(), passes.end());
            std::sort(walls.begin(), walls.end());
            const double us = passes[1];
            if (kind == IndexKind::flat) flat_us = us;
            std::printf("%-8s %7zu %12.3f %12.1f %12.1f %10.2f %10.3f %10.2f\n", to_string(kind), n, build, us,
                        walls[1], us / flat_us, found / (static_cast<double>(queries) * k),
                        static_cast<double>(index->bytes()) / 1e6);
            std::fflush(stdout);
        }
    }
}
