#pragma once

// The demo CLIP model and the sample project that ship with the program, so
// that a first start shows a working project before the user has a real
// checkpoint. The demo model is trained by `fewshot pretrain` on generated
// images only (resources/models/README.md).

#include <QString>
#include <QStringList>

namespace fewshot::ui {

// File name of the project inside the demo project folder.
extern const QString kDemoProjectFileName;

struct DemoResources {
    QString modelFolder;    // the demo CLIP checkpoint; empty when not found
    QString projectFolder;  // the shipped demo project, possibly read-only; empty when not found
    QStringList searched;   // the folders looked in, for the message when something is missing
};

// Looks for the demo model and project installed beside the program
// (<prefix>/share/fewshot-studio, found relative to the executable), and
// then in the source tree the program was built from, for runs from a
// build folder.
DemoResources findDemoResources();

// True when `folder` contains a model trained on generated demo images: its
// training.json, written by `fewshot pretrain`, names the "demo" generator.
bool isDemoModel(const QString& folder);

// The per-user folder that the shipped demo project is copied to:
// QStandardPaths::AppDataLocation/demo-project.
QString demoProjectCopyFolder();

struct DemoProjectCopy {
    QString projectFile;  // the copy's project file; empty on failure
    QString error;        // a sentence for the user when it failed
};

// Returns the project file of the copy of `shippedFolder` in `copyFolder`,
// copying the whole folder first when `copyFolder` does not exist. A copy
// that exists is used as it is, so the user's changes to the demo project
// are kept. The copy is written under a temporary name and renamed when
// complete, and its files are writable even when the shipped ones are not.
// `shippedFolder` is only read.
DemoProjectCopy copyDemoProject(const QString& shippedFolder, const QString& copyFolder);

}  // namespace fewshot::ui
