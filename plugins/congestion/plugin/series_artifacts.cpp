#include "series_artifacts.hpp"

#include <fstream>

namespace sextant::congestion {

void write_series_artifacts(const StudyResult& r, RunContext& ctx) {
    if (r.series_t_s.empty()) return;  // flow fidelity, or sample_us = 0
    {
        std::ofstream out(ctx.artifact_dir() / "port_queues.csv");
        out << "t_s,port,queue_bytes\n";
        for (const auto& row : r.port_queue_rows) out << row.t_s << "," << row.port << "," << row.bytes << "\n";
    }
    ctx.artifact("port_queues.csv", "csv");
    {
        std::ofstream out(ctx.artifact_dir() / "flow_rates.csv");
        out << "t_s,flow,src,dst,gbps\n";
        for (const auto& row : r.flow_rate_rows)
            out << row.t_s << "," << row.flow << "," << row.src << "," << row.dst << "," << row.gbps << "\n";
    }
    ctx.artifact("flow_rates.csv", "csv");
}

}  // namespace sextant::congestion
