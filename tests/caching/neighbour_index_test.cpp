#include <caching/neighbour_index.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <set>

using namespace caching;

namespace {

constexpr int kDim = 16;

// Clustered, L2-normalised keys like pooled activations: 10 centres plus noise.
std::vector<float> keys(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> g(0, 1);
    std::vector<float> centres(10 * kDim);
    std::mt19937_64 crng(99);
    for (auto& c : centres) c = g(crng);
    std::vector<float> v(n * kDim);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t c = rng() % 10;
        float norm = 0;
        for (int j = 0; j < kDim; ++j) {
            v[i * kDim + j] = centres[c * kDim + j] + 0.3f * g(rng);
            norm += v[i * kDim + j] * v[i * kDim + j];
        }
        for (int j = 0; j < kDim; ++j) v[i * kDim + j] /= std::sqrt(norm);
    }
    return v;
}

const bool one_thread = (set_search_threads(1), true);

std::vector<std::int64_t> iota_ids(std::size_t n) {
    std::vector<std::int64_t> ids(n);
    for (std::size_t i = 0; i < n; ++i) ids[i] = static_cast<std::int64_t>(i) * 3 + 7;  // not 0..n-1
    return ids;
}

// Mean share of the exact k nearest that the backend also returns.
double recall(IndexKind kind, std::size_t n, int k, std::size_t queries) {
    const auto data = keys(n, 1), q = keys(queries, 2);
    const auto ids = iota_ids(n);
    auto exact = make_index(IndexKind::flat, kDim);
    auto other = make_index(kind, kDim, IndexOptions{.pq_subquantizers = 8});
    exact->add(data, ids);
    other->add(data, ids);
    EXPECT_EQ(other->size(), n);
    double found = 0;
    for (std::size_t i = 0; i < queries; ++i) {
        const std::span<const float> query(q.data() + i * kDim, kDim);
        std::set<std::int64_t> truth;
        for (const auto& nb : exact->search(query, k)) truth.insert(nb.id);
        const auto got = other->search(query, k);
        EXPECT_LE(got.size(), static_cast<std::size_t>(k));
        for (std::size_t j = 1; j < got.size(); ++j) EXPECT_LE(got[j - 1].distance, got[j].distance + 1e-5f);
        for (const auto& nb : got) found += truth.count(nb.id);
    }
    return found / static_cast<double>(queries * static_cast<std::size_t>(k));
}

}  // namespace

TEST(NeighbourIndex, ExactOnSmallCasesForTheGraphAndHashBackends) {
    // 300 keys: HNSW with ef 64 and LSH re-ranked on the stored vectors find the exact set.
    for (auto kind : {IndexKind::flat, IndexKind::hnsw, IndexKind::hnswlib}) {
        const double r = recall(kind, 300, 5, 50);
        RecordProperty(std::string("recall_") + to_string(kind), std::to_string(r));
        EXPECT_DOUBLE_EQ(r, 1.0) << to_string(kind);
    }
}

TEST(NeighbourIndex, ApproximateBackendsReportTheirRecall) {
    // Compressed and hashed keys lose neighbours by design; the recall is reported and bounded.
    const double lsh = recall(IndexKind::lsh, 2000, 5, 100);
    const double ivfpq = recall(IndexKind::ivfpq, 2000, 5, 100);
    std::cout << "recall@5 on 2000 clustered keys: lsh " << lsh << ", ivfpq " << ivfpq << "\n";
    RecordProperty("recall_lsh", std::to_string(lsh));
    RecordProperty("recall_ivfpq", std::to_string(ivfpq));
    EXPECT_GT(lsh, 0.5);
    EXPECT_GT(ivfpq, 0.5);
    // A small IVF-PQ cache is kept exact until it can train its quantizers.
    EXPECT_DOUBLE_EQ(recall(IndexKind::ivfpq, 200, 5, 20), 1.0);
}

TEST(NeighbourIndex, RemovedEntriesAreNeverReturned) {
    for (auto kind : {IndexKind::flat, IndexKind::hnsw, IndexKind::ivfpq, IndexKind::lsh, IndexKind::hnswlib}) {
        const auto data = keys(600, 3);
        const auto ids = iota_ids(600);
        auto index = make_index(kind, kDim);
        index->add(data, ids);
        std::set<std::int64_t> removed;
        for (std::size_t i = 0; i < 600; i += 2) {  // half: past the rebuild point of hnsw and hnswlib
            index->remove(ids[i]);
            removed.insert(ids[i]);
        }
        EXPECT_EQ(index->size(), 300u) << to_string(kind);
        for (std::size_t i = 0; i < 600; i += 7) {
            const auto got = index->search(std::span<const float>(data.data() + i * kDim, kDim), 5);
            EXPECT_FALSE(got.empty());
            for (const auto& nb : got) EXPECT_EQ(removed.count(nb.id), 0u) << to_string(kind);
        }
        EXPECT_EQ(index->removes_natively(), kind != IndexKind::hnsw && kind != IndexKind::hnswlib);
        EXPECT_GT(index->bytes(), 0u);
    }
}

TEST(NeighbourIndex, BadOptionsAreNamed) {
    EXPECT_THROW(index_kind_from_string("annoy"), std::invalid_argument);
    try {
        make_index(IndexKind::ivfpq, 10, IndexOptions{.pq_subquantizers = 8});
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("pq_subquantizers"), std::string::npos);
    }
}
