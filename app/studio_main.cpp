#include "ui/studio_app.h"

#include <QApplication>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("FewShot"));
    QApplication::setApplicationName(QStringLiteral("FewShot Studio"));
    QApplication::setApplicationVersion(QStringLiteral(FEWSHOT_VERSION));
    return fewshot::ui::runStudio(app);
}
