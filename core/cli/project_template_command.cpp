// `fewshot project templates`: list a project's prompt template sets, or
// create or replace one and make it the active set.

#include "cli/cli_common.h"
#include "cli/project_subcommand.h"

#include "demo/demo_generator.h"
#include "store/project_store.h"

#include <QCommandLineParser>

#include <optional>

namespace fewshot::cli {
namespace {

void printTemplateSets(const store::ProjectStore& project)
{
    const std::vector<store::TemplateSet> sets = project.templateSets();
    if (sets.empty()) {
        printOut(Cli::tr("Template sets: none") + QLatin1Char('\n'));
        return;
    }
    const std::optional<qint64> active = project.activeTemplateSetId();
    printOut(Cli::tr("Template sets (* marks the active set):") + QLatin1Char('\n'));
    for (const store::TemplateSet& set : sets) {
        QString line = (active == set.id ? QStringLiteral("* ") : QStringLiteral("  ")) + set.name;
        if (!set.classOverrides.isEmpty())
            line += QStringLiteral("  ")
                    + Cli::tr("(own templates for %n class(es))", nullptr, static_cast<int>(set.classOverrides.size()));
        printOut(line + QLatin1Char('\n'));
        for (const QString& text : set.templates)
            printOut(QStringLiteral("      ") + text + QLatin1Char('\n'));
    }
}

QStringList demoTemplates()
{
    QStringList templates;
    for (const std::string& text : demo::defaultTemplates())
        templates.append(QString::fromStdString(text));
    return templates;
}

}  // namespace

int runProjectTemplates(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Cli::tr("List the prompt template sets of a project. With --set, create the named set or replace "
                "its templates, and make it the active set. {} in a template marks the class name."));
    parser.addPositionalArgument(QStringLiteral("FILE"), Cli::tr("The project file."));
    parser.addOption({QStringLiteral("set"), Cli::tr("The template set to create or replace."),
                      QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("template"), Cli::tr("A template of that set (repeat for several)."),
                      QStringLiteral("T")});
    parser.addOption({QStringLiteral("demo"),
                      Cli::tr("Use the templates of the demo model that 'fewshot pretrain' trains.")});
    if (!parseSubcommand(parser, arguments, QStringLiteral("templates")))
        return ExitSuccess;
    const QString file = positionals(parser, 1, 1, QStringLiteral("templates"), QStringLiteral("FILE")).at(0);
    const bool demo = parser.isSet(QStringLiteral("demo"));
    const QStringList templateOptions = parser.values(QStringLiteral("template"));
    const QString name = parser.value(QStringLiteral("set")).trimmed();

    if (!parser.isSet(QStringLiteral("set"))) {
        if (demo || !templateOptions.isEmpty())
            throw UsageError(Cli::tr("--template and --demo need --set NAME, the set to write"));
        const auto project = store::ProjectStore::open(file, store::OpenMode::ReadOnly);
        printTemplateSets(*project);
        return ExitSuccess;
    }
    if (name.isEmpty())
        throw UsageError(Cli::tr("--set needs a name, such as --set demo"));
    if (demo == !templateOptions.isEmpty())
        throw UsageError(Cli::tr("give either --template T (repeatable) or --demo"));
    const QStringList templates = demo ? demoTemplates() : templateOptions;
    for (const QString& text : templates) {
        if (!text.contains(QStringLiteral("{}")))
            printError(Cli::tr("warning: the template '%1' has no {}, so it gives the same prompt for every class")
                           .arg(text));
    }

    const auto project = store::ProjectStore::open(file);
    std::optional<qint64> setId;
    for (const store::TemplateSet& set : project->templateSets()) {
        if (set.name == name)
            setId = set.id;
    }
    project->transaction(QStringLiteral("write the template set '%1'").arg(name), [&] {
        if (setId)
            project->updateTemplateSet(*setId, name, templates);
        else
            setId = project->addTemplateSet(name, templates).id;
        project->setActiveTemplateSet(setId);
    });
    printOut(Cli::tr("The template set '%1' (%n template(s)) is now active in %2.", nullptr,
                     static_cast<int>(templates.size()))
                 .arg(name, project->file())
             + QLatin1Char('\n'));
    return ExitSuccess;
}

}  // namespace fewshot::cli
