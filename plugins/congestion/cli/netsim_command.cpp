#include "netsim_command.hpp"

#include "congestion/study.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace sextant::cli {

namespace {

namespace np = netsim::packet;
namespace cg = sextant::congestion;

struct Options {
    std::string topology = "leaf-spine:8x16:1";
    double gbps = 100, fabric_gbps = 0, latency_us = 1;
    std::string cc = "dcqcn", preset = "reference", collective = "ring-allreduce", bytes = "64MiB";
    std::string pfc = "on", ecn = "on", fidelity = "packet", placement = "packed";
    int jobs = 1, iterations = 1, chunks = 1;
    std::string profile, overlap = "on";
    double bucket_mb = 25;
    double buffer_mb = 32;
    std::uint64_t seed = 1;
    bool json = false;
};

// Runs `decode`, naming `flag` in what it throws.
template <class F>
auto flagged(const char* flag, F&& decode) -> decltype(decode()) {
    try {
        return decode();
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string(flag) + ": " + e.what());
    }
}

// The study's own errors start with the parameter's name ("collective: ...", "placement:
// ...", "jobs: ..."); on the command line that is the flag.
std::string as_flag(const std::string& what) {
    for (const char* name : {"collective", "placement", "jobs", "chunks", "bucket_mb"})
        if (what.rfind(std::string(name) + ":", 0) == 0) {
            std::string flag = std::string("--") + name;
            if (flag == "--bucket_mb") flag = "--bucket-mb";
            return flag + what.substr(std::string(name).size());
        }
    return what;
}

int run(const Options& o) {
    cg::StudyConfig c;
    try {
        c.topology = o.topology;
        c.links.host_gbps = o.gbps;
        c.links.fabric_gbps = o.fabric_gbps;
        c.links.latency_s = o.latency_us * 1e-6;
        c.fabric.cc.scheme = np::parse_cc_scheme(o.cc);
        if (o.preset == "paper") c.fabric.cc.dcqcn = np::DcqcnParams::paper();
        if (c.fabric.cc.scheme == np::CcScheme::Dctcp) {  // run.py: DCTCP marks at one threshold
            c.fabric.kmin_kb_per_25g = c.fabric.kmax_kb_per_25g = 75;
            c.fabric.pmax = 1;
        }
        c.fabric.pfc = o.pfc == "on";
        c.fabric.ecn = o.ecn == "on";
        c.fabric.buffer_mb = o.buffer_mb;
        c.collective = np::parse_collective(o.collective);
        c.bytes = flagged("--bytes", [&] { return cg::parse_bytes(o.bytes); });
        c.fidelity = cg::parse_fidelity(o.fidelity);
        c.placement = cg::parse_placement(o.placement);
        c.jobs = o.jobs;
        c.iterations = o.iterations;
        c.chunks = o.chunks;
        c.seed = o.seed;
        if (!o.profile.empty()) flagged("--profile", [&] { return cg::load_profile(o.profile); });
        c.profile = o.profile;
        c.bucket_bytes = static_cast<std::uint64_t>(o.bucket_mb * 1024 * 1024);
        c.overlap = o.overlap == "on";
        c.fabric.validate();
    } catch (const std::invalid_argument& e) {
        std::cerr << "sextant-cli netsim collective: " << e.what() << "\n";
        return 2;
    }
    cg::StudyResult r;
    try {
        r = cg::run_study(c);
    } catch (const std::invalid_argument& e) {
        std::cerr << "sextant-cli netsim collective: " << as_flag(e.what()) << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "sextant-cli netsim collective: error: " << e.what() << "\n";
        return 1;
    }
    nlohmann::json j = {{"completion_s", r.completion_s},
                        {"collective_s", r.collective_mean_s},
                        {"iteration_s", r.iteration_s},
                        {"exposed_comm_s", r.exposed_comm_s},
                        {"completion_max_s", r.completion_max_s},
                        {"ideal_ring_s", r.ideal_ring_s},
                        {"ecn_marks", r.ecn_marks},
                        {"ecn_marks_per_gb", r.ecn_marks_per_gb},
                        {"pause_frames", r.pause_frames},
                        {"pause_s", r.paused_s},
                        {"drops", r.drops},
                        {"retransmitted_packets", r.retransmitted},
                        {"queue_mean_bytes", r.queue_mean_bytes},
                        {"queue_p99_bytes", r.queue_p99_bytes},
                        {"queue_max_bytes", r.queue_max_bytes},
                        {"link_utilisation", r.link_utilisation},
                        {"jain_fairness", r.jain_fairness},
                        {"flows", r.flows},
                        {"packet_hops", r.packet_hops},
                        {"events", r.events},
                        {"peak_packets_in_flight", r.peak_packets_in_flight},
                        {"wall_s", r.wall_s},
                        {"cpu_s", r.cpu_s}};
    if (o.json) {
        std::cout << j.dump() << "\n";
    } else {
        for (auto& [k, v] : j.items()) std::cout << k << ": " << v.dump() << "\n";
    }
    return 0;
}

}  // namespace

void add_netsim_command(CLI::App& app, int& exit_code) {
    auto* netsim = app.add_subcommand("netsim", "Network simulation tools (packet-level RoCE fabric).");
    netsim->require_subcommand(1);
    auto o = std::make_shared<Options>();
    auto* c = netsim->add_subcommand("collective", "Run one collective on a simulated fabric and print its metrics.");
    c->add_option("--topology", o->topology,
                  "single-switch:N, dumbbell:N, leaf-spine:LEAVESxHOSTS[:OVERSUBSCRIPTION] or file:PATH "
                  "(the HPCC ns-3 topology format)")
        ->capture_default_str();
    c->add_option("--gbps", o->gbps, "Host link rate (Gb/s)")->check(CLI::PositiveNumber)->capture_default_str();
    c->add_option("--fabric-gbps", o->fabric_gbps, "Switch-to-switch link rate (Gb/s); 0 = --gbps")
        ->check(CLI::NonNegativeNumber);
    c->add_option("--latency-us", o->latency_us, "Delay of every link (us); fat.txt: 1 us")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    c->add_option("--cc", o->cc, "Congestion control")
        ->check(CLI::IsMember({"none", "dcqcn", "dctcp", "timely", "hpcc"}))
        ->capture_default_str();
    c->add_option("--dcqcn-preset", o->preset, "DCQCN timers: the reference code's or the DCQCN paper's")
        ->check(CLI::IsMember({"reference", "paper"}))
        ->capture_default_str();
    c->add_option("--collective", o->collective, "Collective")
        ->check(CLI::IsMember({"ring-allreduce", "direct-allreduce", "hierarchical-allreduce", "all-to-all",
                               "ring-allgather", "ring-reduce-scatter"}))
        ->capture_default_str();
    c->add_option("--chunks", o->chunks,
                  "Split the buffer into this many chunks pipelined through the collective's stages")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    c->add_option("--profile", o->profile,
                  "Run training iterations from a profile instead of bare collectives: vgg19 (data parallel, "
                  "gradients all-reduced in buckets with --collective), dlrm (embedding all-to-alls + MLP "
                  "all-reduce) or file:PATH (docs/congestion.md)");
    c->add_option("--bucket-mb", o->bucket_mb, "Gradient bucket size (MiB); PyTorch DDP bucket_cap_mb: 25")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    c->add_option("--overlap", o->overlap, "All-reduce buckets during the backward pass, or only after it")
        ->check(CLI::IsMember({"on", "off"}))
        ->capture_default_str();
    c->add_option("--bytes", o->bytes, "Bytes per rank, e.g. 64MiB, 1MB")->capture_default_str();
    c->add_option("--pfc", o->pfc, "Priority flow control")->check(CLI::IsMember({"on", "off"}))->capture_default_str();
    c->add_option("--ecn", o->ecn, "ECN marking at switches")
        ->check(CLI::IsMember({"on", "off"}))
        ->capture_default_str();
    c->add_option("--fidelity", o->fidelity, "Packet-level fabric or flow-level (max-min) model")
        ->check(CLI::IsMember({"packet", "flow"}))
        ->capture_default_str();
    c->add_option("--jobs", o->jobs, "Split the hosts into this many jobs running the collective at once")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    c->add_option("--placement", o->placement, "Hosts of a job: contiguous, interleaved over leaves, or shuffled")
        ->check(CLI::IsMember({"packed", "strided", "random"}))
        ->capture_default_str();
    c->add_option("--iterations", o->iterations, "Collectives per job, back to back")->check(CLI::PositiveNumber);
    c->add_option("--buffer-mb", o->buffer_mb, "Shared buffer per switch (MB); config.txt: 32")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    c->add_option("--seed", o->seed, "ECMP hash and random placement seed")->capture_default_str();
    c->add_flag("--json", o->json, "Print one JSON object");
    c->callback([o, &exit_code] { exit_code = run(*o); });
}

}  // namespace sextant::cli
