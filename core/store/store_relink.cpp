#include "base/error.h"
#include "store/image_file.h"
#include "store/project_store.h"
#include "store/project_store_impl.h"
#include "store/store_log.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QHash>

namespace fewshot::store {

using detail::Transaction;

namespace {

// Files under `folder` whose size equals that of some missing image; only
// these can match, so only these are hashed.
QStringList candidateFiles(const QString& folder, const QHash<qint64, int>& missingSizes)
{
    QStringList candidates;
    QDirIterator it(folder, QDir::Files | QDir::NoDotAndDotDot | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        if (missingSizes.contains(it.fileInfo().size()))
            candidates.append(it.filePath());
    }
    candidates.sort();
    return candidates;
}

struct FoundFiles {
    std::vector<std::pair<qint64, QString>> files;  // image id, absolute path of its file
    int filesHashed = 0;
    bool cancelled = false;
};

// Hashes the candidate files under `folder` and matches them to missing images.
FoundFiles findMissingFiles(const std::vector<ImageInfo>& missing, const QString& folder,
                            const ProgressCallback& progress)
{
    QHash<qint64, int> missingSizes;  // size -> count
    QMultiHash<QString, size_t> missingByHash;
    for (size_t i = 0; i < missing.size(); ++i) {
        missingSizes[missing[i].size] += 1;
        missingByHash.insert(missing[i].sha256, i);
    }

    FoundFiles found;
    const QStringList candidates = missing.empty() ? QStringList()
                                                   : candidateFiles(folder, missingSizes);
    for (const QString& candidate : candidates) {
        if (progress && !progress(found.filesHashed, candidates.size())) {
            found.cancelled = true;
            return found;
        }
        QString hash;
        try {
            hash = sha256OfFile(candidate);
        } catch (const Error& e) {
            qCWarning(lcStore) << "skipped while relinking:" << e.what();
            continue;
        }
        ++found.filesHashed;
        // Several missing images can share content; each found file takes one of them.
        const auto match = missingByHash.find(hash);
        if (match == missingByHash.end())
            continue;
        found.files.emplace_back(missing[match.value()].id, candidate);
        missingByHash.erase(match);
    }
    return found;
}

}  // namespace

RelinkResult ProjectStore::relinkMissing(const QString& searchFolder,
                                         const ProgressCallback& progress)
{
    if (!QFileInfo(searchFolder).isDir())
        throw Error(QStringLiteral("The folder %1 was not found, so no images could be relinked. "
                                   "Check the path.")
                        .arg(searchFolder)
                        .toStdString());
    d->db().requireWritable(QStringLiteral("relink missing images"));

    RelinkResult result;
    const std::vector<ImageInfo> missing = missingImages();
    result.missingBefore = static_cast<int>(missing.size());
    const FoundFiles found = findMissingFiles(missing, searchFolder, progress);
    result.filesHashed = found.filesHashed;
    result.cancelled = found.cancelled;
    if (found.cancelled) {
        result.stillMissing = result.missingBefore;
        return result;
    }

    const QString action = QStringLiteral("store the relinked image paths");
    Transaction transaction(d->db(), action);
    QSqlQuery pathInUse = d->db().prepare(QStringLiteral("SELECT 1 FROM images WHERE path = ?"),
                                          action);
    QSqlQuery update = d->db().prepare(QStringLiteral("UPDATE images SET path = ? WHERE id = ?"),
                                       action);
    for (const auto& [imageId, file] : found.files) {
        // A file that another image row already points at is that image's file.
        const QString path = storedPath(file);
        pathInUse.bindValue(0, path);
        d->db().exec(pathInUse, action);
        const bool inUse = pathInUse.next();
        pathInUse.finish();
        if (inUse)
            continue;
        update.bindValue(0, path);
        update.bindValue(1, imageId);
        d->db().exec(update, action);
        ++result.relinked;
    }
    transaction.commit();
    result.stillMissing = result.missingBefore - result.relinked;
    qCInfo(lcStore) << "relinked" << result.relinked << "of" << result.missingBefore
                    << "missing images of" << d->file << "from" << searchFolder;
    return result;
}

QString ProjectStore::relinkImage(qint64 imageId, const QString& absolutePath)
{
    const QString action = QStringLiteral("relink an image");
    d->db().requireWritable(action);
    const ImageInfo info = image(imageId);
    const QString hash = sha256OfFile(absolutePath);
    if (hash != info.sha256)
        throw Error(QStringLiteral("The file %1 has different content from the image %2 (their "
                                   "SHA-256 hashes differ). Choose the original file.")
                        .arg(absolutePath, info.path)
                        .toStdString());

    Transaction transaction(d->db(), action);
    QSqlQuery update = d->db().prepare(QStringLiteral("UPDATE images SET path = ? WHERE id = ?"),
                                       action);
    update.addBindValue(storedPath(absolutePath));
    update.addBindValue(imageId);
    d->db().exec(update, action);
    transaction.commit();
    return info.path;
}

}  // namespace fewshot::store
