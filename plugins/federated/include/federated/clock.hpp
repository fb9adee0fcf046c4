// One round on the virtual clock, as FedScale runs it: sample `participants x overcommit`
// online clients, let each compute and communicate, drop those that go offline first or
// miss the deadline, keep the fastest `participants`; the round lasts until the last kept
// one reports (or until the deadline when too few made it), and at least `min_round_s`.
#pragma once

#include "federated/random.hpp"
#include "federated/traces.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace federated {

struct RoundTiming {
    double overcommit = 1.3;   // FedScale config_parser.py default
    double deadline_s = 0;     // 0 = none
    double idle_wait_s = 600;  // how far the clock moves when nobody is online
    double min_round_s = 300;  // check-in, selection and upload windows: rounds take minutes in
                               // production FL (assumption; Bonawitz et al., SysML'19)
    std::size_t samples = 80;  // samples a client processes: local steps x batch
    double model_bytes = 0;    // one model, down and up
};

struct RoundPlan {
    std::vector<std::uint32_t> participants;  // clients that report, fastest first
    std::size_t sampled = 0, dropped_offline = 0, dropped_deadline = 0, dropped_slow = 0;
    double duration_s = 0;
};

// Time a client needs: FedScale's 3 x samples x ms/sample for compute (forward, backward,
// update) plus the model down and up at its bandwidth.
double client_seconds(const ClientTrace& t, const RoundTiming& timing);

// `candidates` are the clients this model may pick (all, or a cohort's); `now_s` the clock.
RoundPlan plan_round(const Traces& traces, std::span<const std::uint32_t> candidates, double now_s,
                     std::size_t participants, const RoundTiming& timing, Rng& rng);

}  // namespace federated
