// The per-port queue and per-flow rate series of a packet-level run, written as the run's
// artifacts port_queues.csv (t_s,port,queue_bytes) and flow_rates.csv (t_s,flow,src,dst,gbps):
// rows with a nonzero value only, sampled every sample_us.
#pragma once

#include "congestion/study.hpp"

#include <sextant/run_context.hpp>

namespace sextant::congestion {

void write_series_artifacts(const StudyResult& result, RunContext& ctx);

}  // namespace sextant::congestion
