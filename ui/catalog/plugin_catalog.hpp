// The plugins' declarations, learnt without loading any plugin into the GUI process:
// `sextant-cli plugins --json` runs as a child process and its answer is cached, in memory
// and on disk, keyed by the plugin files' names, sizes and times (DESIGN.md: plugins may
// link libtorch, which would drag Qt 5 into this process).
#pragma once

#include "sextant/declarations.hpp"

#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>
#include <string>
#include <vector>

namespace sextant::ui {

class PluginCatalog final : public QObject {
    Q_OBJECT
public:
    // cli_program: the sextant-cli to ask; default: the one beside this executable.
    explicit PluginCatalog(QString cli_program = {}, QObject* parent = nullptr);
    ~PluginCatalog() override;

    static QString defaultCliProgram();
    QString cliProgram() const { return cli_; }

    // Loads the declarations: from the disk cache when the plugin files are unchanged (at
    // once), otherwise by asking the CLI in the background. force skips the disk cache.
    void refresh(bool force = false);
    // Blocks (processing events) until loaded or failed; for tests and benchmarks.
    bool waitForLoaded(int timeout_ms);

    bool isLoaded() const { return loaded_; }
    bool isLoading() const { return process_ != nullptr; }
    bool cameFromCache() const { return from_cache_; }
    const std::vector<PluginInfo>& plugins() const { return plugins_; }
    const PluginInfo* find(const std::string& id) const;
    // A metric as its own plugin declares it: never looked up in other plugins, which may
    // declare a metric of the same name with another unit (nullptr when unknown).
    const MetricDecl* findMetric(const std::string& plugin_id, const std::string& metric) const;
    QString lastError() const { return error_; }
    QStringList warnings() const { return warnings_; }

    // Parses the CLI's JSON; throws on a malformed document. Public for tests.
    static std::vector<PluginInfo> parse(const QByteArray& json);

Q_SIGNALS:
    void loaded();
    void failed(const QString& message);

private:
    QString cacheKey() const;
    QString cacheFile() const;
    bool readCache(const QString& key);
    void writeCache(const QString& key, const QByteArray& json) const;
    void processFinished(int exit_code, QProcess::ExitStatus status);

    QString cli_;
    QProcess* process_ = nullptr;
    QString pending_key_;
    bool loaded_ = false;
    bool from_cache_ = false;
    std::vector<PluginInfo> plugins_;
    QString error_;
    QStringList warnings_;
};

}  // namespace sextant::ui
