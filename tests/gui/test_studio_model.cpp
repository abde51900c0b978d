// Flows of the main window with the tiny fixture CLIP model: loading,
// predictions that follow template edits, accepting predictions, training
// with live curves, template comparison, evaluation, head export (also of a
// run stored by an earlier session, and with the command line), and closing
// while jobs run.

#include "gui_test_support.h"

#include "ui/classes_panel.h"
#include "ui/evaluation_page.h"
#include "ui/labeling_page.h"
#include "ui/model_controller.h"
#include "ui/pool_model.h"
#include "ui/prediction_controller.h"
#include "ui/preview_dialog.h"
#include "ui/project_controller.h"
#include "ui/prompt_editor.h"
#include "ui/run_history_panel.h"
#include "ui/template_comparison_page.h"
#include "ui/training_controller.h"
#include "ui/training_page.h"
#include "ui/undo_commands.h"
#include "ui/welcome_page.h"

#include "store/project_store.h"

#include "widgets/class_card.h"
#include "widgets/image_grid_view.h"
#include "widgets/message_bar.h"
#include "widgets/probability_bars.h"
#include "widgets/thumbnail_delegate.h"
#include "widgets/training_plot.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QPushButton>
#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace fewshot;
using namespace fewshot::test;

namespace {

constexpr int kExamplesPerClass = 3;
constexpr int kPoolPerClass = 4;

}  // namespace

class TestStudioModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void modelInfoShown();
    void invalidModelFolderShowsCoreMessage();
    void predictionsFollowTemplateEdits();
    void enterAcceptsPrediction();
    void uncertaintyOrderPutsSmallMarginFirst();
    void previewShowsProbabilities();
    void trainingCurvesArrive();
    void trainedRunAppliesAndExports();
    void coopAndEnsembleTrainThroughTextEncoder();
    void storedRunAppliesAndExportsLater();
    void relinkedImagesGetEmbedded();
    void templateComparisonScoresEveryCandidate();
    void evaluationFillsTable();
    void cancelStopsPreparingJob();
    void cancelRunningJob();
    void closingWithRunningJobAsks();

private:
    bool prepareProject();
    // Replaces the window with a new one, as a later session, and opens `file` in it.
    bool startNewSession(const QString& file);
    bool waitForFreshPredictions(int expectedImages);
    // Labels the pool by its file names, so every class has labeled images.
    void labelPoolByName();

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<ui::MainWindow> window_;
};

void TestStudioModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("FewShotTest"));
    QApplication::setApplicationName(QStringLiteral("test_studio_model"));
}

void TestStudioModel::init()
{
    if (fixtureModelFolder().isEmpty())
        QSKIP("the tiny CLIP fixture is not in FEWSHOT_FIXTURES (tiny-clip-hf/model); set -DFEWSHOT_FIXTURES=DIR");
    dir_ = std::make_unique<QTemporaryDir>();
    window_ = std::make_unique<ui::MainWindow>();
    window_->setQuitConfirmation([](int) { return true; });
    window_->show();
    QVERIFY(loadFixtureModel(*window_));
}

void TestStudioModel::cleanup()
{
    window_.reset();
    dir_.reset();
}

bool TestStudioModel::prepareProject()
{
    if (!createProject(*window_, dir_->path()))
        return false;
    if (!addClasses(*window_, {QStringLiteral("red"), QStringLiteral("blue")}))
        return false;
    const ui::SnapshotPtr snapshot = snapshotOf(*window_);
    const QStringList red = writeImages(dir_->filePath(QStringLiteral("red")), QStringLiteral("red"), kExamplesPerClass, 0);
    const QStringList blue = writeImages(dir_->filePath(QStringLiteral("blue")), QStringLiteral("blue"), kExamplesPerClass, 230);
    QStringList pool = writeImages(dir_->filePath(QStringLiteral("pool")), QStringLiteral("red"), kPoolPerClass, 10, 40, 56);
    pool += writeImages(dir_->filePath(QStringLiteral("pool")), QStringLiteral("blue"), kPoolPerClass, 220, 56, 40);
    dropFiles(window_->classesPanel()->card(snapshot->classes[0].id), red);
    dropFiles(window_->classesPanel()->card(snapshot->classes[1].id), blue);
    dropFiles(window_->labelingPage()->grid()->viewport(), pool);
    return waitForFreshPredictions(2 * (kExamplesPerClass + kPoolPerClass));
}

bool TestStudioModel::startNewSession(const QString& file)
{
    window_ = std::make_unique<ui::MainWindow>();
    window_->setQuitConfirmation([](int) { return true; });
    window_->show();
    if (!loadFixtureModel(*window_))
        return false;
    window_->openProject(file);
    return waitUntil([&] { return window_->context().project->isOpen() && snapshotOf(*window_); });
}

bool TestStudioModel::waitForFreshPredictions(int expectedImages)
{
    const ui::PredictionController* predictions = window_->context().predictions;
    return waitUntil(
        [&] {
            return predictions->predictions().size() == expectedImages && !predictions->isStale()
                   && !predictions->isComputing();
        },
        30000);
}

void TestStudioModel::labelPoolByName()
{
    const ui::SnapshotPtr snapshot = snapshotOf(*window_);
    for (const store::ImageInfo& image : snapshot->images) {
        if (snapshot->labels.contains(image.id))
            continue;
        const qint64 classId = QFileInfo(image.path).fileName().startsWith(QStringLiteral("red"))
                                   ? snapshot->classes[0].id
                                   : snapshot->classes[1].id;
        window_->context().project->labelImages({image.id}, classId, store::LabelSource::Manual, QString());
    }
    settleProject(*window_);
}

void TestStudioModel::modelInfoShown()
{
    const ui::ModelInfo& info = window_->context().model->info();
    QVERIFY(!info.name.isEmpty());
    QCOMPARE(info.device, QStringLiteral("cpu"));
    QCOMPARE(info.dtype, QStringLiteral("float32"));
    QVERIFY(info.embeddingDim > 0);
    const QList<QLabel*> labels = window_->welcomePage()->findChildren<QLabel*>();
    const bool nameOnPage = std::any_of(labels.begin(), labels.end(), [&](QLabel* label) { return label->text() == info.name; });
    QVERIFY(nameOnPage);
    auto* status = window_->findChild<QLabel*>(QStringLiteral("statusModel"));
    QVERIFY(status->text().contains(info.name));
}

void TestStudioModel::invalidModelFolderShowsCoreMessage()
{
    const QString folder = dir_->filePath(QStringLiteral("not-a-model"));
    QDir().mkpath(folder);
    window_->welcomePage()->loadModel(folder);
    const QString fingerprint = window_->context().model->info().fingerprint;
    QVERIFY(waitUntil([&] { return !window_->context().model->isLoading(); }));
    // The model that was loaded stays in use.
    QVERIFY(window_->context().model->isLoaded());
    QCOMPARE(window_->context().model->info().fingerprint, fingerprint);
    const QString text = window_->context().messages->text();
    QVERIFY2(text.contains(QStringLiteral("not-a-model")), qPrintable(text));
    QVERIFY(window_->context().messages->level() == widgets::MessageBar::Level::Error);
}

void TestStudioModel::predictionsFollowTemplateEdits()
{
    QVERIFY(prepareProject());
    ui::PredictionController* predictions = window_->context().predictions;
    const qint64 imageId = snapshotOf(*window_)->images.front().id;
    const std::vector<float> before = predictions->predictions().value(imageId).probabilities;

    window_->promptEditor()->setTemplates({QStringLiteral("a blurry drawing of a {} thing.")});
    // The edit marks the predictions stale at once; they are recomputed after a pause.
    QVERIFY(waitUntil([&] { return predictions->isStale(); }, 2000));
    QAbstractItemModel* grid = window_->labelingPage()->grid()->model();
    QVERIFY(grid->index(0, 0).data(widgets::GridRole::Stale).toBool());
    QElapsedTimer elapsed;
    elapsed.start();
    QVERIFY(waitForFreshPredictions(2 * (kExamplesPerClass + kPoolPerClass)));
    QVERIFY(elapsed.elapsed() >= 200);
    const std::vector<float> after = predictions->predictions().value(imageId).probabilities;
    QCOMPARE(after.size(), before.size());
    QVERIFY(after != before);

    window_->context().project->undoStack()->undo();
    QVERIFY(waitUntil([&] { return predictions->isStale(); }, 2000));
    QVERIFY(waitForFreshPredictions(2 * (kExamplesPerClass + kPoolPerClass)));
    const std::vector<float> restored = predictions->predictions().value(imageId).probabilities;
    for (size_t c = 0; c < before.size(); ++c)
        QVERIFY(std::abs(restored[c] - before[c]) < 1e-4f);
}

void TestStudioModel::enterAcceptsPrediction()
{
    QVERIFY(prepareProject());
    auto* show = window_->labelingPage()->findChild<QComboBox*>(QStringLiteral("showFilter"));
    show->setCurrentIndex(2);  // unlabeled only: the pool
    widgets::ImageGridView* grid = window_->labelingPage()->grid();
    grid->setFocus();
    grid->selectionModel()->setCurrentIndex(grid->model()->index(0, 0), QItemSelectionModel::ClearAndSelect);
    const qint64 imageId = grid->currentIndex().data(ui::PoolRole::ImageId).toLongLong();
    const qint64 predicted = window_->context().predictions->predictions().value(imageId).classId;
    QTest::keyClick(grid, Qt::Key_Return);
    const store::Label label = snapshotOf(*window_)->labels.value(imageId);
    QCOMPARE(label.classId, predicted);
    QCOMPARE(label.source, store::LabelSource::Prediction);
    window_->context().project->undoStack()->undo();
    QVERIFY(!snapshotOf(*window_)->labels.contains(imageId));
}

void TestStudioModel::uncertaintyOrderPutsSmallMarginFirst()
{
    QVERIFY(prepareProject());
    auto* order = window_->labelingPage()->findChild<QComboBox*>(QStringLiteral("orderCombo"));
    order->setCurrentIndex(1);
    QAbstractItemModel* model = window_->labelingPage()->grid()->model();
    double previous = -1.0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const double margin = model->index(row, 0).data(ui::PoolRole::Margin).toDouble();
        QVERIFY(margin >= previous);
        previous = margin;
    }
}

void TestStudioModel::previewShowsProbabilities()
{
    QVERIFY(prepareProject());
    widgets::ImageGridView* grid = window_->labelingPage()->grid();
    grid->setFocus();
    grid->selectionModel()->setCurrentIndex(grid->model()->index(1, 0), QItemSelectionModel::ClearAndSelect);
    QTest::keyClick(grid, Qt::Key_Space);
    ui::PreviewDialog* preview = window_->labelingPage()->preview();
    QVERIFY(preview->isVisible());
    QCOMPARE(preview->probabilities()->entries().size(), size_t(2));
    double sum = 0.0;
    for (const auto& entry : preview->probabilities()->entries())
        sum += entry.probability;
    QVERIFY(std::abs(sum - 1.0) < 1e-3);
    QTest::keyClick(preview, Qt::Key_Right);
    QCOMPARE(grid->currentIndex().row(), 2);
    QTest::keyClick(preview, Qt::Key_Space);
    QVERIFY(!preview->isVisible());
}

void TestStudioModel::trainingCurvesArrive()
{
    QVERIFY(prepareProject());
    labelPoolByName();
    ui::TrainingPage* page = window_->trainingPage();
    page->setMethodChecked(QStringLiteral("linear-probe"), true);
    page->setMethodChecked(QStringLiteral("tip-adapter-f"), true);
    window_->showPage(ui::MainWindow::Page::Training);
    page->startTraining();
    ui::TrainingController* training = window_->context().training;
    QCOMPARE(training->jobIds().size(), size_t(2));
    QVERIFY(waitUntil([&] { return training->runningJobs() == 0; }, 60000));
    for (qint64 jobId : training->jobIds()) {
        const ui::TrainingJobState* state = training->job(jobId);
        QVERIFY2(state->status == ui::TrainingJobState::Status::Finished, qPrintable(state->message));
        QCOMPARE(state->outcome->validationCount, 2 * kPoolPerClass);
        // Held-out accuracy of each cross-validation candidate, then on the labeled images.
        QVERIFY(page->plot()->pointCount(static_cast<int>(jobId), widgets::TrainingPlot::Metric::ValidationAccuracy) >= 2);
        QCOMPARE(page->plot()->pointCount(static_cast<int>(jobId), widgets::TrainingPlot::Metric::TrainingAccuracy), 1);
    }
    // The training-loss curve of Tip-Adapter-F shows each epoch of its final
    // fit, or the loss after the fit when cross-fitting chose no fine-tuning.
    const qint64 tipJob = training->jobIds().back();
    const int epochs = training->job(tipJob)->outcome->hyperparameters.value(QStringLiteral("epochs")).toInt(-1);
    QVERIFY(epochs >= 0);
    QCOMPARE(page->plot()->pointCount(static_cast<int>(tipJob), widgets::TrainingPlot::Metric::TrainingLoss),
             std::max(epochs, 1));
    QCOMPARE(page->jobsTable()->rowCount(), 2);
    QVERIFY(waitUntil([&] { return page->history()->table()->rowCount() == 2; }));
    settleProject(*window_);
    const ui::SnapshotPtr snapshot = snapshotOf(*window_);
    QCOMPARE(snapshot->runs.size(), size_t(2));
    QCOMPARE(snapshot->runs.back().status, store::RunStatus::Finished);
    QVERIFY(!snapshot->runs.back().epochs.empty());
}

void TestStudioModel::trainedRunAppliesAndExports()
{
    QVERIFY(prepareProject());
    ui::TrainingPage* page = window_->trainingPage();
    page->setMethodChecked(QStringLiteral("linear-probe"), true);
    page->startTraining();
    ui::TrainingController* training = window_->context().training;
    QVERIFY(waitUntil([&] { return training->runningJobs() == 0 && training->job(1)->runId != 0; }, 60000));
    QVERIFY(waitUntil([&] { return page->history()->table()->rowCount() == 1; }));
    page->history()->table()->selectRow(0);
    page->history()->applySelected();
    QVERIFY(window_->context().predictions->sourceName().contains(QStringLiteral("Linear probe")));
    QCOMPARE(window_->context().predictions->predictions().size(), 2 * (kExamplesPerClass + kPoolPerClass));

    const QString folder = dir_->filePath(QStringLiteral("head"));
    QSignalSpy exported(training, &ui::TrainingController::exportFinished);
    page->history()->exportSelected(folder);
    QVERIFY(exported.wait(30000));
    QVERIFY2(exported.first().at(2).toBool(), qPrintable(window_->context().messages->text()));
    QVERIFY(QFileInfo::exists(folder + QStringLiteral("/head.safetensors")));
    QVERIFY(QFileInfo::exists(folder + QStringLiteral("/metadata.json")));
}

void TestStudioModel::coopAndEnsembleTrainThroughTextEncoder()
{
    QVERIFY(prepareProject());
    labelPoolByName();
    ui::TrainingPage* page = window_->trainingPage();
    page->setMethodChecked(QStringLiteral("linear-probe"), false);
    page->setMethodChecked(QStringLiteral("coop"), true);
    page->setMethodChecked(QStringLiteral("ensemble"), true);
    page->startTraining();
    ui::TrainingController* training = window_->context().training;
    QCOMPARE(training->jobIds().size(), size_t(2));
    QVERIFY(waitUntil([&] { return training->runningJobs() == 0; }, 120000));
    for (qint64 jobId : training->jobIds()) {
        const ui::TrainingJobState* state = training->job(jobId);
        QVERIFY2(state->status == ui::TrainingJobState::Status::Finished, qPrintable(state->message));
        QCOMPARE(state->outcome->validationCount, 2 * kPoolPerClass);
        QVERIFY(state->outcome->validationAccuracy >= 0.5);
        // The job kept the model session only while it ran.
        QVERIFY(page->plot()->pointCount(static_cast<int>(jobId), widgets::TrainingPlot::Metric::TrainingLoss) >= 1);
    }
    const ui::TrainingJobState* coop = training->job(training->jobIds().front());
    QCOMPARE(coop->outcome->hyperparameters.value(QStringLiteral("context_tokens")).toInt(), 4);
    const ui::TrainingJobState* ensemble = training->job(training->jobIds().back());
    QCOMPARE(ensemble->outcome->head.members.size(), size_t(3));
    QVERIFY(ensemble->outcome->hyperparameters.value(QStringLiteral("members")).isArray());

    // The ensemble applies to the pool and exports like any run.
    QVERIFY(waitUntil([&] { return page->history()->table()->rowCount() == 2; }));
    QTableWidget* runs = page->history()->table();
    int ensembleRow = -1;
    for (int row = 0; row < runs->rowCount(); ++row) {
        for (int column = 0; column < runs->columnCount(); ++column) {
            if (runs->item(row, column) && runs->item(row, column)->text().contains(QStringLiteral("Ensemble")))
                ensembleRow = row;
        }
    }
    QVERIFY(ensembleRow >= 0);
    runs->selectRow(ensembleRow);
    page->history()->applySelected();
    QVERIFY(waitUntil([&] { return window_->context().predictions->sourceName().contains(QStringLiteral("Ensemble")); }));
    const QString folder = dir_->filePath(QStringLiteral("ensemble-head"));
    QSignalSpy exported(training, &ui::TrainingController::exportFinished);
    page->history()->exportSelected(folder);
    QVERIFY(exported.wait(30000));
    QVERIFY2(exported.first().at(2).toBool(), qPrintable(window_->context().messages->text()));
    QVERIFY(QFileInfo::exists(folder + QStringLiteral("/head.pt")));
}

void TestStudioModel::storedRunAppliesAndExportsLater()
{
    QVERIFY(prepareProject());
    labelPoolByName();
    ui::TrainingPage* page = window_->trainingPage();
    page->setMethodChecked(QStringLiteral("linear-probe"), false);
    page->setMethodChecked(QStringLiteral("tip-adapter"), true);
    page->startTraining();
    ui::TrainingController* training = window_->context().training;
    QVERIFY(waitUntil([&] { return training->runningJobs() == 0 && training->job(1)->runId != 0; }, 60000));
    QVERIFY2(training->job(1)->status == ui::TrainingJobState::Status::Finished, qPrintable(training->job(1)->message));
    const qint64 runId = training->job(1)->runId;
    settleProject(*window_);
    QVERIFY(snapshotOf(*window_)->runs.back().hasHead);

    // The predictions and the export of this session's job, to compare with.
    QVERIFY(waitUntil([&] { return page->history()->table()->rowCount() == 1; }));
    page->history()->table()->selectRow(0);
    page->history()->applySelected();
    const QHash<qint64, ui::PoolPrediction> sessionPredictions = window_->context().predictions->predictions();
    const std::vector<qint64> sessionClasses = window_->context().predictions->classIds();
    QCOMPARE(sessionPredictions.size(), 2 * (kExamplesPerClass + kPoolPerClass));
    const QString sessionFolder = dir_->filePath(QStringLiteral("session-head"));
    QSignalSpy sessionExport(training, &ui::TrainingController::exportFinished);
    page->history()->exportSelected(sessionFolder);
    QVERIFY(sessionExport.wait(30000));
    QVERIFY(sessionExport.first().at(2).toBool());
    const QString projectFile = snapshotOf(*window_)->file;

    QVERIFY(startNewSession(projectFile));
    QVERIFY(waitForFreshPredictions(2 * (kExamplesPerClass + kPoolPerClass)));
    page = window_->trainingPage();
    training = window_->context().training;
    QVERIFY(training->jobIds().empty());
    QTableWidget* table = page->history()->table();
    QVERIFY(waitUntil([&] { return table->rowCount() == 1; }));
    table->selectRow(0);
    auto* apply = page->history()->findChild<QPushButton*>(QStringLiteral("applyRunButton"));
    QVERIFY(apply != nullptr && apply->isEnabled());

    QSignalSpy applied(training, &ui::TrainingController::runApplied);
    apply->click();
    QVERIFY(applied.wait(30000));
    ui::PredictionController* predictions = window_->context().predictions;
    QVERIFY2(predictions->sourceName().contains(QStringLiteral("Run %1").arg(runId)), qPrintable(predictions->sourceName()));
    QCOMPARE(predictions->classIds(), sessionClasses);
    QCOMPARE(predictions->predictions().size(), sessionPredictions.size());
    for (auto it = sessionPredictions.cbegin(); it != sessionPredictions.cend(); ++it) {
        const std::vector<float>& stored = predictions->predictions().value(it.key()).probabilities;
        QCOMPARE(stored.size(), it->probabilities.size());
        for (size_t c = 0; c < stored.size(); ++c)
            QVERIFY2(std::abs(stored[c] - it->probabilities[c]) < 1e-5f, qPrintable(QString::number(stored[c])));
    }

    const QString storedFolder = dir_->filePath(QStringLiteral("stored-head"));
    QSignalSpy storedExport(training, &ui::TrainingController::exportFinished);
    page->history()->exportSelected(storedFolder);
    QVERIFY(storedExport.wait(30000));
    QVERIFY2(storedExport.first().at(2).toBool(), qPrintable(window_->context().messages->text()));
    QCOMPARE(storedExport.first().at(0).toLongLong(), runId);
    const auto readFile = [](const QString& path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };
    const QByteArray sessionWeights = readFile(sessionFolder + QStringLiteral("/head.safetensors"));
    QVERIFY(!sessionWeights.isEmpty());
    QCOMPARE(readFile(storedFolder + QStringLiteral("/head.safetensors")), sessionWeights);
    const QJsonObject metadata = QJsonDocument::fromJson(readFile(storedFolder + QStringLiteral("/metadata.json"))).object();
    QCOMPARE(metadata.value(QStringLiteral("method")).toString(), QStringLiteral("tip-adapter"));
    QCOMPARE(metadata.value(QStringLiteral("training")).toObject().value(QStringLiteral("run")).toInteger(), runId);
    QVERIFY(QFileInfo::exists(storedFolder + QStringLiteral("/head.pt")));
    settleProject(*window_);
    QCOMPARE(snapshotOf(*window_)->runs.back().exportPath, storedFolder);

    // The command line exports the run too, while the application has the project open.
    const QString cliFolder = dir_->filePath(QStringLiteral("cli-head"));
    QProcess cli;
    cli.start(QStringLiteral(FEWSHOT_CLI_PATH), {QStringLiteral("export"), QStringLiteral("--project"), projectFile,
                                                 QStringLiteral("--run"), QString::number(runId),
                                                 QStringLiteral("--output"), cliFolder});
    QVERIFY(cli.waitForFinished(60000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    QCOMPARE(readFile(cliFolder + QStringLiteral("/head.safetensors")), sessionWeights);

    // A run whose classes were renamed since cannot be applied.
    const store::ClassInfo red = snapshotOf(*window_)->classes.front();
    store::ClassInfo renamed = red;
    renamed.name = QStringLiteral("crimson");
    window_->context().project->undoStack()->push(
        new ui::UpdateClassCommand(window_->context().project, red, renamed, QStringLiteral("rename")));
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->classes.front().name == renamed.name; }));
    table->clearSelection();
    table->selectRow(0);
    applied.clear();
    page->history()->applySelected();
    QVERIFY(waitUntil([&] { return window_->context().messages->level() == widgets::MessageBar::Level::Error; }, 30000));
    QVERIFY2(window_->context().messages->text().contains(QStringLiteral("red")),
             qPrintable(window_->context().messages->text()));
    QCOMPARE(applied.count(), 0);
}

void TestStudioModel::relinkedImagesGetEmbedded()
{
    QVERIFY(createProject(*window_, dir_->path()));
    QVERIFY(addClasses(*window_, {QStringLiteral("red"), QStringLiteral("blue")}));
    const QStringList pool = writeImages(dir_->filePath(QStringLiteral("pool")), QStringLiteral("red"), 4, 10);
    dropFiles(window_->labelingPage()->grid()->viewport(), pool);
    ui::PredictionController* predictions = window_->context().predictions;
    QVERIFY(waitUntil([&] { return predictions->embeddedImageCount() == 4; }, 30000));
    const QString file = snapshotOf(*window_)->file;

    // Moved images without cached embeddings cannot be embedded until they are found.
    window_->context().project->closeProject();
    QVERIFY(waitUntil([&] { return !window_->context().project->isOpen(); }));
    const QString moved = dir_->filePath(QStringLiteral("moved"));
    QVERIFY(QDir().mkpath(moved));
    QVERIFY(QDir().rename(dir_->filePath(QStringLiteral("pool")), moved + QStringLiteral("/pool")));
    store::ProjectStore::open(file)->clearEmbeddingCache();
    window_->openProject(file);
    QVERIFY(waitUntil([&] { return predictions->failedImageCount() == 4; }, 30000));
    QCOMPARE(predictions->embeddedImageCount(), 0);

    // The message about the unreadable images offers to relink them.
    widgets::MessageBar* messages = window_->context().messages;
    QVERIFY(waitUntil([&] { return messages->level() == widgets::MessageBar::Level::Error; }));
    QPushButton* relink = nullptr;
    for (QPushButton* button : messages->findChildren<QPushButton*>()) {
        if (button->isVisible())
            relink = button;
    }
    QVERIFY(relink != nullptr);
    window_->setPathChooser([moved](ui::MainWindow::PathRequest) { return moved; });
    relink->click();
    QVERIFY(waitUntil([&] { return predictions->embeddedImageCount() == 4; }, 30000));
    QCOMPARE(predictions->failedImageCount(), 0);
    QCOMPARE(snapshotOf(*window_)->missingImages, 0);
}

void TestStudioModel::templateComparisonScoresEveryCandidate()
{
    QVERIFY(prepareProject());
    window_->promptEditor()->addSetFromPreset(QStringLiteral("art"));
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->templateSets.size() == 2; }));
    ui::TemplateComparisonPage* page = window_->templatesPage();
    QSignalSpy ready(page, &ui::TemplateComparisonPage::scoresReady);
    page->scoreTemplates();
    QVERIFY(ready.wait(30000));
    const auto* active = snapshotOf(*window_)->activeTemplateSet();
    QCOMPARE(page->table()->rowCount(), static_cast<int>(active->templates.size()) + 2);
    QCOMPARE(page->table()->columnCount(), 3 + 2);
    page->compareSets();
}

void TestStudioModel::evaluationFillsTable()
{
    QVERIFY(prepareProject());
    labelPoolByName();
    ui::EvaluationPage* page = window_->evaluationPage();
    page->setMethodChecked(QStringLiteral("tip-adapter"), false);
    page->setMethodChecked(QStringLiteral("coop"), true);
    QSignalSpy finished(page, &ui::EvaluationPage::evaluationFinished);
    page->runEvaluation();
    QVERIFY(finished.wait(120000));
    QVERIFY2(finished.first().first().toBool(), qPrintable(window_->context().messages->text()));
    QCOMPARE(page->table()->rowCount(), 3);     // zero-shot, linear probe, CoOp
    QVERIFY(page->table()->columnCount() >= 2);  // 1, 2 (and 4 with enough images) shots
}

void TestStudioModel::cancelStopsPreparingJob()
{
    QVERIFY(prepareProject());
    ui::TrainingPage* page = window_->trainingPage();
    page->startTraining();
    ui::TrainingController* training = window_->context().training;
    const qint64 jobId = training->jobIds().front();
    QVERIFY(training->job(jobId)->status == ui::TrainingJobState::Status::Preparing);
    training->cancel(jobId);
    QVERIFY(training->job(jobId)->status == ui::TrainingJobState::Status::Cancelled);
    QCOMPARE(training->runningJobs(), 0);
    // The class prototypes that arrive later start nothing.
    QTest::qWait(300);
    QVERIFY(training->job(jobId)->status == ui::TrainingJobState::Status::Cancelled);
}

void TestStudioModel::cancelRunningJob()
{
    QVERIFY(prepareProject());
    ui::TrainingPage* page = window_->trainingPage();
    page->setMethodChecked(QStringLiteral("linear-probe"), false);
    page->setMethodChecked(QStringLiteral("tip-adapter-f"), true);
    for (QSpinBox* box : page->findChildren<QSpinBox*>()) {
        if (box->maximum() == 500)
            box->setValue(500);
    }
    page->startTraining();
    ui::TrainingController* training = window_->context().training;
    const qint64 jobId = training->jobIds().front();
    QVERIFY(waitUntil([&] { return training->job(jobId)->status != ui::TrainingJobState::Status::Preparing; }));
    training->cancel(jobId);
    QVERIFY(waitUntil([&] { return training->runningJobs() == 0; }, 30000));
    // A fit may end before it polls the cancel flag; either way the run is closed.
    const auto status = training->job(jobId)->status;
    QVERIFY(status == ui::TrainingJobState::Status::Cancelled || status == ui::TrainingJobState::Status::Finished);
    settleProject(*window_);
    QVERIFY(waitUntil([&] { return !snapshotOf(*window_)->runs.empty(); }));
    const store::RunStatus stored = snapshotOf(*window_)->runs.back().status;
    QVERIFY(stored == (status == ui::TrainingJobState::Status::Cancelled ? store::RunStatus::Cancelled
                                                                         : store::RunStatus::Finished));
}

void TestStudioModel::closingWithRunningJobAsks()
{
    QVERIFY(prepareProject());
    int questions = 0;
    window_->setQuitConfirmation([&questions](int jobs) {
        ++questions;
        return jobs > 0;
    });
    ui::TrainingPage* page = window_->trainingPage();
    page->setMethodChecked(QStringLiteral("linear-probe"), false);
    page->setMethodChecked(QStringLiteral("tip-adapter-f"), true);
    for (QSpinBox* box : page->findChildren<QSpinBox*>()) {
        if (box->maximum() == 500)
            box->setValue(500);
    }
    page->startTraining();
    QVERIFY(window_->runningJobs() > 0);
    QVERIFY(window_->close());
    QCOMPARE(questions, 1);
    ui::TrainingController* training = window_->context().training;
    for (qint64 jobId : training->jobIds()) {
        const auto status = training->job(jobId)->status;
        QVERIFY(status != ui::TrainingJobState::Status::Running);
    }
    window_.reset();  // destroys the controllers; must not crash or hang
}

QTEST_MAIN(TestStudioModel)
#include "test_studio_model.moc"
