#pragma once

#include <QLoggingCategory>

// Log category of the project store: "fewshot.store".
Q_DECLARE_LOGGING_CATEGORY(lcStore)
