<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>fewshot::ui::ClassesPanel</name>
    <message numerus="yes">
        <source>%n example(s), %1 labeled in all</source>
        <translation>
            <numerusform>%n example, %1 labeled in all</numerusform>
            <numerusform>%n examples, %1 labeled in all</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete the class %1? Its %n label(s) will be removed as well. Edit &gt; Undo brings them back.</source>
        <translation>
            <numerusform>Delete the class %1? Its %n label will be removed as well. Edit &gt; Undo brings them back.</numerusform>
            <numerusform>Delete the class %1? Its %n labels will be removed as well. Edit &gt; Undo brings them back.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fewshot::ui::EvaluationPage</name>
    <message numerus="yes">
        <source>Finished %1 with %n shot(s), seed %2: %3 % accuracy.</source>
        <translation>
            <numerusform>Finished %1 with %n shot, seed %2: %3 % accuracy.</numerusform>
            <numerusform>Finished %1 with %n shots, seed %2: %3 % accuracy.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n shot(s)</source>
        <translation>
            <numerusform>%n shot</numerusform>
            <numerusform>%n shots</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accuracy in percent, mean ± standard deviation over %n seed(s).</source>
        <translation>
            <numerusform>Accuracy in percent, mean ± standard deviation over %n seed.</numerusform>
            <numerusform>Accuracy in percent, mean ± standard deviation over %n seeds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fewshot::ui::ExportDialog</name>
    <message numerus="yes">
        <source>Exported %n labeled image(s) to %1.</source>
        <translation>
            <numerusform>Exported %n labeled image to %1.</numerusform>
            <numerusform>Exported %n labeled images to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fewshot::ui::LabelingPage</name>
    <message numerus="yes">
        <source>Label %n image(s) as %1</source>
        <translation>
            <numerusform>Label %n image as %1</numerusform>
            <numerusform>Label %n images as %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accept %n prediction(s)</source>
        <translation>
            <numerusform>Accept %n prediction</numerusform>
            <numerusform>Accept %n predictions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Clear %n label(s)</source>
        <translation>
            <numerusform>Clear %n label</numerusform>
            <numerusform>Clear %n labels</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s), %1 unlabeled</source>
        <translation>
            <numerusform>%n image, %1 unlabeled</numerusform>
            <numerusform>%n images, %1 unlabeled</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fewshot::ui::MainWindow</name>
    <message numerus="yes">
        <source>%n job(s) are still running. Cancel them and quit?</source>
        <translation>
            <numerusform>%n job is still running. Cancel them and quit?</numerusform>
            <numerusform>%n jobs are still running. Cancel them and quit?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Added %n image(s) to the pool.</source>
        <translation>
            <numerusform>Added %n image to the pool.</numerusform>
            <numerusform>Added %n images to the pool.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Added %n example(s) to %1.</source>
        <translation>
            <numerusform>Added %n example to %1.</numerusform>
            <numerusform>Added %n examples to %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 %n file(s) could not be read and were skipped. First problem: %2</source>
        <translation>
            <numerusform>%1 %n file could not be read and were skipped. First problem: %2</numerusform>
            <numerusform>%1 %n files could not be read and were skipped. First problem: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fewshot::ui::PredictionController</name>
    <message numerus="yes">
        <source>%n image(s) could not be read and get no prediction. First problem: %1</source>
        <translation>
            <numerusform>%n image could not be read and get no prediction. First problem: %1</numerusform>
            <numerusform>%n images could not be read and get no prediction. First problem: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fewshot::ui::ProjectController</name>
    <message numerus="yes">
        <source>Add %n image(s) to the pool</source>
        <translation>
            <numerusform>Add %n image to the pool</numerusform>
            <numerusform>Add %n images to the pool</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Add %n example(s) to %1</source>
        <translation>
            <numerusform>Add %n example to %1</numerusform>
            <numerusform>Add %n examples to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fewshot::ui::RunHistoryPanel</name>
    <message numerus="yes">
        <source>Delete %n training run(s) with their curves from the project? This cannot be undone.</source>
        <translation>
            <numerusform>Delete %n training run with their curves from the project? This cannot be undone.</numerusform>
            <numerusform>Delete %n training runs with their curves from the project? This cannot be undone.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fewshot::ui::StatusPanel</name>
    <message numerus="yes">
        <source>%n running job(s)</source>
        <translation>
            <numerusform>%n running job</numerusform>
            <numerusform>%n running jobs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Embeddings: %1 of %n image(s), %2 cached</source>
        <translation>
            <numerusform>Embeddings: %1 of %n image, %2 cached</numerusform>
            <numerusform>Embeddings: %1 of %n images, %2 cached</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fewshot::ui::TemplateComparisonPage</name>
    <message numerus="yes">
        <source>Scoring %n candidate(s) on the labeled images…</source>
        <translation>
            <numerusform>Scoring %n candidate on the labeled images…</numerusform>
            <numerusform>Scoring %n candidates on the labeled images…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Zero-shot accuracy on %n labeled image(s). The best candidate is highlighted.</source>
        <translation>
            <numerusform>Zero-shot accuracy on %n labeled image. The best candidate is highlighted.</numerusform>
            <numerusform>Zero-shot accuracy on %n labeled images. The best candidate is highlighted.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fewshot::ui::TrainingPage</name>
    <message numerus="yes">
        <source>%1 on %n image(s)</source>
        <translation>
            <numerusform>%1 on %n image</numerusform>
            <numerusform>%1 on %n images</numerusform>
        </translation>
    </message>
</context>
</TS>
