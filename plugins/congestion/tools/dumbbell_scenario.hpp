// The DCTCP dumbbell that the packet fabric is cross-checked on against ns-3 (issue 14,
// validation item 2): N senders -> one switch -> one bottleneck link -> one receiver, step
// ECN marking at K on the bottleneck queue. Both simulators (fabric_dctcp_dumbbell and
// ns3_dctcp_dumbbell) read the same flags, record the same trace and summarise it with the
// same code, so a difference in the table is a difference of the models, not of the stats.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace sextant::congestion {

struct DumbbellScenario {
    std::uint32_t senders = 2;
    std::string workload = "long";          // "long": long flows, steady state; "incast": short flows at once
    double gbps = 10;                       // every link (issue 14: 10 G)
    double link_delay_us = 1;               // every link, one way (HPCC code fat.txt: 1 us)
    double k_bytes = 30000;                 // step marking threshold (run.py DCTCP: Kmin = Kmax = 30 KB per 10 G)
    double buffer_mb = 32;                  // bottleneck buffer, MiB (config.txt BUFFER_SIZE)
    std::uint32_t payload_bytes = 1000;     // per packet (config.txt PACKET_PAYLOAD_SIZE)
    std::uint64_t long_bytes = 10'000'000;  // per sender, workload long (chosen here: 8 ms alone at 10 G)
    std::uint64_t incast_bytes = 100'000;   // per sender, workload incast (chosen here: 100 packets)
    double init_cwnd_packets = 10;          // ns-3 TcpSocket InitialCwnd default; our window mode's default
    double g = 1.0 / 16;                    // DCTCP alpha gain (run.py; ns-3 TcpDctcp DctcpShiftG 0.0625)
    double sample_us = 10;                  // queue and delivered-bytes sampling interval (chosen here)
    double warmup_ms = 2;                   // workload long: samples before this are left out (chosen here)
    std::uint32_t del_ack_count = 1;        // ns-3 only: ACK every segment, as the fabric does
    bool json = false;

    std::uint64_t flow_bytes() const { return workload == "incast" ? incast_bytes : long_bytes; }
    void validate() const;  // throws std::invalid_argument naming the flag
};

// Registers every field as a --flag whose help names its default's source.
void add_flags(CLI::App& app, DumbbellScenario& s);

// What one simulator run records, times relative to the flows' common start.
struct DumbbellTrace {
    std::string simulator;                       // "fabric" or "ns-3"
    std::vector<double> sample_s;                // sample times
    std::vector<std::vector<double>> delivered;  // [sample][flow] payload bytes delivered so far
    std::vector<double> queue_bytes;             // [sample] bottleneck queue
    std::vector<double> window_packets;          // [sample] mean congestion window of unfinished flows, packets
    std::vector<double> fct_s;                   // per flow, -1 if it did not finish
    std::uint64_t bottleneck_packets = 0;        // data packets that entered the bottleneck queue
    std::uint64_t marks = 0;                     // CE marks set at the bottleneck
    std::uint64_t drops = 0;                     // at the bottleneck
    std::uint64_t retransmissions = 0;
    double wire_bytes_per_packet = 0;  // full data packet on the wire, for the record
    std::vector<std::string> notes;    // simulator-specific settings worth printing
};

struct DumbbellSummary {
    double window_start_s = 0, window_end_s = 0;  // measurement window
    std::vector<double> flow_gbps;                // per flow, goodput in the window
    double goodput_gbps = 0;                      // sum of flow_gbps
    double jain = 0;
    double fct_mean_ms = 0, fct_min_ms = 0, fct_max_ms = 0;
    double queue_mean_kb = 0, queue_p50_kb = 0, queue_p99_kb = 0, queue_max_kb = 0;
    double mark_fraction = 0;
    double window_mean_packets = 0, window_min_packets = 0;  // over the window's samples
    std::size_t samples = 0;
};

// workload long: window from warmup to the first flow's finish; incast: from 0 to the last.
DumbbellSummary summarise(const DumbbellScenario& s, const DumbbellTrace& t);

// Prints the parameters, the trace's notes and the summary; as one JSON object with --json.
void print_report(std::ostream& out, const DumbbellScenario& s, const DumbbellTrace& t);

}  // namespace sextant::congestion
