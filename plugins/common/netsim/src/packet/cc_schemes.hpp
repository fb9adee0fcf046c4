// The congestion-control schemes behind FlowControl (one class each).
#pragma once

#include "netsim/packet/congestion_control.hpp"

#include <array>

namespace netsim::packet {

// PFC only: line rate, no window.
class NoControl : public FlowControl {
public:
    explicit NoControl(const FlowStart& s) { rate_bps_ = s.line_bps; }
    void on_ack(const AckInfo&, CcContext&) override {}
};

class Dcqcn : public FlowControl {
public:
    Dcqcn(const DcqcnParams& p, const FlowStart& s);
    void on_ack(const AckInfo& ack, CcContext& ctx) override;
    void on_timer(int id, double now_s, CcContext& ctx) override;

private:
    static constexpr int kTokenSpan = 1 << 20;  // timer id = kind * span + token
    void arm(int timer, double delay, CcContext& ctx);
    void advance_alpha(double now_s);
    DcqcnParams p_;
    double line_, target_, ai_, hai_, min_;
    double alpha_ = 1;
    // The reference's alpha and decrease timers tick on fixed grids from the first CNP;
    // ticks that find no CNP only decay alpha, so they are applied in closed form when
    // next needed instead of as events (a 1 us timer per flow would dominate the run).
    double alpha_next_ = 0, decrease_origin_ = 0;
    bool decrease_pending_ = false;
    bool first_cnp_ = true, alpha_cnp_ = false, decrease_cnp_ = false;
    int stage_ = 0;
    std::uint32_t flow_;
    std::array<std::uint32_t, 3> token_{};
};

class Dctcp : public FlowControl {
public:
    Dctcp(const DctcpParams& p, const FlowStart& s);
    void on_ack(const AckInfo& ack, CcContext& ctx) override;
    double alpha() const { return alpha_; }

private:
    DctcpParams p_;
    double line_, mtu_, min_;
    double alpha_ = 1;
    std::uint32_t last_update_seq_ = 0, batch_ = 1, ecn_count_ = 0, high_seq_ = 0;
    bool cwr_ = false;
    double ssthresh_;
};

class Timely : public FlowControl {
public:
    Timely(const TimelyParams& p, const FlowStart& s);
    void on_ack(const AckInfo& ack, CcContext& ctx) override;

private:
    TimelyParams p_;
    double line_, ai_, hai_, min_;
    double cur_rate_, last_rtt_ = 0, rtt_diff_ = 0;
    std::uint32_t last_update_seq_ = 0;
    int inc_stage_ = 0;
};

class Hpcc : public FlowControl {
public:
    Hpcc(const HpccParams& p, const FlowStart& s);
    void on_ack(const AckInfo& ack, CcContext& ctx) override;

private:
    void update(const AckInfo& ack, bool fast_react);
    HpccParams p_;
    double line_, ai_, min_, base_rtt_, bdp_;
    double cur_rate_, u_ = 1;
    std::uint32_t last_update_seq_ = 0;
    int inc_stage_ = 0;
    bool have_hops_ = false;
    std::array<AckInfo::Hop, 8> hops_{};
};

}  // namespace netsim::packet
