#include "store/image_file.h"

#include "base/error.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace fewshot::store {

QString sha256OfFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("Could not read %1: %2. Check that the file exists and can be "
                                   "read.")
                        .arg(path, file.errorString())
                        .toStdString());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        throw Error(QStringLiteral("Could not read %1 to the end: %2. Check the disk.")
                        .arg(path, file.errorString())
                        .toStdString());
    return QString::fromLatin1(hash.result().toHex());
}

ImageFile describeImageFile(const QString& path, const ImageSizeReader& readSize)
{
    const QFileInfo info(path);
    if (!info.exists())
        throw Error(QStringLiteral("The image %1 was not found. Check the path.")
                        .arg(info.absoluteFilePath())
                        .toStdString());
    if (!info.isFile())
        throw Error(QStringLiteral("%1 is not a file. Give the path of an image file.")
                        .arg(info.absoluteFilePath())
                        .toStdString());

    ImageFile file;
    file.absolutePath = QDir::cleanPath(info.absoluteFilePath());
    file.size = info.size();
    const ImageSize size = readSize(file.absolutePath);
    file.width = size.width;
    file.height = size.height;
    file.sha256 = sha256OfFile(file.absolutePath);
    return file;
}

QStringList defaultImageExtensions()
{
    return {QStringLiteral("jpg"), QStringLiteral("jpeg"), QStringLiteral("png"),
            QStringLiteral("bmp"), QStringLiteral("tif"),  QStringLiteral("tiff"),
            QStringLiteral("webp")};
}

QStringList listImageFiles(const QString& folder, const QStringList& extensions, bool recursive)
{
    const QFileInfo info(folder);
    if (!info.isDir())
        throw Error(QStringLiteral("The folder %1 was not found. Check the path.")
                        .arg(info.absoluteFilePath())
                        .toStdString());

    QStringList patterns;
    for (const QString& extension : extensions)
        patterns.append(QStringLiteral("*.") + extension);
    QDir::Filters filters = QDir::Files | QDir::NoDotAndDotDot;
    // The name filters are matched without case, so "*.jpg" also takes "IMG.JPG".
    QDirIterator it(info.absoluteFilePath(), patterns, filters,
                    recursive ? QDirIterator::Subdirectories : QDirIterator::NoIteratorFlags);
    QStringList files;
    while (it.hasNext())
        files.append(QDir::cleanPath(it.next()));
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace fewshot::store
