// Flows of the main window that need no model: creating a project, adding
// classes and images by drag and drop, moving examples between classes,
// imports from class folders and CSV files, relinking moved images, undo
// and redo, labeling with the keyboard, filters and label export.

#include "gui_test_support.h"

#include "ui/app_settings.h"
#include "ui/classes_panel.h"
#include "ui/export_dialog.h"
#include "ui/labeling_page.h"
#include "ui/pool_model.h"
#include "ui/project_controller.h"
#include "ui/project_worker.h"
#include "ui/run_history_panel.h"
#include "ui/settings_dialog.h"
#include "ui/training_controller.h"
#include "ui/training_page.h"
#include "ui/undo_commands.h"

#include "store/project_store.h"
#include "widgets/class_card.h"
#include "widgets/file_drop.h"
#include "widgets/image_grid_view.h"
#include "widgets/message_bar.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSemaphore>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

using namespace fewshot;
using namespace fewshot::test;

namespace {

int exampleCount(const ui::MainWindow& window, const QString& className)
{
    const ui::SnapshotPtr snapshot = snapshotOf(window);
    for (const store::ClassInfo& info : snapshot->classes) {
        if (info.name == className)
            return snapshot->exampleCount(info.id);
    }
    return -1;
}

const store::ClassInfo* findClass(const ui::SnapshotPtr& snapshot, const QString& name)
{
    for (const store::ClassInfo& info : snapshot->classes) {
        if (info.name == name)
            return &info;
    }
    return nullptr;
}

// Sends a drag enter and a drop of example images, as a class card's thumbnail drag does.
void dropExamples(QWidget* target, qint64 sourceClassId, const QList<qint64>& imageIds)
{
    std::unique_ptr<QMimeData> data(widgets::exampleDragMimeData({sourceClassId, imageIds}));
    const QPointF position(target->width() / 2.0, target->height() / 2.0);
    QDragEnterEvent enter(position.toPoint(), Qt::MoveAction, data.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QDropEvent drop(position, Qt::MoveAction, data.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
}

// The visible button of the message bar's action.
QPushButton* messageAction(widgets::MessageBar* bar)
{
    for (QPushButton* button : bar->findChildren<QPushButton*>()) {
        if (button->isVisible())
            return button;
    }
    return nullptr;
}

int rowOfRun(QTableWidget* table, qint64 runId)
{
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, 0)->data(Qt::UserRole).toLongLong() == runId)
            return row;
    }
    return -1;
}

// Clicks `button` of the next message box that opens.
void answerNextMessageBox(QMessageBox::StandardButton button, bool* questionShown)
{
    QTimer::singleShot(0, [button, questionShown] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (box == nullptr)
            return;
        *questionShown = true;
        box->button(button)->click();
    });
}

}  // namespace

class TestStudioProject : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void createShowsProjectViews();
    void dropExamplesOnClassCard();
    void dropFolderOnPool();
    void undoRedoImport();
    void renameAndUndo();
    void deleteClassAsksWhenLabelsExist();
    void labelWithNumberKeys();
    void labelManyInOneStep();
    void unlabeledFilterHidesLabeled();
    void removeImagesAndUndo();
    void exportLabelsAsCsv();
    void unreadableDropReportsProblem();
    void settingsAreStored();
    void importClassFoldersFromMenu();
    void importClassFoldersCancelled();
    void importLabelsCsvFromMenu();
    void importLabelsCsvRejectsMissingFile();
    void relinkMovedImages();
    void dragExampleToOtherClass();
    void runWithoutHeadCannotBeApplied();

private:
    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<ui::MainWindow> window_;
    QStringList cats_;
    QStringList dogs_;
    QStringList pool_;

    bool prepareProject();
    QAction* action(const QString& name) const;
    // Triggers a File menu action with `path` as the chosen path, and waits for its job.
    bool triggerWithPath(const QString& actionName, const QString& path);
};

void TestStudioProject::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("FewShotTest"));
    QApplication::setApplicationName(QStringLiteral("test_studio_project"));
}

void TestStudioProject::init()
{
    dir_ = std::make_unique<QTemporaryDir>();
    window_ = std::make_unique<ui::MainWindow>();
    window_->setQuitConfirmation([](int) { return true; });
    window_->show();
    window_->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window_.get()));
    cats_ = writeImages(dir_->filePath(QStringLiteral("cats")), QStringLiteral("cat"), 3, 20);
    dogs_ = writeImages(dir_->filePath(QStringLiteral("dogs")), QStringLiteral("dog"), 2, 200);
    pool_ = writeImages(dir_->filePath(QStringLiteral("pool")), QStringLiteral("pool"), 6, 100);
}

void TestStudioProject::cleanup()
{
    window_.reset();
    dir_.reset();
}

bool TestStudioProject::prepareProject()
{
    return createProject(*window_, dir_->path()) && addClasses(*window_, {QStringLiteral("cat"), QStringLiteral("dog")});
}

QAction* TestStudioProject::action(const QString& name) const
{
    return window_->findChild<QAction*>(name);
}

bool TestStudioProject::triggerWithPath(const QString& actionName, const QString& path)
{
    QAction* menuAction = action(actionName);
    if (menuAction == nullptr || !menuAction->isEnabled())
        return false;
    window_->setPathChooser([path](ui::MainWindow::PathRequest) { return path; });
    menuAction->trigger();
    const bool finished = waitUntil([&] { return window_->context().project->runningJobs() == 0; });
    settleProject(*window_);
    return finished;
}

void TestStudioProject::createShowsProjectViews()
{
    QVERIFY(createProject(*window_, dir_->path()));
    QVERIFY(window_->labelingPage()->isVisible());
    QVERIFY(window_->windowTitle().startsWith(QStringLiteral("test")));
    const ui::SnapshotPtr snapshot = snapshotOf(*window_);
    QVERIFY(snapshot->activeTemplateSet() != nullptr);
    QVERIFY(!snapshot->activeTemplateSet()->templates.isEmpty());
}

void TestStudioProject::dropExamplesOnClassCard()
{
    QVERIFY(prepareProject());
    const qint64 catId = snapshotOf(*window_)->classes.front().id;
    widgets::ClassCard* card = window_->classesPanel()->card(catId);
    QVERIFY(card != nullptr);
    dropFiles(card, cats_);
    QVERIFY(waitUntil([&] { return exampleCount(*window_, QStringLiteral("cat")) == 3; }));
    QCOMPARE(exampleCount(*window_, QStringLiteral("dog")), 0);
    QVERIFY(waitUntil([&] { return card->findChildren<QLabel*>().size() > 3; }));
    QCOMPARE(window_->context().project->undoStack()->count(), 3);  // two classes, one import
}

void TestStudioProject::dropFolderOnPool()
{
    QVERIFY(prepareProject());
    // A folder brings in the images under it.
    dropFiles(window_->labelingPage()->grid()->viewport(), {dir_->filePath(QStringLiteral("pool"))});
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->images.size() == 6; }));
    QVERIFY(snapshotOf(*window_)->labels.isEmpty());
    QCOMPARE(window_->labelingPage()->grid()->model()->rowCount(), 6);
    QVERIFY(waitUntil([&] { return window_->context().messages->text().contains(QStringLiteral("6")); }));
}

void TestStudioProject::undoRedoImport()
{
    QVERIFY(prepareProject());
    dropFiles(window_->labelingPage()->grid()->viewport(), pool_);
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->images.size() == 6; }));
    QUndoStack* stack = window_->context().project->undoStack();
    stack->undo();
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->images.empty(); }));
    stack->redo();
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->images.size() == 6; }));
}

void TestStudioProject::renameAndUndo()
{
    QVERIFY(prepareProject());
    const store::ClassInfo before = snapshotOf(*window_)->classes.front();
    store::ClassInfo after = before;
    after.name = QStringLiteral("kitten");
    after.color = QStringLiteral("#123456");
    QUndoStack* stack = window_->context().project->undoStack();
    stack->push(new ui::UpdateClassCommand(window_->context().project, before, after, QStringLiteral("rename")));
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->classes.front().name == QStringLiteral("kitten"); }));
    QCOMPARE(snapshotOf(*window_)->classes.front().color, QStringLiteral("#123456"));
    stack->undo();
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->classes.front().name == QStringLiteral("cat"); }));
    QCOMPARE(snapshotOf(*window_)->classes.front().color, before.color);
}

void TestStudioProject::deleteClassAsksWhenLabelsExist()
{
    QVERIFY(prepareProject());
    const qint64 catId = snapshotOf(*window_)->classes.front().id;
    dropFiles(window_->classesPanel()->card(catId), cats_);
    QVERIFY(waitUntil([&] { return exampleCount(*window_, QStringLiteral("cat")) == 3; }));

    bool questionShown = false;
    answerNextMessageBox(QMessageBox::Cancel, &questionShown);
    window_->classesPanel()->deleteClass(catId);
    QVERIFY(questionShown);
    settleProject(*window_);
    QCOMPARE(snapshotOf(*window_)->classes.size(), size_t(2));

    questionShown = false;
    answerNextMessageBox(QMessageBox::Yes, &questionShown);
    window_->classesPanel()->deleteClass(catId);
    QVERIFY(questionShown);
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->classes.size() == 1; }));
    QVERIFY(snapshotOf(*window_)->labels.isEmpty());

    window_->context().project->undoStack()->undo();
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->classes.size() == 2; }));
    QCOMPARE(exampleCount(*window_, QStringLiteral("cat")), 3);

    // A class without labels goes without a question.
    const qint64 dogId = snapshotOf(*window_)->classes.back().id;
    questionShown = false;
    answerNextMessageBox(QMessageBox::Yes, &questionShown);
    window_->classesPanel()->deleteClass(dogId);
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->classes.size() == 1; }));
    QTest::qWait(20);
    QVERIFY(!questionShown);
}

void TestStudioProject::labelWithNumberKeys()
{
    QVERIFY(prepareProject());
    dropFiles(window_->labelingPage()->grid()->viewport(), pool_);
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->images.size() == 6; }));
    widgets::ImageGridView* grid = window_->labelingPage()->grid();
    grid->setFocus();
    grid->selectionModel()->setCurrentIndex(grid->model()->index(0, 0), QItemSelectionModel::ClearAndSelect);
    const qint64 first = grid->model()->index(0, 0).data(ui::PoolRole::ImageId).toLongLong();
    const qint64 dogId = snapshotOf(*window_)->classes.back().id;

    QTest::keyClick(grid, Qt::Key_2);
    // The label shows at once, before the project thread has written it.
    QCOMPARE(snapshotOf(*window_)->labels.value(first).classId, dogId);
    QCOMPARE(grid->currentIndex().row(), 1);

    settleProject(*window_);
    QCOMPARE(snapshotOf(*window_)->labels.value(first).classId, dogId);
    QCOMPARE(snapshotOf(*window_)->labels.value(first).source, store::LabelSource::Manual);

    QTest::keyClick(window_.get(), Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(!snapshotOf(*window_)->labels.contains(first));
    QTest::keyClick(window_.get(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(snapshotOf(*window_)->labels.value(first).classId, dogId);
    settleProject(*window_);
    QCOMPARE(snapshotOf(*window_)->labels.value(first).classId, dogId);

    // A key beyond the classes does nothing.
    grid->selectionModel()->setCurrentIndex(grid->model()->index(3, 0), QItemSelectionModel::ClearAndSelect);
    QTest::keyClick(grid, Qt::Key_7);
    QCOMPARE(snapshotOf(*window_)->labels.size(), 1);
}

void TestStudioProject::labelManyInOneStep()
{
    QVERIFY(prepareProject());
    dropFiles(window_->labelingPage()->grid()->viewport(), pool_);
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->images.size() == 6; }));
    widgets::ImageGridView* grid = window_->labelingPage()->grid();
    grid->setFocus();
    for (int row : {1, 2, 4})
        grid->selectionModel()->select(grid->model()->index(row, 0), QItemSelectionModel::Select);
    const int before = window_->context().project->undoStack()->count();
    QTest::keyClick(grid, Qt::Key_1);
    QCOMPARE(snapshotOf(*window_)->labels.size(), 3);
    QCOMPARE(window_->context().project->undoStack()->count(), before + 1);
    window_->context().project->undoStack()->undo();
    QCOMPARE(snapshotOf(*window_)->labels.size(), 0);
    settleProject(*window_);
    QCOMPARE(snapshotOf(*window_)->labels.size(), 0);
}

void TestStudioProject::unlabeledFilterHidesLabeled()
{
    QVERIFY(prepareProject());
    dropFiles(window_->labelingPage()->grid()->viewport(), pool_);
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->images.size() == 6; }));
    ui::LabelingPage* page = window_->labelingPage();
    auto* show = page->findChild<QComboBox*>(QStringLiteral("showFilter"));
    QVERIFY(show != nullptr);
    show->setCurrentIndex(2);  // unlabeled only
    widgets::ImageGridView* grid = page->grid();
    QCOMPARE(grid->model()->rowCount(), 6);
    grid->setFocus();
    grid->selectionModel()->setCurrentIndex(grid->model()->index(0, 0), QItemSelectionModel::ClearAndSelect);
    const qint64 second = grid->model()->index(1, 0).data(ui::PoolRole::ImageId).toLongLong();
    QTest::keyClick(grid, Qt::Key_1);
    QCOMPARE(grid->model()->rowCount(), 5);
    // The next unlabeled image is current and ready for the next key.
    QCOMPARE(grid->currentIndex().data(ui::PoolRole::ImageId).toLongLong(), second);
}

void TestStudioProject::removeImagesAndUndo()
{
    QVERIFY(prepareProject());
    dropFiles(window_->labelingPage()->grid()->viewport(), pool_);
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->images.size() == 6; }));
    widgets::ImageGridView* grid = window_->labelingPage()->grid();
    for (int row : {0, 3})
        grid->selectionModel()->select(grid->model()->index(row, 0), QItemSelectionModel::Select);
    window_->labelingPage()->removeImages();
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->images.size() == 4; }));
    window_->context().project->undoStack()->undo();
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->images.size() == 6; }));
}

void TestStudioProject::exportLabelsAsCsv()
{
    QVERIFY(prepareProject());
    dropFiles(window_->classesPanel()->card(snapshotOf(*window_)->classes.front().id), cats_);
    QVERIFY(waitUntil([&] { return exampleCount(*window_, QStringLiteral("cat")) == 3; }));
    ui::ExportDialog dialog(window_->context(), window_.get());
    const QString output = dir_->filePath(QStringLiteral("labels.csv"));
    dialog.setLabelOutput(ui::LabelExportFormat::Csv, output);
    dialog.exportLabels();
    QVERIFY(waitUntil([&] { return dialog.statusLabel()->text().contains(output); }));
    QFile file(output);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QCOMPARE(text.count(QStringLiteral(",cat,example")), 3);
}

void TestStudioProject::unreadableDropReportsProblem()
{
    QVERIFY(prepareProject());
    const QString broken = dir_->filePath(QStringLiteral("broken.png"));
    QFile file(broken);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a png");
    file.close();
    widgets::MessageBar* messages = window_->context().messages;
    messages->dismiss();
    dropFiles(window_->labelingPage()->grid()->viewport(), {broken});
    QVERIFY(waitUntil([&] { return !messages->text().isEmpty(); }));
    QVERIFY2(window_->context().messages->text().contains(QStringLiteral("broken.png")),
             qPrintable(window_->context().messages->text()));
    QVERIFY(window_->context().messages->level() == widgets::MessageBar::Level::Error);
    QVERIFY(snapshotOf(*window_)->images.empty());
}

void TestStudioProject::settingsAreStored()
{
    ui::SettingsDialog dialog;
    auto* language = dialog.findChild<QComboBox*>(QStringLiteral("languageCombo"));
    QVERIFY(language != nullptr);
    language->setCurrentIndex(language->findData(QStringLiteral("zh_CN")));
    dialog.save();
    QCOMPARE(ui::AppSettings::language(), QStringLiteral("zh_CN"));
    language->setCurrentIndex(language->findData(QStringLiteral("en")));
    dialog.save();
    QCOMPARE(ui::AppSettings::language(), QStringLiteral("en"));
    QCOMPARE(ui::AppSettings::interfaceLanguage(), QStringLiteral("en"));
    language->setCurrentIndex(language->findData(QStringLiteral("system")));
    dialog.save();
    QCOMPARE(ui::AppSettings::language(), QStringLiteral("system"));
}

void TestStudioProject::importClassFoldersFromMenu()
{
    QVERIFY(createProject(*window_, dir_->path()));
    QVERIFY(addClasses(*window_, {QStringLiteral("cat")}));
    const qint64 catId = snapshotOf(*window_)->classes.front().id;
    const QString dataset = dir_->filePath(QStringLiteral("dataset"));
    writeImages(dataset + QStringLiteral("/cat"), QStringLiteral("c"), 3, 20);
    writeImages(dataset + QStringLiteral("/dog"), QStringLiteral("d"), 2, 200);
    writeImages(dataset, QStringLiteral("loose"), 1, 90);
    QUndoStack* stack = window_->context().project->undoStack();
    const int steps = stack->count();

    QVERIFY(triggerWithPath(QStringLiteral("importClassFoldersAction"), dataset));
    ui::SnapshotPtr snapshot = snapshotOf(*window_);
    QCOMPARE(snapshot->images.size(), size_t(5));
    QCOMPARE(snapshot->classes.size(), size_t(2));
    QCOMPARE(snapshot->classes.front().id, catId);
    QCOMPARE(exampleCount(*window_, QStringLiteral("cat")), 3);
    QCOMPARE(exampleCount(*window_, QStringLiteral("dog")), 2);
    const qint64 dogId = findClass(snapshot, QStringLiteral("dog"))->id;
    widgets::MessageBar* messages = window_->context().messages;
    QVERIFY2(messages->text().contains(QStringLiteral("dataset")), qPrintable(messages->text()));
    QVERIFY2(messages->text().contains(QStringLiteral("New classes: dog")), qPrintable(messages->text()));
    // The loose image outside the class folders is reported.
    QVERIFY2(messages->text().contains(QStringLiteral("no class sub-folder")), qPrintable(messages->text()));
    QVERIFY(messages->level() == widgets::MessageBar::Level::Warning);
    QCOMPARE(stack->count(), steps + 1);

    stack->undo();
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->images.empty(); }));
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->classes.size() == 1; }));
    QCOMPARE(snapshotOf(*window_)->classes.front().id, catId);

    stack->redo();
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->images.size() == 5; }));
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->classes.size() == 2; }));
    snapshot = snapshotOf(*window_);
    QCOMPARE(findClass(snapshot, QStringLiteral("dog"))->id, dogId);
    QCOMPARE(exampleCount(*window_, QStringLiteral("dog")), 2);
}

void TestStudioProject::importClassFoldersCancelled()
{
    QVERIFY(prepareProject());
    const QString dataset = dir_->filePath(QStringLiteral("dataset"));
    writeImages(dataset + QStringLiteral("/bird"), QStringLiteral("b"), 3, 50);
    QUndoStack* stack = window_->context().project->undoStack();
    const int steps = stack->count();

    // Holds the project thread, so that the cancel request comes before the import reads a file.
    auto gate = std::make_shared<QSemaphore>();
    window_->context().project->post([gate](ui::ProjectWorker&) { gate->acquire(); });
    window_->setPathChooser([dataset](ui::MainWindow::PathRequest) { return dataset; });
    action(QStringLiteral("importClassFoldersAction"))->trigger();
    window_->context().project->cancelImports();
    gate->release();
    QVERIFY(waitUntil([&] { return window_->context().project->runningJobs() == 0; }));
    settleProject(*window_);

    QVERIFY(snapshotOf(*window_)->images.empty());
    QCOMPARE(snapshotOf(*window_)->classes.size(), size_t(2));
    QVERIFY2(window_->context().messages->text().contains(QStringLiteral("cancelled")),
             qPrintable(window_->context().messages->text()));
    QCOMPARE(stack->count(), steps);
}

void TestStudioProject::importLabelsCsvFromMenu()
{
    QVERIFY(prepareProject());
    const QString csv = dir_->filePath(QStringLiteral("labels.csv"));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("path,label\n"
               "cats/cat-0.png,cat\n"
               "cats/cat-1.png,cat\n"
               "dogs/dog-0.png,dog\n"
               "pool/pool-0.png,bird\n"
               "pool/pool-1.png,\n");
    file.close();
    QUndoStack* stack = window_->context().project->undoStack();
    const int steps = stack->count();

    QVERIFY(triggerWithPath(QStringLiteral("importLabelsCsvAction"), csv));
    const ui::SnapshotPtr snapshot = snapshotOf(*window_);
    QCOMPARE(snapshot->images.size(), size_t(5));
    QCOMPARE(snapshot->labels.size(), 4);
    const store::ClassInfo* bird = findClass(snapshot, QStringLiteral("bird"));
    QVERIFY(bird != nullptr);
    QCOMPARE(snapshot->labeledCount(bird->id), 1);
    QCOMPARE(snapshot->labeledCount(findClass(snapshot, QStringLiteral("cat"))->id), 2);
    for (const store::Label& label : snapshot->labels)
        QCOMPARE(label.source, store::LabelSource::Imported);
    widgets::MessageBar* messages = window_->context().messages;
    QVERIFY2(messages->text().contains(QStringLiteral("labels.csv")), qPrintable(messages->text()));
    QVERIFY2(messages->text().contains(QStringLiteral("New classes: bird")), qPrintable(messages->text()));
    QVERIFY(messages->level() == widgets::MessageBar::Level::Positive);
    QCOMPARE(stack->count(), steps + 1);
    QVERIFY(stack->undoText().contains(QStringLiteral("labels.csv")));

    stack->undo();
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->images.empty(); }));
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->classes.size() == 2; }));
}

void TestStudioProject::importLabelsCsvRejectsMissingFile()
{
    QVERIFY(prepareProject());
    const QString csv = dir_->filePath(QStringLiteral("labels.csv"));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("cats/cat-0.png,cat\ncats/missing.png,cat\n");
    file.close();
    const int steps = window_->context().project->undoStack()->count();

    QVERIFY(triggerWithPath(QStringLiteral("importLabelsCsvAction"), csv));
    widgets::MessageBar* messages = window_->context().messages;
    QVERIFY2(messages->text().contains(QStringLiteral("missing.png")), qPrintable(messages->text()));
    QVERIFY(messages->level() == widgets::MessageBar::Level::Error);
    QVERIFY(snapshotOf(*window_)->images.empty());
    QCOMPARE(window_->context().project->undoStack()->count(), steps);
}

void TestStudioProject::relinkMovedImages()
{
    QVERIFY(prepareProject());
    dropFiles(window_->classesPanel()->card(snapshotOf(*window_)->classes.front().id), cats_);
    QVERIFY(waitUntil([&] { return exampleCount(*window_, QStringLiteral("cat")) == 3; }));
    QCOMPARE(snapshotOf(*window_)->missingImages, 0);

    window_->context().project->closeProject();
    QVERIFY(waitUntil([&] { return !window_->context().project->isOpen(); }));
    const QString moved = dir_->filePath(QStringLiteral("moved"));
    QVERIFY(QDir().mkpath(moved));
    QVERIFY(QDir().rename(dir_->filePath(QStringLiteral("cats")), moved + QStringLiteral("/cats")));
    window_->openProject(dir_->filePath(QStringLiteral("test.fewshot")));
    QVERIFY(waitUntil([&] { return window_->context().project->isOpen() && snapshotOf(*window_); }));
    settleProject(*window_);
    QCOMPARE(snapshotOf(*window_)->missingImages, 3);

    // Opening shows that images are missing and offers to relink them.
    widgets::MessageBar* messages = window_->context().messages;
    QVERIFY(waitUntil([&] { return messages->level() == widgets::MessageBar::Level::Warning; }));
    QVERIFY2(messages->text().contains(QStringLiteral("Could not find 3 image")), qPrintable(messages->text()));
    QPushButton* relink = messageAction(messages);
    QVERIFY(relink != nullptr);

    ui::ProjectController* project = window_->context().project;
    QSignalSpy finished(project, &ui::ProjectController::relinkFinished);
    window_->setPathChooser([moved](ui::MainWindow::PathRequest request) {
        return request == ui::MainWindow::PathRequest::RelinkFolder ? moved : QString();
    });
    relink->click();
    QVERIFY(finished.wait(10000));
    const auto summary = finished.first().first().value<ui::RelinkSummary>();
    QCOMPARE(summary.missingBefore, 3);
    QCOMPARE(summary.relinked, 3);
    settleProject(*window_);
    const ui::SnapshotPtr snapshot = snapshotOf(*window_);
    QCOMPARE(snapshot->missingImages, 0);
    for (const QString& path : snapshot->absolutePaths)
        QVERIFY2(path.startsWith(moved), qPrintable(path));
    QCOMPARE(exampleCount(*window_, QStringLiteral("cat")), 3);
    QVERIFY2(messages->text().contains(moved), qPrintable(messages->text()));
    QVERIFY(messages->level() == widgets::MessageBar::Level::Positive);

    // With nothing missing, relinking again finds nothing to do.
    QVERIFY(triggerWithPath(QStringLiteral("relinkMissingImagesAction"), moved));
    QVERIFY2(messages->text().contains(QStringLiteral("nothing to relink")), qPrintable(messages->text()));
}

void TestStudioProject::dragExampleToOtherClass()
{
    QVERIFY(prepareProject());
    const qint64 catId = snapshotOf(*window_)->classes.front().id;
    const qint64 dogId = snapshotOf(*window_)->classes.back().id;
    dropFiles(window_->classesPanel()->card(catId), cats_);
    QVERIFY(waitUntil([&] { return exampleCount(*window_, QStringLiteral("cat")) == 3; }));
    settleProject(*window_);
    const qint64 imageId = snapshotOf(*window_)->exampleImageIds(catId).front();
    const store::Label before = snapshotOf(*window_)->labels.value(imageId);

    dropExamples(window_->classesPanel()->card(dogId), catId, {imageId});
    QCOMPARE(snapshotOf(*window_)->labels.value(imageId).classId, dogId);
    settleProject(*window_);
    QCOMPARE(snapshotOf(*window_)->labels.value(imageId).classId, dogId);
    QCOMPARE(snapshotOf(*window_)->labels.value(imageId).source, store::LabelSource::Example);
    QCOMPARE(exampleCount(*window_, QStringLiteral("cat")), 2);
    QCOMPARE(exampleCount(*window_, QStringLiteral("dog")), 1);
    QVERIFY(window_->context().project->undoStack()->undoText().contains(QStringLiteral("dog")));

    // Dropping it back on the class it is in now changes nothing.
    const int steps = window_->context().project->undoStack()->count();
    dropExamples(window_->classesPanel()->card(dogId), dogId, {imageId});
    QCOMPARE(window_->context().project->undoStack()->count(), steps);

    QTest::keyClick(window_.get(), Qt::Key_Z, Qt::ControlModifier);
    settleProject(*window_);
    const store::Label restored = snapshotOf(*window_)->labels.value(imageId);
    QCOMPARE(restored.classId, catId);
    QCOMPARE(restored.source, store::LabelSource::Example);
    QCOMPARE(restored.time, before.time);
    QCOMPARE(exampleCount(*window_, QStringLiteral("cat")), 3);
}

void TestStudioProject::runWithoutHeadCannotBeApplied()
{
    QVERIFY(createProject(*window_, dir_->path()));
    const QString file = snapshotOf(*window_)->file;
    window_->context().project->closeProject();
    QVERIFY(waitUntil([&] { return !window_->context().project->isOpen(); }));
    qint64 withoutHead = 0;
    qint64 withHead = 0;
    {
        // Runs as an older FewShot Studio left them (no head), and with a head.
        const auto project = store::ProjectStore::open(file);
        withoutHead = project->startRun(QStringLiteral("linear-probe"), QStringLiteral("fingerprint"), {}, 1);
        project->finishRun(withoutHead, store::RunStatus::Finished, {});
        withHead = project->startRun(QStringLiteral("linear-probe"), QStringLiteral("fingerprint"), {}, 1);
        project->setRunHead(withHead, {QByteArray("weights"), {}});
        project->finishRun(withHead, store::RunStatus::Finished, {});
    }
    window_->openProject(file);
    QVERIFY(waitUntil([&] { return window_->context().project->isOpen() && snapshotOf(*window_); }));
    QTableWidget* table = window_->trainingPage()->history()->table();
    QVERIFY(waitUntil([&] { return table->rowCount() == 2; }));
    auto* apply = window_->trainingPage()->history()->findChild<QPushButton*>(QStringLiteral("applyRunButton"));
    auto* exportButton = window_->trainingPage()->history()->findChild<QPushButton*>(QStringLiteral("exportRunButton"));
    QVERIFY(apply != nullptr && exportButton != nullptr);

    table->clearSelection();
    table->selectRow(rowOfRun(table, withoutHead));
    QCOMPARE(window_->trainingPage()->history()->selectedRunIds().size(), size_t(1));
    QVERIFY(!apply->isEnabled());
    QVERIFY(!exportButton->isEnabled());
    QVERIFY(apply->toolTip().contains(QStringLiteral("no stored classifier")));
    // Cleared first: selectRow adds to the selection while an earlier test's Ctrl is held.
    table->clearSelection();
    table->selectRow(rowOfRun(table, withHead));
    QVERIFY(apply->isEnabled());
    QVERIFY(exportButton->isEnabled());

    // A head that cannot be decoded is reported, and no folder is written.
    const QString folder = dir_->filePath(QStringLiteral("head"));
    QSignalSpy exported(window_->context().training, &ui::TrainingController::exportFinished);
    window_->trainingPage()->history()->exportSelected(folder);
    QVERIFY(exported.wait(10000));
    QVERIFY(!exported.first().at(2).toBool());
    QVERIFY(window_->context().messages->level() == widgets::MessageBar::Level::Error);
    QVERIFY2(window_->context().messages->text().contains(QStringLiteral("run %1").arg(withHead)),
             qPrintable(window_->context().messages->text()));
    QVERIFY(!QFileInfo::exists(folder));
}

QTEST_MAIN(TestStudioProject)
#include "test_studio_project.moc"
