#include <QApplication>
#include <QLabel>
#include <QMainWindow>

// NOTE: a placeholder window until the desktop application's views exist.
int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("FewShot Studio"));
    QApplication::setApplicationVersion(QStringLiteral(FEWSHOT_VERSION));

    QMainWindow window;
    window.setWindowTitle(QStringLiteral("FewShot Studio"));
    auto* label = new QLabel(QObject::tr("FewShot Studio %1: the desktop views are not built yet. "
                                         "Use the fewshot command line meanwhile.")
                                 .arg(QApplication::applicationVersion()));
    label->setAlignment(Qt::AlignCenter);
    window.setCentralWidget(label);
    window.resize(900, 600);
    window.show();
    return app.exec();
}
