// What the FMNIST-AVT model reads, without libtorch: batches of samples and caption tokens.
#include "modality/avt_model.hpp"

#include <xxhash.h>

#include <algorithm>
#include <cctype>
#include <sstream>

namespace sextant::modality {

AvtBatch batch_of(const AvtSplit& split, const std::vector<std::int64_t>& indices) {
    AvtBatch b;
    b.n = indices.size();
    const std::size_t w = split.images.width();
    b.pixels.resize(b.n * w);
    b.mel.resize(b.n * AvtPart::kFeature);
    b.captions.resize(b.n);
    for (std::size_t i = 0; i < b.n; ++i) {
        const auto k = static_cast<std::size_t>(indices[i]);
        std::copy_n(split.images.pixels.begin() + k * w, w, b.pixels.begin() + i * w);
        std::copy_n(split.part.mel.begin() + k * AvtPart::kFeature, AvtPart::kFeature,
                    b.mel.begin() + i * AvtPart::kFeature);
        b.captions[i] = split.part.captions[k];
    }
    return b;
}

std::vector<std::int64_t> caption_tokens(const std::string& caption, int buckets) {
    std::vector<std::int64_t> out;
    auto add = [&](const std::string& token) {
        out.push_back(
            static_cast<std::int64_t>(XXH3_64bits(token.data(), token.size()) % static_cast<unsigned>(buckets)));
    };
    std::istringstream in(caption);
    for (std::string word; in >> word;) {
        std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::tolower(c); });
        add("w:" + word);
        const std::string padded = "#" + word + "#";  // trigrams survive a typo in one letter
        for (std::size_t i = 0; i + 3 <= padded.size(); ++i) add("c:" + padded.substr(i, 3));
    }
    return out;
}

}  // namespace sextant::modality
