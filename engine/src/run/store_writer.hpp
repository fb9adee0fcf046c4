// Writes run events into the run store. The parent of a sweep is the database's single
// writer; metric samples are batched into transactions, status changes commit at once so
// readers (the GUI, `sextant-cli list`) see them promptly.
#pragma once

#include "exec/run_events.hpp"
#include "store/run_store.hpp"

#include <chrono>
#include <map>

namespace sextant {

class StoreWriter final : public RunObserver {
public:
    StoreWriter(RunStore& store, std::optional<std::int64_t> provenance_id);
    ~StoreWriter() override;
    void on_event(const RunEvent& event) override;
    // One transaction for all of them, committed before this returns.
    void on_events(const std::vector<RunEvent>& events) override;
    void on_idle() override;
    void flush();

    // Final status per run seen by this writer.
    const std::map<std::int64_t, RunStatus>& outcomes() const { return outcomes_; }

private:
    void ensure_transaction();
    // Writes one event in the open transaction; true when it must be committed at once.
    bool write(const RunEvent& event);
    RunStore& store_;
    std::optional<std::int64_t> provenance_id_;
    bool in_transaction_ = false;
    std::size_t rows_ = 0;
    std::chrono::steady_clock::time_point opened_;
    std::map<std::int64_t, RunStatus> outcomes_;
};

}  // namespace sextant
