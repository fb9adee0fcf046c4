#include "compression_training/fashion_mnist.hpp"

#include <zlib.h>

#include <array>
#include <memory>

namespace compression_training {

namespace {

const char* image_file(Split s) { return s == Split::train ? "train-images-idx3-ubyte.gz" : "t10k-images-idx3-ubyte.gz"; }
const char* label_file(Split s) { return s == Split::train ? "train-labels-idx1-ubyte.gz" : "t10k-labels-idx1-ubyte.gz"; }

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
    for (Split s : {Split::train, Split::test})
        if (!std::filesystem::exists(dir / image_file(s)) || !std::filesystem::exists(dir / label_file(s))) return false;
    return true;
}

Examples load_fashion_mnist(const std::filesystem::path& dir, Split split, std::size_t limit) {
    const auto ipath = dir / image_file(split), lpath = dir / label_file(split);
    Gz images = open(ipath), labels = open(lpath);
    const auto ishape = read_header(images.get(), 3, ipath);
    const auto lshape = read_header(labels.get(), 1, lpath);
    if (ishape[0] != lshape[0])
        throw DatasetError(ipath.string() + " holds " + std::to_string(ishape[0]) + " images but " + lpath.string() +
                           " " + std::to_string(lshape[0]) + " labels");
    if (ishape[1] != 28 || ishape[2] != 28)
        throw DatasetError(ipath.string() + ": expected 28x28 images, found " + std::to_string(ishape[1]) + "x" +
                           std::to_string(ishape[2]));
    Examples out;
    out.count = std::min<std::size_t>(limit, ishape[0]);
    out.width = 28 * 28;
    std::vector<unsigned char> raw(out.count * out.width);
    read_exact(images.get(), raw.data(), raw.size(), ipath);
    out.features.resize(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) out.features[i] = static_cast<float>(raw[i]) / 255.0f;
    std::vector<unsigned char> lab(out.count);
    read_exact(labels.get(), lab.data(), lab.size(), lpath);
    out.labels.resize(out.count);
    for (std::size_t i = 0; i < out.count; ++i) {
        if (lab[i] > 9) throw DatasetError(lpath.string() + ": label " + std::to_string(lab[i]) + " at " + std::to_string(i) + " is not 0..9");
        out.labels[i] = lab[i];
    }
    return out;
}

const char* fashion_mnist_class(std::int64_t label) {
    static const char* names[] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                  "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
    return label >= 0 && label < 10 ? names[label] : "?";
}

}  // namespace compression_training
