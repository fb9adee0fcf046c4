// Scheme names, parameter checks, the factory, and DCTCP, TIMELY and HPCC as the
// reference implements them (rdma-hw.cc HandleAckDctcp, UpdateRateTimely, UpdateRateHp).
#include "cc_schemes.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace netsim::packet {

namespace {
constexpr double kMinRateBps = 100e6;  // rdma-hw.cc m_minRate attribute default (100 Mb/s)

void require(bool ok, const std::string& what) {
    if (!ok) throw std::invalid_argument(what);
}
}  // namespace

DcqcnParams DcqcnParams::paper() {
    DcqcnParams p;
    p.alpha_interval_s = 50e-6;
    p.decrease_interval_s = 50e-6;
    p.rp_timer_s = 55e-6;
    return p;
}

CcScheme parse_cc_scheme(std::string_view name) {
    if (name == "none") return CcScheme::None;
    if (name == "dcqcn") return CcScheme::Dcqcn;
    if (name == "dctcp") return CcScheme::Dctcp;
    if (name == "timely") return CcScheme::Timely;
    if (name == "hpcc") return CcScheme::Hpcc;
    if (name == "mltcp") return CcScheme::Mltcp;
    throw std::invalid_argument("unknown congestion control '" + std::string(name) +
                                "' (expected none, dcqcn, dctcp, timely, hpcc or mltcp)");
}

std::string to_string(CcScheme scheme) {
    switch (scheme) {
    case CcScheme::None: return "none";
    case CcScheme::Dcqcn: return "dcqcn";
    case CcScheme::Dctcp: return "dctcp";
    case CcScheme::Timely: return "timely";
    case CcScheme::Hpcc: return "hpcc";
    case CcScheme::Mltcp: return "mltcp";
    }
    return "?";
}

void CcConfig::validate() const {
    require(dcqcn.g > 0 && dcqcn.g <= 1, "dcqcn.g must be in (0, 1]");
    require(dcqcn.alpha_interval_s > 0 && dcqcn.decrease_interval_s > 0 && dcqcn.rp_timer_s > 0,
            "dcqcn timers (alpha_interval_s, decrease_interval_s, rp_timer_s) must be > 0");
    require(dcqcn.fast_recovery_steps >= 0, "dcqcn.fast_recovery_steps must be >= 0");
    require(dcqcn.ai_mbps_per_25g >= 0 && dcqcn.hai_mbps_per_25g >= 0, "dcqcn increases must be >= 0");
    require(dcqcn.min_rate_gbps > 0, "dcqcn.min_rate_gbps must be > 0");
    require(mltcp.base == CcScheme::Dcqcn || mltcp.base == CcScheme::Dctcp, "mltcp.base must be dcqcn or dctcp");
    require(mltcp.slope >= 0 && mltcp.intercept >= 0 && mltcp.slope + mltcp.intercept > 0,
            "mltcp: slope and intercept must be >= 0, not both 0");
    require(dctcp.g > 0 && dctcp.g <= 1, "dctcp.g must be in (0, 1]");
    require(dctcp.ai_mbps >= 0, "dctcp.ai_mbps must be >= 0");
    require(dctcp.init_window_packets >= 1, "dctcp.init_window_packets must be >= 1");
    require(timely.t_low_s > 0 && timely.t_high_s > timely.t_low_s, "timely: need 0 < t_low_s < t_high_s");
    require(timely.beta > 0 && timely.beta <= 1, "timely.beta must be in (0, 1]");
    require(timely.alpha >= 0 && timely.alpha <= 1, "timely.alpha must be in [0, 1]");
    require(timely.min_rtt_s > 0, "timely.min_rtt_s must be > 0");
    require(timely.ai_mbps_per_gbps >= 0 && timely.hai_factor >= 1, "timely: ai_mbps_per_gbps >= 0, hai_factor >= 1");
    require(hpcc.eta > 0 && hpcc.eta <= 1, "hpcc.eta must be in (0, 1]");
    require(hpcc.max_stage >= 0, "hpcc.max_stage must be >= 0");
    require(hpcc.ai_mbps_per_25g >= 0, "hpcc.ai_mbps_per_25g must be >= 0");
}

std::unique_ptr<FlowControl> make_flow_control(const CcConfig& config, const FlowStart& start) {
    switch (config.scheme) {
    case CcScheme::None: return std::make_unique<NoControl>(start);
    case CcScheme::Dcqcn: return std::make_unique<Dcqcn>(config.dcqcn, start);
    case CcScheme::Dctcp: return std::make_unique<Dctcp>(config.dctcp, start);
    case CcScheme::Timely: return std::make_unique<Timely>(config.timely, start);
    case CcScheme::Hpcc: return std::make_unique<Hpcc>(config.hpcc, start);
    case CcScheme::Mltcp:
        if (config.mltcp.base == CcScheme::Dcqcn)
            return std::make_unique<Mltcp<Dcqcn, DcqcnParams>>(config.dcqcn, config.mltcp, start);
        return std::make_unique<Mltcp<Dctcp, DctcpParams>>(config.dctcp, config.mltcp, start);
    }
    throw std::logic_error("make_flow_control: unknown scheme");
}

// ---- DCTCP: alpha per window of packets; one cut per window with CE; AI per window.
Dctcp::Dctcp(const DctcpParams& p, const FlowStart& s)
    : p_(p), line_(s.line_bps), mtu_(s.mtu_bytes), min_(kMinRateBps) {
    rate_bps_ = line_;
    const double bdp = std::max(mtu_, line_ / 8 * s.base_rtt_s);
    if (p_.window_mode) {
        window_bytes_ = p_.init_window_packets * mtu_;
        ssthresh_ = 1e300;
    } else {
        window_bytes_ = bdp;  // run.py: DCTCP runs with a BDP window
        ssthresh_ = 0;
    }
}

double MltcpScale::aggressiveness(const CcContext& ctx) const {
    const double progress = ctx.iteration_progress(flow_);
    return std::max(1e-3, progress < 0 ? 1.0 : m_.intercept + m_.slope * std::min(1.0, progress));
}

void Dctcp::on_ack(const AckInfo& ack, CcContext& ctx) {
    const std::uint32_t seq = ack.seq + (ack.nack ? 0 : 1);  // next packet expected by the receiver
    bool new_batch = false;
    ecn_count_ += ack.ecn_echo ? 1 : 0;
    if (seq > last_update_seq_) {
        new_batch = true;
        if (last_update_seq_ == 0) {
            batch_ = ack.snd_nxt + 1;
        } else {
            double frac = std::min(1.0, static_cast<double>(ecn_count_) / batch_);
            alpha_ = (1 - p_.g) * alpha_ + p_.g * frac;
            ecn_count_ = 0;
            batch_ = ack.snd_nxt - seq + 1;
        }
        last_update_seq_ = ack.snd_nxt;
    }
    if (cwr_ && seq > high_seq_) cwr_ = false;
    if (ack.ecn_echo && !cwr_) {
        const double cut = std::min(1.0, alpha_ / 2 * decrease_scale(ctx));
        if (p_.window_mode) {
            window_bytes_ = std::max(mtu_, window_bytes_ * (1 - cut));
            ssthresh_ = window_bytes_;
        } else {
            rate_bps_ = std::max(min_, rate_bps_ * (1 - cut));
        }
        cwr_ = true;
        high_seq_ = ack.snd_nxt;
        return;
    }
    if (cwr_) return;
    if (p_.window_mode) {
        if (ack.acked_bytes == 0) return;
        if (window_bytes_ < ssthresh_) window_bytes_ += ack.acked_bytes;  // slow start
        else
            window_bytes_ +=
                increase_scale(ctx) * mtu_ * static_cast<double>(ack.acked_bytes) / window_bytes_;  // +1 MSS per window
    } else if (new_batch) {
        rate_bps_ = std::min(line_, rate_bps_ + increase_scale(ctx) * p_.ai_mbps * 1e6);
    }
}

// ---- TIMELY: RTT gradient, once per window of packets (no per-ACK fast react).
Timely::Timely(const TimelyParams& p, const FlowStart& s) : p_(p), line_(s.line_bps), min_(kMinRateBps) {
    rate_bps_ = line_;
    cur_rate_ = line_;
    ai_ = p.ai_mbps_per_gbps * 1e6 * line_ / 1e9;
    hai_ = p.hai_factor * ai_;
}

void Timely::on_ack(const AckInfo& ack, CcContext&) {
    const std::uint32_t seq = ack.seq + (ack.nack ? 0 : 1);
    if (seq <= last_update_seq_) return;
    const double rtt = ack.rtt_s;
    if (last_update_seq_ != 0) {
        double diff = (1 - p_.alpha) * rtt_diff_ + p_.alpha * (rtt - last_rtt_);
        double gradient = diff / p_.min_rtt_s;
        bool increase = false;
        double c = 0;
        if (rtt < p_.t_low_s) {
            increase = true;
        } else if (rtt > p_.t_high_s) {
            c = 1 - p_.beta * (1 - p_.t_high_s / rtt);
        } else if (gradient <= 0) {
            increase = true;
        } else {
            c = std::max(0.0, 1 - p_.beta * gradient);
        }
        if (increase) {
            rate_bps_ = std::min(line_, cur_rate_ + (inc_stage_ < p_.hai_after ? ai_ : hai_));
            ++inc_stage_;
        } else {
            rate_bps_ = std::max(min_, cur_rate_ * c);
            inc_stage_ = 0;
        }
        cur_rate_ = rate_bps_;
        rtt_diff_ = diff;
    }
    last_update_seq_ = ack.snd_nxt;
    last_rtt_ = rtt;
}

// ---- HPCC: utilisation from INT, multiplicative to eta once per RTT, fast react per ACK.
Hpcc::Hpcc(const HpccParams& p, const FlowStart& s)
    : p_(p), line_(s.line_bps), min_(kMinRateBps), base_rtt_(s.base_rtt_s) {
    ai_ = p.ai_mbps_per_25g * 1e6 * line_ / 25e9;
    bdp_ = std::max<double>(s.mtu_bytes, line_ / 8 * base_rtt_);
    rate_bps_ = line_;
    cur_rate_ = line_;
    window_bytes_ = bdp_;
}

void Hpcc::on_ack(const AckInfo& ack, CcContext&) {
    const std::uint32_t seq = ack.seq + (ack.nack ? 0 : 1);
    if (seq > last_update_seq_) update(ack, false);
    else update(ack, true);
}

void Hpcc::update(const AckInfo& ack, bool fast_react) {
    const int n = std::min<int>(ack.hop_count, static_cast<int>(hops_.size()));
    if (!have_hops_) {
        for (int i = 0; i < n; ++i) hops_[i] = ack.hops[i];
        have_hops_ = true;
        last_update_seq_ = ack.snd_nxt;
        return;
    }
    double U = 0, dt = 0;
    bool updated = false;
    for (int i = 0; i < n; ++i) {
        const AckInfo::Hop& h = ack.hops[i];
        if (h.tx_bytes != hops_[i].tx_bytes) updated = true;
        double tau = h.ts_s - hops_[i].ts_s;
        if (tau > 0) {
            double tx_rate = static_cast<double>(h.tx_bytes - hops_[i].tx_bytes) * 8 / tau;
            double q = std::min(h.qlen_bytes, hops_[i].qlen_bytes);
            double u = tx_rate / h.rate_bps + q * line_ / h.rate_bps / bdp_;
            if (u > U) {
                U = u;
                dt = tau;
            }
        }
        hops_[i] = h;
    }
    if (updated) {
        dt = std::min(dt, base_rtt_);
        u_ = (u_ * (base_rtt_ - dt) + U * dt) / base_rtt_;
        double max_c = u_ / p_.eta;
        double rate;
        int stage;
        if (max_c >= 1 || inc_stage_ >= p_.max_stage) {
            rate = cur_rate_ / std::max(max_c, 1e-9) + ai_;
            stage = 0;
        } else {
            rate = cur_rate_ + ai_;
            stage = inc_stage_ + 1;
        }
        rate = std::clamp(rate, min_, line_);
        rate_bps_ = rate;
        window_bytes_ = std::max<double>(1, bdp_ * rate / line_);
        if (!fast_react) {
            cur_rate_ = rate;
            inc_stage_ = stage;
        }
    }
    if (!fast_react && ack.snd_nxt > last_update_seq_) last_update_seq_ = ack.snd_nxt;
}

}  // namespace netsim::packet
