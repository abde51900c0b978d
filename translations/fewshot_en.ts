<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>fewshot::cli::Cli</name>
    <message numerus="yes">
        <source>Added %n image(s).</source>
        <translation>
            <numerusform>Added %n image.</numerusform>
            <numerusform>Added %n images.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) were already in the project.</source>
        <translation>
            <numerusform>%n image was already in the project.</numerusform>
            <numerusform>%n images were already in the project.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n label(s).</source>
        <translation>
            <numerusform>Wrote %n label.</numerusform>
            <numerusform>Wrote %n labels.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) already had a different label and kept it.</source>
        <translation>
            <numerusform>%n image already had a different label and kept it.</numerusform>
            <numerusform>%n images already had a different label and kept it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n unreadable file(s); the others were added.</source>
        <translation>
            <numerusform>Skipped %n unreadable file; the others were added.</numerusform>
            <numerusform>Skipped %n unreadable files; the others were added.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n labeled image(s) to %1.</source>
        <translation>
            <numerusform>Exported %n labeled image to %1.</numerusform>
            <numerusform>Exported %n labeled images to %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Relinked %1 of %n missing image(s); %2 still missing.</source>
        <translation>
            <numerusform>Relinked %1 of %n missing image; %2 still missing.</numerusform>
            <numerusform>Relinked %1 of %n missing images; %2 still missing.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(own templates for %n class(es))</source>
        <translation>
            <numerusform>(own templates for %n class)</numerusform>
            <numerusform>(own templates for %n classes)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The template set &apos;%1&apos; (%n template(s)) is now active in %2.</source>
        <translation>
            <numerusform>The template set '%1' (%n template) is now active in %2.</numerusform>
            <numerusform>The template set '%1' (%n templates) is now active in %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The project %1 has %n class(es), but training and evaluation need at least two. Add labeled images of each class with &apos;fewshot project add %1 --class NAME IMAGE...&apos;.</source>
        <translation>
            <numerusform>The project %1 has %n class, but training and evaluation need at least two. Add labeled images of each class with 'fewshot project add %1 --class NAME IMAGE...'.</numerusform>
            <numerusform>The project %1 has %n classes, but training and evaluation need at least two. Add labeled images of each class with 'fewshot project add %1 --class NAME IMAGE...'.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The class %1 of the project %2 has %n labeled image(s) that could be read, but the evaluation needs at least 2 per class. Label more images of it.</source>
        <translation>
            <numerusform>The class %1 of the project %2 has %n labeled image that could be read, but the evaluation needs at least 2 per class. Label more images of it.</numerusform>
            <numerusform>The class %1 of the project %2 has %n labeled images that could be read, but the evaluation needs at least 2 per class. Label more images of it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The class %1 of the project %2 has %n image(s) to train on, fewer than --shots %3. Label more images of it or lower --shots.</source>
        <translation>
            <numerusform>The class %1 of the project %2 has %n image to train on, fewer than --shots %3. Label more images of it or lower --shots.</numerusform>
            <numerusform>The class %1 of the project %2 has %n images to train on, fewer than --shots %3. Label more images of it or lower --shots.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Run %1: %2 trained on %n image(s), training accuracy %3.
</source>
        <translation>
            <numerusform>Run %1: %2 trained on %n image, training accuracy %3.
</numerusform>
            <numerusform>Run %1: %2 trained on %n images, training accuracy %3.
</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accuracy on the %n other labeled image(s): %1.
</source>
        <translation>
            <numerusform>Accuracy on the %n other labeled image: %1.
</numerusform>
            <numerusform>Accuracy on the %n other labeled images: %1.
</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n second</numerusform>
            <numerusform>%n seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Fine-tuning %1 (%2, %3) on %n image(s) for up to %4 epochs. Estimated time on this machine: about %5.
</source>
        <translation>
            <numerusform>Fine-tuning %1 (%2, %3) on %n image for up to %4 epochs. Estimated time on this machine: about %5.
</numerusform>
            <numerusform>Fine-tuning %1 (%2, %3) on %n images for up to %4 epochs. Estimated time on this machine: about %5.
</numerusform>
        </translation>
    </message>
</context>
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
    <message numerus="yes">
        <source>Move %n example(s) to %1</source>
        <translation>
            <numerusform>Move %n example to %1</numerusform>
            <numerusform>Move %n examples to %1</numerusform>
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
    <message numerus="yes">
        <source>Remove %n image(s) from the project</source>
        <translation>
            <numerusform>Remove %n image from the project</numerusform>
            <numerusform>Remove %n images from the project</numerusform>
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
        <source>Imported %n image(s) from the class folders in %1 as examples.</source>
        <translation>
            <numerusform>Imported %n image from the class folders in %1 as examples.</numerusform>
            <numerusform>Imported %n images from the class folders in %1 as examples.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n label(s) from %1.</source>
        <translation>
            <numerusform>Imported %n label from %1.</numerusform>
            <numerusform>Imported %n labels from %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) were in the project already.</source>
        <translation>
            <numerusform>%n image was in the project already.</numerusform>
            <numerusform>%n images were in the project already.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Found %1 of the %n missing image(s) in %2 and stored their new paths. %3 are still missing: relink them from another folder, or remove them.</source>
        <translation>
            <numerusform>Found %1 of the %n missing image in %2 and stored their new paths. %3 are still missing: relink them from another folder, or remove them.</numerusform>
            <numerusform>Found %1 of the %n missing images in %2 and stored their new paths. %3 are still missing: relink them from another folder, or remove them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) already had a different label and kept it.</source>
        <translation>
            <numerusform>%n image already had a different label and kept it.</numerusform>
            <numerusform>%n images already had a different label and kept it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n file(s) that could not be read. First problem: %1</source>
        <translation>
            <numerusform>Skipped %n file that could not be read. First problem: %1</numerusform>
            <numerusform>Skipped %n files that could not be read. First problem: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Found the %n missing image(s) in %1 and stored the new paths.</source>
        <translation>
            <numerusform>Found the %n missing image in %1 and stored the new paths.</numerusform>
            <numerusform>Found the %n missing images in %1 and stored the new paths.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Could not find %n image(s) of this project at the stored paths, for example because their folder was moved. Their labels are kept. To find them, choose the folder they are in now.</source>
        <translation>
            <numerusform>Could not find %n image of this project at the stored paths, for example because their folder was moved. Their labels are kept. To find them, choose the folder they are in now.</numerusform>
            <numerusform>Could not find %n images of this project at the stored paths, for example because their folder was moved. Their labels are kept. To find them, choose the folder they are in now.</numerusform>
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
