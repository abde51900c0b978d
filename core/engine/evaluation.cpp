#include "engine/evaluation.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

namespace fewshot::engine {
namespace {

EvaluationRun runOne(const FeatureDataset& dataset, const std::string& method, int shots, int seed,
                     const FitOptions& baseOptions,
                     const std::function<std::unique_ptr<FewShotMethod>(const std::string&)>& makeMethod)
{
    EvaluationRun run;
    run.method = method;
    run.shots = shots;
    run.seed = seed;
    const std::vector<int64_t> indices = supportIndices(dataset, shots, seed, &run.fixedSupport);
    std::vector<int64_t> labels;
    labels.reserve(indices.size());
    for (int64_t index : indices)
        labels.push_back(dataset.poolLabels[static_cast<size_t>(index)]);

    FitOptions options = baseOptions;
    options.seed = static_cast<uint64_t>(seed);
    const auto classifier = makeMethod(method);
    const auto start = std::chrono::steady_clock::now();
    classifier->fit(selectRows(dataset.poolFeatures, indices), labels, dataset.textPrototypes, options);
    run.fitSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    run.metrics = computeMetrics(classifier->predictProbabilities(dataset.testFeatures), dataset.testLabels);
    run.hyperparameters = classifier->hyperparameters();
    return run;
}

void meanAndStd(const std::vector<double>& values, double& mean, double& deviation)
{
    mean = 0.0;
    for (double value : values)
        mean += value;
    mean /= static_cast<double>(values.size());
    double squares = 0.0;
    for (double value : values)
        squares += (value - mean) * (value - mean);
    deviation = std::sqrt(squares / static_cast<double>(values.size()));
}

EvaluationSummary summarize(const std::vector<const EvaluationRun*>& runs)
{
    EvaluationSummary summary;
    summary.method = runs.front()->method;
    summary.shots = runs.front()->shots;
    summary.runs = static_cast<int>(runs.size());
    std::vector<double> accuracies;
    std::vector<double> f1Scores;
    const size_t classCount = runs.front()->metrics.confusion.size();
    summary.perClassRecallMean.assign(classCount, 0.0);
    summary.confusion.assign(classCount, std::vector<int64_t>(classCount, 0));
    for (const EvaluationRun* run : runs) {
        accuracies.push_back(run->metrics.accuracy);
        f1Scores.push_back(run->metrics.macroF1);
        summary.eceMean += run->metrics.expectedCalibrationError / static_cast<double>(runs.size());
        summary.fitSecondsMean += run->fitSeconds / static_cast<double>(runs.size());
        for (size_t c = 0; c < classCount; ++c) {
            summary.perClassRecallMean[c] += run->metrics.perClassRecall[c] / static_cast<double>(runs.size());
            for (size_t p = 0; p < classCount; ++p)
                summary.confusion[c][p] += run->metrics.confusion[c][p];
        }
    }
    meanAndStd(accuracies, summary.accuracyMean, summary.accuracyStd);
    meanAndStd(f1Scores, summary.macroF1Mean, summary.macroF1Std);
    return summary;
}

// JSON has no NaN; a class without test samples has a null recall.
nlohmann::json recallsToJson(const std::vector<double>& recalls)
{
    nlohmann::json values = nlohmann::json::array();
    for (double recall : recalls)
        values.push_back(std::isnan(recall) ? nlohmann::json() : nlohmann::json(recall));
    return values;
}

std::string formatPercent(double mean, double deviation)
{
    char text[48];
    std::snprintf(text, sizeof text, "%.1f ± %.1f", 100.0 * mean, 100.0 * deviation);
    return text;
}

}  // namespace

EvaluationReport runKShotEvaluation(const FeatureDataset& dataset, const EvaluationSettings& settings)
{
    EvaluationReport report;
    report.classNames = dataset.classNames;
    const auto makeMethod = [&](const std::string& name) {
        return settings.createMethod ? settings.createMethod(name) : createMethod(name);
    };
    for (const std::string& method : settings.methods)
        makeMethod(method);  // rejects unknown and image-only methods before any work

    for (const std::string& method : settings.methods) {
        for (int shots : settings.shots) {
            std::vector<const EvaluationRun*> group;
            const size_t first = report.runs.size();
            for (int seed : settings.seeds) {
                report.runs.push_back(runOne(dataset, method, shots, seed, settings.fitOptions, makeMethod));
                if (settings.runFinished)
                    settings.runFinished(method, shots, seed, report.runs.back().metrics);
            }
            for (size_t i = first; i < report.runs.size(); ++i)
                group.push_back(&report.runs[i]);
            report.summaries.push_back(summarize(group));
        }
    }
    return report;
}

nlohmann::json reportToJson(const EvaluationReport& report)
{
    nlohmann::json results = nlohmann::json::array();
    for (const EvaluationSummary& summary : report.summaries)
        results.push_back({
            {"method", summary.method},
            {"shots", summary.shots},
            {"runs", summary.runs},
            {"accuracy_mean", summary.accuracyMean},
            {"accuracy_std", summary.accuracyStd},
            {"macro_f1_mean", summary.macroF1Mean},
            {"macro_f1_std", summary.macroF1Std},
            {"ece_mean", summary.eceMean},
            {"fit_seconds_mean", summary.fitSecondsMean},
            {"per_class_recall_mean", recallsToJson(summary.perClassRecallMean)},
            {"confusion_matrix", summary.confusion},
        });
    nlohmann::json runs = nlohmann::json::array();
    for (const EvaluationRun& run : report.runs)
        runs.push_back({
            {"method", run.method},
            {"shots", run.shots},
            {"seed", run.seed},
            {"fixed_support", run.fixedSupport},
            {"accuracy", run.metrics.accuracy},
            {"macro_f1", run.metrics.macroF1},
            {"ece", run.metrics.expectedCalibrationError},
            {"per_class_recall", recallsToJson(run.metrics.perClassRecall)},
            {"confusion_matrix", run.metrics.confusion},
            {"fit_seconds", run.fitSeconds},
            {"hyperparameters", run.hyperparameters},
        });
    return {{"class_names", report.classNames},
            {"calibration_bins", 15},
            {"results", results},
            {"runs", runs}};
}

std::string markdownTable(const EvaluationReport& report)
{
    std::vector<int> shots;
    std::map<std::string, std::map<int, const EvaluationSummary*>> cells;
    std::vector<std::string> methods;
    for (const EvaluationSummary& summary : report.summaries) {
        if (cells.find(summary.method) == cells.end())
            methods.push_back(summary.method);
        if (std::find(shots.begin(), shots.end(), summary.shots) == shots.end())
            shots.push_back(summary.shots);
        cells[summary.method][summary.shots] = &summary;
    }

    std::string table = "| method |";
    std::string rule = "|---|";
    for (int k : shots) {
        table += " " + std::to_string(k) + "-shot |";
        rule += "---|";
    }
    table += "\n" + rule + "\n";
    for (const std::string& method : methods) {
        table += "| " + method + " |";
        for (int k : shots) {
            const auto found = cells[method].find(k);
            table += found == cells[method].end()
                         ? std::string(" |")
                         : " " + formatPercent(found->second->accuracyMean, found->second->accuracyStd) + " |";
        }
        table += "\n";
    }
    return table;
}

std::string csvTable(const EvaluationReport& report)
{
    std::string text = "method,shots,runs,accuracy_mean,accuracy_std,macro_f1_mean,ece_mean\n";
    char line[256];
    for (const EvaluationSummary& summary : report.summaries) {
        std::snprintf(line, sizeof line, "%s,%d,%d,%.6f,%.6f,%.6f,%.6f\n", summary.method.c_str(),
                      summary.shots, summary.runs, summary.accuracyMean, summary.accuracyStd,
                      summary.macroF1Mean, summary.eceMean);
        text += line;
    }
    return text;
}

}  // namespace fewshot::engine
