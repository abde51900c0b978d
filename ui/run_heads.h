#pragma once

// The classifier head of a GUI training run, stored in the project the way
// `fewshot train --project` stores it, so that `fewshot export --project`
// and later sessions can use it: head.safetensors bytes from
// engine::encodeHeadWeights and the JSON of engine::headDescriptionToJson.

#include "ui/project_requests.h"

#include "engine/classifier_head.h"
#include "engine/head_folder.h"

#include <QJsonObject>

namespace fewshot::ui {

QJsonObject headDescriptionToQJson(const engine::HeadDescription& description);

// Returns the record to store for `head`, whose description is `description`
// (as headDescriptionToQJson returns it). Throws Error when the description names no method.
store::RunHead encodeRunHead(const engine::ClassifierHead& head, const QJsonObject& description);

struct DecodedRunHead {
    engine::ClassifierHead head;
    engine::HeadDescription description;
};

// Decodes and checks a stored head. Throws Error naming the run when the
// weights or the description are invalid.
DecodedRunHead decodeRunHead(const StoredRunHead& stored);

}  // namespace fewshot::ui
