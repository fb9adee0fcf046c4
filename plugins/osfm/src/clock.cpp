// CLOCK (second chance): frames in a ring with a reference bit; the hand clears set bits and
// evicts the first frame whose bit is clear.
#include "osfm/cache_policy.hpp"

#include <unordered_map>

namespace sextant::osfm {

namespace {

class Clock final : public CachePolicy {
public:
    explicit Clock(std::size_t capacity) : capacity_(capacity) {
        frames_.reserve(capacity);
        where_.reserve(capacity + 1);
    }

    bool access(Page p) override {
        auto it = where_.find(p);
        if (it != where_.end()) {
            frames_[it->second].referenced = true;
            return true;
        }
        insert(p, false);  // a new page enters with its bit clear, as in Corbato's CLOCK
        return false;
    }
    void prefetch(Page p) override {
        if (!contains(p)) insert(p, false);
    }
    bool contains(Page p) const override { return where_.count(p) != 0; }
    std::size_t size() const override { return frames_.size(); }
    std::size_t capacity() const override { return capacity_; }
    std::unique_ptr<CachePolicy> clone() const override { return std::make_unique<Clock>(*this); }
    std::vector<Page> resident() const override {  // clear bits from the hand on, then set bits
        std::vector<Page> out;
        for (bool referenced : {false, true})
            for (std::size_t k = 0; k < frames_.size(); ++k) {
                const Frame& f = frames_[(hand_ + k) % frames_.size()];
                if (f.referenced == referenced) out.push_back(f.page);
            }
        return out;
    }

private:
    struct Frame {
        Page page;
        bool referenced;
    };

    void insert(Page p, bool referenced) {
        if (frames_.size() < capacity_) {
            where_[p] = frames_.size();
            frames_.push_back({p, referenced});
            return;
        }
        while (frames_[hand_].referenced) {
            frames_[hand_].referenced = false;
            hand_ = (hand_ + 1) % capacity_;
        }
        where_.erase(frames_[hand_].page);
        frames_[hand_] = {p, referenced};
        where_[p] = hand_;
        hand_ = (hand_ + 1) % capacity_;
    }

    std::size_t capacity_;
    std::size_t hand_ = 0;
    std::vector<Frame> frames_;
    std::unordered_map<Page, std::size_t> where_;
};

}  // namespace

std::unique_ptr<CachePolicy> make_clock(std::size_t capacity) { return std::make_unique<Clock>(capacity); }

}  // namespace sextant::osfm
