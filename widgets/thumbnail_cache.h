#pragma once

#include <QCache>
#include <QObject>
#include <QPixmap>
#include <QSet>
#include <QString>
#include <QThreadPool>

#include <deque>

namespace fewshot::widgets {

// Loads image thumbnails on a private thread pool and keeps the recent ones.
// thumbnail() does not wait for decoding. It returns what is cached, or a
// null pixmap after queueing the file, and thumbnailReady() follows once the
// file is loaded or has failed. Newer requests are served first, so the
// images on screen come up first when the user scrolls through a large pool.
// Beyond 400 waiting requests the oldest are dropped without a signal; a
// view asks again when it repaints them.
class ThumbnailCache : public QObject {
    Q_OBJECT

public:
    explicit ThumbnailCache(QObject* parent = nullptr);
    // Waits for the loads in flight; the queue is dropped.
    ~ThumbnailCache() override;

    // The maximum side length of a thumbnail in device-independent pixels.
    // Changing it empties the cache.
    void setThumbnailSize(int pixels);
    int thumbnailSize() const { return size_; }

    QPixmap thumbnail(const QString& path);
    // True when the file was tried and could not be decoded.
    bool hasFailed(const QString& path) const { return failed_.contains(path); }
    // Loads waiting or running.
    int pendingCount() const { return static_cast<int>(queue_.size()) + inFlight_; }
    void clear();

Q_SIGNALS:
    void thumbnailReady(const QString& path);

private:
    void startLoads();
    void finishLoad(const QString& path, const QImage& image, int generation);

    QThreadPool pool_;
    QCache<QString, QPixmap> cache_;
    QSet<QString> failed_;
    QSet<QString> queued_;
    std::deque<QString> queue_;
    int inFlight_ = 0;
    int size_ = 128;
    int generation_ = 0;
};

}  // namespace fewshot::widgets
