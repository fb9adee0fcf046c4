// hnswlib backend. Debian's hnswlib 0.6.2 marks deleted points but never reuses their slots
// (replace_deleted came in 0.7.0), so once a quarter of the graph is deleted it is rebuilt
// from the live vectors.
#include "index_backends.hpp"

#include <hnswlib/hnswlib.h>

namespace caching {

namespace {

class HnswlibIndex final : public NeighbourIndex {
public:
    HnswlibIndex(int dim, const IndexOptions& o)
        : dim_(dim), options_(o), space_(static_cast<std::size_t>(dim)), vectors_(dim) {
        rebuild(1024);
    }
    void add(std::span<const float> v, std::span<const std::int64_t> ids) override {
        if (graph_->cur_element_count + ids.size() > graph_->max_elements_)
            graph_->resizeIndex(
                std::max<std::size_t>(2 * graph_->max_elements_, graph_->cur_element_count + ids.size()));
        for (std::size_t i = 0; i < ids.size(); ++i)
            graph_->addPoint(v.data() + i * static_cast<std::size_t>(dim_), static_cast<hnswlib::labeltype>(ids[i]));
        vectors_.add(v, ids);
    }
    void remove(std::int64_t id) override {
        if (!vectors_.contains(id)) return;
        graph_->markDelete(static_cast<hnswlib::labeltype>(id));
        vectors_.remove(id);
        ++deleted_;
        if (deleted_ * 4 >= graph_->cur_element_count) rebuild(std::max<std::size_t>(1024, 2 * vectors_.size()));
    }
    std::vector<Neighbour> search(std::span<const float> q, int k) const override {
        if (vectors_.size() == 0 || k <= 0) return {};
        auto heap = graph_->searchKnn(q.data(), static_cast<std::size_t>(std::min<std::size_t>(k, vectors_.size())));
        std::vector<Neighbour> out(heap.size());
        for (std::size_t i = heap.size(); i-- > 0; heap.pop())
            out[i] = {static_cast<std::int64_t>(heap.top().second), heap.top().first};
        return out;
    }
    std::size_t size() const override { return vectors_.size(); }
    std::size_t bytes() const override {
        // level-0 records (vector, links, label) for every slot ever used, plus the live copies
        return graph_->cur_element_count * graph_->size_data_per_element_ + vectors_.bytes();
    }
    bool removes_natively() const override { return false; }
    int dim() const override { return dim_; }

private:
    void rebuild(std::size_t capacity) {
        graph_ = std::make_unique<hnswlib::HierarchicalNSW<float>>(
            &space_, capacity, static_cast<std::size_t>(options_.hnsw_m) / 2, 200, options_.seed);
        graph_->setEf(static_cast<std::size_t>(options_.hnsw_ef_search));
        deleted_ = 0;
        const auto [v, ids] = vectors_.all();
        for (std::size_t i = 0; i < ids.size(); ++i)
            graph_->addPoint(v.data() + i * static_cast<std::size_t>(dim_), static_cast<hnswlib::labeltype>(ids[i]));
    }
    int dim_;
    IndexOptions options_;
    hnswlib::L2Space space_;
    FlatStore vectors_;
    std::unique_ptr<hnswlib::HierarchicalNSW<float>> graph_;
    std::size_t deleted_ = 0;
};

}  // namespace

std::unique_ptr<NeighbourIndex> make_hnswlib_index(int dim, const IndexOptions& options) {
    return std::make_unique<HnswlibIndex>(dim, options);
}

}  // namespace caching
