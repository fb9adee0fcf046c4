#include "catalog/plugin_catalog.hpp"

#include "plugins/plugin_json.hpp"
#include "plugins/plugin_registry.hpp"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

#include <nlohmann/json.hpp>

namespace sextant::ui {

PluginCatalog::PluginCatalog(QString cli_program, QObject* parent)
    : QObject(parent), cli_(cli_program.isEmpty() ? defaultCliProgram() : std::move(cli_program)) {}

PluginCatalog::~PluginCatalog() {
    if (process_) {
        process_->disconnect(this);
        process_->kill();
        process_->waitForFinished(1000);
    }
}

QString PluginCatalog::defaultCliProgram() {
    return QString::fromStdString((executable_dir() / "sextant-cli").string());
}

std::vector<PluginInfo> PluginCatalog::parse(const QByteArray& json) {
    const auto doc = nlohmann::json::parse(json.constData(), json.constData() + json.size());
    std::vector<PluginInfo> out;
    for (const auto& entry : doc) out.push_back(plugin_info_from_json(entry));
    return out;
}

// Listing the plugin folders loads nothing; the key changes whenever a plugin file or the CLI does.
QString PluginCatalog::cacheKey() const {
    QByteArray text;
    auto add = [&](const QString& path) {
        const QFileInfo info(path);
        text += path.toUtf8() + ' ' + QByteArray::number(info.size()) + ' ' +
                QByteArray::number(info.lastModified().toMSecsSinceEpoch()) + '\n';
    };
    add(cli_);
    text += qgetenv("SEXTANT_PLUGIN_PATH") + '\n';
    for (const auto& file : PluginRegistry().plugin_files()) add(QString::fromStdString(file.string()));
    return QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex());
}

QString PluginCatalog::cacheFile() const {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    return dir.isEmpty() ? QString() : dir + "/plugin-declarations.json";
}

bool PluginCatalog::readCache(const QString& key) {
    QFile file(cacheFile());
    if (file.fileName().isEmpty() || !file.open(QIODevice::ReadOnly)) return false;
    try {
        const auto doc = nlohmann::json::parse(file.readAll().toStdString());
        if (doc.value("key", "") != key.toStdString()) return false;
        std::vector<PluginInfo> plugins;
        for (const auto& entry : doc.at("plugins")) plugins.push_back(plugin_info_from_json(entry));
        plugins_ = std::move(plugins);
        return true;
    } catch (const std::exception&) {
        return false;  // a damaged cache is only a slower start
    }
}

void PluginCatalog::writeCache(const QString& key, const QByteArray& json) const {
    const QString path = cacheFile();
    if (path.isEmpty()) return;
    QDir().mkpath(QFileInfo(path).path());
    try {
        nlohmann::json doc = {{"key", key.toStdString()}, {"plugins", nlohmann::json::parse(json.toStdString())}};
        QSaveFile out(path);
        if (!out.open(QIODevice::WriteOnly)) return;
        out.write(QByteArray::fromStdString(doc.dump()));
        out.commit();
    } catch (const std::exception&) {}
}

void PluginCatalog::refresh(bool force) {
    if (process_) return;
    const QString key = cacheKey();
    if (!force && readCache(key)) {
        loaded_ = true;
        from_cache_ = true;
        error_.clear();
        Q_EMIT loaded();
        return;
    }
    pending_key_ = key;
    process_ = new QProcess(this);
    connect(process_, &QProcess::finished, this, &PluginCatalog::processFinished);
    connect(process_, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) processFinished(-1, QProcess::CrashExit);
    });
    process_->start(cli_, {"plugins", "--json"});
}

void PluginCatalog::processFinished(int exit_code, QProcess::ExitStatus status) {
    if (!process_) return;
    QProcess* p = process_;
    process_ = nullptr;
    p->deleteLater();
    const QByteArray out = p->readAllStandardOutput();
    warnings_.clear();
    for (const auto& line : QString::fromUtf8(p->readAllStandardError()).split('\n', Qt::SkipEmptyParts))
        warnings_ << line;
    if (status != QProcess::NormalExit || exit_code != 0) {
        error_ = p->error() == QProcess::FailedToStart
                     ? tr("cannot start %1: %2").arg(cli_, p->errorString())
                     : tr("%1 plugins --json failed (exit %2): %3").arg(cli_).arg(exit_code).arg(warnings_.join("; "));
        Q_EMIT failed(error_);
        return;
    }
    try {
        plugins_ = parse(out);
    } catch (const std::exception& e) {
        error_ = tr("cannot read the plugin declarations: %1").arg(e.what());
        Q_EMIT failed(error_);
        return;
    }
    writeCache(pending_key_, out);
    loaded_ = true;
    from_cache_ = false;
    error_.clear();
    Q_EMIT loaded();
}

bool PluginCatalog::waitForLoaded(int timeout_ms) {
    QDeadlineTimer deadline(timeout_ms);
    while (process_ && !deadline.hasExpired()) {
        process_->waitForFinished(50);
        QCoreApplication::processEvents();
    }
    QCoreApplication::processEvents();
    return loaded_;
}

const PluginInfo* PluginCatalog::find(const std::string& id) const {
    for (const auto& p : plugins_)
        if (p.id == id) return &p;
    return nullptr;
}

const MetricDecl* PluginCatalog::findMetric(const std::string& plugin_id, const std::string& metric) const {
    if (const PluginInfo* p = find(plugin_id))
        for (const auto& m : p->metrics)
            if (m.name == metric) return &m;
    return nullptr;
}

}  // namespace sextant::ui
