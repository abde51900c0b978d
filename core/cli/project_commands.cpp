#include "cli/cli_common.h"
#include "cli/commands.h"

namespace fewshot::cli {

int runProject(const QStringList&)
{
    throw Error("the project commands are not built yet");
}

}  // namespace fewshot::cli
