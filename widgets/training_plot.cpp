#include "widgets/training_plot.h"

#include "widgets/plot_export.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

#include <cmath>

namespace fewshot::widgets {
namespace {

int metricIndex(TrainingPlot::Metric metric)
{
    return static_cast<int>(metric);
}

void styleAxisRect(QCPAxisRect* rect, const QString& valueLabel)
{
    rect->axis(QCPAxis::atLeft)->setLabel(valueLabel);
    rect->axis(QCPAxis::atBottom)->setRange(0, 1);
    rect->axis(QCPAxis::atLeft)->grid()->setSubGridVisible(false);
    rect->setupFullAxesBox(true);
}

}  // namespace

TrainingPlot::TrainingPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    plot_->setMinimumHeight(220);

    lossRect_ = plot_->axisRect();
    styleAxisRect(lossRect_, tr("Loss"));
    accuracyRect_ = new QCPAxisRect(plot_);
    // Rows: the legend, the loss plot, the accuracy plot.
    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(2, 0, accuracyRect_);
    styleAxisRect(accuracyRect_, tr("Accuracy"));
    accuracyRect_->axis(QCPAxis::atLeft)->setRange(0, 1.02);
    QSharedPointer<QCPAxisTickerFixed> percentTicker(new QCPAxisTickerFixed);
    percentTicker->setTickStep(0.25);
    accuracyRect_->axis(QCPAxis::atLeft)->setTicker(percentTicker);

    // Both plots share the x range so that a step lines up vertically.
    auto* margins = new QCPMarginGroup(plot_);
    lossRect_->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    accuracyRect_->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    connect(lossRect_->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::rangeChanged),
            accuracyRect_->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::setRange));

    plot_->legend->setVisible(true);
    plot_->legend->setFont(font());
    plot_->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot_->legend->setWrap(2);
    plot_->legend->setBorderPen(Qt::NoPen);
    plot_->legend->setRowSpacing(0);
    lossRect_->insetLayout()->take(plot_->legend);
    plot_->plotLayout()->addElement(0, 0, plot_->legend);
    plot_->plotLayout()->setRowStretchFactor(0, 0.001);
    setXAxisLabel(tr("Step"));
    addStyleKey();
}

void TrainingPlot::addStyleKey()
{
    QCPGraph* solid = makeGraph(lossRect_, QColor(0x55, 0x55, 0x55), false);
    solid->setName(tr("training (solid)"));
    QCPGraph* dashed = makeGraph(lossRect_, QColor(0x55, 0x55, 0x55), true);
    dashed->setName(tr("validation (dashed)"));
}

void TrainingPlot::setXAxisLabel(const QString& label)
{
    lossRect_->axis(QCPAxis::atBottom)->setLabel(label);
    accuracyRect_->axis(QCPAxis::atBottom)->setLabel(label);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

QCPGraph* TrainingPlot::makeGraph(QCPAxisRect* rect, const QColor& color, bool dashed)
{
    QCPGraph* graph = plot_->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    QPen pen(color, 2);
    pen.setStyle(dashed ? Qt::DashLine : Qt::SolidLine);
    graph->setPen(pen);
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
    return graph;
}

void TrainingPlot::addSeries(int seriesId, const QString& name, const QColor& color)
{
    removeSeries(seriesId);
    Series series;
    series.graphs[metricIndex(Metric::TrainingLoss)] = makeGraph(lossRect_, color, false);
    series.graphs[metricIndex(Metric::ValidationLoss)] = makeGraph(lossRect_, color, true);
    series.graphs[metricIndex(Metric::TrainingAccuracy)] = makeGraph(accuracyRect_, color, false);
    series.graphs[metricIndex(Metric::ValidationAccuracy)] = makeGraph(accuracyRect_, color, true);
    series.graphs[0]->setName(name);
    for (int i = 1; i < 4; ++i)
        series.graphs[i]->removeFromLegend();
    series_.insert(seriesId, series);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingPlot::removeSeries(int seriesId)
{
    const auto it = series_.find(seriesId);
    if (it == series_.end())
        return;
    for (QCPGraph* graph : it->graphs)
        plot_->removeGraph(graph);
    series_.erase(it);
    rescale();
}

void TrainingPlot::clear()
{
    const QList<int> ids = series_.keys();
    for (int id : ids)
        removeSeries(id);
}

void TrainingPlot::addPoint(int seriesId, Metric metric, double x, double y)
{
    const auto it = series_.find(seriesId);
    if (it == series_.end() || !std::isfinite(y))
        return;
    it->graphs[metricIndex(metric)]->addData(x, y);
    rescale();
}

void TrainingPlot::clearPoints(int seriesId, Metric metric)
{
    const auto it = series_.find(seriesId);
    if (it == series_.end())
        return;
    it->graphs[metricIndex(metric)]->data()->clear();
    rescale();
}

int TrainingPlot::pointCount(int seriesId, Metric metric) const
{
    const auto it = series_.find(seriesId);
    if (it == series_.end())
        return 0;
    return it->graphs[metricIndex(metric)]->dataCount();
}

void TrainingPlot::rescale()
{
    double maxX = 1.0;
    double maxLoss = 0.0;
    for (const Series& series : std::as_const(series_)) {
        for (QCPGraph* graph : series.graphs) {
            bool found = false;
            const QCPRange keys = graph->getKeyRange(found);
            if (found)
                maxX = std::max(maxX, keys.upper);
        }
        for (int i : {metricIndex(Metric::TrainingLoss), metricIndex(Metric::ValidationLoss)}) {
            bool found = false;
            const QCPRange values = series.graphs[i]->getValueRange(found);
            if (found)
                maxLoss = std::max(maxLoss, values.upper);
        }
    }
    lossRect_->axis(QCPAxis::atBottom)->setRange(0, maxX + 0.5);
    lossRect_->axis(QCPAxis::atLeft)->setRange(0, maxLoss > 0.0 ? maxLoss * 1.08 : 1.0);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

bool TrainingPlot::save(const QString& path, QString* error) const
{
    return savePlot(plot_, path, error);
}

}  // namespace fewshot::widgets
