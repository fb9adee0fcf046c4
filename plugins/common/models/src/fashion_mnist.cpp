#include "models/fashion_mnist.hpp"

#include <xxhash.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace models {

namespace {

const char* image_file(FashionMnistFile f) {
    return f == FashionMnistFile::train ? "train-images-idx3-ubyte.gz" : "t10k-images-idx3-ubyte.gz";
}
const char* label_file(FashionMnistFile f) {
    return f == FashionMnistFile::train ? "train-labels-idx1-ubyte.gz" : "t10k-labels-idx1-ubyte.gz";
}

struct GzCloser {
    void operator()(gzFile f) const { gzclose(f); }
};
using Gz = std::unique_ptr<std::remove_pointer_t<gzFile>, GzCloser>;

Gz open(const std::filesystem::path& path) {
    if (!std::filesystem::exists(path))
        throw DatasetError("Fashion-MNIST file " + path.string() +
                           " not found: install the Debian package dataset-fashion-mnist, or set dataset_dir "
                           "to the folder holding the four *-ubyte.gz files");
    Gz f(gzopen(path.c_str(), "rb"));
    if (!f) throw DatasetError("cannot open " + path.string());
    return f;
}

void read_exact(gzFile f, void* out, std::size_t bytes, const std::filesystem::path& path) {
    auto* p = static_cast<unsigned char*>(out);
    while (bytes > 0) {
        const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(bytes, 1u << 30));
        const int got = gzread(f, p, chunk);
        if (got <= 0) throw DatasetError(path.string() + ": truncated or corrupt (gzip/IDX data ended early)");
        p += got;
        bytes -= static_cast<std::size_t>(got);
    }
}

// gzip streams cannot seek: read and drop.
void skip(gzFile f, std::size_t bytes, const std::filesystem::path& path) {
    std::vector<unsigned char> sink(1 << 20);
    while (bytes > 0) {
        const std::size_t n = std::min(bytes, sink.size());
        read_exact(f, sink.data(), n, path);
        bytes -= n;
    }
}

std::uint32_t big_endian(const unsigned char* b) {
    return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
}

// IDX header: magic 0x0000 08 <dims>, then one big-endian uint32 per dimension.
std::vector<std::uint32_t> read_header(gzFile f, int dims, const std::filesystem::path& path) {
    std::array<unsigned char, 4> b{};
    read_exact(f, b.data(), 4, path);
    if (b[0] != 0 || b[1] != 0 || b[2] != 0x08 || b[3] != dims)
        throw DatasetError(path.string() + ": not an unsigned-byte IDX file with " + std::to_string(dims) +
                           " dimensions (bad magic number)");
    std::vector<std::uint32_t> shape(static_cast<std::size_t>(dims));
    for (auto& d : shape) {
        read_exact(f, b.data(), 4, path);
        d = big_endian(b.data());
    }
    return shape;
}

}  // namespace

bool fashion_mnist_available(const std::filesystem::path& dir) {
    for (auto f : {FashionMnistFile::train, FashionMnistFile::test})
        if (!std::filesystem::exists(dir / image_file(f)) || !std::filesystem::exists(dir / label_file(f)))
            return false;
    return true;
}

Images load_fashion_mnist(const std::filesystem::path& dir, FashionMnistFile file, std::size_t offset,
                          std::size_t limit) {
    const auto ipath = dir / image_file(file), lpath = dir / label_file(file);
    Gz images = open(ipath), labels = open(lpath);
    const auto ishape = read_header(images.get(), 3, ipath);
    const auto lshape = read_header(labels.get(), 1, lpath);
    if (ishape[0] != lshape[0])
        throw DatasetError(ipath.string() + " holds " + std::to_string(ishape[0]) + " images but " + lpath.string() +
                           " " + std::to_string(lshape[0]) + " labels");
    if (ishape[1] != 28 || ishape[2] != 28)
        throw DatasetError(ipath.string() + ": expected 28x28 images, found " + std::to_string(ishape[1]) + "x" +
                           std::to_string(ishape[2]));
    Images out;
    const std::size_t total = ishape[0];
    const std::size_t first = std::min<std::size_t>(offset, total);
    out.count = std::min<std::size_t>(limit, total - first);
    const std::size_t width = out.width();
    skip(images.get(), first * width, ipath);
    skip(labels.get(), first, lpath);
    std::vector<unsigned char> raw(out.count * width);
    read_exact(images.get(), raw.data(), raw.size(), ipath);
    out.pixels.resize(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) out.pixels[i] = static_cast<float>(raw[i]) / 255.0f;
    std::vector<unsigned char> lab(out.count);
    read_exact(labels.get(), lab.data(), lab.size(), lpath);
    out.labels.resize(out.count);
    for (std::size_t i = 0; i < out.count; ++i) {
        if (lab[i] > 9)
            throw DatasetError(lpath.string() + ": label " + std::to_string(lab[i]) + " at " +
                               std::to_string(first + i) + " is not 0..9");
        out.labels[i] = lab[i];
    }
    return out;
}

FashionMnistSplit load_fashion_mnist_split(const std::filesystem::path& dir, std::size_t train_limit,
                                           std::size_t validation_limit, std::size_t test_limit) {
    FashionMnistSplit s;
    s.train = load_fashion_mnist(dir, FashionMnistFile::train, 0, std::min(train_limit, kTrainImages));
    s.validation =
        load_fashion_mnist(dir, FashionMnistFile::train, kTrainImages, std::min(validation_limit, kValidationImages));
    s.test = load_fashion_mnist(dir, FashionMnistFile::test, 0, std::min(test_limit, kTestImages));
    return s;
}

const char* fashion_mnist_class(std::int64_t label) {
    static const char* names[] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                  "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    return label >= 0 && label < 10 ? names[label] : "?";
}

std::string fashion_mnist_fingerprint(const std::filesystem::path& dir) {
    // Hashing 30 MB takes a while; remember it per folder, file sizes and times.
    std::string stamp = dir.string();
    std::error_code ec;
    for (const auto* name : {image_file(FashionMnistFile::train), label_file(FashionMnistFile::train)})
        stamp += "|" + std::to_string(std::filesystem::file_size(dir / name, ec)) + "@" +
                 std::to_string(std::filesystem::last_write_time(dir / name, ec).time_since_epoch().count());
    static std::mutex mutex;
    static std::map<std::string, std::string> known;
    std::lock_guard lock(mutex);
    if (auto it = known.find(stamp); it != known.end()) return it->second;
    XXH3_state_t* state = XXH3_createState();
    XXH3_64bits_reset(state);
    std::vector<char> buf(1 << 20);
    for (const auto* name : {image_file(FashionMnistFile::train), label_file(FashionMnistFile::train)}) {
        const auto path = dir / name;
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            XXH3_freeState(state);
            throw DatasetError("Fashion-MNIST file " + path.string() +
                               " not found: install the Debian package dataset-fashion-mnist, or set dataset_dir "
                               "to the folder holding the four *-ubyte.gz files");
        }
        while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0)
            XXH3_64bits_update(state, buf.data(), static_cast<std::size_t>(in.gcount()));
    }
    const auto h = XXH3_64bits_digest(state);
    XXH3_freeState(state);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return known[stamp] = hex;
}

}  // namespace models
