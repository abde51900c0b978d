#include "i18n/translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLoggingCategory>
#include <QTranslator>

namespace fewshot::i18n {
namespace {

Q_LOGGING_CATEGORY(lcI18n, "fewshot.i18n")

const QString kEnglish = QStringLiteral("en");
const QString kChinese = QStringLiteral("zh_CN");

}  // namespace

QString languageForLocale(const QLocale& locale)
{
    for (const QString& name : locale.uiLanguages()) {
        const QLocale::Language language = QLocale(name).language();
        if (language == QLocale::Chinese)
            return kChinese;
        if (language == QLocale::English)
            return kEnglish;
    }
    return kEnglish;
}

QString systemLanguage()
{
    return languageForLocale(QLocale::system());
}

bool installTranslators(const QString& language)
{
    QCoreApplication* app = QCoreApplication::instance();
    if (app == nullptr)
        return false;
    if (language != kEnglish)
        QLocale::setDefault(QLocale(language));

    // A translations folder next to the program comes before the embedded
    // copy, so that a translator can try an edited .qm file (lrelease
    // fewshot_zh_CN.ts -qm bin/translations/fewshot_zh_CN.qm) without rebuilding.
    const QStringList folders = {QCoreApplication::applicationDirPath() + QStringLiteral("/translations"),
                                 QStringLiteral(":/translations")};
    auto* projectTranslator = new QTranslator(app);
    bool loaded = false;
    for (const QString& folder : folders) {
        if (projectTranslator->load(QStringLiteral("fewshot_") + language, folder)) {
            loaded = true;
            break;
        }
    }
    if (loaded) {
        QCoreApplication::installTranslator(projectTranslator);
    } else {
        qCInfo(lcI18n) << "no translation for" << language << "in" << folders;
        delete projectTranslator;
    }
    if (language == kEnglish)
        return loaded;  // Qt's own strings are English already

    auto* qtTranslator = new QTranslator(app);
    if (qtTranslator->load(QStringLiteral("qtbase_") + language, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
    else
        delete qtTranslator;
    return loaded;
}

}  // namespace fewshot::i18n
