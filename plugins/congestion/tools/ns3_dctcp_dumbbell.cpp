// The DCTCP dumbbell on ns-3 3.37 (Debian's libns3-dev): N senders -> one router -> one
// bottleneck link -> one receiver, TcpDctcp at the hosts, RED configured as a step marker
// at K (QW 1, MinTh = MaxTh = K bytes, not gentle, ECN marks instead of drops) on the
// router's port to the receiver. Same flags, trace and summary as fabric_dctcp_dumbbell;
// built only with -DSEXTANT_WITH_NS3=ON (scripts/ns3-crosscheck).
//
// Choices that make the two comparable, each printed in the report's notes:
// - connections are set up before the flows start, so an FCT counts data only (the
//   fabric has no handshake);
// - the point-to-point devices hold one packet, so the queue sits in the queue disc where
//   RED marks it; the queue reported is the queue disc's bytes plus that packet;
// - every other port gets a plain FIFO (ns-3 would otherwise install FqCoDel);
// - send and receive buffers are large, so only the congestion window limits a sender.
#include "dumbbell_scenario.hpp"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

#include <cmath>
#include <iostream>
#include <memory>
#include <sstream>

namespace cg = sextant::congestion;
using namespace ns3;

namespace {

constexpr double kSetupS = 1e-3;  // connections open at 0; data starts here (handshakes take ~1 RTT)

// One sender: keeps its socket's send buffer full until the flow's bytes are handed over.
struct Sender {
    Ptr<Socket> socket;
    std::uint64_t left = 0;
    bool started = false;  // the socket also calls fill() when its connection opens
    void fill(Ptr<Socket> s, std::uint32_t) {
        while (started && left > 0) {
            std::uint32_t room = s->GetTxAvailable();
            if (room == 0) return;
            auto n = static_cast<std::uint32_t>(std::min<std::uint64_t>({left, room, 1u << 20}));
            int sent = s->Send(Create<Packet>(n));
            if (sent <= 0) return;
            left -= static_cast<std::uint64_t>(sent);
        }
    }
    void start() {
        started = true;
        fill(socket, 0);
    }
    void connect(Address to) { socket->Connect(to); }
};

struct Run {
    const cg::DumbbellScenario& s;
    cg::DumbbellTrace trace;
    std::vector<double> delivered;
    std::vector<double> cwnd;  // latest congestion window per flow, bytes of payload
    std::size_t done = 0;
    Ptr<QueueDisc> red;
    Ptr<Queue<Packet>> device_queue;
    std::uint32_t data_threshold = 0;  // packets above this size carry data (not SYN/ACK/FIN)

    void on_rx(std::size_t flow, Ptr<const Packet> p, const Address&) {
        delivered[flow] += p->GetSize();
        if (trace.fct_s[flow] < 0 && delivered[flow] >= static_cast<double>(s.flow_bytes())) {
            trace.fct_s[flow] = Simulator::Now().GetSeconds() - kSetupS;
            ++done;
        }
    }
    void on_cwnd(std::size_t flow, std::uint32_t, std::uint32_t now) { cwnd[flow] = now; }
    void on_enqueue(Ptr<const QueueDiscItem> item) {
        if (item->GetSize() > data_threshold) ++trace.bottleneck_packets;
    }
    void on_mark(Ptr<const QueueDiscItem> item, const char*) {
        if (item->GetSize() > data_threshold) ++trace.marks;
    }
    void sample() {
        trace.sample_s.push_back(Simulator::Now().GetSeconds() - kSetupS);
        trace.delivered.push_back(delivered);
        trace.queue_bytes.push_back(red->GetNBytes() + device_queue->GetNBytes());
        double sum = 0;
        std::size_t active = 0;
        for (std::size_t f = 0; f < cwnd.size(); ++f)
            if (trace.fct_s[f] < 0) sum += cwnd[f] / s.payload_bytes, ++active;
        trace.window_packets.push_back(active ? sum / static_cast<double>(active) : 0);
        if (done == trace.fct_s.size()) {
            Simulator::Stop();
            return;
        }
        Simulator::Schedule(MicroSeconds(s.sample_us), &Run::sample, this);
    }
};

cg::DumbbellTrace run(const cg::DumbbellScenario& s) {
    const std::uint32_t n = s.senders;
    const auto buffer = static_cast<std::uint32_t>(s.buffer_mb * 1024 * 1024);
    const DataRate rate(static_cast<std::uint64_t>(s.gbps * 1e9));
    const Time delay = NanoSeconds(static_cast<std::int64_t>(std::llround(s.link_delay_us * 1e3)));

    Config::SetDefault("ns3::TcpL4Protocol::SocketType", StringValue("ns3::TcpDctcp"));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(s.payload_bytes));
    Config::SetDefault("ns3::TcpSocket::InitialCwnd",
                       UintegerValue(static_cast<std::uint32_t>(std::lround(s.init_cwnd_packets))));
    Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(s.del_ack_count));
    Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(buffer));
    Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(buffer));
    Config::SetDefault("ns3::TcpDctcp::DctcpShiftG", DoubleValue(s.g));

    NodeContainer senders, router, receiver;
    senders.Create(n);
    router.Create(1);
    receiver.Create(1);
    InternetStackHelper stack;
    stack.InstallAll();

    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(rate));
    p2p.SetChannelAttribute("Delay", TimeValue(delay));
    p2p.SetQueue("ns3::DropTailQueue", "MaxSize", QueueSizeValue(QueueSize("1p")));

    TrafficControlHelper fifo;
    fifo.SetRootQueueDisc("ns3::FifoQueueDisc", "MaxSize", QueueSizeValue(QueueSize(QueueSizeUnit::BYTES, buffer)));
    TrafficControlHelper red;
    red.SetRootQueueDisc("ns3::RedQueueDisc", "MinTh", DoubleValue(s.k_bytes), "MaxTh", DoubleValue(s.k_bytes), "QW",
                         DoubleValue(1.0), "Gentle", BooleanValue(false), "UseEcn", BooleanValue(true), "UseHardDrop",
                         BooleanValue(false), "MaxSize", QueueSizeValue(QueueSize(QueueSizeUnit::BYTES, buffer)),
                         "LinkBandwidth", DataRateValue(rate), "LinkDelay", TimeValue(delay));

    Ipv4AddressHelper address;
    std::vector<NetDeviceContainer> access(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        access[i] = p2p.Install(senders.Get(i), router.Get(0));
        fifo.Install(access[i]);  // before Assign, which would install FqCoDel
        address.SetBase(Ipv4Address((10u << 24) | ((i + 1) << 8)), Ipv4Mask("255.255.255.0"));
        address.Assign(access[i]);
    }
    NetDeviceContainer last = p2p.Install(router.Get(0), receiver.Get(0));
    QueueDiscContainer bottleneck = red.Install(last.Get(0));
    fifo.Install(last.Get(1));
    address.SetBase("10.255.0.0", "255.255.255.0");
    Ipv4InterfaceContainer last_ifs = address.Assign(last);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    Run r{s, {}, std::vector<double>(n, 0), std::vector<double>(n, 0), 0, bottleneck.Get(0), nullptr, 200};
    r.device_queue = DynamicCast<PointToPointNetDevice>(last.Get(0))->GetQueue();
    r.trace.simulator = "ns-3";
    r.trace.fct_s.assign(n, -1);
    r.red->TraceConnectWithoutContext("Enqueue", MakeCallback(&Run::on_enqueue, &r));
    r.red->TraceConnectWithoutContext("Mark", MakeCallback(&Run::on_mark, &r));

    std::vector<std::unique_ptr<Sender>> flows;
    for (std::uint32_t i = 0; i < n; ++i) {
        const auto port = static_cast<std::uint16_t>(5000 + i);
        PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), port));
        ApplicationContainer app = sink.Install(receiver.Get(0));
        app.Start(Seconds(0));
        app.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&Run::on_rx, &r).Bind(std::size_t{i}));

        auto f = std::make_unique<Sender>();
        f->socket = Socket::CreateSocket(senders.Get(i), TcpSocketFactory::GetTypeId());
        f->socket->Bind();
        // Connect from inside the simulation: the stack is initialised when it starts.
        Simulator::ScheduleNow(&Sender::connect, f.get(), Address(InetSocketAddress(last_ifs.GetAddress(1), port)));
        f->socket->SetSendCallback(MakeCallback(&Sender::fill, f.get()));
        f->socket->TraceConnectWithoutContext("CongestionWindow", MakeCallback(&Run::on_cwnd, &r).Bind(std::size_t{i}));
        f->left = s.flow_bytes();
        Simulator::Schedule(Seconds(kSetupS), &Sender::start, f.get());
        flows.push_back(std::move(f));
    }
    Simulator::Schedule(Seconds(kSetupS) + MicroSeconds(s.sample_us), &Run::sample, &r);
    Simulator::Run();

    const QueueDisc::Stats& st = r.red->GetStats();
    r.trace.drops = st.nTotalDroppedPackets;
    const std::uint64_t needed = (s.flow_bytes() + s.payload_bytes - 1) / s.payload_bytes * n;
    r.trace.retransmissions = r.trace.bottleneck_packets > needed ? r.trace.bottleneck_packets - needed : 0;
    // Data packet on the wire: payload + TCP 20 + timestamp option 12 + IPv4 20 + PPP 2.
    r.trace.wire_bytes_per_packet = s.payload_bytes + 20 + 12 + 20 + 2;
    std::ostringstream notes;
    notes << "TcpDctcp (ns-3 3.37, DctcpAlphaOnInit 1, ECT(0)), DelAckCount " << s.del_ack_count
          << ", RED step marker at enqueue (queue found >= K), device queue 1 packet, FIFO elsewhere, "
          << "connections open before data starts at " << kSetupS * 1e3
          << " ms, retransmissions = data packets at the bottleneck - packets needed";
    r.trace.notes.push_back(notes.str());
    Simulator::Destroy();
    return r.trace;
}

}  // namespace

int main(int argc, char** argv) {
    cg::DumbbellScenario s;
    CLI::App app{"DCTCP dumbbell on ns-3 3.37 (the reference side of the packet fabric's cross-check)"};
    cg::add_flags(app, s);
    CLI11_PARSE(app, argc, argv);
    try {
        s.validate();
    } catch (const std::invalid_argument& e) {
        std::cerr << "ns3_dctcp_dumbbell: " << e.what() << "\n";
        return 2;
    }
    cg::print_report(std::cout, s, run(s));
    return 0;
}
