#include "model/cpu_runtime.h"
#include "ui/studio_app.h"

#include <QApplication>

int main(int argc, char** argv)
{
    fewshot::prepareCpuRuntime();  // before any other thread starts
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("FewShot"));
    QApplication::setApplicationName(QStringLiteral("FewShot Studio"));
    QApplication::setApplicationVersion(QStringLiteral(FEWSHOT_VERSION));
    return fewshot::ui::runStudio(app);
}
