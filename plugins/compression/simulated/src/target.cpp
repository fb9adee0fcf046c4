#include "compression/simulated/target.hpp"

#include <sstream>

namespace compression::simulated {

namespace {

sextant::ParamDecl with_source(sextant::ParamDecl p, std::string source) {
    p.source = std::move(source);
    return p;
}

}  // namespace

std::vector<sextant::ParamDecl> simulated_params() {
    using namespace sextant;
    const Fabric f;
    const SimulatedSettings s;
    std::vector<ParamDecl> p;
    p.push_back(
        with_source(bool_param("in_network", s.in_network,
                               "Simulated target: send rounds a switch can compute (integer sum, OR, max) through the "
                               "programmable switch; off sums them on hosts like float rounds."),
                    "SwitchML-style in-network aggregation, as the paper evaluates"));
    p.push_back(with_source(float_param("link_gbps", f.link_gbps, 0.1, 10000,
                                        "Line rate of every worker's link to the switch, each direction.", "Gbps"),
                            "100 GbE, as in SwitchML's testbed (Sapio et al., NSDI'21)"));
    p.push_back(with_source(float_param("link_latency_us", f.link_latency_us, 0, 1e6,
                                        "One-way delay of a link per packet: cable, PHY and NIC.", "us"),
                            "assumption: about 1 us host-to-switch inside a rack"));
    p.push_back(with_source(
        float_param("switch_latency_us", f.switch_latency_us, 0, 1e6,
                    "Switch pipeline delay from the packet that completes a slot to the result leaving.", "us"),
        "assumption: sub-microsecond pipeline of a programmable switch"));
    p.push_back(
        with_source(float_param("loss_rate", f.loss_rate, 0, 0.5,
                                "Probability that a packet to or from the switch is lost; lost aggregation packets are "
                                "retransmitted after retransmit_timeout_ms. Host transports are modelled lossless."),
                    "assumption: a lossless fabric"));
    p.push_back(with_source(
        float_param("retransmit_timeout_ms", f.retransmit_timeout_ms, 1e-6, 1e4,
                    "How long a worker waits for a slot's result before sending its contribution again.", "ms"),
        "p4app-switchML client configuration (dpdk_timeouts.cfg: timeout = 10 ms)"));
    p.push_back(with_source(
        int_param("switch_slots", f.switch_slots, 1, 1 << 20,
                  "Aggregation slots in the switch's pool (a shadow pool doubles the memory); each worker keeps "
                  "at most this many packets outstanding."),
        "p4app-switchML client configuration (general.cfg: max_outstanding_packets = 256)"));
    p.push_back(with_source(
        int_param("switch_payload_bytes", f.switch_payload_bytes, 4, 65536,
                  "Payload of one aggregation packet (32-bit values x 4 bytes); also one slot's register width.", "B"),
        "p4app-switchML client configuration (general.cfg: packet_numel = 256 values of 4 bytes)"));
    p.push_back(with_source(
        int_param("switch_header_bytes", f.switch_header_bytes, 0, 65536,
                  "Wire bytes per aggregation packet that carry no values.", "B"),
        "Ethernet 14 + IPv4 20 + UDP 8 + SwitchML header 8 (p4app-switchML DpdkPacketHdr) + FCS 4 + preamble 8 "
        "+ inter-frame gap 12"));
    p.push_back(with_source(
        int_param("host_payload_bytes", f.host_payload_bytes, 1, 65536,
                  "Payload per packet of host-to-host transfers (ring allreduce, allgather, aggregators).", "B"),
        "RoCEv2 path MTU 4096 (the largest InfiniBand MTU); assumption that collectives run over RoCE"));
    p.push_back(with_source(
        int_param("host_header_bytes", f.host_header_bytes, 0, 65536, "Wire bytes per host packet that carry no data.",
                  "B"),
        "Ethernet 14 + IPv4 20 + UDP 8 + InfiniBand BTH 12 + ICRC 4 + FCS 4 + preamble 8 + inter-frame gap 12"));
    p.push_back(with_source(
        choice_param("host_collective", to_string(f.host_collective), {"ring", "parameter-server"},
                     "How hosts sum rounds the switch does not: ring allreduce or sharded parameter servers."),
        "ring: NCCL's algorithm for large messages"));
    p.push_back(with_source(
        int_param("aggregators", f.aggregators, 0, 4096,
                  "Aggregator hosts for the parameter server and OmniReduce; 0 = one per worker."),
        "assumption: as many aggregators as workers, on separate hosts (OmniReduce's dedicated-aggregator setup)"));
    p.push_back(with_source(
        bool_param("aggregators_colocated", f.aggregators_colocated,
                   "Run aggregator a on worker a instead of on extra hosts (its own shard then stays local)."),
        "assumption: dedicated aggregator hosts"));
    p.push_back(with_source(
        int_param("aggregator_rounds", f.aggregator_rounds, 1, 4096,
                  "Pieces each shard is streamed in, so aggregators return results while workers still send."),
        "assumption: deep enough that pipelining costs ~1/32 of the shorter direction"));
    p.push_back(with_source(
        float_param("compute_ms", s.compute_ms, 0, 1e7,
                    "Forward + backward time of one iteration on one worker; 0 takes the FLOP-based reference of "
                    "the model profile (see the run log for its source).",
                    "ms"),
        "0 = reference per model: FLOPs from the architecture / gpu_tflops (docs/netsim.md)"));
    p.push_back(with_source(float_param("backward_fraction", s.backward_fraction, 0, 1,
                                        "Share of compute_ms spent in the backward pass, when compute_ms is given."),
                            "backward = 2 x forward FLOPs (Kaplan et al. 2020)"));
    p.push_back(with_source(
        float_param("gpu_tflops", s.gpu_tflops, 0.001, 1e5,
                    "Sustained accelerator throughput used by the FLOP-based compute reference.", "TFLOP/s"),
        "assumption: ~40% of an NVIDIA V100's 125 TFLOP/s tensor-core peak (V100 datasheet)"));
    p.push_back(with_source(
        int_param("batch_per_worker", s.batch_per_worker, 0, 1 << 20,
                  "Samples per worker per iteration for the compute reference; 0 = the model's reference batch."),
        "per-model reference (docs/netsim.md)"));
    p.push_back(
        with_source(float_param("bucket_mb", s.overlap.bucket_mb, 0.001, 1e6,
                                "Gradient bucket size for overlapping communication with the backward pass.", "MiB"),
                    "PyTorch DistributedDataParallel default bucket_cap_mb = 25"));
    p.push_back(with_source(
        choice_param("codec_time", to_string(s.overlap.codec_time), {"accelerator", "cpu", "none"},
                     "Encode + decode time added to every aggregation and iteration: accelerator (each of encode "
                     "and decode streams the dense gradient at accelerator_codec_gbps; every scheme but dense "
                     "float32 pays it, the dense-int baseline too), cpu (as the codec measured it on this machine, "
                     "one core; the baseline's conversion is then not counted), or none."),
        "the paper's figures include compression cost on the accelerator"));
    p.push_back(with_source(
        float_param("accelerator_codec_gbps", s.overlap.accelerator_codec_gbps, 1e-3, 1e7,
                    "codec_time = accelerator: dense gradient bits one accelerator encodes (and, again, decodes) "
                    "per second.",
                    "Gbps"),
        "assumption: a third of an NVIDIA V100's 900 GB/s HBM2 bandwidth (V100 datasheet), 300 GB/s = 2400 Gbps: "
        "a memory-bound codec reads or writes the dense gradient once per step; the accelerator gpu_tflops "
        "describes"));
    return p;
}

std::vector<sextant::MetricDecl> simulated_metrics() {
    using namespace sextant;
    return {
        summary_metric("sim_aggregation_ms", "ms", Better::Lower,
                       "Simulated time of one aggregation of the whole gradient"),
        summary_metric("sim_effective_gbps", "Gbps", Better::Higher,
                       "Dense-equivalent rate: dense float32 gradient bits per worker / (aggregation + codec time); "
                       "compare with sim_line_gbps"),
        summary_metric("sim_line_gbps", "Gbps", Better::Neither, "Line rate of each worker's link (link_gbps)"),
        summary_metric("sim_throughput_vs_dense_in_network", "x", Better::Higher,
                       "Effective rate relative to SwitchML-style dense in-network aggregation (codec time included "
                       "on both sides as codec_time says)"),
        summary_metric("sim_passes", "count", Better::Lower,
                       "Dependent passes over the network in one aggregation (latencies waited for)"),
        summary_metric("sim_repair_rate", "fraction", Better::Lower,
                       "LHC: share of the simulated aggregation's tensors that needed the repair round"),
        summary_metric("sim_switch_memory_kib", "KiB", Better::Lower, "Switch register memory the largest phase used"),
        summary_metric("sim_wire_mb", "MB", Better::Lower, "Bytes on all links in one aggregation, headers included"),
        summary_metric("sim_compute_ms", "ms", Better::Neither, "Forward + backward per iteration"),
        summary_metric("sim_codec_ms", "ms", Better::Lower, "Encode + decode per iteration, as codec_time counts it"),
        summary_metric("sim_iteration_ms", "ms", Better::Lower, "Compute, then codec and aggregation (no overlap)"),
        summary_metric("sim_iteration_overlap_ms", "ms", Better::Lower,
                       "Iteration with buckets aggregated while the backward pass runs"),
        summary_metric("sim_iteration_speedup", "x", Better::Higher,
                       "Dense in-network iteration time / this scheme's, no overlap", Headline::Yes),
        summary_metric("sim_iteration_overlap_speedup", "x", Better::Higher,
                       "Dense in-network iteration time / this scheme's, with overlap"),
        summary_metric("sim_retransmissions", "packets", Better::Lower,
                       "Aggregation packets sent again after a timeout"),
        summary_metric("sim_packets_lost", "packets", Better::Lower, "Packets dropped on switch links"),
        summary_metric("sim_wall_s", "s", Better::Lower, "Wall time the simulation itself took"),
        series_metric("sim_phase_ms", "ms", Better::Lower, "Simulated time of each phase (step = phase index)"),
    };
}

SimulatedSettings settings_from_params(const sextant::Params& params, std::uint32_t workers, std::uint64_t seed) {
    SimulatedSettings s;
    Fabric& f = s.fabric;
    f.workers = workers;
    f.seed = seed;
    auto real = [&](const char* name, double& into) {
        if (params.has(name)) into = params.real(name);
    };
    auto count = [&](const char* name, std::uint32_t& into) {
        if (!params.has(name)) return;
        long long v = params.integer(name);
        if (v < 0 || v > 0xFFFFFFFFLL)
            throw std::invalid_argument(std::string(name) + " must be >= 0 (got " + std::to_string(v) + ")");
        into = static_cast<std::uint32_t>(v);
    };
    auto flag = [&](const char* name, bool& into) {
        if (params.has(name)) into = params.flag(name);
    };
    flag("in_network", s.in_network);
    real("link_gbps", f.link_gbps);
    real("link_latency_us", f.link_latency_us);
    real("switch_latency_us", f.switch_latency_us);
    real("loss_rate", f.loss_rate);
    real("retransmit_timeout_ms", f.retransmit_timeout_ms);
    count("switch_slots", f.switch_slots);
    count("switch_payload_bytes", f.switch_payload_bytes);
    count("switch_header_bytes", f.switch_header_bytes);
    count("host_payload_bytes", f.host_payload_bytes);
    count("host_header_bytes", f.host_header_bytes);
    if (params.has("host_collective")) f.host_collective = parse_host_collective(params.text("host_collective"));
    count("aggregators", f.aggregators);
    flag("aggregators_colocated", f.aggregators_colocated);
    count("aggregator_rounds", f.aggregator_rounds);
    real("compute_ms", s.compute_ms);
    real("backward_fraction", s.backward_fraction);
    real("gpu_tflops", s.gpu_tflops);
    count("batch_per_worker", s.batch_per_worker);
    real("bucket_mb", s.overlap.bucket_mb);
    if (params.has("codec_time")) s.overlap.codec_time = parse_codec_time(params.text("codec_time"));
    real("accelerator_codec_gbps", s.overlap.accelerator_codec_gbps);
    f.validate();
    return s;
}

Compute compute_for(const SimulatedSettings& settings, std::string_view model) {
    if (settings.compute_ms > 0) {
        return compute_from_total(settings.compute_ms * 1e-3, settings.backward_fraction, "compute_ms set by the user");
    }
    if (const ReferenceModel* m = find_reference_model(model)) {
        return compute_from_flops(*m, settings.batch_per_worker, settings.gpu_tflops);
    }
    const bool no_profile = model.empty() || model == "none";
    return Compute{0.0, 0.0,
                   no_profile ? "no model profile and compute_ms = 0: iteration time is communication only"
                              : "no compute reference for model '" + std::string(model) +
                                    "' and compute_ms = 0: iteration time is communication only"};
}

SimulatedRun run_simulated(const Traffic& traffic, const sextant::Params& params, std::string_view model,
                           std::uint64_t seed) {
    const SimulatedSettings settings = settings_from_params(params, traffic.workers, seed);
    const Compute compute = compute_for(settings, model);
    SimulatedRun run;
    run.line_gbps = settings.fabric.link_gbps;
    run.traffic = traffic;
    for (Phase& p : run.traffic.phases) p.path = path_for(p.op, settings.in_network);
    run.traffic = run.traffic.fused();
    run.scheme = simulate_scheme(run.traffic, settings.fabric, compute, settings.overlap);
    // The baseline's fixed-point conversion costs what any codec does on the accelerator;
    // on this CPU it was not measured, so it is not counted then.
    const Traffic baseline = dense_in_network_traffic(run.traffic.dense_bytes / 4, run.traffic.workers);
    OverlapSettings baseline_overlap = settings.overlap;
    if (baseline_overlap.codec_time == CodecTime::cpu) baseline_overlap.codec_time = CodecTime::none;
    run.dense_in_network = simulate_scheme(baseline, settings.fabric, compute, baseline_overlap);
    return run;
}

SimulatedRun run_simulated(const std::string& scheme, const Report& report, const sextant::Params& params,
                           std::string_view model, std::uint64_t seed, double scale) {
    Traffic t = traffic_from_report(scheme, report, true);
    return run_simulated(scale == 1.0 ? t : t.scaled(scale), params, model, seed);
}

void report_simulated(const SimulatedRun& run, sextant::RunContext& context) {
    const SchemeTiming& s = run.scheme;
    const SchemeTiming& d = run.dense_in_network;
    auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
    context.summary("sim_aggregation_ms", s.communication.seconds * 1e3);
    context.summary("sim_effective_gbps", s.effective_gbps);
    context.summary("sim_line_gbps", run.line_gbps);
    context.summary("sim_throughput_vs_dense_in_network", ratio(s.effective_gbps, d.effective_gbps));
    context.summary("sim_passes", static_cast<double>(s.communication.phases.size()));
    context.summary("sim_repair_rate", run.repair_rate);
    context.summary("sim_switch_memory_kib", static_cast<double>(s.communication.switch_memory_bytes) / 1024.0);
    double wire = 0;
    for (const auto& p : s.communication.phases) wire += static_cast<double>(p.wire_bytes);
    context.summary("sim_wire_mb", wire / 1e6);
    context.summary("sim_compute_ms", s.compute.total_s() * 1e3);
    context.summary("sim_codec_ms", s.iteration.codec_s * 1e3);
    context.summary("sim_iteration_ms", s.iteration.no_overlap_s * 1e3);
    context.summary("sim_iteration_overlap_ms", s.iteration.overlap_s * 1e3);
    context.summary("sim_iteration_speedup", ratio(d.iteration.no_overlap_s, s.iteration.no_overlap_s));
    context.summary("sim_iteration_overlap_speedup", ratio(d.iteration.overlap_s, s.iteration.overlap_s));
    context.summary("sim_retransmissions", static_cast<double>(s.communication.retransmissions));
    context.summary("sim_packets_lost", static_cast<double>(s.communication.packets_lost));
    context.summary("sim_wall_s", s.simulation_wall_s + d.simulation_wall_s);
    for (std::size_t i = 0; i < s.communication.phases.size(); ++i) {
        const PhaseTiming& p = s.communication.phases[i];
        context.metric("sim_phase_ms", static_cast<long long>(i), p.seconds * 1e3);
        std::ostringstream os;
        os << "phase " << i << " '" << p.name << "' (" << to_string(p.op) << ", " << to_string(p.path)
           << "): " << p.bytes_sent << " B sent, " << p.bytes_received << " B received per worker, " << p.seconds * 1e3
           << " ms";
        context.log(sextant::LogLevel::Info, os.str());
    }
    context.log(sextant::LogLevel::Info, "compute: " + s.compute.source);
    for (const auto& note : s.notes) context.log(sextant::LogLevel::Warning, note);
}

}  // namespace compression::simulated
