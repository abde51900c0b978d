// Harness for label CSV import into a project.

#include "fuzz_support.h"
#include "harnesses.h"

#include "base/error.h"
#include "store/csv.h"
#include "store/project_import.h"
#include "store/project_store.h"

#include <QCoreApplication>
#include <QDir>

#include <fstream>
#include <memory>

namespace fewshot::fuzz {
namespace {

// Thrown at the end of each import to roll the project back, so every
// input starts from the same project.
struct RollBack {};

// A project with two classes next to three small files, in a folder that
// CSV paths are resolved against. Created once per process.
struct CsvSandbox {
    std::filesystem::path folder;
    std::unique_ptr<store::ProjectStore> project;

    CsvSandbox()
    {
        // QtSql loads its SQLite driver as a plugin, which needs an application object.
        if (!QCoreApplication::instance()) {
            static int argc = 1;
            static char name[] = "fewshot-fuzz";
            static char* argv[] = {name, nullptr};
            new QCoreApplication(argc, argv);
        }
        folder = scratchFolder() / "csv";
        std::filesystem::create_directories(folder / "sub");
        for (const char* file : {"a.png", "b.jpg", "sub/c.bmp"})
            std::ofstream(folder / file) << "image bytes of " << file;
        project = store::ProjectStore::create(QString::fromStdString((folder / "labels.fewshot").string()));
        project->ensureClass(QStringLiteral("cat"));
        project->ensureClass(QStringLiteral("dog"));
    }

    // Reads no file outside the sandbox: a fuzzed CSV may name any path on
    // the machine, and hashing large system files would only slow fuzzing.
    store::ImageSize readSize(const QString& path) const
    {
        const QString root = QString::fromStdString(folder.string()) + QLatin1Char('/');
        if (!path.startsWith(root))
            throw Error(path.toStdString() + ": outside the fuzz sandbox");
        return {1, 1};
    }
};

CsvSandbox& sandbox()
{
    static CsvSandbox instance;
    return instance;
}

}  // namespace

int fuzzCsvImport(const uint8_t* data, size_t size)
{
    CsvSandbox& box = sandbox();
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    try {
        store::detail::parseCsv(bytes, QStringLiteral("fuzz.csv"));
    } catch (const Error&) {
    }

    const auto csv = writeScratchFile("csv/labels.csv", asText(data, size));
    store::ImportOptions options;
    options.readSize = [&box](const QString& path) { return box.readSize(path); };
    // The first byte chooses the mode, so both paths are fuzzed.
    options.createClasses = size > 0 && (data[0] & 1);
    try {
        box.project->transaction(QStringLiteral("fuzz import"), [&] {
            store::importCsv(*box.project, QString::fromStdString(csv.string()), options);
            throw RollBack{};
        });
    } catch (const Error&) {
    } catch (const RollBack&) {
    }
    return 0;
}

}  // namespace fewshot::fuzz
