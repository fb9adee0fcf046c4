// The CLI's view of a running sweep: a redrawn progress bar on a terminal, one plain line
// per finished run otherwise (logs, CI).
#pragma once

#include "exec/run_events.hpp"

#include <chrono>
#include <cstdio>
#include <map>
#include <set>

namespace sextant::cli {

class ProgressDisplay final : public RunObserver {
public:
    explicit ProgressDisplay(std::FILE* out);
    void on_event(const RunEvent& event) override;
    void on_idle() override;
    void finish();

private:
    void draw();
    std::FILE* out_;
    bool terminal_;
    int total_ = 0, running_ = 0, done_ = 0, failed_ = 0, cancelled_ = 0;
    std::map<std::int64_t, double> fraction_;  // running runs' progress
    std::set<std::int64_t> queued_;
    std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace sextant::cli
