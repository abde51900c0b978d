// Flows of the main window that need no model: creating a project, adding
// classes and images by drag and drop, undo and redo, labeling with the
// keyboard, filters and label export.

#include "gui_test_support.h"

#include "ui/app_settings.h"
#include "ui/classes_panel.h"
#include "ui/export_dialog.h"
#include "ui/labeling_page.h"
#include "ui/pool_model.h"
#include "ui/project_controller.h"
#include "ui/settings_dialog.h"
#include "ui/undo_commands.h"

#include "widgets/class_card.h"
#include "widgets/image_grid_view.h"
#include "widgets/message_bar.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QStandardPaths>
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

private:
    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<ui::MainWindow> window_;
    QStringList cats_;
    QStringList dogs_;
    QStringList pool_;

    bool prepareProject();
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

QTEST_MAIN(TestStudioProject)
#include "test_studio_project.moc"
