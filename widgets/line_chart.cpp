#include "widgets/line_chart.h"

#include "widgets/plot_export.h"

#include <qcustomplot.h>

#include <QLocale>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace fewshot::widgets {

LineChart::LineChart(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    plot_->setMinimumHeight(200);
    plot_->legend->setVisible(true);
    plot_->legend->setFont(font());
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    plot_->yAxis->setRange(0, 1.02);
    setAxisLabels(tr("Shots per class"), tr("Accuracy"));
}

void LineChart::setAxisLabels(const QString& xLabel, const QString& yLabel)
{
    plot_->xAxis->setLabel(xLabel);
    plot_->yAxis->setLabel(yLabel);
}

void LineChart::clear()
{
    plot_->clearPlottables();
    ticks_.clear();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

int LineChart::seriesCount() const
{
    return plot_->graphCount();
}

void LineChart::addSeries(const QString& name, const QColor& color, const QVector<double>& x,
                          const QVector<double>& y, const QVector<double>& errors)
{
    QVector<double> positions;
    for (double value : x) {
        positions.append(std::log2(std::max(value, 1e-9)));
        if (!ticks_.contains(value))
            ticks_.append(value);
    }
    QCPGraph* graph = plot_->addGraph();
    graph->setName(name);
    graph->setPen(QPen(color, 2));
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
    graph->setData(positions, y);

    if (!errors.isEmpty() && errors.size() == y.size()) {
        auto* bars = new QCPErrorBars(plot_->xAxis, plot_->yAxis);
        bars->removeFromLegend();
        bars->setDataPlottable(graph);
        bars->setData(errors);
        bars->setPen(QPen(color, 1));
    }
    updateTicks();
}

void LineChart::updateTicks()
{
    std::sort(ticks_.begin(), ticks_.end());
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (double value : std::as_const(ticks_))
        ticker->addTick(std::log2(value), QLocale().toString(value));
    plot_->xAxis->setTicker(ticker);
    if (!ticks_.isEmpty())
        plot_->xAxis->setRange(std::log2(ticks_.first()) - 0.3, std::log2(ticks_.last()) + 0.3);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

bool LineChart::save(const QString& path, QString* error) const
{
    return savePlot(plot_, path, error);
}

}  // namespace fewshot::widgets
