#include "compression_training/fashion_mnist.hpp"

namespace compression_training {

Examples load_fashion_mnist(const std::filesystem::path& dir, Split split, std::size_t limit) {
    auto images = models::load_fashion_mnist(
        dir, split == Split::train ? models::FashionMnistFile::train : models::FashionMnistFile::test, 0, limit);
    Examples out;
    out.count = images.count;
    out.width = images.width();
    out.features = std::move(images.pixels);
    out.labels = std::move(images.labels);
    return out;
}

}  // namespace compression_training
