#include "models/model_cache.hpp"

#include <xxhash.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace models {

namespace fs = std::filesystem;

namespace {

constexpr const char* kRecipeFile = "recipe.json";
constexpr const char* kInfoFile = "info.json";
constexpr const char* kUsedFile = "last_used";  // its mtime is the last use

bool is_key(const std::string& name) {
    return name.size() == 32 && std::all_of(name.begin(), name.end(),
                                            [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// An exclusive flock on <dir>/<key>.lock, released on destruction (and by the kernel if the
// process dies, so a crashed build never blocks the next one).
class KeyLock {
public:
    explicit KeyLock(const fs::path& path) : path_(path) {
        fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0) throw std::runtime_error("model cache: cannot open lock file " + path.string());
    }
    ~KeyLock() {
        if (fd_ >= 0) ::close(fd_);
    }
    KeyLock(const KeyLock&) = delete;
    KeyLock& operator=(const KeyLock&) = delete;
    bool try_lock() { return ::flock(fd_, LOCK_EX | LOCK_NB) == 0; }

private:
    fs::path path_;
    int fd_ = -1;
};

void write_json(const fs::path& path, const nlohmann::json& j) {
    std::ofstream out(path);
    out << j.dump(2) << '\n';
    if (!out) throw std::runtime_error("model cache: cannot write " + path.string());
}

nlohmann::json read_json(const fs::path& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
}

std::chrono::system_clock::time_point to_system(fs::file_time_type t) { return std::chrono::file_clock::to_sys(t); }

void mark_used(const fs::path& entry) {
    std::ofstream(entry / kUsedFile).flush();
    std::error_code ec;
    fs::last_write_time(entry / kUsedFile, fs::file_time_type::clock::now(), ec);
}

std::uintmax_t folder_bytes(const fs::path& dir) {
    std::uintmax_t total = 0;
    std::error_code ec;
    for (const auto& f : fs::recursive_directory_iterator(dir, ec))
        if (f.is_regular_file(ec)) total += f.file_size(ec);
    return total;
}

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

}  // namespace

fs::path ModelCache::default_dir() {
    if (auto v = env("SEXTANT_MODEL_CACHE"); !v.empty()) return v;
    if (auto v = env("XDG_CACHE_HOME"); !v.empty()) return fs::path(v) / "sextant" / "models";
    if (auto v = env("HOME"); !v.empty()) return fs::path(v) / ".cache" / "sextant" / "models";
    return fs::temp_directory_path() / "sextant-models";
}

std::string ModelCache::key_of(const nlohmann::json& recipe) {
    const std::string canonical = recipe.dump();  // nlohmann objects keep keys sorted
    const XXH128_hash_t h = XXH3_128bits(canonical.data(), canonical.size());
    char hex[33];
    std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                  static_cast<unsigned long long>(h.low64));
    return hex;
}

ModelCache::ModelCache(fs::path dir) : dir_(std::move(dir)) {}

std::optional<CacheEntry> ModelCache::read_entry(const std::string& key) const {
    const fs::path entry = dir_ / key;
    std::error_code ec;
    // info.json is written last, so its presence marks a complete entry.
    if (!fs::exists(entry / kInfoFile, ec)) return std::nullopt;
    CacheEntry e;
    e.key = key;
    e.dir = entry;
    e.recipe = read_json(entry / kRecipeFile);
    e.info = read_json(entry / kInfoFile);
    e.bytes = folder_bytes(entry);
    e.created = to_system(fs::last_write_time(entry / kInfoFile, ec));
    const auto used = fs::last_write_time(entry / kUsedFile, ec);
    e.last_used = ec ? e.created : to_system(used);
    return e;
}

std::optional<CacheEntry> ModelCache::find(const nlohmann::json& recipe) const {
    auto e = read_entry(key_of(recipe));
    if (e) mark_used(e->dir);
    return e;
}

CacheEntry ModelCache::obtain(const nlohmann::json& recipe, const Build& build, const BuildObserver& observer) {
    if (auto e = find(recipe)) return *e;
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) throw std::runtime_error("model cache: cannot create " + dir_.string() + ": " + ec.message());
    const std::string key = key_of(recipe);
    KeyLock lock(dir_ / (key + ".lock"));
    if (!lock.try_lock()) {
        if (observer.log) observer.log("model cache: another process is building " + key + "; waiting for it");
        while (!lock.try_lock()) {
            if (observer.cancelled && observer.cancelled())
                throw BuildCancelled("cancelled while waiting for model " + key);
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    // The process that held the lock may have finished the entry.
    if (auto e = find(recipe)) return *e;

    const fs::path staging = dir_ / (key + ".staging");
    fs::remove_all(staging, ec);  // left by a build that died
    fs::create_directories(staging);
    try {
        write_json(staging / kRecipeFile, recipe);
        nlohmann::json info = build(staging);
        write_json(staging / kInfoFile, info);
    } catch (...) {
        fs::remove_all(staging, ec);
        throw;
    }
    fs::remove_all(dir_ / key, ec);
    fs::rename(staging, dir_ / key);
    mark_used(dir_ / key);
    if (observer.log) observer.log("model cache: stored " + key + " in " + (dir_ / key).string());
    return *read_entry(key);
}

std::vector<CacheEntry> ModelCache::list() const {
    std::vector<CacheEntry> out;
    std::error_code ec;
    for (const auto& d : fs::directory_iterator(dir_, ec)) {
        const std::string name = d.path().filename().string();
        if (!d.is_directory(ec) || !is_key(name)) continue;
        if (auto e = read_entry(name)) out.push_back(std::move(*e));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.last_used > b.last_used; });
    return out;
}

std::vector<CacheEntry> ModelCache::prune(std::chrono::seconds unused_for) {
    std::vector<CacheEntry> removed;
    const auto now = std::chrono::system_clock::now();
    std::error_code ec;
    for (auto& e : list()) {
        if (now - e.last_used < unused_for) continue;
        KeyLock lock(dir_ / (e.key + ".lock"));
        if (!lock.try_lock()) continue;
        fs::remove_all(e.dir, ec);  // the lock file stays: removing it could let two builders in
        removed.push_back(std::move(e));
    }
    // Staging folders whose builder is gone (its lock is free).
    std::vector<fs::path> staging;
    for (const auto& d : fs::directory_iterator(dir_, ec))
        if (d.path().extension() == ".staging" && is_key(d.path().stem().string())) staging.push_back(d.path());
    for (const auto& s : staging) {
        KeyLock lock(dir_ / (s.stem().string() + ".lock"));
        if (lock.try_lock()) fs::remove_all(s, ec);
    }
    return removed;
}

}  // namespace models
