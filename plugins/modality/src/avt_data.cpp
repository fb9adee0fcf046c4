#include "modality/avt_data.hpp"

#include <chrono>
#include <stdexcept>

namespace sextant::modality {

namespace fs = std::filesystem;

nlohmann::json avt_data_recipe(const AvtDataSpec& s, const fs::path& fashion_mnist_dir) {
    const AvtRecipe& r = s.samples;
    return {{"kind", "fmnist-avt"},
            {"format", 1},
            {"espeak_ng", espeak_version()},
            {"features", "log-mel 40x100, 512/220 Hann, 0-8 kHz, uint8 over [-14, 10]"},
            {"images",
             {{"dataset", "fashion-mnist"}, {"fingerprint", models::fashion_mnist_fingerprint(fashion_mnist_dir)}}},
            {"recipe",
             {{"clips", {{"voices", s.clips.voices}, {"rates_wpm", s.clips.rates}, {"pitches", s.clips.pitches}}},
              {"samples",
               {{"error_p", r.error_p},
                {"window_s", r.window_s},
                {"max_offset_s", r.max_offset_s},
                {"snr_db", {r.snr_lo_db, r.snr_hi_db}},
                {"typo_p", r.typo_p},
                {"blank_p", r.blank_p}}},
              {"split",
               {{"train", std::min(s.train, models::kTrainImages)},
                {"validation", std::min(s.validation, models::kValidationImages)},
                {"test", std::min(s.test, models::kTestImages)}}}}}};
}

namespace {

AvtSplit join(models::Images images, AvtPart part, const fs::path& dir) {
    if (part.labels != images.labels)
        throw std::runtime_error(dir.string() + ": the " + std::string(split_name(part.split)) +
                                 " labels differ from Fashion-MNIST's (rebuild: sextant-cli models prune)");
    return {std::move(images), std::move(part)};
}

}  // namespace

AvtData cached_avt_data(models::ModelCache& cache, const AvtDataSpec& spec, const fs::path& fashion_mnist_dir,
                        bool load_train, const models::BuildObserver& observer) {
    AvtData out;
    const auto images =
        models::load_fashion_mnist_split(fashion_mnist_dir, load_train ? spec.train : 0, spec.validation, spec.test);
    const nlohmann::json recipe = avt_data_recipe(spec, fashion_mnist_dir);
    out.entry = cache.obtain(
        recipe,
        [&](const fs::path& staging) {
            out.built_now = true;
            const auto t0 = std::chrono::steady_clock::now();
            auto log = [&](const std::string& line) {
                if (observer.log) observer.log(line);
            };
            if (observer.progress) observer.progress(0.0, "FMNIST-AVT: synthesising the clip bank");
            ClipBank bank = synthesise_clip_bank(spec.clips);
            save_clip_bank(bank, staging / "bank");
            log("FMNIST-AVT: " + std::to_string(bank.clips.size()) + " clips synthesised with espeak-ng " +
                bank.espeak_version);
            // The training labels are needed even when the caller does not load that part.
            const auto all = load_train ? images
                                        : models::load_fashion_mnist_split(fashion_mnist_dir, spec.train,
                                                                           spec.validation, spec.test);
            nlohmann::json hashes;
            const std::pair<Split, const models::Images*> parts[] = {
                {Split::train, &all.train}, {Split::validation, &all.validation}, {Split::test, &all.test}};
            double done = 0;
            for (const auto& [split, im] : parts) {
                if (observer.cancelled && observer.cancelled()) throw models::BuildCancelled("cancelled");
                if (observer.progress)
                    observer.progress(0.1 + 0.9 * done / 3, std::string("FMNIST-AVT: building ") + split_name(split));
                AvtPart part = build_avt_part(bank, split, im->labels, spec.samples, spec.threads);
                save_avt_part(part, staging);
                hashes[split_name(split)] = part.hash;
                log(std::string("FMNIST-AVT: ") + split_name(split) + " " + std::to_string(part.count()) +
                    " samples, " + part.hash);
                ++done;
            }
            return nlohmann::json{
                {"bank_xxh3_128", bank.hash},
                {"clips", bank.clips.size()},
                {"parts_xxh3_128", hashes},
                {"threads", spec.threads},
                {"build_seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()}};
        },
        observer);
    const fs::path& dir = out.entry.dir;
    out.bank = load_clip_bank(dir / "bank");
    if (load_train) out.train = join(images.train, load_avt_part(dir, Split::train), dir);
    out.validation = join(images.validation, load_avt_part(dir, Split::validation), dir);
    out.test = join(images.test, load_avt_part(dir, Split::test), dir);
    return out;
}

}  // namespace sextant::modality
