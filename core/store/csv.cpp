#include "store/csv.h"

#include "base/error.h"

namespace fewshot::store::detail {
namespace {

bool isBlank(const QStringList& fields)
{
    return fields.size() == 1 && fields.first().trimmed().isEmpty();
}

}  // namespace

std::vector<CsvRow> parseCsv(const QByteArray& data, const QString& name)
{
    QString text = QString::fromUtf8(data);
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);

    std::vector<CsvRow> rows;
    CsvRow row{1, {}};
    QString field;
    bool quoted = false;
    int line = 1;
    int quoteLine = 0;
    auto endRow = [&]() {
        row.fields.append(field);
        field.clear();
        if (!isBlank(row.fields))
            rows.push_back(row);
        row = CsvRow{line, {}};
    };

    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                line += c == QLatin1Char('\n') ? 1 : 0;
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
            quoteLine = line;
        } else if (c == QLatin1Char(',')) {
            row.fields.append(field);
            field.clear();
        } else if (c == QLatin1Char('\n')) {
            ++line;
            endRow();
        } else if (c != QLatin1Char('\r')) {
            field += c;
        }
    }
    if (quoted)
        throw Error(QStringLiteral("%1 line %2: a quoted field is not closed. Add the closing "
                                   "double quote.")
                        .arg(name)
                        .arg(quoteLine)
                        .toStdString());
    if (!field.isEmpty() || !row.fields.isEmpty())
        endRow();
    return rows;
}

QString csvLine(const QStringList& fields)
{
    QStringList quoted;
    for (const QString& field : fields) {
        const bool needsQuotes = field.contains(QLatin1Char(',')) || field.contains(QLatin1Char('"'))
                                 || field.contains(QLatin1Char('\n'))
                                 || field.contains(QLatin1Char('\r'));
        if (!needsQuotes) {
            quoted.append(field);
            continue;
        }
        QString escaped = field;
        escaped.replace(QLatin1String("\""), QLatin1String("\"\""));
        quoted.append(QLatin1Char('"') + escaped + QLatin1Char('"'));
    }
    return quoted.join(QLatin1Char(',')) + QLatin1Char('\n');
}

}  // namespace fewshot::store::detail
