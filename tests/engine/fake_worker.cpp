// A stand-in for `sextant-cli worker` that misbehaves on request, so the executor, the store
// writer and the runner can be tested against every way a worker can go wrong. Each run's
// parameter "act" says what to do:
//   ok            started, one summary, finished done
//   garbage       started, then a line that is not JSON
//   wrong_fields  started, then protocol JSON whose fields have the wrong types
//   truncated     started, then half a line and exit 0 (no newline)
//   close_stdin   a normal run that closes stdin before announcing its end, then exits after
//                 300 ms: the parent's next request meets a closed pipe (EPIPE)
//   exit_after    a normal run, then exit at once (the next request may or may not get in)
//   stall         started, then ignore SIGTERM and sleep (only SIGKILL ends it)
//   flood_stderr  started, 4 MiB of stderr, finished failed
// Usage: fake_worker [--plugin-file F] (the file is ignored).
#include <nlohmann/json.hpp>

#include <sys/prctl.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>

namespace {

void say(const std::string& line) {
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void end_stderr(long long run) {
    std::fprintf(stderr, "\x1esextant-end-of-run %lld\n", run);
    std::fflush(stderr);
}

void finish(long long run, const std::string& status, const std::string& error = "") {
    end_stderr(run);
    say(nlohmann::json{{"type", "finished"}, {"run", run}, {"status", status}, {"error", error}}.dump());
}

}  // namespace

int main() {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a test that crashed
    std::string line;
    while (std::getline(std::cin, line)) {
        const auto request = nlohmann::json::parse(line);
        const long long run = request.at("run").get<long long>();
        const std::string act = request.at("params").value("act", "ok");
        say(nlohmann::json{{"type", "started"}, {"run", run}, {"host", "fake"}, {"time", 1.0}}.dump());
        if (act == "garbage") {
            say("this is {not protocol json");
            std::this_thread::sleep_for(std::chrono::seconds(20));
            return 1;
        }
        if (act == "wrong_fields") {
            say(R"({"type":"metrics","run":1,"samples":"not an array"})");
            std::this_thread::sleep_for(std::chrono::seconds(20));
            return 1;
        }
        if (act == "truncated") {
            std::fputs(R"({"type":"summary","run":1,"name":"x","val)", stdout);
            std::fflush(stdout);
            return 0;
        }
        if (act == "stall") {
            std::signal(SIGTERM, SIG_IGN);
            std::this_thread::sleep_for(std::chrono::seconds(20));
            return 1;
        }
        if (act == "flood_stderr") {
            const std::string chunk(1023, 'e');
            for (int i = 0; i < 4096; ++i) std::fprintf(stderr, "%s\n", chunk.c_str());
            std::fprintf(stderr, "last words\n");
            finish(run, "failed", "flooded");
            continue;
        }
        say(nlohmann::json{{"type", "summary"}, {"run", run}, {"name", "x"}, {"value", 1.0}}.dump());
        if (act == "close_stdin") ::close(STDIN_FILENO);
        finish(run, "done");
        if (act == "close_stdin") {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            return 0;
        }
        if (act == "exit_after") return 0;
    }
    return 0;
}
