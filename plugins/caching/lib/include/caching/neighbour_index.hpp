// One interface over the nearest-neighbour libraries a cache point can search with:
//   flat    faiss IndexFlatL2 (exact) in an IndexIDMap2            removal: yes (remove_ids)
//   hnsw    faiss IndexHNSWFlat (M = 32)                            removal: no (faiss #1784):
//           deleted ids are hidden from results and the graph is rebuilt from the live
//           vectors once they reach a quarter of it
//   ivfpq   faiss IndexIVFPQ (nlist ~ sqrt(n), m sub-quantizers of 8 bits), trained on the
//           first vectors added                                      removal: yes
//   lsh     faiss IndexLSH (8d random-hyperplane bits), 10k Hamming candidates re-ranked by
//           exact L2 on the stored vectors                                   removal: yes
//   hnswlib hnswlib HierarchicalNSW (M = 16); Debian's 0.6.2 has markDelete but no slot
//           reuse, so deleted slots are reclaimed by the same periodic rebuild
// Distances are squared L2 (both libraries' native metric); ids are the caller's.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace caching {

enum class IndexKind { flat, hnsw, ivfpq, lsh, hnswlib };

const char* to_string(IndexKind k);
// Throws std::invalid_argument naming the accepted names.
IndexKind index_kind_from_string(const std::string& name);

struct Neighbour {
    std::int64_t id = -1;
    float distance = 0;  // squared L2
};

class NeighbourIndex {
public:
    virtual ~NeighbourIndex() = default;
    // Adds n = vectors.size() / dim() vectors under the given ids (ids not already present).
    virtual void add(std::span<const float> vectors, std::span<const std::int64_t> ids) = 0;
    virtual void remove(std::int64_t id) = 0;
    // Up to k nearest live vectors, nearest first.
    virtual std::vector<Neighbour> search(std::span<const float> query, int k) const = 0;
    virtual std::size_t size() const = 0;
    // Bytes the index holds for its vectors or codes and its graph or lists (estimated from
    // the library's structures, not the process's allocator).
    virtual std::size_t bytes() const = 0;
    // True when the library removes entries itself; false when removal hides them until a rebuild.
    virtual bool removes_natively() const = 0;
    virtual int dim() const = 0;
};

struct IndexOptions {
    int ivf_lists = 0;         // 0: about sqrt(n) of the first batch added
    int pq_subquantizers = 8;  // must divide dim
    int hnsw_m = 32;
    int hnsw_ef_search = 64;
    std::uint64_t seed = 1;
};

// faiss's OpenMP threads (k-means training, batched searches). One thread avoids OpenMP's
// spin-waiting when the cores are shared; single-query searches do not use more.
void set_search_threads(int threads);

// Throws std::invalid_argument naming the option when it does not fit (e.g. pq_subquantizers
// not dividing dim).
std::unique_ptr<NeighbourIndex> make_index(IndexKind kind, int dim, const IndexOptions& options = {});

}  // namespace caching
