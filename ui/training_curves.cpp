#include "ui/training_curves.h"

#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace fewshot::ui {
namespace {

using Metric = widgets::TrainingPlot::Metric;

}  // namespace

std::vector<CurvePoint> LiveCurves::add(const TrainingPoint& point, bool* restart)
{
    *restart = false;
    std::vector<CurvePoint> points;
    if (point.stage == QLatin1String("fine-tuning")) {
        if (!std::isfinite(point.trainingLoss))
            return points;
        if (point.step <= lastEpoch_)
            *restart = true;
        lastEpoch_ = point.step;
        hasTrainingLoss_ = true;
        points.push_back({Metric::TrainingLoss, static_cast<double>(point.step), point.trainingLoss});
        return points;
    }
    const bool validation = std::isfinite(point.validationLoss) || std::isfinite(point.validationAccuracy);
    if (validation) {
        const double x = ++validationReports_;
        if (std::isfinite(point.validationLoss))
            points.push_back({Metric::ValidationLoss, x, point.validationLoss});
        if (std::isfinite(point.validationAccuracy))
            points.push_back({Metric::ValidationAccuracy, x, point.validationAccuracy});
    }
    // A final fit without epochs (the linear probe) reports its loss once, at the end.
    if (std::isfinite(point.trainingLoss)) {
        hasTrainingLoss_ = true;
        points.push_back({Metric::TrainingLoss, endX(), point.trainingLoss});
    }
    return points;
}

double LiveCurves::endX() const
{
    return std::max({1.0, static_cast<double>(validationReports_), static_cast<double>(lastEpoch_)});
}

std::vector<CurvePoint> LiveCurves::finish(const TrainingOutcome& outcome, bool* restart) const
{
    const int fitEpochs = outcome.hyperparameters.value(QStringLiteral("epochs")).toInt(-1);
    *restart = lastEpoch_ > 0 && fitEpochs == 0;
    // The end of the curves as they stand: earlier folds may have run longer
    // than the final fit, and a fit with zero epochs has no epochs at all.
    const double x = *restart ? std::max(1.0, static_cast<double>(validationReports_)) : endX();
    std::vector<CurvePoint> points{{Metric::TrainingAccuracy, x, outcome.trainingAccuracy}};
    if (!hasTrainingLoss_ || *restart)
        points.push_back({Metric::TrainingLoss, x, outcome.trainingLoss});
    if (outcome.validationCount > 0) {
        points.push_back({Metric::ValidationAccuracy, x, outcome.validationAccuracy});
        points.push_back({Metric::ValidationLoss, x, outcome.validationLoss});
    }
    return points;
}

std::vector<CurvePoint> storedRunCurves(const store::TrainingRun& run)
{
    std::vector<CurvePoint> points;
    if (run.epochs.empty())
        return points;
    const bool finished = run.status == store::RunStatus::Finished;
    const size_t reports = finished ? run.epochs.size() - 1 : run.epochs.size();

    std::vector<double> trainingLosses;
    int validation = 0;
    for (size_t i = 0; i < reports; ++i) {
        const store::EpochMetrics& epoch = run.epochs[i];
        if (epoch.validationLoss || epoch.accuracy) {
            const double x = ++validation;
            if (epoch.validationLoss)
                points.push_back({Metric::ValidationLoss, x, *epoch.validationLoss});
            if (epoch.accuracy)
                points.push_back({Metric::ValidationAccuracy, x, *epoch.accuracy});
        }
        if (epoch.loss)
            trainingLosses.push_back(*epoch.loss);
    }
    // Only Tip-Adapter-F records "epochs": its final fit is the last that
    // many training losses, after the cross-fitting folds.
    const int fitEpochs = run.metrics.value(QStringLiteral("hyperparameters")).toObject().value(QStringLiteral("epochs")).toInt(-1);
    const size_t keep = fitEpochs >= 0 ? std::min(trainingLosses.size(), static_cast<size_t>(fitEpochs)) : 0;
    for (size_t i = 0; i < keep; ++i)
        points.push_back({Metric::TrainingLoss, static_cast<double>(i + 1), trainingLosses[trainingLosses.size() - keep + i]});
    const double x = std::max({1.0, static_cast<double>(validation), static_cast<double>(keep)});
    if (fitEpochs < 0 && !trainingLosses.empty())
        points.push_back({Metric::TrainingLoss, x, trainingLosses.back()});
    if (!finished)
        return points;

    const store::EpochMetrics& last = run.epochs.back();
    const QJsonValue trainingAccuracy = run.metrics.value(QStringLiteral("training_accuracy"));
    if (trainingAccuracy.isDouble())
        points.push_back({Metric::TrainingAccuracy, x, trainingAccuracy.toDouble()});
    if (last.loss && keep == 0 && trainingLosses.empty())
        points.push_back({Metric::TrainingLoss, x, *last.loss});
    if (last.validationLoss)
        points.push_back({Metric::ValidationLoss, x, *last.validationLoss});
    if (last.accuracy)
        points.push_back({Metric::ValidationAccuracy, x, *last.accuracy});
    return points;
}

}  // namespace fewshot::ui
