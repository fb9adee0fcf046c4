#include "modality/clip_bank.hpp"

#include <espeak-ng/speak_lib.h>
#include <nlohmann/json.hpp>
#include <xxhash.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/wait.h>
#include <unistd.h>
#include <fstream>
#include <stdexcept>

namespace sextant::modality {

const std::vector<std::vector<std::string>>& class_words() {
    static const std::vector<std::vector<std::string>> words{{"T-shirt", "top", "tee"},
                                                             {"trousers", "pants", "jeans"},
                                                             {"pullover", "sweater", "jumper"},
                                                             {"dress", "gown"},
                                                             {"coat", "jacket"},
                                                             {"sandal", "flip flop"},
                                                             {"shirt", "blouse"},
                                                             {"sneaker", "trainer"},
                                                             {"bag", "handbag", "purse"},
                                                             {"ankle boot", "boot"}};
    return words;
}

std::string hash_hex(const void* data, size_t bytes) {
    XXH128_hash_t h = XXH3_128bits(data, bytes);
    char buf[33];
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                  static_cast<unsigned long long>(h.low64));
    return buf;
}

namespace {

std::vector<int16_t>* g_out = nullptr;  // espeak's callback has no user pointer we control

int collect(short* wav, int n, espeak_EVENT*) {
    if (wav && g_out) g_out->insert(g_out->end(), wav, wav + n);
    return 0;
}

// libespeak-ng carries state from one utterance to the next (the same word synthesised
// twice in a row in one process differs in ~10,000 of ~12,000 samples and by up to 40 ms),
// while a fresh process is exactly reproducible. So every clip is synthesised in a forked
// child that initialises the library, writes the samples to a pipe and exits.
void initialise_espeak() {
    int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
    if (rate != kSampleRate) _exit(3);
    espeak_SetSynthCallback(collect);
}

std::vector<int16_t> synthesise(const std::string& voice, int rate, int pitch, const std::string& text) {
    int fd[2];
    if (pipe(fd) != 0) throw std::runtime_error("espeak-ng: pipe failed");
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("espeak-ng: fork failed");
    if (pid == 0) {
        close(fd[0]);
        initialise_espeak();
        if (espeak_SetVoiceByName(voice.c_str()) != EE_OK) _exit(4);
        espeak_SetParameter(espeakRATE, rate, 0);
        espeak_SetParameter(espeakPITCH, pitch, 0);
        std::vector<int16_t> samples;
        g_out = &samples;
        espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr);
        espeak_Synchronize();
        const char* p = reinterpret_cast<const char*>(samples.data());
        size_t left = samples.size() * sizeof(int16_t);
        while (left > 0) {
            ssize_t n = write(fd[1], p, left);
            if (n <= 0) _exit(5);
            p += n, left -= static_cast<size_t>(n);
        }
        _exit(0);
    }
    close(fd[1]);
    std::vector<char> bytes;
    char buf[65536];
    for (ssize_t n; (n = read(fd[0], buf, sizeof buf)) != 0;) {
        if (n < 0) {
            if (errno == EINTR) continue;
            break;
        }
        bytes.insert(bytes.end(), buf, buf + n);
    }
    close(fd[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        throw std::runtime_error(code == 3   ? "espeak-ng: initialisation failed (install espeak-ng-data)"
                                 : code == 4 ? "espeak-ng: voice '" + voice + "' not found (espeak-ng-data)"
                                             : "espeak-ng: synthesis of '" + text + "' failed");
    }
    std::vector<int16_t> samples(bytes.size() / sizeof(int16_t));
    std::memcpy(samples.data(), bytes.data(), samples.size() * sizeof(int16_t));
    return samples;
}

std::string bank_hash(const std::vector<Clip>& clips) {
    XXH3_state_t* s = XXH3_createState();
    XXH3_128bits_reset(s);
    for (const Clip& c : clips) XXH3_128bits_update(s, c.samples.data(), c.samples.size() * sizeof(int16_t));
    XXH128_hash_t h = XXH3_128bits_digest(s);
    XXH3_freeState(s);
    char buf[33];
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                  static_cast<unsigned long long>(h.low64));
    return buf;
}

}  // namespace

std::string espeak_version() { return espeak_Info(nullptr); }  // needs no initialisation

const Clip& ClipBank::clip(int label, int word, int voice, int rate, int pitch) const {
    // Clips are stored in label, word, voice, rate, pitch order.
    size_t index = 0;
    for (int l = 0; l < label; ++l) index += class_words()[l].size();
    index += word;
    index = ((index * recipe.voices.size() + voice) * recipe.rates.size() + rate) * recipe.pitches.size() + pitch;
    return clips.at(index);
}

ClipBank synthesise_clip_bank(const ClipRecipe& recipe) {
    ClipBank bank;
    bank.recipe = recipe;
    bank.espeak_version = espeak_version();
    const auto& words = class_words();
    for (int l = 0; l < static_cast<int>(words.size()); ++l)
        for (int w = 0; w < static_cast<int>(words[l].size()); ++w)
            for (int v = 0; v < static_cast<int>(recipe.voices.size()); ++v)
                for (int r = 0; r < static_cast<int>(recipe.rates.size()); ++r)
                    for (int p = 0; p < static_cast<int>(recipe.pitches.size()); ++p) {
                        Clip c{l, w, v,
                               r, p, synthesise(recipe.voices[v], recipe.rates[r], recipe.pitches[p], words[l][w])};
                        if (c.samples.empty())
                            throw std::runtime_error("espeak-ng: no audio for '" + words[l][w] + "'");
                        bank.clips.push_back(std::move(c));
                    }
    bank.hash = bank_hash(bank.clips);
    return bank;
}

void save_clip_bank(const ClipBank& bank, const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    std::ofstream bin(dir / "bank.bin", std::ios::binary);
    nlohmann::ordered_json m;
    m["espeak_ng"] = bank.espeak_version;
    m["sample_rate"] = kSampleRate;
    m["voices"] = bank.recipe.voices;
    m["rates_wpm"] = bank.recipe.rates;
    m["pitches"] = bank.recipe.pitches;
    m["words"] = class_words();
    m["bank_xxh3_128"] = bank.hash;
    m["clips"] = nlohmann::ordered_json::array();
    for (const Clip& c : bank.clips) {
        bin.write(reinterpret_cast<const char*>(c.samples.data()), static_cast<std::streamsize>(c.samples.size() * 2));
        m["clips"].push_back({{"label", c.label},
                              {"word", class_words()[c.label][c.word]},
                              {"voice", bank.recipe.voices[c.voice]},
                              {"rate", bank.recipe.rates[c.rate]},
                              {"pitch", bank.recipe.pitches[c.pitch]},
                              {"samples", c.samples.size()},
                              {"xxh3_128", hash_hex(c.samples.data(), c.samples.size() * 2)}});
    }
    if (!bin) throw std::runtime_error((dir / "bank.bin").string() + ": write failed");
    std::ofstream(dir / "manifest.json") << m.dump(1) << '\n';
}

ClipBank load_clip_bank(const std::filesystem::path& dir) {
    std::ifstream mf(dir / "manifest.json");
    if (!mf) throw std::runtime_error((dir / "manifest.json").string() + ": cannot open");
    nlohmann::json m = nlohmann::json::parse(mf);
    ClipBank bank;
    bank.espeak_version = m.at("espeak_ng");
    bank.recipe.voices = m.at("voices").get<std::vector<std::string>>();
    bank.recipe.rates = m.at("rates_wpm").get<std::vector<int>>();
    bank.recipe.pitches = m.at("pitches").get<std::vector<int>>();
    std::ifstream bin(dir / "bank.bin", std::ios::binary);
    if (!bin) throw std::runtime_error((dir / "bank.bin").string() + ": cannot open");
    const auto& words = class_words();
    size_t i = 0;
    for (int l = 0; l < static_cast<int>(words.size()); ++l)
        for (int w = 0; w < static_cast<int>(words[l].size()); ++w)
            for (int v = 0; v < static_cast<int>(bank.recipe.voices.size()); ++v)
                for (int r = 0; r < static_cast<int>(bank.recipe.rates.size()); ++r)
                    for (int p = 0; p < static_cast<int>(bank.recipe.pitches.size()); ++p, ++i) {
                        const auto& entry = m.at("clips").at(i);
                        Clip c{l, w, v, r, p, std::vector<int16_t>(entry.at("samples").get<size_t>())};
                        bin.read(reinterpret_cast<char*>(c.samples.data()),
                                 static_cast<std::streamsize>(c.samples.size() * 2));
                        if (!bin || hash_hex(c.samples.data(), c.samples.size() * 2) != entry.at("xxh3_128"))
                            throw std::runtime_error((dir / "bank.bin").string() + ": clip " + std::to_string(i) +
                                                     " does not match manifest.json (rebuild the bank)");
                        bank.clips.push_back(std::move(c));
                    }
    bank.hash = bank_hash(bank.clips);
    if (bank.hash != m.at("bank_xxh3_128"))
        throw std::runtime_error((dir / "bank.bin").string() + ": bank hash differs from the manifest");
    return bank;
}

}  // namespace sextant::modality
