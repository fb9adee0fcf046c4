// The profiler: measures the profile the planner consumes on the real model. Accuracy of each
// of the 7 configurations on the validation split; latency L_c(b) of serving a batch of b
// requests (log-mel from the waveform when A is used, encoders, fusion) for each batch size,
// the median of `repeats` timed runs after one warm-up, with model_threads() threads, on the
// AvtServer's clock (the serving thread's CPU time with one thread, else wall time).
#pragma once

#include "modality/avt_server.hpp"
#include "modality/profile.hpp"

#include <models/model_cache.hpp>

#include <filesystem>

namespace sextant::modality {

struct ProfilerOptions {
    int max_batch = 64;  // batch sizes 1..max_batch
    int repeats = 5;
};

struct MeasuredProfile {
    Profile profile;      // latencies made non-decreasing in the batch (see below)
    Profile raw;          // the medians as measured (cached_profile: raw.csv in the entry, not loaded)
    nlohmann::json info;  // threads, repeats, host, seconds, per-configuration accuracy
};

// A measured latency may fall as the batch grows (noise, or a kernel that prefers some
// sizes); since b requests can always be run padded in a larger batch, L_c(b) is taken as
// min over b' >= b of the measured L_c(b') - the planner's profile rule (no falling latency)
// then holds by construction.
MeasuredProfile measure_profile(const AvtServer& server, const ProfilerOptions& options,
                                const models::BuildObserver& observer = {});

// The profile of the model cache entry `model_key` on this machine, measured once and kept in
// the cache (kind "avt-profile": the key holds the model, options, threads, host name and CPU).
MeasuredProfile cached_profile(models::ModelCache& cache, const std::string& model_key, const AvtServer& server,
                               const ProfilerOptions& options, const models::BuildObserver& observer = {});

// Saved as the CSV the importer reads (config,batch,latency_ms,accuracy; profile_csv.hpp).
void save_profile_csv(const Profile& profile, const std::filesystem::path& path);

}  // namespace sextant::modality
