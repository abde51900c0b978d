#pragma once

// Helpers shared by the studio flow tests: generated images, the fixture
// model, and waiting for the project thread.

#include "ui/main_window.h"
#include "ui/project_snapshot.h"

#include <QString>
#include <QStringList>

#include <functional>

class QMimeData;
class QWidget;

namespace fewshot::test {

// The tiny CLIP checkpoint of the reference fixtures; empty when absent.
QString fixtureModelFolder();

// Writes `count` PNG images of `width` x `height` under `folder`, named
// "<prefix>-<n>.png", in a colour that depends on `hue`.
QStringList writeImages(const QString& folder, const QString& prefix, int count, int hue,
                        int width = 48, int height = 48);

// Sends a drag enter and a drop of `paths` to `target`, as a file manager does.
void dropFiles(QWidget* target, const QStringList& paths);

// Processes events until `condition` is true or `milliseconds` pass.
bool waitUntil(const std::function<bool()>& condition, int milliseconds = 10000);

// Creates a project in `folder` and waits until it is open.
bool createProject(ui::MainWindow& window, const QString& folder);

// Adds classes by name and waits until they are in the snapshot.
bool addClasses(ui::MainWindow& window, const QStringList& names);

// Loads the fixture model and waits for it.
bool loadFixtureModel(ui::MainWindow& window);

// Waits until the project thread has handled every request and its last
// snapshot has reached the window.
void settleProject(ui::MainWindow& window);

ui::SnapshotPtr snapshotOf(const ui::MainWindow& window);

}  // namespace fewshot::test
