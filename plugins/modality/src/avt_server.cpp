#include "modality/avt_server.hpp"

#include "modality/profile.hpp"

#include <time.h>

#include <chrono>

namespace sextant::modality {

AvtServer::AvtServer(AvtModel& model, const ClipBank& bank, const AvtSplit& split, AvtRecipe recipe)
    : model_(model), bank_(bank), split_(split), recipe_(recipe) {}

AvtRequests AvtServer::prepare(const std::vector<std::int64_t>& indices, bool with_audio) const {
    AvtRequests r;
    r.batch = batch_of(split_, indices);
    r.batch.mel.clear();  // computed from the waveforms when served
    for (auto i : indices) {
        r.labels.push_back(split_.images.labels[static_cast<std::size_t>(i)]);
        if (with_audio)
            r.waves.push_back(
                sample_audio(bank_, split_.part.split, i, static_cast<int>(r.labels.back()), recipe_).wave);
    }
    return r;
}

namespace {

double thread_cpu_seconds() {
    timespec t{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

}  // namespace

const char* AvtServer::clock_name() { return model_threads() == 1 ? "thread-cpu" : "wall"; }

AvtServer::Served AvtServer::serve(unsigned mask, AvtRequests& r) const {
    Served out;
    const double c0 = thread_cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    if (mask & kA) {
        r.batch.mel.resize(r.batch.n * AvtPart::kFeature);
        for (std::size_t i = 0; i < r.batch.n; ++i) {
            const std::vector<std::uint8_t> f = mel_bytes(r.waves.at(i));
            std::copy(f.begin(), f.end(), r.batch.mel.begin() + i * AvtPart::kFeature);
        }
    }
    out.labels = model_.predict(mask, r.batch);
    out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    out.cpu_seconds = thread_cpu_seconds() - c0;
    out.seconds = model_threads() == 1 ? out.cpu_seconds : out.wall_seconds;
    return out;
}

}  // namespace sextant::modality
