// The run queue: start, cancel and retry the current sweep, watch each run's progress and
// latest metrics, and read its log.
#pragma once

#include "queue/live_runs_model.hpp"
#include "queue/run_queue.hpp"

#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace sextant::ui {

class RunQueuePanel final : public QWidget {
    Q_OBJECT
public:
    // prepare: saves the project and fills in its path and the experiment to run; false
    // (with a message) stops the start.
    using Prepare = std::function<bool(RunRequestOptions& options, QString* error)>;

    RunQueuePanel(RunQueue& queue, QWidget* parent = nullptr);
    void setPrepare(Prepare prepare) { prepare_ = std::move(prepare); }
    LiveRunsModel& model() { return model_; }
    QTableView* table() const { return table_; }
    QPlainTextEdit* logView() const { return log_; }
    bool allExperiments() const;
    QSpinBox* jobsBox() const { return jobs_; }

    void startRuns(bool retry_failed);
    void cancelRuns();

    void saveSettings() const;
    void restoreSettings();

Q_SIGNALS:
    void runSelected(std::int64_t run_id);

private:
    void updateButtons();
    void updateStatus();
    void showLog();

    RunQueue& queue_;
    LiveRunsModel model_;
    Prepare prepare_;
    QPushButton* start_ = nullptr;
    QPushButton* retry_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QComboBox* scope_ = nullptr;
    QSpinBox* jobs_ = nullptr;
    QLabel* status_ = nullptr;
    QTableView* table_ = nullptr;
    QPlainTextEdit* log_ = nullptr;
    QCheckBox* follow_selected_ = nullptr;
    QString last_message_;
};

}  // namespace sextant::ui
