#include "modality/avt_dataset.hpp"

#include "modality/log_mel.hpp"

#include <nlohmann/json.hpp>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace sextant::modality {

uint8_t quantise_mel(float x) {
    float q = std::round((x - kMelLow) / (kMelHigh - kMelLow) * 255.0f);
    return static_cast<uint8_t>(std::clamp(q, 0.0f, 255.0f));
}

float dequantise_mel(uint8_t q) { return kMelLow + (kMelHigh - kMelLow) * q / 255.0f; }

std::vector<uint8_t> mel_bytes(const std::vector<float>& wave) {
    thread_local LogMel mel;
    std::vector<float> f = mel(wave);
    std::vector<uint8_t> out(f.size());
    for (size_t i = 0; i < f.size(); ++i) out[i] = quantise_mel(f[i]);
    return out;
}

namespace {

std::string part_hash(const AvtPart& p) {
    XXH3_state_t* s = XXH3_createState();
    XXH3_128bits_reset(s);
    XXH3_128bits_update(s, p.labels.data(), p.labels.size() * sizeof(int64_t));
    XXH3_128bits_update(s, p.mel.data(), p.mel.size());
    for (const auto& c : p.captions) XXH3_128bits_update(s, c.c_str(), c.size() + 1);
    XXH3_128bits_update(s, p.said.data(), p.said.size());
    XXH128_hash_t h = XXH3_128bits_digest(s);
    XXH3_freeState(s);
    char buf[33];
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                  static_cast<unsigned long long>(h.low64));
    return buf;
}

}  // namespace

AvtPart build_avt_part(const ClipBank& bank, Split split, const std::vector<int64_t>& labels, const AvtRecipe& recipe,
                       int threads) {
    AvtPart p;
    p.split = split;
    p.labels = labels;
    const int64_t n = p.count();
    p.mel.resize(static_cast<size_t>(n) * AvtPart::kFeature);
    p.captions.resize(n);
    p.said.resize(n);
    std::atomic<int64_t> next{0};
    auto work = [&] {
        for (int64_t i; (i = next++) < n;) {
            SpokenSample s = sample_audio(bank, split, i, static_cast<int>(labels[i]), recipe);
            std::vector<uint8_t> f = mel_bytes(s.wave);
            std::copy(f.begin(), f.end(), p.mel.begin() + i * AvtPart::kFeature);
            p.said[i] = static_cast<int8_t>(s.said);
            p.captions[i] = sample_caption(split, i, static_cast<int>(labels[i]), recipe);
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < std::max(threads, 1); ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    p.hash = part_hash(p);
    return p;
}

void save_avt_part(const AvtPart& p, const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    const std::string name = split_name(p.split);
    std::ofstream bin(dir / (name + ".bin"), std::ios::binary);
    bin.write(reinterpret_cast<const char*>(p.mel.data()), static_cast<std::streamsize>(p.mel.size()));
    if (!bin) throw std::runtime_error((dir / (name + ".bin")).string() + ": write failed");
    nlohmann::json j;
    j["split"] = name;
    j["labels"] = p.labels;
    j["said"] = p.said;
    j["captions"] = p.captions;
    j["xxh3_128"] = p.hash;
    std::ofstream(dir / (name + ".json")) << j.dump() << '\n';
}

AvtPart load_avt_part(const std::filesystem::path& dir, Split split) {
    const std::string name = split_name(split);
    std::ifstream js(dir / (name + ".json"));
    if (!js) throw std::runtime_error((dir / (name + ".json")).string() + ": cannot open");
    nlohmann::json j = nlohmann::json::parse(js);
    AvtPart p;
    p.split = split;
    p.labels = j.at("labels").get<std::vector<int64_t>>();
    p.said = j.at("said").get<std::vector<int8_t>>();
    p.captions = j.at("captions").get<std::vector<std::string>>();
    p.mel.resize(static_cast<size_t>(p.count()) * AvtPart::kFeature);
    std::ifstream bin(dir / (name + ".bin"), std::ios::binary);
    bin.read(reinterpret_cast<char*>(p.mel.data()), static_cast<std::streamsize>(p.mel.size()));
    p.hash = part_hash(p);
    if (!bin || p.hash != j.at("xxh3_128"))
        throw std::runtime_error((dir / (name + ".bin")).string() + ": does not match " + name +
                                 ".json (rebuild the dataset)");
    return p;
}

}  // namespace sextant::modality
