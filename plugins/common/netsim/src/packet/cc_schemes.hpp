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

protected:
    // Scales the additive and hyper increases (1: DCQCN; MLTCP below).
    virtual double increase_scale(const CcContext& /*ctx*/) const { return 1; }
    // Scales the multiplicative cut alpha / 2 (1: DCQCN).
    virtual double decrease_scale(const CcContext& /*ctx*/) const { return 1; }

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

protected:
    // As Dcqcn's: scale the additive increase and the cut alpha / 2 (1: DCTCP).
    virtual double increase_scale(const CcContext& /*ctx*/) const { return 1; }
    virtual double decrease_scale(const CcContext& /*ctx*/) const { return 1; }

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

// MLTCP over a base scheme: its increases x F and its cuts / F, where F = intercept + slope x
// the share of the iteration's bytes its host has delivered (MltcpParams).
class MltcpScale {
public:
    MltcpScale(const MltcpParams& m, std::uint32_t flow) : m_(m), flow_(flow) {}
    double increase(const CcContext& ctx) const { return m_.scale_increase ? aggressiveness(ctx) : 1.0; }
    double decrease(const CcContext& ctx) const { return m_.scale_decrease ? 1.0 / aggressiveness(ctx) : 1.0; }

private:
    double aggressiveness(const CcContext& ctx) const;
    MltcpParams m_;
    std::uint32_t flow_;
};

template <class Base, class Params>
class Mltcp : public Base {
public:
    Mltcp(const Params& p, const MltcpParams& m, const FlowStart& s) : Base(p, s), scale_(m, s.flow) {}

protected:
    double increase_scale(const CcContext& ctx) const override { return scale_.increase(ctx); }
    double decrease_scale(const CcContext& ctx) const override { return scale_.decrease(ctx); }

private:
    MltcpScale scale_;
};

}  // namespace netsim::packet
