// Qt Test of ui pieces that need no window: training curves from progress
// reports and stored runs, the pool filter, and the snapshot's template rules.

#include "ui/pool_model.h"
#include "ui/project_snapshot.h"
#include "ui/training_curves.h"

#include "widgets/thumbnail_delegate.h"

#include <QStandardItemModel>
#include <limits>
#include <QTest>

using namespace fewshot;
using namespace fewshot::ui;
using Metric = widgets::TrainingPlot::Metric;

namespace {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

TrainingPoint report(const char* stage, int step, double trainingLoss, double validationLoss = kNone,
                     double validationAccuracy = kNone)
{
    TrainingPoint point;
    point.stage = QString::fromLatin1(stage);
    point.step = step;
    point.trainingLoss = trainingLoss;
    point.validationLoss = validationLoss;
    point.validationAccuracy = validationAccuracy;
    return point;
}

int countOf(const std::vector<CurvePoint>& points, Metric metric)
{
    return static_cast<int>(std::count_if(points.begin(), points.end(),
                                          [metric](const CurvePoint& point) { return point.metric == metric; }));
}

QStandardItem* poolItem(int labelSource, qint64 predictedClass, QVariant confidence, double margin)
{
    auto* item = new QStandardItem;
    item->setData(labelSource, PoolRole::LabelSource);
    item->setData(predictedClass, PoolRole::PredictedClass);
    item->setData(confidence, widgets::GridRole::Confidence);
    item->setData(margin, PoolRole::Margin);
    return item;
}

}  // namespace

class TestUiUnits : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void liveCurvesRestartOnNewFold();
    void liveCurvesValidationByCandidate();
    void liveCurvesFinishAfterZeroEpochs();
    void storedCurvesKeepFinalFit();
    void poolFilterByConfidence();
    void poolFilterUnlabeledAndClass();
    void poolOrderByMargin();
    void snapshotTemplatesWithOverride();
};

void TestUiUnits::liveCurvesRestartOnNewFold()
{
    LiveCurves curves;
    bool restart = false;
    curves.add(report("cross-validation", 1, kNone, 0.9, 0.5), &restart);
    QVERIFY(!restart);
    for (int epoch = 1; epoch <= 3; ++epoch) {
        curves.add(report("fine-tuning", epoch, 1.0 / epoch), &restart);
        QVERIFY(!restart);
    }
    const std::vector<CurvePoint> points = curves.add(report("fine-tuning", 1, 0.7), &restart);
    QVERIFY(restart);
    QCOMPARE(points.size(), size_t(1));
    QCOMPARE(points.front().x, 1.0);
    QVERIFY(points.front().metric == Metric::TrainingLoss);
}

void TestUiUnits::liveCurvesValidationByCandidate()
{
    LiveCurves curves;
    bool restart = false;
    auto points = curves.add(report("cross-validation", 8, kNone, 0.4, 0.75), &restart);
    QCOMPARE(points.size(), size_t(2));
    QCOMPARE(points[0].x, 1.0);  // the first candidate, whatever the engine's step
    QVERIFY(points[0].metric == Metric::ValidationLoss);
    QVERIFY(points[1].metric == Metric::ValidationAccuracy);
    points = curves.add(report("cross-validation", 16, kNone, 0.3, 0.8), &restart);
    QCOMPARE(points[0].x, 2.0);
    // The final fit of the linear probe reports its training loss at the end of the curves.
    points = curves.add(report("fit", 1, 0.2), &restart);
    QCOMPARE(points.size(), size_t(1));
    QVERIFY(points[0].metric == Metric::TrainingLoss);
    QCOMPARE(points[0].x, 2.0);
    QVERIFY(curves.add(report("fit", 1, kNone), &restart).empty());
}

void TestUiUnits::liveCurvesFinishAfterZeroEpochs()
{
    LiveCurves curves;
    bool restart = false;
    curves.add(report("cross-validation", 1, kNone, 0.9, 0.5), &restart);
    curves.add(report("fine-tuning", 1, 0.8), &restart);
    curves.add(report("fine-tuning", 2, 0.6), &restart);

    TrainingOutcome outcome;
    outcome.trainingAccuracy = 0.75;
    outcome.trainingLoss = 0.5;
    outcome.validationCount = 4;
    outcome.validationAccuracy = 0.5;
    outcome.validationLoss = 0.7;
    outcome.hyperparameters.insert(QStringLiteral("epochs"), 2);
    std::vector<CurvePoint> points = curves.finish(outcome, &restart);
    QVERIFY(!restart);
    QCOMPARE(countOf(points, Metric::TrainingLoss), 0);
    QCOMPARE(countOf(points, Metric::ValidationAccuracy), 1);
    QCOMPARE(points.front().x, 2.0);

    outcome.hyperparameters.insert(QStringLiteral("epochs"), 0);
    points = curves.finish(outcome, &restart);
    QVERIFY(restart);
    QCOMPARE(countOf(points, Metric::TrainingLoss), 1);
}

void TestUiUnits::storedCurvesKeepFinalFit()
{
    store::TrainingRun run;
    run.method = QStringLiteral("tip-adapter-f");
    run.status = store::RunStatus::Finished;
    run.metrics.insert(QStringLiteral("training_accuracy"), 1.0);
    run.metrics.insert(QStringLiteral("hyperparameters"), QJsonObject{{QStringLiteral("epochs"), 2}});
    int index = 0;
    auto add = [&](std::optional<double> loss, std::optional<double> validation, std::optional<double> accuracy) {
        store::EpochMetrics epoch;
        epoch.epoch = ++index;
        epoch.loss = loss;
        epoch.validationLoss = validation;
        epoch.accuracy = accuracy;
        run.epochs.push_back(epoch);
    };
    add(std::nullopt, 0.9, 0.4);                                     // leave-one-out
    add(0.8, std::nullopt, std::nullopt);                            // fold 1
    add(0.7, std::nullopt, std::nullopt);
    add(0.5, std::nullopt, std::nullopt);                            // final fit
    add(0.4, std::nullopt, std::nullopt);
    add(0.3, 0.6, 0.5);                                              // after the fit
    const std::vector<CurvePoint> points = storedRunCurves(run);
    QCOMPARE(countOf(points, Metric::TrainingLoss), 2);
    QCOMPARE(countOf(points, Metric::ValidationLoss), 2);
    QCOMPARE(countOf(points, Metric::ValidationAccuracy), 2);
    QCOMPARE(countOf(points, Metric::TrainingAccuracy), 1);
    const auto first = std::find_if(points.begin(), points.end(),
                                    [](const CurvePoint& point) { return point.metric == Metric::TrainingLoss; });
    QCOMPARE(first->y, 0.5);
    QCOMPARE(first->x, 1.0);
}

void TestUiUnits::poolFilterByConfidence()
{
    QStandardItemModel model;
    model.appendRow(poolItem(-1, 1, 0.9, 0.8));
    model.appendRow(poolItem(-1, 2, 0.4, 0.1));
    model.appendRow(poolItem(-1, 0, QVariant(), 2.0));
    PoolFilterModel filter;
    filter.setSourceModel(&model);
    QCOMPARE(filter.rowCount(), 3);
    filter.setConfidenceRange(0.5, 1.0);
    QCOMPARE(filter.rowCount(), 1);
    filter.setConfidenceRange(0.0, 0.5);
    QCOMPARE(filter.rowCount(), 1);
}

void TestUiUnits::poolFilterUnlabeledAndClass()
{
    QStandardItemModel model;
    model.appendRow(poolItem(static_cast<int>(store::LabelSource::Example), 1, 0.9, 0.8));
    model.appendRow(poolItem(static_cast<int>(store::LabelSource::Manual), 2, 0.6, 0.3));
    model.appendRow(poolItem(-1, 2, 0.5, 0.1));
    PoolFilterModel filter;
    filter.setSourceModel(&model);
    filter.setShow(PoolFilterModel::Show::NotExamples);
    QCOMPARE(filter.rowCount(), 2);
    filter.setShow(PoolFilterModel::Show::Unlabeled);
    QCOMPARE(filter.rowCount(), 1);
    filter.setShow(PoolFilterModel::Show::All);
    filter.setPredictedClass(2);
    QCOMPARE(filter.rowCount(), 2);
}

void TestUiUnits::poolOrderByMargin()
{
    QStandardItemModel model;
    model.appendRow(poolItem(-1, 1, 0.9, 0.8));
    model.appendRow(poolItem(-1, 0, QVariant(), 2.0));
    model.appendRow(poolItem(-1, 2, 0.5, 0.05));
    model.appendRow(poolItem(-1, 1, 0.6, 0.3));
    PoolFilterModel filter;
    filter.setSourceModel(&model);
    filter.setOrder(PoolFilterModel::Order::Uncertainty);
    QCOMPARE(filter.index(0, 0).data(PoolRole::Margin).toDouble(), 0.05);
    QCOMPARE(filter.index(1, 0).data(PoolRole::Margin).toDouble(), 0.3);
    // Images without a prediction come last.
    QCOMPARE(filter.index(3, 0).data(PoolRole::Margin).toDouble(), 2.0);
    filter.setOrder(PoolFilterModel::Order::Added);
    QCOMPARE(filter.index(0, 0).data(PoolRole::Margin).toDouble(), 0.8);
}

void TestUiUnits::snapshotTemplatesWithOverride()
{
    ProjectSnapshot snapshot;
    snapshot.classes = {{1, QStringLiteral("scratch"), QStringLiteral("#ff0000"), 0, QString(), false},
                        {2, QStringLiteral("ok"), QStringLiteral("#00ff00"), 1, QStringLiteral("a flawless part"), true}};
    QVERIFY(snapshot.templatesForClass(1).isEmpty());
    store::TemplateSet set;
    set.id = 7;
    set.templates = {QStringLiteral("a photo of a {}.")};
    set.classOverrides.insert(2, {QStringLiteral("{}, close up.")});
    snapshot.templateSets = {set};
    snapshot.activeTemplateSetId = 7;
    QCOMPARE(snapshot.templatesForClass(1), set.templates);
    QCOMPARE(snapshot.templatesForClass(2), QStringList{QStringLiteral("{}, close up.")});
    QCOMPARE(snapshot.promptText(snapshot.classes[0]), QStringLiteral("scratch"));
    QCOMPARE(snapshot.promptText(snapshot.classes[1]), QStringLiteral("a flawless part"));
}

QTEST_MAIN(TestUiUnits)
#include "test_ui_units.moc"
