// Reading and writing JSON documents with errors a user can locate.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace sextant {

// Parses `text`; a syntax error throws InputError "FILE:LINE:COLUMN: message".
nlohmann::json parse_json_text(const std::string& text, const std::string& file_label);

// Reads and parses a file; a missing file or a syntax error throws InputError.
nlohmann::json read_json_file(const std::filesystem::path& path);

// Writes `text` atomically: a temp file beside the target, flushed, then renamed over it,
// so readers and crashes see the old or the new content, never half of one.
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

// Short JSON type name for messages: "integer", "string", "object", ...
std::string json_type_name(const nlohmann::json& value);

}  // namespace sextant
