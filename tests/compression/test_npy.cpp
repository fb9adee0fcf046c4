// .npy float32 files: round trip, and clear errors for wrong dtype and corrupt files.
#include <compression/npy.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace compression;
namespace fs = std::filesystem;

namespace {

fs::path temp(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("sextant-npy-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir / name;
}

void write_raw(const fs::path& p, const std::string& header_dict, const std::string& data) {
    std::string header = header_dict;
    while ((10 + header.size() + 1) % 64) header += ' ';
    header += '\n';
    std::ofstream out(p, std::ios::binary);
    out.write("\x93NUMPY\x01\x00", 8);
    const char len[2] = {static_cast<char>(header.size() & 0xff), static_cast<char>(header.size() >> 8)};
    out.write(len, 2);
    out << header << data;
}

std::string error_of(const fs::path& p) {
    try {
        read_npy(p);
    } catch (const NpyError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(Npy, RoundTripsShapeOrderAndValues) {
    const std::vector<float> v{1.5f, -2.0f, 0.0f, 3.25f, 1e-30f, -7.0f};
    write_npy(temp("a.npy"), v, {2, 3});
    const auto a = read_npy(temp("a.npy"));
    EXPECT_EQ(a.shape, (std::vector<std::uint64_t>{2, 3}));
    EXPECT_FALSE(a.fortran_order);
    EXPECT_EQ(a.data, v);
    write_npy(temp("b.npy"), v);
    EXPECT_EQ(read_npy(temp("b.npy")).shape, (std::vector<std::uint64_t>{6}));
}

TEST(Npy, ReadsWhatNumpyWrites) {
    // Header byte-for-byte as numpy 1.x writes np.arange(3, dtype=np.float32).
    const float data[3] = {0, 1, 2};
    write_raw(temp("numpy.npy"), "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
              std::string(reinterpret_cast<const char*>(data), 12));
    EXPECT_EQ(read_npy(temp("numpy.npy")).data, (std::vector<float>{0, 1, 2}));
}

TEST(Npy, WrongDtypeIsNamed) {
    write_raw(temp("f8.npy"), "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", std::string(16, '\0'));
    const auto m = error_of(temp("f8.npy"));
    EXPECT_NE(m.find("f8.npy"), std::string::npos) << m;
    EXPECT_NE(m.find("'<f8'"), std::string::npos) << m;
    EXPECT_NE(m.find("float32"), std::string::npos) << m;
}

TEST(Npy, CorruptFilesAreRefusedWithTheReason) {
    { std::ofstream(temp("garbage.npy")) << "hello world, not numpy"; }
    EXPECT_NE(error_of(temp("garbage.npy")).find("bad magic"), std::string::npos);
    write_raw(temp("short.npy"), "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", std::string(12, '\0'));
    EXPECT_NE(error_of(temp("short.npy")).find("needs 16 data bytes, file has 12"), std::string::npos)
        << error_of(temp("short.npy"));
    write_raw(temp("noshape.npy"), "{'descr': '<f4', 'fortran_order': False, }", "");
    EXPECT_NE(error_of(temp("noshape.npy")).find("'shape'"), std::string::npos);
    EXPECT_NE(error_of(temp("missing.npy")).find("cannot open"), std::string::npos);
    { std::ofstream(temp("cut.npy"), std::ios::binary).write("\x93NUMPY\x01\x00\x40", 9); }
    EXPECT_NE(error_of(temp("cut.npy")).find("truncated"), std::string::npos) << error_of(temp("cut.npy"));
}
