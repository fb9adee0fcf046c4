// The JSON-lines protocol between the parent and a worker process.
//   parent -> worker (stdin):  {"type":"run","run":7,"params":{..},"target":{..},"seed":1,"artifact_dir":".."}
//   worker -> parent (stdout): {"type":"started"|"metrics"|"summary"|"progress"|"log"|"artifact"|"finished",
//                               "run":7, ...}
// One JSON object per line; the worker's own stdout is redirected to stderr so a plugin's
// prints cannot corrupt the stream.
#pragma once

#include "exec/executor.hpp"
#include "exec/run_events.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace sextant::protocol {

// The worker ends each run's stderr with this line, written before the run's "finished"
// event goes to stdout. The two pipes are read by different threads, so without it the
// parent could store a failed run's stderr before its last lines arrived, and could not
// tell one run's output from the next in a reused worker.
std::string end_of_run_line(std::int64_t run_id);
// The run id when `line` is such a marker.
std::optional<std::int64_t> parse_end_of_run(const std::string& line);

std::string encode_request(const RunRequest& request);
// Throws std::runtime_error on a malformed line.
RunRequest decode_request(const std::string& line);

std::string encode_event(const RunEvent& event);
// Strict: the event a line encodes, or why it is not a protocol line (never throws).
struct DecodedLine {
    std::optional<RunEvent> event;
    std::string error;  // set when `event` is empty
};
DecodedLine parse_event(const std::string& line, std::int64_t current_run);
// Lenient, for readers of `run --events`: a line that is not a protocol event becomes a Log
// event of level "stdout" so nothing is lost.
RunEvent decode_event(const std::string& line, std::int64_t current_run);
// `line` shortened for quoting in a message.
std::string quote_line(const std::string& line);

}  // namespace sextant::protocol
