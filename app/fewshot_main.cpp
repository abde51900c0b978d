#include "cli/cli.h"
#include "i18n/translations.h"
#include "model/cpu_runtime.h"

#include <QCoreApplication>

int main(int argc, char** argv)
{
    fewshot::prepareCpuRuntime();  // before any other thread starts
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("fewshot"));
    QCoreApplication::setOrganizationName(QStringLiteral("FewShot Studio"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FEWSHOT_VERSION));
    // The command line has no settings file: its language follows the
    // system locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG).
    fewshot::i18n::installTranslators(fewshot::i18n::systemLanguage());
    return fewshot::cli::run(QCoreApplication::arguments());
}
