#include "editor/experiment_editor.hpp"

#include "catalog/plugin_catalog.hpp"
#include "document/project_document.hpp"
#include "editor/param_field.hpp"
#include "editor/sweep_editor.hpp"
#include "editor/target_editor.hpp"
#include "params/sweep.hpp"
#include "util/closest_name.hpp"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>

namespace sextant::ui {

ExperimentEditor::ExperimentEditor(ProjectDocument& document, PluginCatalog& catalog, QWidget* parent)
    : QWidget(parent), document_(document), catalog_(catalog) {
    title_ = new QLabel(this);
    title_->setWordWrap(true);
    name_ = new QLineEdit(this);
    name_->setObjectName("experimentName");
    plugin_ = new QLabel(this);
    plugin_->setWordWrap(true);
    repeats_ = new QSpinBox(this);
    repeats_->setRange(1, 100000);
    repeats_->setKeyboardTracking(false);
    repeats_->setToolTip(tr("Each sweep point runs once per seed: seed, seed+1, ..."));
    seed_ = new QSpinBox(this);
    seed_->setRange(0, INT_MAX);
    seed_->setKeyboardTracking(false);

    auto* general = new QGroupBox(tr("Experiment"), this);
    auto* form = new QFormLayout(general);
    form->addRow(tr("Name"), name_);
    form->addRow(tr("Plugin"), plugin_);
    form->addRow(tr("Repeats"), repeats_);
    form->addRow(tr("First seed"), seed_);

    auto* target_box = new QGroupBox(tr("Target"), this);
    target_ = new TargetEditor(target_box);
    (new QVBoxLayout(target_box))->addWidget(target_);

    params_box_ = new QGroupBox(tr("Parameters"), this);
    params_form_ = new QFormLayout(params_box_);
    params_form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    auto* sweep_box = new QGroupBox(tr("Sweep"), this);
    sweep_ = new SweepEditor(sweep_box);
    (new QVBoxLayout(sweep_box))->addWidget(sweep_);

    run_count_ = new QLabel(this);
    run_count_->setObjectName("runCount");
    run_count_->setWordWrap(true);
    QFont bold = run_count_->font();
    bold.setBold(true);
    run_count_->setFont(bold);
    problems_ = new QLabel(this);
    problems_->setWordWrap(true);
    problems_->setStyleSheet("color: #c62828;");
    problems_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title_);
    layout->addWidget(general);
    layout->addWidget(target_box);
    layout->addWidget(params_box_);
    layout->addWidget(sweep_box);
    layout->addWidget(run_count_);
    layout->addWidget(problems_);
    layout->addStretch();

    connect(name_, &QLineEdit::editingFinished, this, [this] {
        const std::string wanted = name_->text().trimmed().toStdString();
        const auto* x = document_.experiment(index_);
        if (!x || wanted.empty() || wanted == x->name) return;
        const std::string unique = document_.uniqueExperimentName(wanted);
        edit([&](Experiment& e) { e.name = unique; }, tr("Rename experiment"), "name");
        name_->setText(QString::fromStdString(unique));
    });
    connect(target_, &TargetEditor::edited, this,
            [this](const nlohmann::json& target, const QString& what, const QString& field) {
                edit([&](Experiment& e) { e.target = target; }, what, field);
            });
    connect(repeats_, &QSpinBox::valueChanged, this, [this](int n) {
        edit(
            [&](Experiment& e) {
                e.seeds.clear();
                e.repeats = n;
            },
            tr("Change repeats"), "repeats");
    });
    connect(seed_, &QSpinBox::valueChanged, this, [this](int s) {
        edit([&](Experiment& e) { e.seed = static_cast<std::uint64_t>(s); }, tr("Change first seed"), "seed");
    });
    connect(sweep_, &SweepEditor::partEdited, this, [this](SweepPart part, const Sweep& sweep) {
        const QString what = part == SweepPart::Grid     ? tr("Edit the sweep's grid")
                             : part == SweepPart::Random ? tr("Edit the random samples")
                                                         : tr("Edit the sweep's points");
        edit([&](Experiment& e) { write_sweep_part(e.sweep, sweep, part); }, what,
             QString::fromStdString(field_path("sweep", to_string(part))));
    });
    connect(&document_, &ProjectDocument::experimentChanged, this, [this](int index) {
        if (index == index_ && !editing_) reload();
    });
    connect(&catalog_, &PluginCatalog::loaded, this, [this] { rebuild(); });
    setExperiment(-1);
}

void ExperimentEditor::edit(const std::function<void(Experiment&)>& change, const QString& what, const QString& field) {
    if (index_ < 0) return;
    editing_ = true;
    document_.editExperiment(index_, change, what, field);
    editing_ = false;
    const auto* x = document_.experiment(index_);
    if (x) {
        const auto swept = swept_params(read_sweep(x->sweep));
        for (auto& [name, field] : fields_) field->setSwept(std::find(swept.begin(), swept.end(), name) != swept.end());
    }
    recheck();
}

ParamField* ExperimentEditor::field(const std::string& param) const {
    const auto it = fields_.find(param);
    return it == fields_.end() ? nullptr : it->second;
}

void ExperimentEditor::setExperiment(int index) {
    if (index != index_) target_->forgetCluster();
    index_ = index;
    rebuild();  // the fields stay when the plugin is the same: no flicker, focus kept
}

// Builds the parameter form for the experiment's plugin, then shows the values.
void ExperimentEditor::rebuild() {
    const Experiment* x = document_.experiment(index_);
    setEnabled(x != nullptr);
    const PluginInfo* info = x ? catalog_.find(x->plugin) : nullptr;
    const std::string wanted = info ? info->id + "@" + info->version : std::string();
    if (wanted != built_for_) {
        while (params_form_->rowCount() > 0) params_form_->removeRow(0);
        fields_.clear();
        if (info)
            for (const auto& decl : info->params) {
                auto* f = new ParamField(decl, params_box_);
                auto* label = new QLabel(QString::fromStdString(decl.name), params_box_);
                label->setToolTip(ParamField::tooltipFor(decl));
                params_form_->addRow(label, f);
                fields_[decl.name] = f;
                connect(f, &ParamField::edited, this, [this, name = decl.name](const nlohmann::json& v) {
                    edit([&](Experiment& e) { e.params[name] = v; }, tr("Edit %1").arg(QString::fromStdString(name)),
                         QString::fromStdString("params." + name));
                });
            }
        built_for_ = wanted;
    }
    sweep_->setPlugin(info);
    reload();
}

void ExperimentEditor::reload() {
    const Experiment* x = document_.experiment(index_);
    if (!x) {
        title_->setText(tr("<i>No experiment selected.</i>"));
        run_count_->clear();
        problems_->clear();
        return;
    }
    const PluginInfo* info = catalog_.find(x->plugin);
    title_->setText(QStringLiteral("<h3>%1</h3>%2")
                        .arg(QString::fromStdString(x->name).toHtmlEscaped(),
                             QString::fromStdString(x->description).toHtmlEscaped()));
    name_->setText(QString::fromStdString(x->name));
    if (info)
        plugin_->setText(QStringLiteral("%1 %2 - %3")
                             .arg(QString::fromStdString(info->id), QString::fromStdString(info->version),
                                  QString::fromStdString(info->name)));
    else if (catalog_.isLoaded())
        plugin_->setText(tr("<span style='color:#c62828'>'%1' is not installed: its parameters cannot be edited "
                            "or checked here</span>")
                             .arg(QString::fromStdString(x->plugin)));
    else plugin_->setText(tr("%1 (reading the declarations…)").arg(QString::fromStdString(x->plugin)));
    plugin_->setToolTip(info ? QString::fromStdString(info->description) : QString());

    target_->setPlugin(info);
    target_->setTarget(x->target);
    const QSignalBlocker b2(repeats_), b3(seed_);
    repeats_->setValue(x->seeds.empty() ? x->repeats : static_cast<int>(x->seeds.size()));
    seed_->setValue(static_cast<int>(x->seeds.empty() ? x->seed : x->seeds.front()));

    sweep_->setSweep(x->sweep);
    const auto swept = swept_params(read_sweep(x->sweep));
    for (auto& [name, f] : fields_) {
        const auto it = x->params.find(name);
        f->setValue(it != x->params.end() ? *it : f->decl().default_value);
        f->setSwept(std::find(swept.begin(), swept.end(), name) != swept.end());
    }
    recheck();
}

void ExperimentEditor::recheck() {
    const Experiment* x = document_.experiment(index_);
    const PluginInfo* info = x ? catalog_.find(x->plugin) : nullptr;
    if (!info) {
        check_ = {};
        run_count_->setText(x ? tr("Number of runs: unknown until the plugin's declarations are read") : QString());
        problems_->clear();
        return;
    }
    check_ = check_experiment(*x, *info);
    if (check_.problems.empty())
        run_count_->setText(tr("Expands to %n run(s)", nullptr, static_cast<int>(check_.runs)) +
                            tr(": %1 sweep point(s) × %2 seed(s)").arg(check_.points).arg(check_.seeds));
    else run_count_->setText(tr("Cannot run yet:"));
    QStringList lines;
    for (const auto& p : check_.problems) lines << QString::fromStdString(problem_line(p)).toHtmlEscaped();
    problems_->setText(lines.join("<br>"));
    for (auto& [name, f] : fields_) {
        const auto own = problems_of_param(check_, name);
        // Errors typed into a field stay until the field reads well; the check adds what the
        // file itself holds wrong.
        if (!own.empty())
            f->setError(QString::fromStdString(own.front().message + did_you_mean_text(own.front().suggestion)));
    }
}

}  // namespace sextant::ui
