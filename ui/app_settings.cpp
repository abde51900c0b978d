#include "ui/app_settings.h"

#include "i18n/translations.h"

#include <QDir>
#include <QSettings>

#include <algorithm>

namespace fewshot::ui {
namespace {

constexpr int kMaxRecent = 10;
constexpr int kMinThumbnail = 64;
constexpr int kMaxThumbnail = 320;

QStringList addToFront(QStringList list, const QString& entry)
{
    list.removeAll(entry);
    list.prepend(entry);
    while (list.size() > kMaxRecent)
        list.removeLast();
    return list;
}

}  // namespace

QString AppSettings::language()
{
    const QString value = QSettings().value(QStringLiteral("ui/language")).toString();
    if (value == QLatin1String("en") || value == QLatin1String("zh_CN"))
        return value;
    return QStringLiteral("system");
}

QString AppSettings::interfaceLanguage()
{
    const QString chosen = language();
    return chosen == QLatin1String("system") ? i18n::systemLanguage() : chosen;
}

void AppSettings::setLanguage(const QString& language)
{
    QSettings().setValue(QStringLiteral("ui/language"), language);
}

ModelLoadOptions AppSettings::modelOptions()
{
    QSettings settings;
    ModelLoadOptions options;
    options.device = settings.value(QStringLiteral("model/device"), options.device).toString();
    options.dtype = settings.value(QStringLiteral("model/dtype"), options.dtype).toString();
    options.threads = std::max(0, settings.value(QStringLiteral("model/threads"), 0).toInt());
    return options;
}

void AppSettings::setModelOptions(const ModelLoadOptions& options)
{
    QSettings settings;
    settings.setValue(QStringLiteral("model/device"), options.device);
    settings.setValue(QStringLiteral("model/dtype"), options.dtype);
    settings.setValue(QStringLiteral("model/threads"), options.threads);
}

int AppSettings::thumbnailSize()
{
    const int value = QSettings().value(QStringLiteral("ui/thumbnailSize"), 128).toInt();
    return std::clamp(value, kMinThumbnail, kMaxThumbnail);
}

void AppSettings::setThumbnailSize(int pixels)
{
    QSettings().setValue(QStringLiteral("ui/thumbnailSize"), std::clamp(pixels, kMinThumbnail, kMaxThumbnail));
}

QStringList AppSettings::recentProjects()
{
    return QSettings().value(QStringLiteral("recent/projects")).toStringList();
}

void AppSettings::addRecentProject(const QString& file)
{
    QSettings().setValue(QStringLiteral("recent/projects"),
                         addToFront(recentProjects(), QDir::cleanPath(file)));
}

void AppSettings::removeRecentProject(const QString& file)
{
    QStringList list = recentProjects();
    list.removeAll(file);
    QSettings().setValue(QStringLiteral("recent/projects"), list);
}

QStringList AppSettings::recentModels()
{
    return QSettings().value(QStringLiteral("recent/models")).toStringList();
}

void AppSettings::addRecentModel(const QString& folder)
{
    QSettings().setValue(QStringLiteral("recent/models"), addToFront(recentModels(), QDir::cleanPath(folder)));
}

QByteArray AppSettings::windowGeometry()
{
    return QSettings().value(QStringLiteral("window/geometry")).toByteArray();
}

QByteArray AppSettings::windowState()
{
    return QSettings().value(QStringLiteral("window/state")).toByteArray();
}

void AppSettings::setWindowLayout(const QByteArray& geometry, const QByteArray& state)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), geometry);
    settings.setValue(QStringLiteral("window/state"), state);
}

}  // namespace fewshot::ui
