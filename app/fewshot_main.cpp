#include "cli/cli.h"

#include <QCoreApplication>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("fewshot"));
    QCoreApplication::setOrganizationName(QStringLiteral("FewShot Studio"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FEWSHOT_VERSION));
    return fewshot::cli::run(QCoreApplication::arguments());
}
