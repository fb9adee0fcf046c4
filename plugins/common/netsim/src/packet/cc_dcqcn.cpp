// DCQCN as the reference implements it for Mellanox NICs (rdma-hw.cc, the *Mlx
// functions): CNPs set flags that an alpha timer and a rate-decrease timer consume;
// a rate-increase timer walks fast recovery, additive and hyper increase.
#include "cc_schemes.hpp"

#include <algorithm>

namespace netsim::packet {

namespace {
enum Timer { kAlpha = 0, kDecrease = 1, kIncrease = 2 };
}

Dcqcn::Dcqcn(const DcqcnParams& p, const FlowStart& s) : p_(p), line_(s.line_bps), flow_(s.flow) {
    rate_bps_ = line_;
    target_ = line_;
    ai_ = p.ai_mbps_per_25g * 1e6 * line_ / 25e9;
    hai_ = p.hai_mbps_per_25g * 1e6 * line_ / 25e9;
    min_ = p.min_rate_gbps * 1e9;
}

void Dcqcn::arm(int timer, double delay, CcContext& ctx) {
    ++token_[timer];
    ctx.schedule_timer(flow_, timer * kTokenSpan + static_cast<int>(token_[timer] % kTokenSpan), delay);
}

void Dcqcn::on_ack(const AckInfo& ack, CcContext& ctx) {
    if (!ack.ecn_echo) return;
    alpha_cnp_ = true;
    decrease_cnp_ = true;
    if (first_cnp_) {
        first_cnp_ = false;
        alpha_ = 1;
        alpha_cnp_ = false;
        arm(kAlpha, p_.alpha_interval_s, ctx);
        arm(kDecrease, p_.decrease_interval_s + 1e-9, ctx);  // just after the alpha update
        target_ = rate_bps_;  // rate on first CNP: 1.0 x current (m_rateOnFirstCNP)
    }
}

void Dcqcn::on_timer(int id, double /*now_s*/, CcContext& ctx) {
    int timer = id / kTokenSpan;
    if (timer < 0 || timer > kIncrease || id % kTokenSpan != static_cast<int>(token_[timer] % kTokenSpan)) return;
    switch (timer) {
        case kAlpha:
            alpha_ = (1 - p_.g) * alpha_ + (alpha_cnp_ ? p_.g : 0.0);
            alpha_cnp_ = false;
            arm(kAlpha, p_.alpha_interval_s, ctx);
            break;
        case kDecrease:
            arm(kDecrease, p_.decrease_interval_s, ctx);
            if (decrease_cnp_) {
                if (stage_ != 0) target_ = rate_bps_;  // m_EcnClampTgtRate false: clamp only mid-increase
                rate_bps_ = std::max(min_, rate_bps_ * (1 - alpha_ / 2));
                stage_ = 0;
                decrease_cnp_ = false;
                arm(kIncrease, p_.rp_timer_s, ctx);  // cancels the pending increase (new token)
            }
            break;
        case kIncrease:
            arm(kIncrease, p_.rp_timer_s, ctx);
            if (stage_ < p_.fast_recovery_steps) {
                // fast recovery: halfway back to the target
            } else if (stage_ == p_.fast_recovery_steps) {
                target_ = std::min(line_, target_ + ai_);
            } else {
                target_ = std::min(line_, target_ + hai_);
            }
            rate_bps_ = rate_bps_ / 2 + target_ / 2;
            ++stage_;
            break;
    }
}

}  // namespace netsim::packet
