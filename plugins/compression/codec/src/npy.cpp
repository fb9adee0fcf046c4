#include "compression/npy.hpp"

#include <bit>
#include <cstring>
#include <fstream>
#include <sstream>

namespace compression {

// .npy data is little-endian float32; so is every machine Sextant runs on.
static_assert(std::endian::native == std::endian::little);

namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what) {
    throw NpyError(path.string() + ": " + what);
}

// Finds `'key':` in the header dict and returns the text after it, trimmed of spaces.
std::string field(const std::filesystem::path& path, const std::string& header, const std::string& key) {
    auto at = header.find("'" + key + "'");
    if (at == std::string::npos) fail(path, "corrupt .npy header: no '" + key + "' field");
    at = header.find(':', at);
    if (at == std::string::npos) fail(path, "corrupt .npy header: '" + key + "' has no value");
    ++at;
    while (at < header.size() && header[at] == ' ') ++at;
    return header.substr(at);
}

std::vector<std::uint64_t> parse_shape(const std::filesystem::path& path, const std::string& text) {
    if (text.empty() || text[0] != '(') fail(path, "corrupt .npy header: shape is not a tuple");
    const auto close = text.find(')');
    if (close == std::string::npos) fail(path, "corrupt .npy header: shape tuple is not closed");
    std::vector<std::uint64_t> shape;
    std::string item;
    std::istringstream in(text.substr(1, close - 1));
    while (std::getline(in, item, ',')) {
        const auto b = item.find_first_not_of(" \t");
        if (b == std::string::npos) continue;  // "(5,)" has an empty last item
        const auto e = item.find_last_not_of(" \tL");
        const std::string digits = item.substr(b, e - b + 1);
        if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
            fail(path, "corrupt .npy header: shape item '" + digits + "' is not a number");
        shape.push_back(std::stoull(digits));
    }
    return shape;
}

}  // namespace

NpyArray read_npy(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(path, "cannot open for reading");
    char magic[8];
    if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0)
        fail(path, "not a .npy file (bad magic; expected a NumPy .npy array)");
    const int major = static_cast<unsigned char>(magic[6]);
    std::uint32_t header_len = 0;
    if (major == 1) {
        unsigned char b[2];
        if (!in.read(reinterpret_cast<char*>(b), 2)) fail(path, "corrupt .npy: truncated header length");
        header_len = b[0] | (b[1] << 8);
    } else if (major == 2 || major == 3) {
        unsigned char b[4];
        if (!in.read(reinterpret_cast<char*>(b), 4)) fail(path, "corrupt .npy: truncated header length");
        header_len = b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<std::uint32_t>(b[3]) << 24);
    } else {
        fail(path, "unsupported .npy format version " + std::to_string(major));
    }
    if (header_len > (1u << 20))
        fail(path, "corrupt .npy: header length " + std::to_string(header_len) + " is implausible");
    std::string header(header_len, '\0');
    if (!in.read(header.data(), header_len)) fail(path, "corrupt .npy: header truncated");

    const std::string descr = field(path, header, "descr");
    if (descr.rfind("'<f4'", 0) != 0 && descr.rfind("'=f4'", 0) != 0) {
        const auto end = descr.find('\'', 1);
        fail(path, "dtype " + descr.substr(0, end == std::string::npos ? 8 : end + 1) +
                       " is not float32 ('<f4'); save it with arr.astype(numpy.float32)");
    }
    NpyArray a;
    const std::string order = field(path, header, "fortran_order");
    if (order.rfind("True", 0) == 0) a.fortran_order = true;
    else if (order.rfind("False", 0) != 0) fail(path, "corrupt .npy header: fortran_order is not True/False");
    a.shape = parse_shape(path, field(path, header, "shape"));

    std::uint64_t count = 1;
    for (auto d : a.shape) {
        if (d != 0 && count > (std::uint64_t{1} << 40) / d) fail(path, "corrupt .npy: shape is implausibly large");
        count *= d;
    }
    const auto data_at = static_cast<std::uint64_t>(in.tellg());
    std::error_code ec;
    const auto file_size = std::filesystem::file_size(path, ec);
    if (ec) fail(path, "cannot read file size: " + ec.message());
    if (file_size - data_at != count * 4)
        fail(path, "corrupt .npy: shape needs " + std::to_string(count * 4) + " data bytes, file has " +
                       std::to_string(file_size - data_at));
    a.data.resize(count);
    if (count && !in.read(reinterpret_cast<char*>(a.data.data()), static_cast<std::streamsize>(count * 4)))
        fail(path, "corrupt .npy: data truncated");
    return a;
}

void write_npy(const std::filesystem::path& path, std::span<const float> data, std::vector<std::uint64_t> shape,
               bool fortran_order) {
    if (shape.empty()) shape = {data.size()};
    std::string dims;
    for (auto d : shape) dims += std::to_string(d) + ", ";
    if (shape.size() > 1) dims.resize(dims.size() - 1);  // "(3, 4)" but "(5,)"
    else dims.pop_back();
    std::string header = "{'descr': '<f4', 'fortran_order': " + std::string(fortran_order ? "True" : "False") +
                         ", 'shape': (" + dims + "), }";
    // Pad with spaces so data starts on a 64-byte boundary; the header ends with '\n'.
    const std::size_t unpadded = 10 + header.size() + 1;
    header.append((64 - unpadded % 64) % 64, ' ');
    header.push_back('\n');
    if (header.size() > 65535) throw NpyError(path.string() + ": shape too long for a .npy v1 header");

    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw NpyError(path.string() + ": cannot open for writing");
    out.write("\x93NUMPY\x01\x00", 8);
    const unsigned char len[2] = {static_cast<unsigned char>(header.size() & 0xff),
                                  static_cast<unsigned char>(header.size() >> 8)};
    out.write(reinterpret_cast<const char*>(len), 2);
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size() * 4));
    if (!out) throw NpyError(path.string() + ": write failed");
}

}  // namespace compression
