#include "widgets/thumbnail_cache.h"

#include "widgets/widgets_log.h"

#include <QFutureWatcher>
#include <QImageReader>
#include <QtConcurrent/QtConcurrentRun>

namespace fewshot::widgets {
namespace {

// Requests beyond this many are dropped oldest first; a dropped image is
// requested again when it is painted again.
constexpr size_t kMaxQueued = 400;
constexpr int kLoadThreads = 2;
// Cache cost is in kilobytes of pixel data.
constexpr int kCacheKilobytes = 96 * 1024;

QImage loadThumbnail(const QString& path, int size)
{
    QImageReader reader(path);
    reader.setAutoTransform(true);
    const QSize full = reader.size();
    if (full.isValid() && (full.width() > size || full.height() > size))
        reader.setScaledSize(full.scaled(size, size, Qt::KeepAspectRatio));
    QImage image = reader.read();
    if (image.isNull()) {
        qCDebug(lcWidgets) << "no thumbnail for" << path << reader.errorString();
        return image;
    }
    // Formats without scaled decoding (PNG) come back at full size.
    if (image.width() > size || image.height() > size)
        image = image.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}

}  // namespace

ThumbnailCache::ThumbnailCache(QObject* parent) : QObject(parent)
{
    pool_.setMaxThreadCount(kLoadThreads);
    cache_.setMaxCost(kCacheKilobytes);
}

ThumbnailCache::~ThumbnailCache()
{
    queue_.clear();
    pool_.waitForDone();
}

void ThumbnailCache::setThumbnailSize(int pixels)
{
    if (pixels == size_ || pixels <= 0)
        return;
    size_ = pixels;
    clear();
}

void ThumbnailCache::clear()
{
    ++generation_;
    cache_.clear();
    failed_.clear();
    queued_.clear();
    queue_.clear();
}

QPixmap ThumbnailCache::thumbnail(const QString& path)
{
    if (const QPixmap* pixmap = cache_.object(path))
        return *pixmap;
    if (failed_.contains(path) || path.isEmpty())
        return {};
    if (!queued_.contains(path)) {
        queued_.insert(path);
        queue_.push_back(path);
        while (queue_.size() > kMaxQueued) {
            queued_.remove(queue_.front());
            queue_.pop_front();
        }
        startLoads();
    }
    return {};
}

void ThumbnailCache::startLoads()
{
    while (inFlight_ < kLoadThreads && !queue_.empty()) {
        const QString path = queue_.back();
        queue_.pop_back();
        ++inFlight_;
        const int generation = generation_;
        auto* watcher = new QFutureWatcher<QImage>(this);
        connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, path, generation] {
            finishLoad(path, watcher->result(), generation);
            watcher->deleteLater();
        });
        watcher->setFuture(QtConcurrent::run(&pool_, loadThumbnail, path, size_));
    }
}

void ThumbnailCache::finishLoad(const QString& path, const QImage& image, int generation)
{
    --inFlight_;
    if (generation == generation_) {
        queued_.remove(path);
        if (image.isNull()) {
            failed_.insert(path);
        } else {
            const int cost = std::max(1, static_cast<int>(image.sizeInBytes() / 1024));
            cache_.insert(path, new QPixmap(QPixmap::fromImage(image)), cost);
        }
        Q_EMIT thumbnailReady(path);
    }
    startLoads();
}

}  // namespace fewshot::widgets
