// Policy selection every W references among classic policies: the paper's near-term use of a
// model (choose among existing policies per situation). At each window start every candidate
// replays the window from the same snapshot of the cache (the current policy continues from
// its own state; another policy is rebuilt from the cached pages in victim-first order), which
// gives each window's labels; the chosen candidate's replay becomes the cache.
#pragma once

#include "osfm/replay.hpp"

#include <functional>
#include <string>
#include <vector>

namespace sextant::osfm {

struct WindowStats {
    std::vector<std::uint64_t> hits;  // per candidate, replayed from this window's snapshot
    std::vector<double> features;     // window_features() of this window's references and hits
};

// Features of a finished window: each candidate's hit ratio, distinct pages / references,
// sequential share (page = previous + 1), share of references to pages the previous window
// referenced.
std::vector<double> window_features(const std::vector<Page>& trace, std::size_t begin, std::size_t end,
                                    std::size_t previous_begin, const std::vector<std::uint64_t>& hits);

// Picks the candidate for the next window from the finished windows. `next` is that window's
// own result: only the oracle may look at it. `current` is the candidate now running.
using Chooser =
    std::function<std::size_t(const std::vector<WindowStats>& finished, const WindowStats& next, std::size_t current)>;

struct SelectionResult {
    CacheStats stats;
    std::vector<std::size_t> choice;  // per window
    std::vector<WindowStats> windows;
    double decision_ns = 0;  // mean time per chooser call
};

// Snapshot: at each window start every candidate replays from the cache as it is (the issue's
// design; a switch loses the state the new policy would have built: LFU's counts, ARC's ghosts).
// Shadow: every candidate keeps its own cache over the whole trace and a switch adopts the
// chosen one's (as with virtual caches in ACME-style adaptive caching; moving the real cache's
// content is not modelled).
enum class SwitchState { Snapshot, Shadow };

SelectionResult select_policies(const std::vector<Page>& trace, std::size_t capacity,
                                const std::vector<PolicyKind>& candidates, std::size_t window, const Chooser& choose,
                                SwitchState state = SwitchState::Snapshot);

Chooser fixed_chooser(std::size_t candidate);
// The best candidate of the window itself (greedy: it cannot see what a switch costs later,
// so it is not a bound). Ties keep the current candidate.
Chooser oracle_chooser();
Chooser previous_winner_chooser();  // the best candidate of the last window; ties keep the current one

// Multinomial logistic regression from the last window's features to the next window's best
// candidate, trained by gradient descent on standardised features.
class LearnedChooser {
public:
    // Pairs (features of window i, best candidate of window i+1) from each training run.
    void fit(const std::vector<SelectionResult>& training, std::size_t candidates, int epochs = 300,
             double learning_rate = 0.5, double l2 = 1e-3);
    std::size_t predict(const std::vector<double>& features) const;
    Chooser chooser() const;
    std::size_t examples() const { return examples_; }
    double training_accuracy() const { return training_accuracy_; }

private:
    std::vector<double> mean_, sd_;
    std::vector<std::vector<double>> weight_;  // candidate x (features + bias)
    std::size_t examples_ = 0;
    double training_accuracy_ = 0;
};

}  // namespace sextant::osfm
