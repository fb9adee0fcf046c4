// The JSON-lines protocol between the parent and a worker process.
//   parent -> worker (stdin):  {"type":"run","run":7,"params":{..},"target":{..},"seed":1,"artifact_dir":".."}
//   worker -> parent (stdout): {"type":"started"|"metrics"|"summary"|"progress"|"log"|"artifact"|"finished",
//                               "run":7, ...}
// One JSON object per line; the worker's own stdout is redirected to stderr so a plugin's
// prints cannot corrupt the stream.
#pragma once

#include "exec/executor.hpp"
#include "exec/run_events.hpp"

#include <string>

namespace sextant::protocol {

std::string encode_request(const RunRequest& request);
// Throws std::runtime_error on a malformed line.
RunRequest decode_request(const std::string& line);

std::string encode_event(const RunEvent& event);
// Turns one worker line into an event; a line that is not protocol JSON becomes a Log event
// of level "stdout" so nothing a worker says is lost.
RunEvent decode_event(const std::string& line, std::int64_t current_run);

}  // namespace sextant::protocol
