#include "models_command.hpp"

#include <models/model_cache.hpp>

#include <ctime>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace sextant::cli {

namespace {

models::ModelCache open(const ModelsOptions& o) {
    return o.cache_dir.empty() ? models::ModelCache() : models::ModelCache(o.cache_dir);
}

std::string when(std::chrono::system_clock::time_point t) {
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    std::ostringstream s;
    s << std::put_time(&tm, "%Y-%m-%d %H:%M UTC");
    return s.str();
}

// "resnet18 w16" for one network's architecture ("cnn3-stride2 w16"; no width if it has none).
std::string network_text(const nlohmann::json& a) {
    std::string s = a.value("arch", "?");
    if (a.contains("width")) s += " w" + a["width"].dump();
    return s;
}

// "backbone resnet18 w16, 55000 images, 6 epochs, seed 1" from a backbone recipe; for a model
// of several networks (the modality plugin's avt-model) each part by name: "avt-model
// a cnn3-stride2 w16, t embedding-bag-mean, v resnet18 w32, epochs a 3, fusion 8, t 3, v 1, seed 1".
std::string describe(const nlohmann::json& r) {
    std::ostringstream s;
    s << r.value("kind", "?");
    if (r.contains("architecture")) {
        const auto& a = r["architecture"];
        if (a.contains("arch")) {
            s << " " << network_text(a);
        } else {
            const char* sep = " ";
            for (const auto& [part, network] : a.items())
                if (network.is_object() && network.contains("arch")) {
                    s << sep << part << " " << network_text(network);
                    sep = ", ";
                }
        }
    }
    if (r.contains("data") && r["data"].contains("train_samples")) s << ", " << r["data"]["train_samples"] << " images";
    if (r.contains("training") && r["training"].contains("epochs")) {
        const auto& e = r["training"]["epochs"];
        if (e.is_object()) {
            s << ", epochs";
            const char* sep = " ";
            for (const auto& [part, n] : e.items()) {
                s << sep << part << " " << n.dump();
                sep = ", ";
            }
        } else {
            s << ", " << e.dump() << " epochs";
        }
    }
    if (r.contains("seed")) s << ", seed " << r["seed"];
    return s.str();
}

std::string megabytes(std::uintmax_t bytes) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(1) << static_cast<double>(bytes) / 1e6 << " MB";
    return s.str();
}

}  // namespace

int models_list(const ModelsOptions& o, std::ostream& out, std::ostream& err) {
    try {
        const auto cache = open(o);
        const auto entries = cache.list();
        if (o.json) {
            nlohmann::json j = nlohmann::json::array();
            for (const auto& e : entries)
                j.push_back({{"key", e.key},
                             {"dir", e.dir.string()},
                             {"bytes", e.bytes},
                             {"recipe", e.recipe},
                             {"info", e.info},
                             {"created", when(e.created)},
                             {"last_used", when(e.last_used)}});
            out << j.dump(2) << "\n";
            return 0;
        }
        out << "model cache " << cache.dir().string() << ": " << entries.size() << " entries\n";
        for (const auto& e : entries) {
            out << e.key.substr(0, 12) << "  " << std::setw(9) << megabytes(e.bytes) << "  used " << when(e.last_used)
                << "  " << describe(e.recipe);
            if (e.info.contains("test_accuracy"))
                out << ", test accuracy " << std::fixed << std::setprecision(2)
                    << 100 * e.info["test_accuracy"].get<double>() << "%";
            out << "\n";
        }
        return 0;
    } catch (const std::exception& e) {
        err << "models list: " << e.what() << "\n";
        return 1;
    }
}

int models_prune(const ModelsOptions& o, std::ostream& out, std::ostream& err) {
    if (o.all == (o.unused_days >= 0)) {
        err << "models prune: give exactly one of --unused-days N or --all\n";
        return 2;
    }
    try {
        auto cache = open(o);
        const auto age =
            o.all ? std::chrono::seconds(0) : std::chrono::seconds(static_cast<long long>(o.unused_days * 86400.0));
        const auto removed = cache.prune(age);
        std::uintmax_t bytes = 0;
        for (const auto& e : removed) {
            bytes += e.bytes;
            out << "removed " << e.key.substr(0, 12) << "  " << describe(e.recipe) << "\n";
        }
        out << removed.size() << " entries removed (" << megabytes(bytes) << ") from " << cache.dir().string() << "\n";
        return 0;
    } catch (const std::exception& e) {
        err << "models prune: " << e.what() << "\n";
        return 1;
    }
}

void add_models_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<ModelsOptions>();
    CLI::App* models = app.add_subcommand("models", "The shared cache of trained models");
    models->require_subcommand(1);
    auto cache_dir = [&](CLI::App* sub) {
        sub->add_option("--cache-dir", o->cache_dir,
                        "Cache folder (default: $SEXTANT_MODEL_CACHE, $XDG_CACHE_HOME/sextant/models or "
                        "~/.cache/sextant/models)");
    };
    CLI::App* list = models->add_subcommand("list", "Entries with size, last use and recipe");
    list->add_flag("--json", o->json, "Print every entry's key, folder, recipe and training info as JSON");
    cache_dir(list);
    list->callback([o, &exit_code] { exit_code = models_list(*o, std::cout, std::cerr); });
    CLI::App* prune = models->add_subcommand("prune", "Remove entries not used lately (and dead partial builds)");
    prune->add_option("--unused-days", o->unused_days, "Remove entries unused for this many days")
        ->check(CLI::NonNegativeNumber);
    prune->add_flag("--all", o->all, "Remove every entry not being built right now");
    cache_dir(prune);
    prune->callback([o, &exit_code] { exit_code = models_prune(*o, std::cout, std::cerr); });
}

}  // namespace sextant::cli
