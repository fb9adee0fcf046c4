#include "exec/local_executor.hpp"
#include "exec/worker_protocol.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cmath>

using namespace sextant;

TEST(Protocol, RequestRoundTrip) {
    RunRequest r;
    r.run_id = 42;
    r.plugin_file = "/x/sextant-plugin-a.so";
    r.params = {{"a", 1}, {"b", "two"}};
    r.target = {{"kind", "local"}};
    r.seed = 18446744073709551615ull;
    r.artifact_dir = "/tmp/art";
    const RunRequest back = protocol::decode_request(protocol::encode_request(r));
    EXPECT_EQ(back.run_id, 42);
    EXPECT_EQ(back.plugin_file, r.plugin_file);
    EXPECT_EQ(back.params, r.params);
    EXPECT_EQ(back.seed, r.seed);
    EXPECT_EQ(back.artifact_dir, r.artifact_dir);
    EXPECT_THROW(protocol::decode_request("{\"type\":\"other\"}"), std::runtime_error);
}

TEST(Protocol, EventsRoundTripIncludingNaN) {
    RunEvent m;
    m.kind = RunEvent::Kind::Metrics;
    m.run_id = 3;
    m.samples = {{"loss", 0, 0.5, 1.0}, {"loss", 1, std::nan(""), 2.0}};
    const RunEvent back = protocol::decode_event(protocol::encode_event(m), 0);
    EXPECT_EQ(back.kind, RunEvent::Kind::Metrics);
    EXPECT_EQ(back.run_id, 3);
    ASSERT_EQ(back.samples.size(), 2u);
    EXPECT_EQ(back.samples[0].value, 0.5);
    EXPECT_TRUE(std::isnan(back.samples[1].value));  // NaN travels as null and comes back

    RunEvent f;
    f.kind = RunEvent::Kind::Finished;
    f.run_id = 5;
    f.status = RunStatus::Failed;
    f.message = "boom";
    f.exit_status = -11;
    f.stderr_tail = "last words\n";
    const RunEvent fb = protocol::decode_event(protocol::encode_event(f), 0);
    EXPECT_EQ(fb.status, RunStatus::Failed);
    EXPECT_EQ(fb.message, "boom");
    EXPECT_EQ(fb.exit_status, -11);
    EXPECT_EQ(fb.stderr_tail, "last words\n");
}

TEST(Protocol, InvalidUtf8InLogsDoesNotBreakTheStream) {
    RunEvent e;
    e.kind = RunEvent::Kind::Log;
    e.level = "info";
    e.message = std::string("bad \xff byte");
    const RunEvent back = protocol::decode_event(protocol::encode_event(e), 0);
    EXPECT_EQ(back.kind, RunEvent::Kind::Log);
    EXPECT_EQ(back.level, "info");
}

TEST(Protocol, ForeignLinesBecomeLogLines) {
    const RunEvent e = protocol::decode_event("not json at all", 9);
    EXPECT_EQ(e.kind, RunEvent::Kind::Log);
    EXPECT_EQ(e.level, "stdout");
    EXPECT_EQ(e.run_id, 9);
    EXPECT_EQ(e.message, "not json at all");
}

TEST(Protocol, EndOfRunMarkerIsRecognisedAndNothingElseIs) {
    EXPECT_EQ(protocol::parse_end_of_run(protocol::end_of_run_line(42)), 42);
    EXPECT_FALSE(protocol::parse_end_of_run("sextant-end-of-run 42").has_value());  // printed by a plugin
    EXPECT_FALSE(protocol::parse_end_of_run(protocol::end_of_run_line(42).substr(0, 5)).has_value());
    EXPECT_FALSE(protocol::parse_end_of_run("").has_value());
}

TEST(ExitDescription, SignalsAndCodes) {
    EXPECT_EQ(describe_exit(SIGSEGV), "killed by signal 11 (SIGSEGV)");  // raw waitpid status of a signal death
    EXPECT_EQ(exit_status_value(SIGKILL), -9);
    EXPECT_EQ(describe_exit(7 << 8), "exited with status 7");
    EXPECT_EQ(exit_status_value(7 << 8), 7);
}

TEST(Protocol, MalformedEventsAreReportedNeverThrown) {
    // Each of these made the old decoder throw (on the executor's reader thread: std::terminate).
    for (const std::string line :
         {R"({"type":"metrics","samples":"x"})", R"({"type":"metrics","samples":[["a",1]]})",
          R"({"type":"metrics","samples":[[1,2,3,4]]})", R"({"type":"summary","name":3,"value":1})",
          R"({"type":"summary","value":1})", R"({"type":"started","run":"seven"})",
          R"({"type":"finished","exit_status":"x"})", R"({"type":"log","message":[1]})", R"({"type":5})",
          R"({"type":"warp"})", "[1,2]", "", "{\"type\":\"summary\",\"name\":\"x\",\"val"}) {
        protocol::DecodedLine decoded;
        ASSERT_NO_THROW(decoded = protocol::parse_event(line, 3)) << line;
        EXPECT_FALSE(decoded.event.has_value()) << line;
        EXPECT_FALSE(decoded.error.empty()) << line;
        RunEvent lenient;
        ASSERT_NO_THROW(lenient = protocol::decode_event(line, 3)) << line;
        EXPECT_EQ(lenient.kind, RunEvent::Kind::Log) << line;
        EXPECT_EQ(lenient.message, line);
    }
    EXPECT_EQ(protocol::parse_event(R"({"type":"summary","name":3,"value":1})", 0).error,
              "type must be string, but is number");
}

TEST(Protocol, QueuedEventsRoundTrip) {
    RunEvent e;
    e.kind = RunEvent::Kind::Queued;
    e.run_id = 12;
    const auto back = protocol::parse_event(protocol::encode_event(e), 0);
    ASSERT_TRUE(back.event.has_value()) << back.error;
    EXPECT_EQ(back.event->kind, RunEvent::Kind::Queued);
    EXPECT_EQ(back.event->run_id, 12);
}
