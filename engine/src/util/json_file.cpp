#include "util/json_file.hpp"

#include "util/errors.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

namespace sextant {

namespace {

// nlohmann reports a byte offset; users want line and column.
std::pair<std::size_t, std::size_t> line_and_column(const std::string& text, std::size_t byte) {
    std::size_t line = 1, column = 1;
    const std::size_t end = std::min(byte > 0 ? byte - 1 : 0, text.size());
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {line, column};
}

// "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..." ->
// "syntax error ..."; "[json.exception.out_of_range.406] number overflow ..." -> "number overflow ..."
std::string plain_message(const std::string& what) {
    std::string text = what;
    if (const auto tag_end = text.find("] "); !text.empty() && text[0] == '[' && tag_end != std::string::npos)
        text = text.substr(tag_end + 2);
    if (const auto colon = text.find(": "); text.rfind("parse error", 0) == 0 && colon != std::string::npos)
        text = text.substr(colon + 2);
    return text;
}

// Deeper nesting than any project needs; the limit keeps code that walks the tree
// recursively (copying, printing) from overflowing the stack on a hostile file.
constexpr std::size_t kMaxDepth = 256;

// The byte offset (1-based, as nlohmann reports) of the bracket that opens level
// kMaxDepth + 1, if any.
std::optional<std::size_t> too_deep(const std::string& text) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxDepth) return i + 1;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::nullopt;
}

// Only records where the parser gave up: errors other than syntax errors (a number too
// large for a double, "1e309") are thrown without a position, so the text is parsed again
// with this to find it.
struct ErrorPosition final : nlohmann::json_sax<nlohmann::json> {
    using json = nlohmann::json;
    std::size_t byte = 0;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(json::number_integer_t) override { return true; }
    bool number_unsigned(json::number_unsigned_t) override { return true; }
    bool number_float(json::number_float_t, const json::string_t&) override { return true; }
    bool string(json::string_t&) override { return true; }
    bool binary(json::binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(json::string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
        byte = position;
        return false;
    }
};

InputError located(const std::string& text, const std::string& file_label, std::size_t byte,
                   const std::string& message) {
    const auto [line, column] = line_and_column(text, byte);
    return InputError(file_label + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message);
}

}  // namespace

nlohmann::json parse_json_text(const std::string& text, const std::string& file_label) {
    if (const auto byte = too_deep(text))
        throw located(text, file_label, *byte, "nested deeper than " + std::to_string(kMaxDepth) + " levels");
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw located(text, file_label, e.byte, plain_message(e.what()));
    } catch (const nlohmann::json::exception& e) {
        ErrorPosition position;
        nlohmann::json::sax_parse(text, &position);
        throw located(text, file_label, position.byte, plain_message(e.what()));
    }
}

nlohmann::json read_json_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path.string() + ": cannot open file (" + std::strerror(errno) + ")");
    std::stringstream buffer;
    buffer << in.rdbuf();
    return parse_json_text(buffer.str(), path.string());
}

void write_file_atomically(const std::filesystem::path& path, const std::string& text) {
    const auto temp = path.string() + ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) throw std::runtime_error(temp + ": cannot create (" + std::strerror(errno) + ")");
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            ::unlink(temp.c_str());
            throw std::runtime_error(temp + ": write failed (" + std::strerror(err) + ")");
        }
        written += static_cast<std::size_t>(n);
    }
    ::fsync(fd);
    ::close(fd);
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        throw std::runtime_error(path.string() + ": cannot replace (" + std::strerror(err) + ")");
    }
}

std::string json_type_name(const nlohmann::json& value) {
    switch (value.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::boolean: return "boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return "integer";
    case nlohmann::json::value_t::number_float: return "number";
    case nlohmann::json::value_t::string: return "string";
    case nlohmann::json::value_t::array: return "array";
    case nlohmann::json::value_t::object: return "object";
    default: return "value";
    }
}

}  // namespace sextant
