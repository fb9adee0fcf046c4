#include "editor/target_editor.hpp"

#include "cluster/cluster_target.hpp"
#include "util/closest_name.hpp"
#include "util/problems.hpp"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <algorithm>

namespace sextant::ui {

using nlohmann::json;

namespace {

const char* const kCluster = "cluster";
const std::vector<std::string> kNumberFields = {"cpus_per_run",  "gpus_per_run",   "mem_gb",
                                                "nodes_per_run", "tasks_per_node", "max_concurrent"};

bool is_number_field(const std::string& name) {
    return std::find(kNumberFields.begin(), kNumberFields.end(), name) != kNumberFields.end();
}

QString value_text(const json& v) {
    if (v.is_string()) return QString::fromStdString(v.get<std::string>());
    if (v.is_null()) return {};
    return QString::fromStdString(v.dump());
}

// The engine's problems with a cluster target, by field ("time" -> message); problems about
// no known field (an unknown key) under "".
std::map<std::string, std::vector<std::string>> cluster_problems(const json& target) {
    Problems problems("target");
    parse_cluster_target(target, problems, "");  // paths are the fields' names
    std::map<std::string, std::vector<std::string>> out;
    const auto& known = cluster_target_fields();
    for (const auto& p : problems.items()) {
        const bool field = std::find(known.begin(), known.end(), p.path) != known.end();
        const std::string where = field || p.path.empty() ? "" : p.path + ": ";  // "partiton: unknown field ..."
        out[field ? p.path : ""].push_back(where + p.message + did_you_mean_text(p.suggestion));
    }
    return out;
}

}  // namespace

json typed_number(const QString& text) {
    const QString t = text.trimmed();
    if (t.isEmpty()) return nullptr;
    bool ok = false;
    const qlonglong i = t.toLongLong(&ok);
    if (ok) return i;
    const double d = t.toDouble(&ok);
    if (ok) return d;
    return t.toStdString();
}

TargetEditor::TargetEditor(QWidget* parent) : QWidget(parent) {
    form_ = new QFormLayout(this);
    form_->setContentsMargins(0, 0, 0, 0);
    form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    kind_ = new QComboBox(this);
    kind_->setObjectName("targetKind");
    kind_->setToolTip(
        tr("Where the runs execute: the target kinds this plugin supports; \"cluster\" submits them "
           "to Slurm (a plugin that runs here runs on a cluster node just the same)"));
    form_->addRow(tr("Kind"), kind_);

    auto* scheduler = new QComboBox(this);
    scheduler->addItem("slurm");
    addField("scheduler", tr("Scheduler"), scheduler, tr("The cluster's batch scheduler; Sextant speaks Slurm"));
    const ClusterTarget defaults;
    auto line = [this](const char* name, const QString& label, const QString& placeholder, const QString& help) {
        auto* edit = new QLineEdit(this);
        edit->setPlaceholderText(placeholder);
        addField(name, label, edit, help);
    };
    line("host", tr("Host"), tr("this machine (sbatch here)"),
         tr("An ssh destination (user@host or a Host of your ssh config); empty or localhost: submit with sbatch "
            "on this machine"));
    line("workdir", tr("Work folder"), QString::fromStdString(defaults.workdir),
         tr("The cluster folder for requests and results (relative: to your home there); the compute nodes must "
            "see it"));
    line("partition", tr("Partition"), tr("the cluster's default"), tr("sbatch --partition"));
    line("account", tr("Account"), tr("the cluster's default"), tr("sbatch --account"));
    line("time", tr("Time limit"), tr("the partition's default"),
         tr("Time limit per run in Slurm's forms: 30 (minutes), 00:30:00, 1-00:00:00"));
    line("cpus_per_run", tr("CPUs per rank"), {}, tr("sbatch --cpus-per-task; empty: the plugin's declared need"));
    line("gpus_per_run", tr("GPUs per rank"), {}, tr("sbatch --gpus-per-task; empty: the plugin's declared need"));
    line("mem_gb", tr("Memory per node (GB)"), {}, tr("sbatch --mem; empty: the plugin's declared need"));
    line("nodes_per_run", tr("Nodes per run"), QString::number(defaults.nodes_per_run),
         tr("Nodes of one run; with more than one rank the run's ranks are launched with srun"));
    line("tasks_per_node", tr("Ranks per node"), QString::number(defaults.tasks_per_node),
         tr("Ranks of one run on each node: a run has nodes x ranks per node ranks"));
    line("max_concurrent", tr("Most runs at once"), tr("no limit"), tr("sbatch --array=...%N"));
    line("setup", tr("Setup line"), tr("none (e.g. module load sextant)"),
         tr("Shell code sourced before sextant-cli in every job: module load, a venv, export PATH=..."));
    line("network_interface", tr("Network interface"), tr("the node's host name address"),
         tr("The interface a multi-rank run's ranks talk over (Gloo's iface), e.g. ib0 for InfiniBand; empty: the "
            "address the node's host name resolves to"));

    settings_ = new QLineEdit(this);
    settings_->setObjectName("targetSettings");
    settings_->setPlaceholderText(tr("{\"device\": \"cpu\"}"));
    settings_->setToolTip(tr("Further target settings as a JSON object (target-specific)"));
    form_->addRow(tr("Settings"), settings_);
    other_errors_ = new QLabel(this);
    other_errors_->setObjectName("targetErrors");
    other_errors_->setWordWrap(true);
    other_errors_->setStyleSheet("color: #c62828;");
    form_->addRow(other_errors_);
    updatePlaceholders();

    connect(kind_, &QComboBox::activated, this, [this] { setKind(kind_->currentText()); });
    connect(scheduler, &QComboBox::activated, this,
            [this, scheduler] { editField("scheduler", scheduler->currentText().toStdString()); });
    for (auto& [name, f] : fields_)
        if (auto* edit = qobject_cast<QLineEdit*>(f.editor))
            connect(edit, &QLineEdit::editingFinished, this, [this, name = name, edit] {
                const QString text = edit->text();
                editField(name, is_number_field(name) ? typed_number(text)
                                : text.isEmpty()      ? json(nullptr)
                                                      : json(text.toStdString()));
            });
    connect(settings_, &QLineEdit::editingFinished, this, [this] {
        json extra = json::object();
        const auto text = settings_->text().trimmed().toStdString();
        if (!text.empty()) {
            try {
                extra = json::parse(text);
            } catch (const std::exception&) {
                extra = nullptr;
            }
        }
        if (!extra.is_object()) {
            settings_->setStyleSheet("color: #c62828;");
            settings_->setToolTip(tr("Not a JSON object: {\"name\": value, ...}"));
            return;
        }
        settings_->setStyleSheet({});
        json t = {{"kind", target_.value("kind", "local")}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            if (it.key() != "kind") t[it.key()] = it.value();
        if (t == target_) return;
        target_ = t;
        Q_EMIT edited(target_, tr("Change target settings"), "target");
    });
    showKind();
}

void TargetEditor::addField(const std::string& name, const QString& label, QWidget* editor, const QString& help) {
    auto* row = new QWidget(this);
    auto* box = new QVBoxLayout(row);
    box->setContentsMargins(0, 0, 0, 0);
    box->setSpacing(1);
    editor->setObjectName(QString::fromStdString("target." + name));
    editor->setToolTip(QStringLiteral("<b>%1</b>: %2").arg(QString::fromStdString(name), help.toHtmlEscaped()));
    box->addWidget(editor);
    auto* error = new QLabel(row);
    error->setWordWrap(true);
    error->setStyleSheet("color: #c62828;");
    error->hide();
    box->addWidget(error);
    form_->addRow(label, row);
    fields_[name] = {editor, error, row};
}

QWidget* TargetEditor::fieldEditor(const std::string& field) const {
    const auto it = fields_.find(field);
    return it == fields_.end() ? nullptr : it->second.editor;
}

QString TargetEditor::fieldError(const std::string& field) const {
    const auto it = fields_.find(field);
    return it == fields_.end() ? QString() : it->second.error->text();
}

QString TargetEditor::otherErrors() const { return other_errors_->text(); }

bool TargetEditor::clusterFieldsShown() const { return form_->isRowVisible(fields_.at("host").row); }

void TargetEditor::setPlugin(const PluginInfo* plugin) {
    have_plugin_ = plugin != nullptr;
    if (plugin) resources_ = plugin->resources;
    const QSignalBlocker block(kind_);
    kind_->clear();
    if (plugin) {
        for (const auto& t : plugin->targets) kind_->addItem(QString::fromStdString(t));
        const bool local = std::find(plugin->targets.begin(), plugin->targets.end(), "local") != plugin->targets.end();
        if (local && kind_->findText(kCluster) < 0) kind_->addItem(kCluster);
    }
    updatePlaceholders();
    setTarget(target_);
}

void TargetEditor::updatePlaceholders() {
    auto set = [this](const char* name, const QString& text) {
        if (auto* edit = qobject_cast<QLineEdit*>(fieldEditor(name))) edit->setPlaceholderText(text);
    };
    if (!have_plugin_) {
        for (const char* name : {"cpus_per_run", "gpus_per_run", "mem_gb"}) set(name, tr("the plugin's need"));
        return;
    }
    set("cpus_per_run", tr("%1 (the plugin's need)").arg(resources_.cpus));
    set("gpus_per_run", tr("%1 (the plugin's need)").arg(resources_.gpus));
    set("mem_gb",
        resources_.mem_gb > 0 ? tr("%1 (the plugin's need)").arg(resources_.mem_gb) : tr("the cluster's default"));
}

void TargetEditor::setTarget(const json& target) {
    target_ = target.is_object() ? target : json::object();
    const QString kind = QString::fromStdString(target_.value("kind", "local"));
    {
        const QSignalBlocker block(kind_);
        if (kind_->findText(kind) < 0) kind_->addItem(kind);
        kind_->setCurrentText(kind);
    }
    for (auto& [name, f] : fields_) {
        const json v = target_.contains(name) ? target_[name] : json(nullptr);
        const QSignalBlocker block(f.editor);
        if (auto* edit = qobject_cast<QLineEdit*>(f.editor)) {
            if (edit->text() != value_text(v)) edit->setText(value_text(v));
        } else if (auto* box = qobject_cast<QComboBox*>(f.editor)) {
            const QString text = v.is_null() ? QStringLiteral("slurm") : value_text(v);
            if (box->findText(text) < 0) box->addItem(text);
            box->setCurrentText(text);
        }
    }
    json extra = target_;
    extra.erase("kind");
    {
        const QSignalBlocker block(settings_);
        settings_->setText(kind == kCluster || extra.empty() ? QString() : QString::fromStdString(extra.dump()));
        settings_->setStyleSheet({});
    }
    showKind();
    showErrors();
}

void TargetEditor::showKind() {
    const bool cluster = kind_->currentText() == kCluster;
    for (auto& [name, f] : fields_) form_->setRowVisible(f.row, cluster);
    form_->setRowVisible(settings_, !cluster);
}

void TargetEditor::showErrors() {
    std::map<std::string, std::vector<std::string>> problems;
    if (target_.value("kind", "") == kCluster) problems = cluster_problems(target_);
    for (auto& [name, f] : fields_) {
        const auto it = problems.find(name);
        QStringList lines;
        if (it != problems.end())
            for (const auto& m : it->second) lines << QString::fromStdString(m);
        f.error->setText(lines.join("\n"));
        f.error->setVisible(!lines.isEmpty());
        if (auto* edit = qobject_cast<QLineEdit*>(f.editor))
            edit->setStyleSheet(lines.isEmpty() ? QString() : QStringLiteral("border: 1px solid #c62828;"));
    }
    QStringList other;
    if (const auto it = problems.find(""); it != problems.end())
        for (const auto& m : it->second) other << QString::fromStdString(m);
    other_errors_->setText(other.join("\n"));
    other_errors_->setVisible(!other.isEmpty());
}

void TargetEditor::editField(const std::string& name, const json& value) {
    json t = target_;
    if (value.is_null()) t.erase(name);
    else t[name] = value;
    if (t == target_) {
        showErrors();
        return;
    }
    target_ = t;
    showErrors();
    Q_EMIT edited(target_, tr("Change target %1").arg(QString::fromStdString(name)),
                  QString::fromStdString("target." + name));
}

void TargetEditor::setKind(const QString& kind) {
    const std::string was = target_.value("kind", "local");
    const std::string now = kind.toStdString();
    if (was == now) return;
    json t;
    if (now == kCluster) {
        // Back to the cluster settings this editor last showed, else the one required field.
        t = last_cluster_.is_object() ? last_cluster_ : json{{"scheduler", "slurm"}};
        t["kind"] = now;
        if (!t.contains("scheduler")) t["scheduler"] = "slurm";
    } else if (was == kCluster) {
        last_cluster_ = target_;
        t = {{"kind", now}};  // cluster fields mean nothing to another kind
    } else {
        t = target_;
        t["kind"] = now;
    }
    target_ = t;
    setTarget(target_);
    Q_EMIT edited(target_, tr("Change target"), "target.kind");
}

}  // namespace sextant::ui
