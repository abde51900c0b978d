#pragma once

#include <QColor>
#include <QHash>
#include <QWidget>

class QCustomPlot;
class QCPAxisRect;
class QCPGraph;

namespace fewshot::widgets {

// Live training curves: loss on top, accuracy below, one colour per series
// (training job) with solid lines for training and dashed lines for
// validation values, and a legend naming each series.
class TrainingPlot : public QWidget {
    Q_OBJECT

public:
    enum class Metric { TrainingLoss, ValidationLoss, TrainingAccuracy, ValidationAccuracy };

    explicit TrainingPlot(QWidget* parent = nullptr);

    void addSeries(int seriesId, const QString& name, const QColor& color);
    void removeSeries(int seriesId);
    bool hasSeries(int seriesId) const { return series_.contains(seriesId); }
    void clear();
    void addPoint(int seriesId, Metric metric, double x, double y);
    // Removes the points of one curve, e.g. when a fit starts over.
    void clearPoints(int seriesId, Metric metric);
    int pointCount(int seriesId, Metric metric) const;
    void setXAxisLabel(const QString& label);

    // Saves as PNG or PDF by suffix; see savePlot.
    bool save(const QString& path, QString* error) const;
    QCustomPlot* plot() const { return plot_; }

private:
    struct Series {
        QCPGraph* graphs[4] = {nullptr, nullptr, nullptr, nullptr};
    };
    QCPGraph* makeGraph(QCPAxisRect* rect, const QColor& color, bool dashed);
    void addStyleKey();
    void rescale();

    QCustomPlot* plot_;
    QCPAxisRect* lossRect_ = nullptr;
    QCPAxisRect* accuracyRect_ = nullptr;
    QHash<int, Series> series_;
};

}  // namespace fewshot::widgets
