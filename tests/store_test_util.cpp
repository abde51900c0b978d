#include "store_test_util.h"

#include "base/error.h"

#include <QCoreApplication>
#include <QFile>
#include <QtEndian>

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <vector>

namespace fewshot::test {
namespace {

// QtSql loads its SQLite driver as a plugin, which needs a QCoreApplication.
class CoreApplicationEnvironment : public ::testing::Environment {
public:
    void SetUp() override
    {
        static int argc = 1;
        static char name[] = "test_store";
        static char* argv[] = {name, nullptr};
        if (!QCoreApplication::instance())
            app_ = new QCoreApplication(argc, argv);
    }

private:
    QCoreApplication* app_ = nullptr;
};

::testing::Environment* const coreApplication =
    ::testing::AddGlobalTestEnvironment(new CoreApplicationEnvironment);

void putLittleEndian32(std::vector<unsigned char>& bytes, size_t offset, quint32 value)
{
    qToLittleEndian<quint32>(value, bytes.data() + offset);
}

}  // namespace

void writeBmp(const std::filesystem::path& path, int width, int height, int seed)
{
    const int rowBytes = (width * 3 + 3) / 4 * 4;
    const int pixelBytes = rowBytes * height;
    constexpr int headerBytes = 14 + 40;
    std::vector<unsigned char> bytes(static_cast<size_t>(headerBytes + pixelBytes), 0);
    bytes[0] = 'B';
    bytes[1] = 'M';
    putLittleEndian32(bytes, 2, static_cast<quint32>(bytes.size()));
    putLittleEndian32(bytes, 10, headerBytes);
    putLittleEndian32(bytes, 14, 40);
    putLittleEndian32(bytes, 18, static_cast<quint32>(width));
    putLittleEndian32(bytes, 22, static_cast<quint32>(height));
    bytes[26] = 1;   // planes
    bytes[28] = 24;  // bits per pixel
    putLittleEndian32(bytes, 34, static_cast<quint32>(pixelBytes));
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width * 3; ++x)
            bytes[static_cast<size_t>(headerBytes + y * rowBytes + x)] =
                static_cast<unsigned char>((seed * 31 + y * 7 + x * 13) & 0xff);
    }
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

store::ImageSize readBmpSize(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error("Could not open " + path.toStdString() + ".");
    const QByteArray header = file.read(26);
    if (header.size() < 26 || !header.startsWith("BM"))
        throw Error("Could not decode the image " + path.toStdString() + ": not a BMP file.");
    store::ImageSize size;
    size.width = qFromLittleEndian<qint32>(header.constData() + 18);
    size.height = std::abs(qFromLittleEndian<qint32>(header.constData() + 22));
    return size;
}

store::ImportOptions bmpImportOptions()
{
    store::ImportOptions options;
    options.readSize = readBmpSize;
    return options;
}

QString qstr(const std::filesystem::path& path)
{
    return QString::fromStdString(path.string());
}

bool isPrivileged()
{
    return geteuid() == 0;
}

int runUnprivileged(const std::function<int()>& check)
{
    if (!isPrivileged())
        return check();
    const pid_t child = fork();
    if (child == 0) {
        constexpr uid_t kNobody = 65534;
        if (setgid(kNobody) != 0 || setuid(kNobody) != 0)
            _exit(99);
        _exit(check());
    }
    int status = 0;
    waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 98;
}

}  // namespace fewshot::test
