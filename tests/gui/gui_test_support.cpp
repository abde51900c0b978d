#include "gui_test_support.h"

#include "ui/classes_panel.h"
#include "ui/model_controller.h"
#include "ui/project_controller.h"
#include "ui/welcome_page.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QImage>
#include <QMimeData>
#include <QPainter>
#include <QTest>
#include <QUrl>

namespace fewshot::test {

QString fixtureModelFolder()
{
    const QString folder = QStringLiteral(FEWSHOT_FIXTURES_DIR) + QStringLiteral("/tiny-clip-hf/model");
    return QFileInfo::exists(folder + QStringLiteral("/config.json")) ? folder : QString();
}

QStringList writeImages(const QString& folder, const QString& prefix, int count, int hue, int width, int height)
{
    QDir().mkpath(folder);
    QStringList paths;
    for (int i = 0; i < count; ++i) {
        QImage image(width, height, QImage::Format_RGB32);
        image.fill(QColor::fromHsv(hue, 200, 120 + (i * 37) % 120));
        QPainter painter(&image);
        painter.setBrush(QColor::fromHsv((hue + 180) % 360, 150, 200));
        painter.drawEllipse(QRect(i % 10, i % 7, width / 2, height / 2));
        painter.end();
        const QString path = QDir(folder).filePath(QStringLiteral("%1-%2.png").arg(prefix).arg(i));
        image.save(path);
        paths.append(path);
    }
    return paths;
}

void dropFiles(QWidget* target, const QStringList& paths)
{
    QMimeData data;
    QList<QUrl> urls;
    for (const QString& path : paths)
        urls.append(QUrl::fromLocalFile(path));
    data.setUrls(urls);
    const QPointF position(target->width() / 2.0, target->height() / 2.0);
    QDragEnterEvent enter(position.toPoint(), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QDropEvent drop(position, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
}

bool waitUntil(const std::function<bool()>& condition, int milliseconds)
{
    QDeadlineTimer deadline(milliseconds);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QTest::qWait(10);
    }
    return true;
}

bool createProject(ui::MainWindow& window, const QString& folder)
{
    window.createProject(QDir(folder).filePath(QStringLiteral("test.fewshot")));
    return waitUntil([&] { return window.context().project->isOpen() && window.context().project->snapshot(); });
}

bool addClasses(ui::MainWindow& window, const QStringList& names)
{
    for (const QString& name : names) {
        if (!window.classesPanel()->addClassNamed(name))
            return false;
    }
    return waitUntil([&] {
        const ui::SnapshotPtr snapshot = window.context().project->snapshot();
        return snapshot && snapshot->classes.size() >= static_cast<size_t>(names.size());
    });
}

bool loadFixtureModel(ui::MainWindow& window)
{
    window.welcomePage()->loadModel(fixtureModelFolder());
    return waitUntil([&] { return window.context().model->isLoaded(); }, 60000);
}

void settleProject(ui::MainWindow& window)
{
    window.context().project->waitForIdle();
    // The snapshot is queued behind the last request; a second round trip
    // guarantees it has been posted, and processing events delivers it.
    window.context().project->waitForIdle();
    QTest::qWait(20);
}

ui::SnapshotPtr snapshotOf(const ui::MainWindow& window)
{
    return window.context().project->snapshot();
}

}  // namespace fewshot::test
