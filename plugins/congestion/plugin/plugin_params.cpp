#include "plugin_params.hpp"

#include <cmath>
#include <stdexcept>

namespace sextant::congestion {

namespace np = netsim::packet;

namespace {

constexpr const char* kRun = "HPCC ns-3 code, simulation/run.py";
constexpr const char* kRdma = "HPCC ns-3 code, src/point-to-point/model/rdma-hw.cc";
constexpr const char* kMmu = "HPCC ns-3 code, switch-mmu.cc / third.cc";
constexpr const char* kNote = "research note (shared/research/congestion.md), experiment design";

ParamDecl sourced(ParamDecl p, std::string source) {
    p.source = std::move(source);
    return p;
}

const nlohmann::json& value_of(const Params& params, const std::string& name) {
    if (!params.has(name)) throw std::invalid_argument("parameter '" + name + "': not set");
    return params.json().at(name);
}

double real(const Params& p, const std::string& name) {
    const nlohmann::json& v = value_of(p, name);
    if (!v.is_number()) throw std::invalid_argument("parameter '" + name + "': expected a number, got " + v.dump());
    return v.get<double>();
}

long long integer(const Params& p, const std::string& name) {
    const nlohmann::json& v = value_of(p, name);
    if (v.is_number_integer()) return v.get<long long>();
    if (v.is_number() && v.get<double>() == std::floor(v.get<double>())) return static_cast<long long>(v.get<double>());
    throw std::invalid_argument("parameter '" + name + "': expected an integer, got " + v.dump());
}

bool flag(const Params& p, const std::string& name) {
    const nlohmann::json& v = value_of(p, name);
    if (!v.is_boolean())
        throw std::invalid_argument("parameter '" + name + "': expected true or false, got " + v.dump());
    return v.get<bool>();
}

std::string text(const Params& p, const std::string& name) {
    const nlohmann::json& v = value_of(p, name);
    if (!v.is_string()) throw std::invalid_argument("parameter '" + name + "': expected text, got " + v.dump());
    return v.get<std::string>();
}

template <class F>
auto naming(const std::string& name, F&& decode) -> decltype(decode()) {
    try {
        return decode();
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument("parameter '" + name + "': " + e.what());
    }
}

}  // namespace

PluginInfo congestion_plugin_info() {
    const np::FabricConfig fd;
    const np::CcConfig cd;
    PluginInfo info;
    info.id = "congestion";
    info.version = "1.1.0";
    info.name = "RoCE congestion control under collectives";
    info.description =
        "Packet-level RoCE fabric (PFC, ECN, shared-buffer switches, ECMP) carrying training collectives, "
        "with PFC only, DCQCN, DCTCP, TIMELY or HPCC at the hosts; or the flow-level model on the same "
        "description. After Khan et al., HOTI 2022.";
    info.targets = {"simulated"};
    auto& p = info.params;
    // Fabric.
    p.push_back(sourced(string_param("topology", "leaf-spine:8x16:1",
                                     "single-switch:N, dumbbell:N, leaf-spine:LEAVESxHOSTS[:OVERSUBSCRIPTION], or "
                                     "file:PATH in the HPCC ns-3 topology format."),
                        std::string(kNote) + ": 128 hosts, 8 leaves x 16"));
    p.push_back(sourced(float_param("host_gbps", 100, 0.001, 1e5, "Host (NIC) link rate.", "Gbps"), kNote));
    p.push_back(sourced(float_param("fabric_gbps", 0, 0, 1e5, "Leaf-spine link rate; 0 = host_gbps.", "Gbps"), kNote));
    p.push_back(sourced(float_param("link_latency_us", 1, 0, 1e6, "Delay of every link.", "us"),
                        "HPCC ns-3 code, mix/fat.txt: 1 us"));
    p.push_back(sourced(float_param("switch_latency_us", 0, 0, 1e6, "Switch forwarding pipeline delay.", "us"),
                        "HPCC ns-3 code models none"));
    p.push_back(sourced(float_param("buffer_mb", fd.buffer_mb, 0.01, 1e5, "Shared buffer per switch.", "MB"),
                        "astra-sim ns-3 mix/config.txt BUFFER_SIZE 32"));
    p.push_back(sourced(int_param("payload_bytes", fd.payload_bytes, 64, 9000, "Payload per packet.", "B"),
                        "mix/config.txt PACKET_PAYLOAD_SIZE 1000"));
    p.push_back(sourced(int_param("header_bytes", fd.header_bytes, 0, 1000, "Headers per packet on the wire.", "B"),
                        "RoCEv2: Ethernet 14 + FCS 4 + IPv4 20 + UDP 8 + BTH 12"));
    p.push_back(sourced(bool_param("pfc", true, "Priority flow control (lossless); off = drops and go-back-N."), kMmu));
    p.push_back(sourced(
        float_param("pfc_shift", fd.pfc_shift, 0, 15,
                    "PFC threshold = free shared buffer >> shift (one less per doubling of port rate over NIC rate)."),
        kMmu));
    p.push_back(
        sourced(float_param("headroom_rtts", fd.headroom_rtts, 0, 100, "PFC headroom = this x rate x link delay."),
                "HPCC ns-3 code, third.cc: 3"));
    p.push_back(sourced(bool_param("ecn", true, "ECN marking at switch egress dequeue."), kMmu));
    p.push_back(sourced(float_param("kmin_kb_per_25g", fd.kmin_kb_per_25g, 0, 1e6,
                                    "ECN Kmin per 25 Gb/s of port rate (DCQCN, TIMELY, HPCC).", "KB"),
                        std::string(kRun) + ": Kmin 100*bw/25 KB"));
    p.push_back(
        sourced(float_param("kmax_kb_per_25g", fd.kmax_kb_per_25g, 0, 1e6, "ECN Kmax per 25 Gb/s of port rate.", "KB"),
                std::string(kRun) + ": Kmax 400*bw/25 KB"));
    p.push_back(
        sourced(float_param("pmax", fd.pmax, 0, 1, "ECN marking probability at Kmax."), std::string(kRun) + ": 0.2"));
    p.push_back(
        sourced(float_param("dctcp_k_kb_per_10g", 30, 0, 1e6,
                            "DCTCP step marking threshold (Kmin = Kmax, Pmax 1) per 10 Gb/s of port rate.", "KB"),
                std::string(kRun) + ": 30*bw/10 KB"));
    // Congestion control.
    p.push_back(choice_param("cc", "dcqcn", {"none", "dcqcn", "dctcp", "timely", "hpcc"},
                             "End-host congestion control; none = PFC only."));
    p.push_back(
        sourced(choice_param("dcqcn_preset", "reference", {"reference", "paper"},
                             "DCQCN timers: the reference code's (alpha 1 us, decrease 4 us, RP 300 us, 1 FR step) or "
                             "the DCQCN paper's (50 / 50 / 55 us, as run.py's dcqcn_paper); 'paper' overrides the "
                             "three timer parameters."),
                kRun));
    p.push_back(
        sourced(float_param("dcqcn_g", cd.dcqcn.g, 1e-6, 1, "DCQCN alpha gain."), std::string(kRdma) + ": 1/256"));
    p.push_back(sourced(float_param("dcqcn_alpha_us", cd.dcqcn.alpha_interval_s * 1e6, 0.001, 1e6,
                                    "DCQCN alpha update interval.", "us"),
                        kRun));
    p.push_back(sourced(float_param("dcqcn_decrease_us", cd.dcqcn.decrease_interval_s * 1e6, 0.001, 1e6,
                                    "DCQCN rate decrease check interval.", "us"),
                        kRun));
    p.push_back(sourced(
        float_param("dcqcn_rp_timer_us", cd.dcqcn.rp_timer_s * 1e6, 0.001, 1e6, "DCQCN rate increase timer.", "us"),
        kRun));
    p.push_back(sourced(
        int_param("dcqcn_fast_recovery", cd.dcqcn.fast_recovery_steps, 0, 1000, "DCQCN fast recovery steps."), kRun));
    p.push_back(sourced(float_param("dcqcn_ai_mbps_per_25g", cd.dcqcn.ai_mbps_per_25g, 0, 1e6,
                                    "DCQCN additive increase per 25 Gb/s of NIC rate.", "Mbps"),
                        std::string(kRun) + ": 5*bw/25"));
    p.push_back(sourced(float_param("dcqcn_hai_mbps_per_25g", cd.dcqcn.hai_mbps_per_25g, 0, 1e6,
                                    "DCQCN hyper increase per 25 Gb/s.", "Mbps"),
                        std::string(kRun) + ": 50*bw/25"));
    p.push_back(sourced(
        float_param("dcqcn_min_rate_gbps", cd.dcqcn.min_rate_gbps, 0.001, 1e5, "DCQCN minimum rate.", "Gbps"), kRdma));
    p.push_back(
        sourced(float_param("dctcp_g", cd.dctcp.g, 1e-6, 1, "DCTCP alpha gain."), std::string(kRun) + ": 1/16"));
    p.push_back(
        sourced(float_param("dctcp_ai_mbps", cd.dctcp.ai_mbps, 0, 1e6, "DCTCP (rate mode) additive increase.", "Mbps"),
                std::string(kRun) + ": 615 Mb/s"));
    p.push_back(sourced(bool_param("dctcp_window", false,
                                   "DCTCP as a window (TCP-like, slow start + AIMD on cwnd) instead of rate-based."),
                        "ns-3 TcpDctcp, for cross-checks"));
    p.push_back(
        sourced(float_param("timely_t_low_us", cd.timely.t_low_s * 1e6, 0.001, 1e6, "TIMELY Tlow.", "us"), kRdma));
    p.push_back(
        sourced(float_param("timely_t_high_us", cd.timely.t_high_s * 1e6, 0.001, 1e6, "TIMELY Thigh.", "us"), kRdma));
    p.push_back(
        sourced(float_param("timely_beta", cd.timely.beta, 0.001, 1, "TIMELY multiplicative decrease."), kRdma));
    p.push_back(sourced(
        float_param("timely_alpha", cd.timely.alpha, 0, 1, "TIMELY EWMA weight of the new RTT difference."), kRdma));
    p.push_back(sourced(
        float_param("timely_min_rtt_us", cd.timely.min_rtt_s * 1e6, 0.001, 1e6, "TIMELY gradient normaliser.", "us"),
        kRdma));
    p.push_back(sourced(float_param("timely_ai_mbps_per_gbps", cd.timely.ai_mbps_per_gbps, 0, 1e6,
                                    "TIMELY additive increase per Gb/s of NIC rate.", "Mbps"),
                        std::string(kRun) + ": AI = bw Mb/s"));
    p.push_back(sourced(float_param("timely_hai_factor", cd.timely.hai_factor, 1, 1e6,
                                    "TIMELY hyper increase = this x AI after 5 rises."),
                        std::string(kRun) + ": 5"));
    p.push_back(sourced(float_param("hpcc_eta", cd.hpcc.eta, 0.01, 1, "HPCC target utilisation."),
                        std::string(kRun) + ": 0.95"));
    p.push_back(sourced(
        int_param("hpcc_max_stage", cd.hpcc.max_stage, 0, 1000, "HPCC additive stages before a multiplicative step."),
        std::string(kRun) + ": 0 (attribute default 5)"));
    p.push_back(sourced(float_param("hpcc_ai_mbps_per_25g", cd.hpcc.ai_mbps_per_25g, 0, 1e6,
                                    "HPCC additive increase per 25 Gb/s.", "Mbps"),
                        std::string(kRun) + ": 10*bw/25"));
    // Traffic.
    p.push_back(choice_param("collective", "ring-allreduce",
                             {"ring-allreduce", "direct-allreduce", "hierarchical-allreduce", "all-to-all",
                              "ring-allgather", "ring-reduce-scatter"},
                             "Collective every job runs (with a profile: how gradients are all-reduced). "
                             "hierarchical-allreduce: reduce-scatter inside each leaf, all-reduce across leaves, "
                             "all-gather inside each leaf."));
    p.push_back(int_param("chunks", 1, 1, 1000000,
                          "The buffer split into this many chunks, pipelined through the collective's stages."));
    p.push_back(string_param("profile", "",
                             "Training iterations instead of bare collectives: vgg19 (data parallel), dlrm "
                             "(embedding all-to-alls + MLP all-reduce) or file:PATH (CSV: step,name,compute_ms,"
                             "gradient_bytes,all_to_all_bytes,source); empty = collectives. vgg19 and dlrm are "
                             "written from the compression and scheduling plugins' model profiles."));
    p.push_back(sourced(float_param("bucket_mb", 25, 0.001, 1e6, "Gradient bucket size (with a profile).", "MiB"),
                        "PyTorch DistributedDataParallel bucket_cap_mb default 25"));
    p.push_back(bool_param("overlap", true,
                           "With a profile: all-reduce each bucket once its layers' backward is done (as DDP); "
                           "off = all buckets after the backward pass."));
    p.push_back(sourced(string_param("bytes", "16MiB", "Bytes per rank (e.g. 1MiB, 256MiB)."),
                        std::string(kNote) + ": 1 MB to 1 GB"));
    p.push_back(int_param("jobs", 1, 1, 100000, "Hosts split into this many equal jobs running at once."));
    p.push_back(choice_param("placement", "packed", {"packed", "strided", "random"},
                             "Hosts of a job: contiguous, interleaved over leaves, or shuffled by the seed."));
    p.push_back(int_param("iterations", 1, 1, 1000000, "Collectives per job (each after compute_us)."));
    p.push_back(float_param("compute_us", 0, 0, 1e9, "Compute time before each collective.", "us"));
    p.push_back(
        choice_param("fidelity", "packet", {"packet", "flow"}, "Packet-level fabric or the flow-level max-min model."));
    p.push_back(
        float_param("sample_us", 20, 0, 1e9, "Series resolution (goodput, longest queue); 0 = no series.", "us"));
    p.push_back(bool_param("compare_pfc_only", false, "Also run the same point with cc none and report the ratio."));

    auto& m = info.metrics;
    m.push_back(summary_metric("completion_s", "s", Better::Lower,
                               "Mean collective time over jobs and iterations (with a profile: iteration time).",
                               Headline::Yes));
    m.push_back(summary_metric("iteration_s", "s", Better::Lower,
                               "Mean iteration time: compute + the communication it does not hide."));
    m.push_back(summary_metric("exposed_comm_s", "s", Better::Lower,
                               "Iteration time less its compute: communication not hidden behind it."));
    m.push_back(summary_metric("completion_max_s", "s", Better::Lower, "Slowest collective."));
    m.push_back(summary_metric("ratio_to_pfc_only", "", Better::Lower,
                               "completion_s / completion_s with cc none (compare_pfc_only)."));
    m.push_back(
        summary_metric("ideal_ring_s", "s", Better::Neither, "2(n-1)/n S/B at line rate less headers, one job."));
    m.push_back(summary_metric("makespan_s", "s", Better::Lower, "Until the last job finished."));
    m.push_back(summary_metric("ecn_marks", "", Better::Neither, "Packets marked CE."));
    m.push_back(summary_metric("ecn_marks_per_gb", "1/GB", Better::Neither, "CE marks per GB of payload."));
    m.push_back(summary_metric("pause_frames", "", Better::Lower, "PFC PAUSE frames sent.", Headline::Yes));
    m.push_back(summary_metric("pause_s", "s", Better::Lower, "Time ports spent paused, summed over ports."));
    m.push_back(summary_metric("drops", "", Better::Lower, "Packets dropped (0 with PFC)."));
    m.push_back(summary_metric("retransmitted", "", Better::Lower, "Packets re-sent by go-back-N."));
    m.push_back(summary_metric("queue_mean_kb", "KB", Better::Lower,
                               "Time-mean queue over switch ports that carried traffic."));
    m.push_back(summary_metric("queue_p99_kb", "KB", Better::Lower,
                               "99th percentile queue seen by arriving data packets.", Headline::Yes));
    m.push_back(summary_metric("queue_max_kb", "KB", Better::Lower, "Longest queue."));
    m.push_back(summary_metric("link_utilisation", "", Better::Neither, "Mean over links that carried traffic."));
    m.push_back(summary_metric("jain_fairness", "", Better::Higher, "Jain index of flow throughputs."));
    m.push_back(summary_metric("flows", "", Better::Neither, "Messages simulated."));
    m.push_back(summary_metric("packet_hops", "", Better::Neither, "Packets serialised on any link (data and ACKs)."));
    m.push_back(summary_metric("events", "", Better::Neither, "Simulator events."));
    m.push_back(
        summary_metric("hops_per_cpu_s", "1/s", Better::Higher, "Simulation speed: packet hops per CPU second."));
    m.push_back(summary_metric("wall_s", "s", Better::Lower, "Wall time of the simulation."));
    m.push_back(
        series_metric("collective_s", "s", Better::Lower,
                      "Collective time (with a profile: iteration time); step = job x iterations + iteration."));
    m.push_back(series_metric("goodput_gbps", "Gbps", Better::Higher,
                              "Payload delivered by all flows; step = sample (sample_us)."));
    m.push_back(series_metric("max_queue_kb", "KB", Better::Lower, "Longest switch queue; step = sample (sample_us)."));
    return info;
}

namespace {

// The run's configuration, each value decoded on its own (no combination checked yet).
RunSetup decode(const Params& params, std::uint64_t seed) {
    RunSetup r;
    StudyConfig& c = r.study;
    c.topology = text(params, "topology");
    c.links.host_gbps = real(params, "host_gbps");
    c.links.fabric_gbps = real(params, "fabric_gbps");
    c.links.latency_s = real(params, "link_latency_us") * 1e-6;
    c.links.switch_latency_s = real(params, "switch_latency_us") * 1e-6;
    np::FabricConfig& f = c.fabric;
    f.buffer_mb = real(params, "buffer_mb");
    f.payload_bytes = static_cast<std::uint32_t>(integer(params, "payload_bytes"));
    f.header_bytes = static_cast<std::uint32_t>(integer(params, "header_bytes"));
    f.pfc = flag(params, "pfc");
    f.pfc_shift = static_cast<int>(real(params, "pfc_shift"));
    f.headroom_rtts = real(params, "headroom_rtts");
    f.ecn = flag(params, "ecn");
    f.kmin_kb_per_25g = real(params, "kmin_kb_per_25g");
    f.kmax_kb_per_25g = real(params, "kmax_kb_per_25g");
    f.pmax = real(params, "pmax");
    np::CcConfig& cc = f.cc;
    cc.scheme = naming("cc", [&] { return np::parse_cc_scheme(text(params, "cc")); });
    if (cc.scheme == np::CcScheme::Dctcp) {  // run.py: DCTCP marks at one threshold with Pmax 1
        f.kmin_kb_per_25g = f.kmax_kb_per_25g = real(params, "dctcp_k_kb_per_10g") * 2.5;
        f.pmax = 1;
    }
    cc.dcqcn.g = real(params, "dcqcn_g");
    cc.dcqcn.alpha_interval_s = real(params, "dcqcn_alpha_us") * 1e-6;
    cc.dcqcn.decrease_interval_s = real(params, "dcqcn_decrease_us") * 1e-6;
    cc.dcqcn.rp_timer_s = real(params, "dcqcn_rp_timer_us") * 1e-6;
    if (text(params, "dcqcn_preset") == "paper") {
        const auto paper = np::DcqcnParams::paper();
        cc.dcqcn.alpha_interval_s = paper.alpha_interval_s;
        cc.dcqcn.decrease_interval_s = paper.decrease_interval_s;
        cc.dcqcn.rp_timer_s = paper.rp_timer_s;
    }
    cc.dcqcn.fast_recovery_steps = static_cast<int>(integer(params, "dcqcn_fast_recovery"));
    cc.dcqcn.ai_mbps_per_25g = real(params, "dcqcn_ai_mbps_per_25g");
    cc.dcqcn.hai_mbps_per_25g = real(params, "dcqcn_hai_mbps_per_25g");
    cc.dcqcn.min_rate_gbps = real(params, "dcqcn_min_rate_gbps");
    cc.dctcp.g = real(params, "dctcp_g");
    cc.dctcp.ai_mbps = real(params, "dctcp_ai_mbps");
    cc.dctcp.window_mode = flag(params, "dctcp_window");
    cc.timely.t_low_s = real(params, "timely_t_low_us") * 1e-6;
    cc.timely.t_high_s = real(params, "timely_t_high_us") * 1e-6;
    cc.timely.beta = real(params, "timely_beta");
    cc.timely.alpha = real(params, "timely_alpha");
    cc.timely.min_rtt_s = real(params, "timely_min_rtt_us") * 1e-6;
    cc.timely.ai_mbps_per_gbps = real(params, "timely_ai_mbps_per_gbps");
    cc.timely.hai_factor = real(params, "timely_hai_factor");
    cc.hpcc.eta = real(params, "hpcc_eta");
    cc.hpcc.max_stage = static_cast<int>(integer(params, "hpcc_max_stage"));
    cc.hpcc.ai_mbps_per_25g = real(params, "hpcc_ai_mbps_per_25g");
    f.sample_interval_s = real(params, "sample_us") * 1e-6;
    c.collective = naming("collective", [&] { return np::parse_collective(text(params, "collective")); });
    c.bytes = naming("bytes", [&] { return parse_bytes(text(params, "bytes")); });
    c.jobs = static_cast<int>(integer(params, "jobs"));
    c.placement = naming("placement", [&] { return parse_placement(text(params, "placement")); });
    c.iterations = static_cast<int>(integer(params, "iterations"));
    c.chunks = static_cast<int>(integer(params, "chunks"));
    c.profile = text(params, "profile");
    if (!c.profile.empty()) naming("profile", [&] { return load_profile(c.profile); });
    c.bucket_bytes = static_cast<std::uint64_t>(std::llround(real(params, "bucket_mb") * 1024 * 1024));
    c.overlap = flag(params, "overlap");
    c.compute_s = real(params, "compute_us") * 1e-6;
    c.fidelity = naming("fidelity", [&] { return parse_fidelity(text(params, "fidelity")); });
    c.seed = seed;
    r.compare_pfc_only = flag(params, "compare_pfc_only");
    return r;
}

std::string kb(double bytes) {
    std::string text = std::to_string(std::llround(bytes / 1e3));
    return text + " KB";
}

std::vector<ParamConflict> conflicts_of(const RunSetup& r) {
    const StudyConfig& c = r.study;
    const np::FabricConfig& f = c.fabric;
    std::vector<ParamConflict> out;
    if (f.header_bytes + f.payload_bytes > 9216)
        out.push_back({{"payload_bytes", "header_bytes"},
                       "payload_bytes + header_bytes <= 9216 (a jumbo frame), got " +
                           std::to_string(f.header_bytes + f.payload_bytes)});
    if (f.kmin_kb_per_25g > f.kmax_kb_per_25g)  // cc dctcp sets both from dctcp_k_kb_per_10g
        out.push_back({{"kmin_kb_per_25g", "kmax_kb_per_25g", "cc"},
                       "kmin_kb_per_25g <= kmax_kb_per_25g (cc dctcp marks at dctcp_k_kb_per_10g instead)"});
    // The fabric checks TIMELY's thresholds whichever cc runs.
    if (!(f.cc.timely.t_low_s < f.cc.timely.t_high_s))
        out.push_back({{"timely_t_low_us", "timely_t_high_us"}, "timely_t_low_us < timely_t_high_us"});
    np::Network net;
    try {
        net = np::make_network(c.topology, c.links);
    } catch (const std::invalid_argument& e) {
        out.push_back({{"topology"}, std::string("a topology the fabric can build (") + e.what() + ")"});
        return out;
    }
    const std::size_t hosts = net.hosts.size();
    if (hosts / static_cast<std::size_t>(std::max(c.jobs, 1)) < 2) {
        out.push_back({{"jobs", "topology"},
                       "at least 2 hosts per job: at most " + std::to_string(hosts / 2) + " jobs on this topology's " +
                           std::to_string(hosts) + " hosts"});
    } else {
        try {
            make_jobs(c, net);
        } catch (const std::invalid_argument& e) {
            std::string what = e.what();
            if (what.rfind("placement:", 0) == 0)
                out.push_back({{"collective", "placement", "topology"},
                               "leaf groups of equal size for hierarchical-allreduce (" + what.substr(11) + ")"});
            else if (what.rfind("collective:", 0) == 0)
                out.push_back({{"collective", "profile"},
                               "an all-reduce (ring-allreduce, direct-allreduce or hierarchical-allreduce) to reduce "
                               "a profile's gradients, got collective " +
                                   to_string(c.collective)});
            else out.push_back({{}, what});
        }
    }
    if (c.fidelity == Fidelity::Packet)
        if (const auto short_of = np::buffer_shortfall(net.topology, f))
            out.push_back({{"buffer_mb", "headroom_rtts", "link_latency_us", "topology"},
                           "buffer_mb above the PFC headroom and reserve of switch '" + short_of->switch_name + "' (" +
                               kb(static_cast<double>(short_of->headroom_and_reserve_bytes)) +
                               ": headroom_rtts x link rate x link_latency_us and 4 KB per port into it), got " +
                               kb(static_cast<double>(short_of->buffer_bytes))});
    return out;
}

}  // namespace

RunSetup make_run_setup(const Params& params, std::uint64_t seed) {
    RunSetup r = decode(params, seed);
    if (const auto conflicts = conflicts_of(r); !conflicts.empty()) {
        const ParamConflict& first = conflicts.front();
        std::string names;
        for (const auto& p : first.params) names += (names.empty() ? "'" : " with '") + p + "'";
        throw std::invalid_argument("parameter " + names + ": expected " + first.expected);
    }
    naming("fabric", [&] {
        r.study.fabric.validate();
        return 0;
    });
    return r;
}

std::vector<ParamConflict> setup_conflicts(const Params& params) {
    try {
        return conflicts_of(decode(params, 0));
    } catch (const std::invalid_argument& e) {
        return {{{}, e.what()}};
    }
}

}  // namespace sextant::congestion
