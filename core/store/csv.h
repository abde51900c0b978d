#pragma once

// Internal to the store: reading and writing CSV (RFC 4180).

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

namespace fewshot::store::detail {

struct CsvRow {
    int line = 0;  // 1-based line where the row starts
    QStringList fields;
};

// Parses UTF-8 CSV text: comma-separated, fields optionally in double quotes
// with "" for a quote, LF or CRLF line ends, an optional byte order mark.
// Blank lines are skipped. Throws Error naming `name` and the line of an
// unterminated quote.
std::vector<CsvRow> parseCsv(const QByteArray& data, const QString& name);

// One CSV line with a trailing "\n"; fields with a comma, quote or line
// break are quoted.
QString csvLine(const QStringList& fields);

}  // namespace fewshot::store::detail
