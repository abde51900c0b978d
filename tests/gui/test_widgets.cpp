// Qt Test of the reusable widgets: message bar, thumbnail loading, drops on
// the grid and on class cards, and the plots.

#include "widgets/bar_chart.h"
#include "widgets/class_card.h"
#include "widgets/image_grid_view.h"
#include "widgets/line_chart.h"
#include "widgets/message_bar.h"
#include "widgets/probability_bars.h"
#include "widgets/thumbnail_cache.h"
#include "widgets/training_plot.h"

#include <QApplication>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QImage>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace fewshot::widgets;

namespace {

QString writeImage(const QString& folder, const QString& name, int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    const QString path = folder + QLatin1Char('/') + name;
    image.save(path);
    return path;
}

void drop(QWidget* target, QMimeData* data)
{
    const QPoint position(target->width() / 2, target->height() / 2);
    QDragEnterEvent enter(position, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QDropEvent dropEvent(position, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &dropEvent);
}

}  // namespace

class TestWidgets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void messageBarErrorStays();
    void messageBarInformationHides();
    void messageBarAction();
    void thumbnailLoadsAsynchronously();
    void thumbnailOfUnreadableFile();
    void gridDropEmitsPaths();
    void gridIgnoresRemoteUrls();
    void classCardDropEmitsClass();
    void trainingPlotSeries();
    void trainingPlotSaves();
    void trainingPlotRejectsSuffix();
    void barChartCategories();
    void lineChartSeries();
    void probabilityBarsSorted();
};

void TestWidgets::messageBarErrorStays()
{
    MessageBar bar;
    bar.setAutoHideDelay(30);
    bar.showMessage(QStringLiteral("Could not read x.png"), MessageBar::Level::Error);
    QVERIFY(!bar.isHidden());
    QTest::qWait(100);
    QVERIFY(!bar.isHidden());
    QCOMPARE(bar.text(), QStringLiteral("Could not read x.png"));
    QSignalSpy dismissed(&bar, &MessageBar::dismissed);
    bar.dismiss();
    QVERIFY(bar.isHidden());
    QCOMPARE(dismissed.count(), 1);
}

void TestWidgets::messageBarInformationHides()
{
    MessageBar bar;
    bar.setAutoHideDelay(30);
    bar.showMessage(QStringLiteral("Saved."), MessageBar::Level::Positive);
    QVERIFY(!bar.isHidden());
    QTRY_VERIFY_WITH_TIMEOUT(bar.isHidden(), 2000);
}

void TestWidgets::messageBarAction()
{
    MessageBar bar;
    QSignalSpy triggered(&bar, &MessageBar::actionTriggered);
    bar.showMessage(QStringLiteral("Settings changed."), MessageBar::Level::Information, QStringLiteral("Reload"));
    auto* button = bar.findChild<QPushButton*>();
    QVERIFY(button != nullptr);
    QCOMPARE(button->text(), QStringLiteral("Reload"));
    button->click();
    QCOMPARE(triggered.count(), 1);
}

void TestWidgets::thumbnailLoadsAsynchronously()
{
    QTemporaryDir dir;
    const QString path = writeImage(dir.path(), QStringLiteral("wide.png"), 400, 200);
    ThumbnailCache cache;
    cache.setThumbnailSize(64);
    QSignalSpy ready(&cache, &ThumbnailCache::thumbnailReady);
    QVERIFY(cache.thumbnail(path).isNull());
    QVERIFY(ready.wait(5000));
    QCOMPARE(ready.first().first().toString(), path);
    const QPixmap pixmap = cache.thumbnail(path);
    QCOMPARE(pixmap.size(), QSize(64, 32));
    QCOMPARE(cache.pendingCount(), 0);
}

void TestWidgets::thumbnailOfUnreadableFile()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("broken.png")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not an image");
    file.close();
    ThumbnailCache cache;
    QSignalSpy ready(&cache, &ThumbnailCache::thumbnailReady);
    QVERIFY(cache.thumbnail(file.fileName()).isNull());
    QVERIFY(ready.wait(5000));
    QVERIFY(cache.hasFailed(file.fileName()));
    QVERIFY(cache.thumbnail(file.fileName()).isNull());
}

void TestWidgets::gridDropEmitsPaths()
{
    ThumbnailCache cache;
    ImageGridView grid(&cache);
    QStandardItemModel model;
    grid.setModel(&model);
    grid.resize(300, 200);
    QSignalSpy dropped(&grid, &ImageGridView::filesDropped);
    QMimeData data;
    data.setUrls({QUrl::fromLocalFile(QStringLiteral("/tmp/a.png")), QUrl::fromLocalFile(QStringLiteral("/tmp/folder"))});
    drop(grid.viewport(), &data);
    QCOMPARE(dropped.count(), 1);
    const QStringList paths = dropped.first().first().toStringList();
    QCOMPARE(paths, (QStringList{QStringLiteral("/tmp/a.png"), QStringLiteral("/tmp/folder")}));
}

void TestWidgets::gridIgnoresRemoteUrls()
{
    ThumbnailCache cache;
    ImageGridView grid(&cache);
    QStandardItemModel model;
    grid.setModel(&model);
    grid.resize(300, 200);
    QSignalSpy dropped(&grid, &ImageGridView::filesDropped);
    QMimeData data;
    data.setUrls({QUrl(QStringLiteral("https://example.org/a.png"))});
    drop(grid.viewport(), &data);
    QCOMPARE(dropped.count(), 0);
}

void TestWidgets::classCardDropEmitsClass()
{
    ThumbnailCache cache;
    ClassCard card(42, &cache);
    card.setTitle(QStringLiteral("defect"), QColor(Qt::red));
    card.resize(240, 100);
    QSignalSpy dropped(&card, &ClassCard::filesDropped);
    QMimeData data;
    data.setUrls({QUrl::fromLocalFile(QStringLiteral("/tmp/b.png"))});
    drop(&card, &data);
    QCOMPARE(dropped.count(), 1);
    QCOMPARE(dropped.first().at(0).toLongLong(), 42);
    QCOMPARE(dropped.first().at(1).toStringList(), QStringList{QStringLiteral("/tmp/b.png")});
}

void TestWidgets::trainingPlotSeries()
{
    TrainingPlot plot;
    plot.addSeries(1, QStringLiteral("#1 Linear probe"), Qt::blue);
    plot.addSeries(2, QStringLiteral("#2 Tip-Adapter-F"), Qt::red);
    for (int epoch = 1; epoch <= 5; ++epoch)
        plot.addPoint(2, TrainingPlot::Metric::TrainingLoss, epoch, 1.0 / epoch);
    plot.addPoint(1, TrainingPlot::Metric::ValidationAccuracy, 1, 0.8);
    plot.addPoint(1, TrainingPlot::Metric::ValidationLoss, 1, std::nan(""));
    QCOMPARE(plot.pointCount(2, TrainingPlot::Metric::TrainingLoss), 5);
    QCOMPARE(plot.pointCount(1, TrainingPlot::Metric::ValidationAccuracy), 1);
    QCOMPARE(plot.pointCount(1, TrainingPlot::Metric::ValidationLoss), 0);
    plot.removeSeries(2);
    QVERIFY(!plot.hasSeries(2));
    QCOMPARE(plot.pointCount(2, TrainingPlot::Metric::TrainingLoss), 0);
}

void TestWidgets::trainingPlotSaves()
{
    QTemporaryDir dir;
    TrainingPlot plot;
    plot.resize(500, 400);
    plot.addSeries(1, QStringLiteral("job"), Qt::blue);
    plot.addPoint(1, TrainingPlot::Metric::TrainingLoss, 1, 0.5);
    QString error;
    QVERIFY2(plot.save(dir.filePath(QStringLiteral("curves.png")), &error), qPrintable(error));
    QVERIFY2(plot.save(dir.filePath(QStringLiteral("curves.pdf")), &error), qPrintable(error));
    QVERIFY(QFileInfo(dir.filePath(QStringLiteral("curves.png"))).size() > 0);
    QVERIFY(QFileInfo(dir.filePath(QStringLiteral("curves.pdf"))).size() > 0);
}

void TestWidgets::trainingPlotRejectsSuffix()
{
    QTemporaryDir dir;
    TrainingPlot plot;
    QString error;
    QVERIFY(!plot.save(dir.filePath(QStringLiteral("curves.gif")), &error));
    QVERIFY(error.contains(QStringLiteral(".png")));
}

void TestWidgets::barChartCategories()
{
    BarChart chart;
    chart.setData({QStringLiteral("a photo of a {}."), QStringLiteral("a sketch of {}.")},
                  {{QStringLiteral("Accuracy"), Qt::blue, {0.5, 0.75}}}, 1);
    QCOMPARE(chart.categoryCount(), 2);
    chart.clear();
    QCOMPARE(chart.categoryCount(), 0);
}

void TestWidgets::lineChartSeries()
{
    LineChart chart;
    chart.addSeries(QStringLiteral("Linear probe"), Qt::blue, {1, 2, 4}, {0.5, 0.6, 0.7}, {0.01, 0.02, 0.01});
    chart.addSeries(QStringLiteral("Zero-shot"), Qt::red, {1, 2, 4}, {0.4, 0.4, 0.4});
    QCOMPARE(chart.seriesCount(), 2);
    chart.clear();
    QCOMPARE(chart.seriesCount(), 0);
}

void TestWidgets::probabilityBarsSorted()
{
    ProbabilityBars bars;
    bars.setEntries({{QStringLiteral("cat"), Qt::red, 0.2}, {QStringLiteral("dog"), Qt::blue, 0.7},
                     {QStringLiteral("bird"), Qt::green, 0.1}});
    QCOMPARE(bars.entries().front().name, QStringLiteral("dog"));
    QCOMPARE(bars.entries().back().name, QStringLiteral("bird"));
}

QTEST_MAIN(TestWidgets)
#include "test_widgets.moc"
