// Sources of the translation check's own tests: two messages, one with a
// placeholder and one with a keyboard accelerator.
#include <QCoreApplication>

QString sampleMessages()
{
    return QCoreApplication::translate("Sample", "Open the file %1?").arg(QStringLiteral("a.png"))
           + QCoreApplication::translate("Sample", "&Save");
}
