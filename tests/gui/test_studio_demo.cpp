// A first start of the application with empty settings: the demo model
// loads, a per-user copy of the shipped demo project opens, a notice states
// that the model is a demo, and the shipped demo project stays unchanged.

#include "gui_test_support.h"

#include "ui/app_settings.h"
#include "ui/demo_project.h"
#include "ui/model_controller.h"
#include "ui/prediction_controller.h"
#include "ui/project_controller.h"
#include "ui/studio_start.h"
#include "ui/welcome_page.h"

#include "store/project_store.h"
#include "widgets/message_bar.h"

#include <QApplication>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QLineEdit>
#include <QMap>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace fewshot;
using namespace fewshot::test;

namespace {

// Every file and folder under `folder` (hidden ones too) with its content
// hash, size, time of last change and permissions.
QMap<QString, QString> describeTree(const QString& folder)
{
    QMap<QString, QString> entries;
    QDirIterator it(folder, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info = it.fileInfo();
        QString description = QStringLiteral("%1 %2 %3")
                                  .arg(info.size())
                                  .arg(info.lastModified().toMSecsSinceEpoch())
                                  .arg(info.permissions().toInt());
        if (info.isFile()) {
            QFile file(path);
            if (file.open(QIODevice::ReadOnly))
                description += QLatin1Char(' ') + QString::fromLatin1(
                                   QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
        }
        entries.insert(QDir(folder).relativeFilePath(path), description);
    }
    return entries;
}

// The first entry that was added, removed or changed between two trees, or
// an empty string when they are equal.
QString treeDifference(const QMap<QString, QString>& before, const QMap<QString, QString>& after)
{
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        if (!after.contains(it.key()))
            return QStringLiteral("removed: %1").arg(it.key());
        if (after.value(it.key()) != it.value())
            return QStringLiteral("changed: %1 (%2, was %3)").arg(it.key(), after.value(it.key()), it.value());
    }
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        if (!before.contains(it.key()))
            return QStringLiteral("added: %1").arg(it.key());
    }
    return QString();
}

QString canonical(const QString& path)
{
    return QFileInfo(path).canonicalFilePath();
}

}  // namespace

class TestStudioDemo : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void firstStartOpensDemoCopy();
    void noticeButtonShowsModelChooser();
    void otherModelHidesNotice();
    void existingCopyIsKept();
    void recentModelSkipsDemo();
    void copyFolderWithoutProjectFails();
    void copyOfReadOnlyFilesIsWritable();

private:
    // Starts a window as the program does without command-line arguments.
    void startWithoutArguments();
    bool waitForDemo();

    ui::DemoResources demo_;
    QMap<QString, QString> shippedBefore_;
    std::unique_ptr<ui::MainWindow> window_;
};

void TestStudioDemo::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("FewShotTest"));
    QApplication::setApplicationName(QStringLiteral("test_studio_demo"));
    demo_ = ui::findDemoResources();
    QVERIFY2(!demo_.modelFolder.isEmpty(), qPrintable(demo_.searched.join(QStringLiteral(", "))));
    QVERIFY2(!demo_.projectFolder.isEmpty(), qPrintable(demo_.searched.join(QStringLiteral(", "))));
    shippedBefore_ = describeTree(demo_.projectFolder);
    QVERIFY(shippedBefore_.contains(ui::kDemoProjectFileName));
}

void TestStudioDemo::init()
{
    QSettings().clear();
    QVERIFY(!ui::demoProjectCopyFolder().isEmpty());
    QDir(ui::demoProjectCopyFolder()).removeRecursively();
}

void TestStudioDemo::cleanup()
{
    window_.reset();
    QDir(ui::demoProjectCopyFolder()).removeRecursively();
    QSettings().clear();
}

void TestStudioDemo::cleanupTestCase()
{
    const QString difference = treeDifference(shippedBefore_, describeTree(demo_.projectFolder));
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void TestStudioDemo::startWithoutArguments()
{
    window_ = std::make_unique<ui::MainWindow>();
    window_->setQuitConfirmation([](int) { return true; });
    window_->show();
    ui::startSession(*window_, QString(), QString());
}

bool TestStudioDemo::waitForDemo()
{
    return waitUntil(
        [&] {
            return window_->context().model->isLoaded() && window_->context().project->isOpen()
                   && snapshotOf(*window_);
        },
        60000);
}

void TestStudioDemo::firstStartOpensDemoCopy()
{
    startWithoutArguments();
    QVERIFY2(waitForDemo(), qPrintable(window_->context().messages->text()));

    const QString copyFile = QDir(ui::demoProjectCopyFolder()).filePath(ui::kDemoProjectFileName);
    const ui::SnapshotPtr snapshot = snapshotOf(*window_);
    QCOMPARE(canonical(snapshot->file), canonical(copyFile));
    QVERIFY(!snapshot->readOnly);
    QCOMPARE(canonical(window_->context().model->info().folder), canonical(demo_.modelFolder));

    // The copy has what the shipped project has: classes with examples, a
    // pool, and an active template set; every image file is found.
    QVERIFY(snapshot->classes.size() >= 2);
    for (const store::ClassInfo& info : snapshot->classes)
        QVERIFY2(snapshot->exampleCount(info.id) > 0, qPrintable(info.name));
    QVERIFY(snapshot->images.size() > snapshot->labels.size());
    QVERIFY(snapshot->activeTemplateSet() != nullptr);
    for (const store::ImageInfo& image : snapshot->images)
        QVERIFY2(QFileInfo::exists(snapshot->imagePath(image.id)), qPrintable(snapshot->imagePath(image.id)));

    widgets::MessageBar* notice = window_->demoModelNotice();
    QVERIFY(notice->isVisible());
    QCOMPARE(notice->level(), widgets::MessageBar::Level::Warning);
    QVERIFY2(notice->text().contains(QStringLiteral("demo model")), qPrintable(notice->text()));
    QVERIFY2(notice->text().contains(QStringLiteral("Get a CLIP checkpoint")), qPrintable(notice->text()));

    // The model does real work on the demo images.
    const ui::PredictionController* predictions = window_->context().predictions;
    QVERIFY(waitUntil(
        [&] {
            return predictions->predictions().size() == static_cast<qsizetype>(snapshot->images.size())
                   && !predictions->isStale() && !predictions->isComputing();
        },
        60000));

    // The copy records the demo model for the command line.
    const auto copy = store::ProjectStore::open(copyFile, store::OpenMode::ReadOnly);
    QCOMPARE(canonical(copy->modelFolder()), canonical(demo_.modelFolder));

    window_.reset();
    const QString difference = treeDifference(shippedBefore_, describeTree(demo_.projectFolder));
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void TestStudioDemo::noticeButtonShowsModelChooser()
{
    startWithoutArguments();
    QVERIFY(waitForDemo());
    QVERIFY(!window_->welcomePage()->isVisible());

    auto* button = window_->demoModelNotice()->findChild<QPushButton*>();
    QVERIFY(button && button->isVisible());
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(window_->welcomePage()->isVisible());
    auto* modelPath = window_->welcomePage()->findChild<QComboBox*>(QStringLiteral("modelPath"));
    QWidget* focused = window_->focusWidget();
    QVERIFY(focused == modelPath || focused == static_cast<QWidget*>(modelPath->lineEdit()));
    // The notice stays while the demo model is loaded.
    QVERIFY(window_->demoModelNotice()->isVisible());
}

void TestStudioDemo::otherModelHidesNotice()
{
    if (fixtureModelFolder().isEmpty())
        QSKIP("the tiny CLIP fixture is not in FEWSHOT_FIXTURES (tiny-clip-hf/model); set -DFEWSHOT_FIXTURES=DIR");
    startWithoutArguments();
    QVERIFY(waitForDemo());
    QVERIFY(window_->demoModelNotice()->isVisible());
    window_->welcomePage()->loadModel(fixtureModelFolder());
    QVERIFY(waitUntil([&] {
        return canonical(window_->context().model->info().folder) == canonical(fixtureModelFolder());
    }, 60000));
    QVERIFY(!window_->demoModelNotice()->isVisible());
}

void TestStudioDemo::existingCopyIsKept()
{
    startWithoutArguments();
    QVERIFY(waitForDemo());
    QVERIFY(window_->context().project->isOpen());
    const size_t shippedClasses = snapshotOf(*window_)->classes.size();
    QVERIFY(addClasses(*window_, {QStringLiteral("added by the user")}));
    QVERIFY(waitUntil([&] { return snapshotOf(*window_)->classes.size() == shippedClasses + 1; }));
    window_.reset();

    // A start without a model in the settings opens the same copy, with the change.
    QSettings().clear();
    startWithoutArguments();
    QVERIFY(waitForDemo());
    QCOMPARE(snapshotOf(*window_)->classes.size(), shippedClasses + 1);
    window_.reset();
    const QString difference = treeDifference(shippedBefore_, describeTree(demo_.projectFolder));
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void TestStudioDemo::recentModelSkipsDemo()
{
    QTemporaryDir dir;
    ui::AppSettings::addRecentModel(dir.path());
    startWithoutArguments();
    // The recent folder contains no checkpoint, so loading it fails; the demo is not used instead.
    QVERIFY(waitUntil([&] { return !window_->context().model->isLoading(); }));
    QTest::qWait(200);
    QVERIFY(!window_->context().project->isOpen());
    QVERIFY(!window_->context().model->isLoaded());
    QVERIFY(!window_->demoModelNotice()->isVisible());
    QVERIFY(!QFileInfo::exists(ui::demoProjectCopyFolder()));
}

void TestStudioDemo::copyFolderWithoutProjectFails()
{
    QTemporaryDir dir;
    const QString copyFolder = dir.filePath(QStringLiteral("demo-project"));
    QVERIFY(QDir().mkpath(copyFolder));
    const ui::DemoProjectCopy copy = ui::copyDemoProject(demo_.projectFolder, copyFolder);
    QVERIFY(copy.projectFile.isEmpty());
    QVERIFY2(copy.error.contains(copyFolder), qPrintable(copy.error));

    const ui::DemoProjectCopy missing =
        ui::copyDemoProject(dir.filePath(QStringLiteral("absent")), dir.filePath(QStringLiteral("other")));
    QVERIFY(missing.projectFile.isEmpty());
    QVERIFY2(missing.error.contains(QStringLiteral("absent")), qPrintable(missing.error));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("other"))));
}

void TestStudioDemo::copyOfReadOnlyFilesIsWritable()
{
    // A shipped folder as a package installs it, with read-only files.
    QTemporaryDir dir;
    const QString shipped = dir.filePath(QStringLiteral("share/demo-project"));
    QVERIFY(QDir().mkpath(shipped + QStringLiteral("/pool")));
    QVERIFY(QFile::copy(QDir(demo_.projectFolder).filePath(ui::kDemoProjectFileName),
                        QDir(shipped).filePath(ui::kDemoProjectFileName)));
    QVERIFY(QFile::copy(QDir(demo_.projectFolder).filePath(ui::kDemoProjectFileName),
                        shipped + QStringLiteral("/pool/file.bin")));
    const QFileDevice::Permissions readOnly = QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther;
    QVERIFY(QFile::setPermissions(QDir(shipped).filePath(ui::kDemoProjectFileName), readOnly));
    QVERIFY(QFile::setPermissions(shipped + QStringLiteral("/pool/file.bin"), readOnly));

    const QString copyFolder = dir.filePath(QStringLiteral("data/demo-project"));
    const ui::DemoProjectCopy copy = ui::copyDemoProject(shipped, copyFolder);
    QVERIFY2(!copy.projectFile.isEmpty(), qPrintable(copy.error));
    // Permission bits, because a test run as root may write to any file.
    QVERIFY(QFileInfo(copy.projectFile).permissions().testFlag(QFileDevice::WriteOwner));
    QVERIFY(QFileInfo(copyFolder + QStringLiteral("/pool/file.bin")).permissions().testFlag(QFileDevice::WriteOwner));
    // Nothing but the finished copy is left in the parent folder.
    QCOMPARE(QDir(dir.filePath(QStringLiteral("data"))).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
             QStringList{QStringLiteral("demo-project")});
    const auto project = store::ProjectStore::open(copy.projectFile);
    project->setModelFolder(QStringLiteral("/models/x"));
    QCOMPARE(project->modelFolder(), QStringLiteral("/models/x"));
}

QTEST_MAIN(TestStudioDemo)
#include "test_studio_demo.moc"
