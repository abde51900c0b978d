#pragma once

#include "ui/training_types.h"

#include "store/store_types.h"
#include "widgets/training_plot.h"

#include <vector>

namespace fewshot::ui {

struct CurvePoint {
    widgets::TrainingPlot::Metric metric;
    double x = 0.0;
    double y = 0.0;
};

// Turns a job's progress reports into plot points with one x axis for all
// methods: fine-tuning losses by epoch, cross-validation losses and
// accuracies by candidate (held-out folds), then the measurements after the
// fit (support set and labeled images) at the end of the curves.
// Tip-Adapter-F fine-tunes once per cross-fitting fold before its final fit,
// so its epochs start over several times. Each new start replaces the
// training-loss curve, which therefore ends showing the final fit.
class LiveCurves {
public:
    // Returns the points to add; `restart` is set when the training-loss
    // curve must be cleared before they are added.
    std::vector<CurvePoint> add(const TrainingPoint& point, bool* restart);
    // The measurements after the fit. `restart` is set when the training-loss
    // curve must be cleared first: a Tip-Adapter-F fit that chose zero epochs
    // kept its cache untouched, so the last fold's epochs do not describe it.
    std::vector<CurvePoint> finish(const TrainingOutcome& outcome, bool* restart) const;

private:
    double endX() const;

    int lastEpoch_ = 0;
    int validationReports_ = 0;
    bool hasTrainingLoss_ = false;
};

// The same curves rebuilt from a run stored in the project: the validation
// losses by candidate, the final fit's epochs (the last "epochs" training
// losses of a Tip-Adapter-F run) and the measurements after the fit.
std::vector<CurvePoint> storedRunCurves(const store::TrainingRun& run);

}  // namespace fewshot::ui
