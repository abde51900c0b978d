// Qt Test of the reusable widgets: message bar, thumbnail loading, drops on
// the grid and on class cards, and the plots.

#include "widgets/bar_chart.h"
#include "widgets/class_card.h"
#include "widgets/file_drop.h"
#include "widgets/image_grid_view.h"
#include "widgets/line_chart.h"
#include "widgets/message_bar.h"
#include "widgets/probability_bars.h"
#include "widgets/thumbnail_cache.h"
#include "widgets/training_plot.h"

#include <QApplication>
#include <QDrag>
#include <QDragEnterEvent>
#include <QJsonDocument>
#include <QJsonObject>
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
    void messageBarActionCallback();
    void thumbnailLoadsAsynchronously();
    void thumbnailOfUnreadableFile();
    void gridDropEmitsPaths();
    void gridIgnoresRemoteUrls();
    void classCardDropEmitsClass();
    void classCardShowsClassColour();
    void classCardAcceptsOtherClassExamples();
    void classCardIgnoresOwnExamples();
    void exampleDragOfOtherProcessIgnored();
    void classCardThumbnailStartsDrag();
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

void TestWidgets::messageBarActionCallback()
{
    MessageBar bar;
    int first = 0;
    int second = 0;
    bar.showMessage(QStringLiteral("Importing"), MessageBar::Level::Information, QStringLiteral("Cancel"),
                    [&first] { ++first; });
    auto* button = bar.findChild<QPushButton*>();
    QVERIFY(button != nullptr);
    button->click();
    QCOMPARE(first, 1);

    // A later message with its own action replaces the earlier call.
    bar.showMessage(QStringLiteral("Images are missing"), MessageBar::Level::Warning, QStringLiteral("Relink"),
                    [&second] { ++second; });
    button->click();
    QCOMPARE(first, 1);
    QCOMPARE(second, 1);

    // So does a message without a call.
    bar.showMessage(QStringLiteral("Reload?"), MessageBar::Level::Information, QStringLiteral("Reload"));
    button->click();
    QCOMPARE(first, 1);
    QCOMPARE(second, 1);
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

void TestWidgets::classCardShowsClassColour()
{
    ClassCard card(42, nullptr);
    // The classes panel names its cards after their class; the style must still apply.
    card.setObjectName(QStringLiteral("classCard42"));
    card.setTitle(QStringLiteral("defect"), QColor(200, 0, 0));
    card.resize(240, 100);
    card.show();
    QVERIFY(QTest::qWaitForWindowExposed(&card));
    const QImage picture = card.grab().toImage();
    // The left edge is the class colour; the top edge is the plain border.
    QCOMPARE(QColor(picture.pixel(2, 50)), QColor(200, 0, 0));
    QVERIFY(QColor(picture.pixel(120, 0)) != QColor(200, 0, 0));

    // While examples of another class hover over it, the border is drawn in the class colour.
    std::unique_ptr<QMimeData> data(exampleDragMimeData({7, {11}}));
    QDragEnterEvent enter(QPoint(120, 50), Qt::MoveAction, data.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&card, &enter);
    const QImage hovered = card.grab().toImage();
    bool colouredTop = false;
    for (int x = 10; x < 230; ++x)
        colouredTop = colouredTop || QColor(hovered.pixel(x, 0)) == QColor(200, 0, 0);
    QVERIFY(colouredTop);
}

void TestWidgets::classCardAcceptsOtherClassExamples()
{
    ClassCard card(42, nullptr);
    card.resize(240, 100);
    QSignalSpy dropped(&card, &ClassCard::examplesDropped);
    std::unique_ptr<QMimeData> data(exampleDragMimeData({7, {11, 12}}));
    const QPoint position(120, 50);
    QDragEnterEvent enter(position, Qt::MoveAction, data.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&card, &enter);
    QVERIFY(enter.isAccepted());
    QCOMPARE(enter.dropAction(), Qt::MoveAction);
    QDropEvent dropEvent(position, Qt::MoveAction, data.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&card, &dropEvent);
    QCOMPARE(dropped.count(), 1);
    QCOMPARE(dropped.first().at(0).toLongLong(), 42);
    QCOMPARE(dropped.first().at(1).value<QList<qint64>>(), (QList<qint64>{11, 12}));
}

void TestWidgets::classCardIgnoresOwnExamples()
{
    ClassCard card(42, nullptr);
    card.resize(240, 100);
    QSignalSpy examples(&card, &ClassCard::examplesDropped);
    QSignalSpy files(&card, &ClassCard::filesDropped);
    std::unique_ptr<QMimeData> data(exampleDragMimeData({42, {11}}));
    const QPoint position(120, 50);
    QDragEnterEvent enter(position, Qt::MoveAction, data.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&card, &enter);
    QVERIFY(!enter.isAccepted());
    drop(&card, data.get());
    QCOMPARE(examples.count(), 0);
    QCOMPARE(files.count(), 0);
}

void TestWidgets::exampleDragOfOtherProcessIgnored()
{
    std::unique_ptr<QMimeData> ours(exampleDragMimeData({3, {5}}));
    const std::optional<ExampleDrag> read = exampleDragFrom(ours.get());
    QVERIFY(read.has_value());
    QCOMPARE(read->sourceClassId, qint64(3));
    QCOMPARE(read->imageIds, QList<qint64>{5});

    // The same payload from another process names images of another project.
    const QString format = ours->formats().first();
    QJsonObject payload = QJsonDocument::fromJson(ours->data(format)).object();
    payload.insert(QStringLiteral("process"), QCoreApplication::applicationPid() + 1);
    QMimeData foreign;
    foreign.setData(format, QJsonDocument(payload).toJson());
    QVERIFY(!exampleDragFrom(&foreign).has_value());

    ClassCard card(9, nullptr);
    card.resize(240, 100);
    QSignalSpy dropped(&card, &ClassCard::examplesDropped);
    drop(&card, &foreign);
    QCOMPARE(dropped.count(), 0);
}

void TestWidgets::classCardThumbnailStartsDrag()
{
    QTemporaryDir dir;
    const QString first = writeImage(dir.path(), QStringLiteral("a.png"), 40, 40);
    const QString second = writeImage(dir.path(), QStringLiteral("b.png"), 40, 40);
    ClassCard card(42, nullptr);
    card.setThumbnails({first, second}, {101, 102});
    card.resize(260, 110);
    card.show();
    QVERIFY(QTest::qWaitForWindowExposed(&card));
    QWidget* thumbnail = card.thumbnailWidget(1);
    QVERIFY(thumbnail != nullptr && thumbnail->isVisible());

    // Press on the second thumbnail and move further than the drag distance.
    // The offscreen platform ends the drag at once, and Qt deletes the QDrag
    // only when events are processed, so it can be inspected here.
    const QPointF start = thumbnail->mapTo(&card, QPointF(thumbnail->width() / 2.0, thumbnail->height() / 2.0));
    const QPointF end = start + QPointF(QApplication::startDragDistance() + 5, 0);
    QMouseEvent press(QEvent::MouseButtonPress, start, card.mapToGlobal(start), Qt::LeftButton, Qt::LeftButton,
                      Qt::NoModifier);
    QApplication::sendEvent(&card, &press);
    QMouseEvent move(QEvent::MouseMove, end, card.mapToGlobal(end), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&card, &move);
    auto* drag = card.findChild<QDrag*>();
    QVERIFY(drag != nullptr);
    const std::optional<ExampleDrag> carried = exampleDragFrom(drag->mimeData());
    QVERIFY(carried.has_value());
    QCOMPARE(carried->sourceClassId, qint64(42));
    QCOMPARE(carried->imageIds, QList<qint64>{102});

    delete drag;

    // A press on a thumbnail that another one replaced before the move drags nothing.
    QApplication::sendEvent(&card, &press);
    card.setThumbnails({second, first}, {102, 101});
    QApplication::sendEvent(&card, &move);
    QVERIFY(card.findChild<QDrag*>() == nullptr);

    // Without image ids the thumbnails cannot be dragged.
    card.setThumbnails({first, second});
    QApplication::sendEvent(&card, &press);
    QApplication::sendEvent(&card, &move);
    QVERIFY(card.findChild<QDrag*>() == nullptr);
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
