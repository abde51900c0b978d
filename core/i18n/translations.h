#pragma once

// Picks the interface language and installs the translators of both programs.
// The .ts files live in translations/ at the top of the repository; lrelease
// compiles them and this library embeds the .qm files under :/translations.

#include <QLocale>
#include <QString>

namespace fewshot::i18n {

// "zh_CN" when the first language of `locale` that the programs know is
// Chinese (in any script or region, because Simplified Chinese is the only
// Chinese translation), otherwise "en". Languages without a translation are
// skipped, so LANGUAGE=fr:zh_CN gives Chinese.
QString languageForLocale(const QLocale& locale);

// languageForLocale(QLocale::system()). On Linux QLocale::system() follows
// LANGUAGE, then LC_ALL, LC_MESSAGES and LANG.
QString systemLanguage();

// Installs the translators for `language` ("en" or "zh_CN") on the running
// QCoreApplication: this project's messages and, for Chinese, Qt's own
// (dialog buttons, QCommandLineParser). English installs only the plural forms
// of "%n" messages. Returns false, leaving the messages in English, when the
// project's translation is not found.
bool installTranslators(const QString& language);

}  // namespace fewshot::i18n
