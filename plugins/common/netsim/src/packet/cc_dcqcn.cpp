// DCQCN as the reference implements it for Mellanox NICs (rdma-hw.cc, the *Mlx
// functions): CNPs set flags that an alpha timer and a rate-decrease timer consume;
// a rate-increase timer walks fast recovery, additive and hyper increase.
#include "cc_schemes.hpp"

#include <algorithm>
#include <cmath>

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

void Dcqcn::advance_alpha(double now_s) {
    if (first_cnp_ || alpha_next_ > now_s) return;
    alpha_ = (1 - p_.g) * alpha_ + (alpha_cnp_ ? p_.g : 0.0);
    alpha_cnp_ = false;
    alpha_next_ += p_.alpha_interval_s;
    if (alpha_next_ <= now_s) {
        double k = std::floor((now_s - alpha_next_) / p_.alpha_interval_s) + 1;
        alpha_ *= std::pow(1 - p_.g, k);
        alpha_next_ += k * p_.alpha_interval_s;
    }
}

void Dcqcn::on_ack(const AckInfo& ack, CcContext& ctx) {
    if (!ack.ecn_echo) return;
    const double now = ack.now_s;
    if (first_cnp_) {
        first_cnp_ = false;
        alpha_ = 1;
        alpha_cnp_ = false;
        decrease_cnp_ = true;
        alpha_next_ = now + p_.alpha_interval_s;
        decrease_origin_ = now + p_.decrease_interval_s + 1e-9;  // just after the alpha update
        decrease_pending_ = true;
        arm(kDecrease, decrease_origin_ - now, ctx);
        target_ = rate_bps_;  // rate on first CNP: 1.0 x current (m_rateOnFirstCNP)
        return;
    }
    advance_alpha(now);
    alpha_cnp_ = true;
    decrease_cnp_ = true;
    if (!decrease_pending_) {
        double k = std::ceil((now - decrease_origin_) / p_.decrease_interval_s);
        double at = decrease_origin_ + std::max(0.0, k) * p_.decrease_interval_s;
        decrease_pending_ = true;
        arm(kDecrease, std::max(0.0, at - now), ctx);
    }
}

void Dcqcn::on_timer(int id, double now_s, CcContext& ctx) {
    int timer = id / kTokenSpan;
    if (timer < 0 || timer > kIncrease || id % kTokenSpan != static_cast<int>(token_[timer] % kTokenSpan)) return;
    if (timer == kDecrease) {
        decrease_pending_ = false;
        advance_alpha(now_s);
        if (decrease_cnp_) {
            if (stage_ != 0) target_ = rate_bps_;  // m_EcnClampTgtRate false: clamp only mid-increase
            rate_bps_ = std::max(min_, rate_bps_ * (1 - std::min(1.0, alpha_ / 2 * decrease_scale(ctx))));
            stage_ = 0;
            decrease_cnp_ = false;
            arm(kIncrease, p_.rp_timer_s, ctx);  // cancels the pending increase (new token)
        }
        return;
    }
    if (timer == kIncrease) {
        arm(kIncrease, p_.rp_timer_s, ctx);
        if (stage_ < p_.fast_recovery_steps) {
            // fast recovery: halfway back to the target
        } else if (stage_ == p_.fast_recovery_steps) {
            target_ = std::min(line_, target_ + ai_ * increase_scale(ctx));
        } else {
            target_ = std::min(line_, target_ + hai_ * increase_scale(ctx));
        }
        rate_bps_ = rate_bps_ / 2 + target_ / 2;
        ++stage_;
    }
}

}  // namespace netsim::packet
