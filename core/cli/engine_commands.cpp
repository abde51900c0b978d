#include "cli/cli_common.h"
#include "cli/commands.h"

namespace fewshot::cli {

int runTrain(const QStringList&) { throw Error("training is not built yet"); }
int runEvaluate(const QStringList&) { throw Error("evaluation is not built yet"); }
int runExport(const QStringList&) { throw Error("head export is not built yet"); }
int runPredict(const QStringList&) { throw Error("prediction with a head is not built yet"); }

}  // namespace fewshot::cli
