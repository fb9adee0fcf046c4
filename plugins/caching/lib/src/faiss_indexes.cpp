// The faiss backends of NeighbourIndex (the hnswlib one is in hnswlib_index.cpp).
#include "index_backends.hpp"

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIDMap.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/IndexLSH.h>
#include <faiss/impl/IDSelector.h>

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace caching {

namespace {

using idx_t = faiss::Index::idx_t;

std::vector<Neighbour> collect(const std::vector<float>& d, const std::vector<idx_t>& ids, int k,
                               const std::unordered_set<std::int64_t>* hidden = nullptr) {
    std::vector<Neighbour> out;
    for (std::size_t i = 0; i < ids.size() && static_cast<int>(out.size()) < k; ++i) {
        if (ids[i] < 0 || (hidden && hidden->count(ids[i]))) continue;
        out.push_back({ids[i], d[i]});
    }
    return out;
}

void remove_one(faiss::Index& index, std::int64_t id) {
    faiss::IDSelectorBatch sel(1, &id);
    index.remove_ids(sel);
}

// Exact search: the reference every other backend is compared with.
class FlatIndex final : public NeighbourIndex {
public:
    explicit FlatIndex(int dim) : flat_(dim), index_(&flat_) {}
    void add(std::span<const float> v, std::span<const std::int64_t> ids) override {
        index_.add_with_ids(static_cast<idx_t>(ids.size()), v.data(), ids.data());
    }
    void remove(std::int64_t id) override { remove_one(index_, id); }
    std::vector<Neighbour> search(std::span<const float> q, int k) const override {
        const int kk = std::min<int>(k, static_cast<int>(index_.ntotal));
        if (kk <= 0) return {};
        std::vector<float> d(static_cast<std::size_t>(kk));
        std::vector<idx_t> ids(static_cast<std::size_t>(kk));
        index_.search(1, q.data(), kk, d.data(), ids.data());
        return collect(d, ids, k);
    }
    std::size_t size() const override { return static_cast<std::size_t>(index_.ntotal); }
    std::size_t bytes() const override { return size() * (static_cast<std::size_t>(dim()) * 4 + 16); }
    bool removes_natively() const override { return true; }
    int dim() const override { return flat_.d; }

private:
    faiss::IndexFlatL2 flat_;
    faiss::IndexIDMap2 index_;
};

// Buffers vectors exactly until there are enough to train the quantizers, then compresses.
class IvfPqIndex final : public NeighbourIndex {
public:
    IvfPqIndex(int dim, const IndexOptions& o) : dim_(dim), options_(o), buffer_(dim) {
        if (o.pq_subquantizers < 1 || dim % o.pq_subquantizers != 0)
            throw std::invalid_argument("pq_subquantizers (" + std::to_string(o.pq_subquantizers) +
                                        ") must divide the key dimension (" + std::to_string(dim) + ")");
    }
    void add(std::span<const float> v, std::span<const std::int64_t> ids) override {
        if (ivf_) {
            ivf_->add_with_ids(static_cast<idx_t>(ids.size()), v.data(), ids.data());
            return;
        }
        buffer_.add(v, ids);
        pending_.insert(pending_.end(), v.begin(), v.end());
        pending_ids_.insert(pending_ids_.end(), ids.begin(), ids.end());
        const std::size_t n = pending_ids_.size();
        const int lists = options_.ivf_lists > 0 ? options_.ivf_lists
                                                 : std::max(1, static_cast<int>(std::sqrt(static_cast<double>(n))));
        // faiss wants >= 39 points per centroid for k-means, and 256 for 8-bit PQ codebooks.
        if (n < std::max<std::size_t>(256, 39u * static_cast<std::size_t>(lists))) return;
        quantizer_ = std::make_unique<faiss::IndexFlatL2>(dim_);
        ivf_ = std::make_unique<faiss::IndexIVFPQ>(quantizer_.get(), dim_, lists, options_.pq_subquantizers, 8);
        ivf_->cp.seed = static_cast<int>(options_.seed);
        ivf_->pq.cp.seed = static_cast<int>(options_.seed);
        ivf_->nprobe = std::min(lists, 8);
        ivf_->train(static_cast<idx_t>(n), pending_.data());
        ivf_->add_with_ids(static_cast<idx_t>(n), pending_.data(), pending_ids_.data());
        pending_.clear();
        pending_.shrink_to_fit();
        pending_ids_.clear();
        buffer_ = FlatStore(dim_);
    }
    void remove(std::int64_t id) override {
        if (ivf_) {
            faiss::IDSelectorBatch sel(1, &id);
            ivf_->remove_ids(sel);
        } else {
            buffer_.remove(id);
            const auto it = std::find(pending_ids_.begin(), pending_ids_.end(), id);
            if (it != pending_ids_.end()) {
                const auto i = static_cast<std::size_t>(it - pending_ids_.begin());
                pending_ids_.erase(it);
                pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(i * dim_),
                               pending_.begin() + static_cast<std::ptrdiff_t>((i + 1) * dim_));
            }
        }
    }
    std::vector<Neighbour> search(std::span<const float> q, int k) const override {
        if (!ivf_) return buffer_.search(q, k);
        std::vector<float> d(static_cast<std::size_t>(k));
        std::vector<idx_t> ids(static_cast<std::size_t>(k));
        ivf_->search(1, q.data(), k, d.data(), ids.data());
        return collect(d, ids, k);
    }
    std::size_t size() const override { return ivf_ ? static_cast<std::size_t>(ivf_->ntotal) : pending_ids_.size(); }
    std::size_t bytes() const override {
        if (!ivf_) return buffer_.bytes();
        const std::size_t codebooks = 256u * static_cast<std::size_t>(dim_) * 4;
        const std::size_t centroids = static_cast<std::size_t>(ivf_->nlist) * dim_ * 4;
        return size() * (ivf_->code_size + 8) + codebooks + centroids;
    }
    bool removes_natively() const override { return true; }
    int dim() const override { return dim_; }

private:
    int dim_;
    IndexOptions options_;
    FlatStore buffer_;
    std::vector<float> pending_;
    std::vector<std::int64_t> pending_ids_;
    std::unique_ptr<faiss::IndexFlatL2> quantizer_;
    std::unique_ptr<faiss::IndexIVFPQ> ivf_;
};

// Random-hyperplane codes find candidates by Hamming distance; the stored vectors rank them.
class LshIndex final : public NeighbourIndex {
    static constexpr int kCandidatesPerNeighbour = 10;

public:
    explicit LshIndex(int dim)
        : lsh_(dim, 8 * dim, /*rotate_data=*/true, /*train_thresholds=*/false), index_(&lsh_), vectors_(dim) {}
    void add(std::span<const float> v, std::span<const std::int64_t> ids) override {
        index_.add_with_ids(static_cast<idx_t>(ids.size()), v.data(), ids.data());
        vectors_.add(v, ids);
    }
    void remove(std::int64_t id) override {
        remove_one(index_, id);
        vectors_.remove(id);
    }
    std::vector<Neighbour> search(std::span<const float> q, int k) const override {
        const int candidates = std::min<int>(kCandidatesPerNeighbour * k, static_cast<int>(index_.ntotal));
        if (candidates <= 0) return {};
        std::vector<float> d(static_cast<std::size_t>(candidates));
        std::vector<idx_t> ids(static_cast<std::size_t>(candidates));
        index_.search(1, q.data(), candidates, d.data(), ids.data());
        return vectors_.rerank(q, ids, k);
    }
    std::size_t size() const override { return static_cast<std::size_t>(index_.ntotal); }
    std::size_t bytes() const override { return size() * (lsh_.code_size + 8) + vectors_.bytes(); }
    bool removes_natively() const override { return true; }
    int dim() const override { return lsh_.d; }

private:
    faiss::IndexLSH lsh_;
    faiss::IndexIDMap2 index_;
    FlatStore vectors_;
};

// faiss HNSW cannot remove: deleted ids are hidden and the graph rebuilt from the live set.
class HnswIndex final : public NeighbourIndex {
public:
    HnswIndex(int dim, const IndexOptions& o) : dim_(dim), options_(o), vectors_(dim) { rebuild(); }
    void add(std::span<const float> v, std::span<const std::int64_t> ids) override {
        index_->add_with_ids(static_cast<idx_t>(ids.size()), v.data(), ids.data());
        vectors_.add(v, ids);
    }
    void remove(std::int64_t id) override {
        if (!vectors_.contains(id)) return;
        vectors_.remove(id);
        hidden_.insert(id);
        if (hidden_.size() * 4 >= static_cast<std::size_t>(index_->ntotal)) rebuild();
    }
    std::vector<Neighbour> search(std::span<const float> q, int k) const override {
        const int kk = std::min<int>(k + static_cast<int>(hidden_.size()), static_cast<int>(index_->ntotal));
        if (kk <= 0) return {};
        std::vector<float> d(static_cast<std::size_t>(kk));
        std::vector<idx_t> ids(static_cast<std::size_t>(kk));
        index_->search(1, q.data(), kk, d.data(), ids.data());
        return collect(d, ids, k, &hidden_);
    }
    std::size_t size() const override { return vectors_.size(); }
    std::size_t bytes() const override {
        const std::size_t n = static_cast<std::size_t>(index_->ntotal);
        // vectors in the graph, ~2M neighbour ids per node at level 0, the live copies for rebuilds
        return n * (static_cast<std::size_t>(dim_) * 4 + 2u * options_.hnsw_m * 4 + 8) + vectors_.bytes();
    }
    bool removes_natively() const override { return false; }
    int dim() const override { return dim_; }

private:
    void rebuild() {
        hnsw_ = std::make_unique<faiss::IndexHNSWFlat>(dim_, options_.hnsw_m);
        hnsw_->hnsw.efSearch = options_.hnsw_ef_search;
        index_ = std::make_unique<faiss::IndexIDMap2>(hnsw_.get());
        hidden_.clear();
        if (vectors_.size() == 0) return;
        const auto [v, ids] = vectors_.all();
        index_->add_with_ids(static_cast<idx_t>(ids.size()), v.data(), ids.data());
    }
    int dim_;
    IndexOptions options_;
    FlatStore vectors_;
    std::unordered_set<std::int64_t> hidden_;
    std::unique_ptr<faiss::IndexHNSWFlat> hnsw_;
    std::unique_ptr<faiss::IndexIDMap2> index_;
};

}  // namespace

void set_search_threads(int threads) { omp_set_num_threads(std::max(1, threads)); }

const char* to_string(IndexKind k) {
    switch (k) {
    case IndexKind::flat: return "flat";
    case IndexKind::hnsw: return "hnsw";
    case IndexKind::ivfpq: return "ivfpq";
    case IndexKind::lsh: return "lsh";
    case IndexKind::hnswlib: return "hnswlib";
    }
    return "?";
}

IndexKind index_kind_from_string(const std::string& name) {
    for (auto k : {IndexKind::flat, IndexKind::hnsw, IndexKind::ivfpq, IndexKind::lsh, IndexKind::hnswlib})
        if (name == to_string(k)) return k;
    throw std::invalid_argument("unknown index '" + name + "' (expected flat, hnsw, ivfpq, lsh or hnswlib)");
}

std::unique_ptr<NeighbourIndex> make_index(IndexKind kind, int dim, const IndexOptions& options) {
    if (dim < 1) throw std::invalid_argument("key dimension must be >= 1");
    switch (kind) {
    case IndexKind::flat: return std::make_unique<FlatIndex>(dim);
    case IndexKind::hnsw: return std::make_unique<HnswIndex>(dim, options);
    case IndexKind::ivfpq: return std::make_unique<IvfPqIndex>(dim, options);
    case IndexKind::lsh: return std::make_unique<LshIndex>(dim);
    case IndexKind::hnswlib: return make_hnswlib_index(dim, options);
    }
    throw std::invalid_argument("unknown index kind");
}

}  // namespace caching
