// End-host congestion control for the packet fabric: one small class per scheme behind
// one interface. A sender (queue pair) owns one FlowControl; the fabric calls it on every
// ACK/NACK and on the timers it asked for, and paces the flow at rate_bps() with at most
// window_bytes() in flight (0 = no window).
//
// Defaults follow the HPCC ns-3 code (alibaba-edu/High-Precision-Congestion-Control,
// simulation/run.py and src/point-to-point/model/rdma-hw.cc); values given "per 25G"
// there scale with the NIC rate, as run.py does (bw/25).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace netsim::packet {

enum class CcScheme { None, Dcqcn, Dctcp, Timely, Hpcc, Mltcp };
CcScheme parse_cc_scheme(std::string_view name);  // throws naming the accepted values
std::string to_string(CcScheme scheme);

struct DcqcnParams {
    double g = 1.0 / 256;               // alpha gain (rdma-hw.cc m_g)
    double alpha_interval_s = 1e-6;     // alpha update timer (run.py dcqcn: 1 us; paper: 50 us)
    double decrease_interval_s = 4e-6;  // rate decrease check (run.py dcqcn: 4 us; paper: 50 us)
    double rp_timer_s = 300e-6;         // rate increase timer (run.py dcqcn: 300 us; paper: 55 us)
    int fast_recovery_steps = 1;        // run.py dcqcn: 1 (paper: 5)
    double ai_mbps_per_25g = 5;         // additive increase, run.py: 5*bw/25 Mb/s
    double hai_mbps_per_25g = 50;       // hyper increase, run.py: 50*bw/25 Mb/s
    double min_rate_gbps = 1.0;         // rdma-hw.cc m_minRate (1 Gb/s)
    // The DCQCN paper's timers as the reference's dcqcn_paper preset sets them.
    static DcqcnParams paper();
};

// MLTCP (Rajasekaran et al., "MLTCP: Congestion Control for DNN Training", HotNets 2023;
// NSDI 2025) on a base scheme: a flow's aggressiveness F = intercept + slope x bytes_ratio,
// where bytes_ratio is the share of its job's bytes per iteration that its host has already
// delivered in the current iteration (the previous iteration's count is the total; the first
// iteration runs as the base scheme). A job further into its communication takes bandwidth
// faster, so jobs that collide should slide apart over iterations: congestion control alone
// interleaving them. The paper scales the increase by a linear F; its constants for a
// rate-based RoCE scheme are not given, so these are assumptions (F runs 0.5 .. 1.5 over an
// iteration, 1 on average). Scaling the cut too (divided by F) is this workbench's addition:
// with DCQCN's increase timers (300 us, 5 Mb/s per 25G) an increase scaled alone moves a
// few-millisecond transfer by under 1% (docs/scheduling.md, "MLTCP-style").
struct MltcpParams {
    CcScheme base = CcScheme::Dcqcn;  // dcqcn or dctcp
    double slope = 1.0;
    double intercept = 0.5;
    bool scale_increase = true;  // additive and hyper increases x F
    bool scale_decrease = true;  // the cut alpha / 2 divided by F (at most the whole rate)
};

struct DctcpParams {
    double g = 1.0 / 16;              // run.py: g 1/16
    double ai_mbps = 615;             // run.py: AI 615 Mb/s (rate mode)
    bool window_mode = false;         // window (TCP-like) instead of rate-based, for ns-3 cross-checks
    double init_window_packets = 10;  // window mode: initial cwnd (packets)
};

struct TimelyParams {
    double t_low_s = 50e-6;          // rdma-hw.cc m_tmly_TLow
    double t_high_s = 500e-6;        // m_tmly_THigh
    double beta = 0.8;               // m_tmly_beta
    double alpha = 0.875;            // EWMA weight of the old gradient, m_tmly_alpha
    double min_rtt_s = 20e-6;        // m_tmly_minRtt
    double ai_mbps_per_gbps = 1000;  // run.py: AI = bw Mb/s per Gb/s of NIC (i.e. bw Gb/s * 1000 / 1000)
    double hai_factor = 5;           // run.py: HAI 5*bw after 5 consecutive rises
    int hai_after = 5;
};

struct HpccParams {
    double eta = 0.95;            // target utilisation (run.py u_target)
    int max_stage = 0;            // run.py: 0 (attribute default 5)
    double ai_mbps_per_25g = 10;  // run.py: 10*bw/25 Mb/s
};

struct CcConfig {
    CcScheme scheme = CcScheme::Dcqcn;
    DcqcnParams dcqcn;
    MltcpParams mltcp;  // with scheme Mltcp, on top of mltcp.base's parameters (dcqcn or dctcp)
    DctcpParams dctcp;
    TimelyParams timely;
    HpccParams hpcc;
    void validate() const;  // throws std::invalid_argument naming the field
};

// What a sender learns from one ACK or NACK.
struct AckInfo {
    double now_s = 0;
    bool ecn_echo = false;  // the acked packet carried CE (a CNP in DCQCN)
    bool nack = false;
    double rtt_s = 0;               // now - send time of the acked packet
    std::uint32_t acked_bytes = 0;  // newly acknowledged wire bytes
    std::uint32_t seq = 0;          // packet index acknowledged (cumulative)
    std::uint32_t snd_nxt = 0;      // sender's next packet index when the ACK arrived
    // HPCC: the path's in-band telemetry echoed by the receiver.
    struct Hop {
        double ts_s;
        std::uint64_t tx_bytes;
        std::uint32_t qlen_bytes;
        double rate_bps;
    };
    const Hop* hops = nullptr;
    int hop_count = 0;
};

// Services the fabric offers a FlowControl: the clock and one-shot timers.
class CcContext {
public:
    virtual ~CcContext() = default;
    // Calls on_timer(id) after `delay_s`; the FlowControl ignores stale ids itself.
    virtual void schedule_timer(std::uint32_t flow, int id, double delay_s) = 0;
    // The share (0..1) of its job's bytes per iteration the flow's host has delivered in the
    // current iteration (MLTCP's bytes_ratio); negative when not known (Fabric::begin_iteration).
    virtual double iteration_progress(std::uint32_t /*flow*/) const { return -1; }
};

class FlowControl {
public:
    virtual ~FlowControl() = default;
    virtual void on_ack(const AckInfo& ack, CcContext& ctx) = 0;
    virtual void on_timer(int /*id*/, double /*now_s*/, CcContext& /*ctx*/) {}
    double rate_bps() const { return rate_bps_; }
    double window_bytes() const { return window_bytes_; }

protected:
    double rate_bps_ = 0;
    double window_bytes_ = 0;  // 0: not window-limited
};

// Everything a FlowControl needs to start: line rate, base RTT (for BDP windows).
struct FlowStart {
    std::uint32_t flow = 0;
    double line_bps = 0;
    double base_rtt_s = 0;
    std::uint32_t mtu_bytes = 0;  // wire bytes of a full data packet
};

std::unique_ptr<FlowControl> make_flow_control(const CcConfig& config, const FlowStart& start);

}  // namespace netsim::packet
