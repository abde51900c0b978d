#include "widgets/plot_export.h"

#include <qcustomplot.h>

#include <QCoreApplication>
#include <QFileInfo>

namespace fewshot::widgets {

bool savePlot(QCustomPlot* plot, const QString& path, QString* error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    bool saved = false;
    if (suffix == QLatin1String("png")) {
        saved = plot->savePng(path, plot->width(), plot->height(), 2.0);
    } else if (suffix == QLatin1String("pdf")) {
        saved = plot->savePdf(path, plot->width(), plot->height());
    } else {
        if (error != nullptr)
            *error = QCoreApplication::translate("fewshot::widgets::PlotExport",
                                                 "Cannot save the plot as %1: use a file name ending "
                                                 "in .png or .pdf.")
                         .arg(QFileInfo(path).fileName());
        return false;
    }
    if (!saved && error != nullptr)
        *error = QCoreApplication::translate("fewshot::widgets::PlotExport",
                                             "Could not write the plot to %1. Check that the folder "
                                             "exists and is writable.")
                     .arg(path);
    return saved;
}

QString plotFileFilter()
{
    return QCoreApplication::translate("fewshot::widgets::PlotExport",
                                       "PNG image (*.png);;PDF document (*.pdf)");
}

}  // namespace fewshot::widgets
