#pragma once

#include "ui/model_types.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace fewshot::ui {

// The application's preferences, kept with QSettings under the
// organization "FewShot" and application "FewShot Studio".
class AppSettings {
public:
    // The language chosen in Settings: "system" (the default: follow the
    // system locale), "en" or "zh_CN". Applied at the next start.
    static QString language();
    static void setLanguage(const QString& language);
    // The language to load: language(), with "system" resolved through
    // the system locale to "en" or "zh_CN".
    static QString interfaceLanguage();

    static ModelLoadOptions modelOptions();
    static void setModelOptions(const ModelLoadOptions& options);

    // Maximum side length of grid thumbnails in pixels, 64 to 320.
    static int thumbnailSize();
    static void setThumbnailSize(int pixels);

    // Most recent first; at most ten entries.
    static QStringList recentProjects();
    static void addRecentProject(const QString& file);
    static void removeRecentProject(const QString& file);
    static QStringList recentModels();
    static void addRecentModel(const QString& folder);

    static QByteArray windowGeometry();
    static QByteArray windowState();
    static void setWindowLayout(const QByteArray& geometry, const QByteArray& state);
};

}  // namespace fewshot::ui
