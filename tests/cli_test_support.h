#pragma once

// Runs the built `fewshot` program as a user would and captures its output.

#include "fixtures.h"

#include <QProcess>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace fewshot::test {

struct CommandResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};

inline CommandResult runFewshot(const QStringList& arguments, int timeoutMs = 120000)
{
    QProcess process;
    process.start(QStringLiteral(FEWSHOT_BIN_DIR "/fewshot"), arguments);
    CommandResult result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = "fewshot did not finish in time";
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput().toStdString();
    result.err = process.readAllStandardError().toStdString();
    return result;
}

inline QString qpath(const std::filesystem::path& path)
{
    return QString::fromStdString(path.string());
}

// Writes a 24-bit BMP of the given size, filled by `pixel(x, y)` as RGB.
template <typename PixelFunction>
void writeBmp(const std::filesystem::path& path, int width, int height, PixelFunction pixel)
{
    const int rowBytes = (width * 3 + 3) / 4 * 4;
    const uint32_t dataSize = static_cast<uint32_t>(rowBytes * height);
    std::string file(54, '\0');
    auto put32 = [&](size_t offset, uint32_t value) {
        for (int i = 0; i < 4; ++i)
            file[offset + i] = static_cast<char>((value >> (8 * i)) & 0xff);
    };
    file[0] = 'B';
    file[1] = 'M';
    put32(2, 54 + dataSize);
    put32(10, 54);
    put32(14, 40);
    put32(18, static_cast<uint32_t>(width));
    put32(22, static_cast<uint32_t>(height));
    file[26] = 1;
    file[28] = 24;
    put32(34, dataSize);
    for (int y = height - 1; y >= 0; --y) {  // BMP rows run bottom-up
        std::string row(static_cast<size_t>(rowBytes), '\0');
        for (int x = 0; x < width; ++x) {
            const auto [r, g, b] = pixel(x, y);
            row[x * 3] = static_cast<char>(b);
            row[x * 3 + 1] = static_cast<char>(g);
            row[x * 3 + 2] = static_cast<char>(r);
        }
        file += row;
    }
    std::ofstream(path, std::ios::binary) << file;
}

}  // namespace fewshot::test
