<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>fewshot::cli::Cli</name>
    <message>
        <source>Write a Hugging Face CLIP folder with random weights of a published architecture&apos;s shapes, and a byte-level vocabulary, for benchmarks and tests. It predicts nothing meaningful.</source>
        <translation>按公开架构的张量形状写出随机权重的 Hugging Face CLIP 文件夹，并附带字节级词表，用于性能测试和测试。它的预测没有实际意义。</translation>
    </message>
    <message>
        <source>ViT-B/32, ViT-B/16, ViT-L/14 or ViT-L/14-336.</source>
        <translation>ViT-B/32、ViT-B/16、ViT-L/14 或 ViT-L/14-336。</translation>
    </message>
    <message>
        <source>Folder to write (created if missing).</source>
        <translation>要写入的文件夹（不存在时自动创建）。</translation>
    </message>
    <message>
        <source>Random seed (default: 0).</source>
        <translation>随机种子（默认：0）。</translation>
    </message>
    <message>
        <source>--arch NAME is required</source>
        <translation>必须指定 --arch NAME</translation>
    </message>
    <message>
        <source>%1: cannot create the folder</source>
        <translation>%1：无法创建该文件夹</translation>
    </message>
    <message>
        <source>Wrote a random %1 checkpoint to %2
</source>
        <translation>已将随机权重的 %1 检查点写入 %2
</translation>
    </message>
    <message>
        <source>Measure model load time, image and prompt encoding speed, achieved GFLOP/s against a plain matrix product, and peak memory.</source>
        <translation>测量模型加载时间、图像和提示的编码速度、相对普通矩阵乘法实际达到的 GFLOP/s，以及峰值内存。</translation>
    </message>
    <message>
        <source>Images to encode (default: 16).</source>
        <translation>要编码的图像数（默认：16）。</translation>
    </message>
    <message>
        <source>Prompts to encode (default: 30).</source>
        <translation>要编码的提示数（默认：30）。</translation>
    </message>
    <message>
        <source>Tokens per prompt, start and end included (default: 10).</source>
        <translation>每个提示的词元数，含起始和结束词元（默认：10）。</translation>
    </message>
    <message>
        <source>Show a CLIP checkpoint&apos;s architecture, parameter count, dtype and device</source>
        <translation>显示 CLIP 检查点的架构、参数量、数据类型和计算设备</translation>
    </message>
    <message>
        <source>Print the CLIP token ids of texts</source>
        <translation>输出文本的 CLIP 词元 ID</translation>
    </message>
    <message>
        <source>Write the preprocessed pixel tensors of images to a .npy file</source>
        <translation>将图像预处理后的像素张量写入 .npy 文件</translation>
    </message>
    <message>
        <source>Write image or text embeddings to a .npy file</source>
        <translation>将图像或文本嵌入写入 .npy 文件</translation>
    </message>
    <message>
        <source>Classify images by class names and prompt templates</source>
        <translation>按类别名称和提示模板对图像分类</translation>
    </message>
    <message>
        <source>Write a checkpoint with random weights of a published architecture</source>
        <translation>写出公开架构的随机权重检查点</translation>
    </message>
    <message>
        <source>Measure encoding speed and memory of a checkpoint</source>
        <translation>测量检查点的编码速度和内存占用</translation>
    </message>
    <message>
        <source>Create, fill, import into, export and inspect a project file</source>
        <translation>创建、填充、导入、导出和查看项目文件</translation>
    </message>
    <message>
        <source>Train a few-shot classifier head</source>
        <translation>训练少样本分类头</translation>
    </message>
    <message>
        <source>Run the k-shot evaluation protocol</source>
        <translation>运行 k-shot 评估流程</translation>
    </message>
    <message>
        <source>Export a trained run of a project as a classifier head folder</source>
        <translation>将项目中一次已完成的训练导出为分类头文件夹</translation>
    </message>
    <message>
        <source>Classify images with an exported classifier head</source>
        <translation>用导出的分类头对图像分类</translation>
    </message>
    <message>
        <source>Write generated demo images, one folder per defect class</source>
        <translation>写出生成的演示图像，每个缺陷类别一个文件夹</translation>
    </message>
    <message>
        <source>Train the small demo CLIP from random weights on generated data</source>
        <translation>在生成数据上从随机权重训练小型演示 CLIP</translation>
    </message>
    <message>
        <source>Measure zero-shot and few-shot accuracy on generated demo images</source>
        <translation>在生成的演示图像上测量零样本和少样本准确率</translation>
    </message>
    <message>
        <source>Usage: fewshot COMMAND [OPTIONS] [ARGUMENTS]
Few-shot image classification with CLIP models.

Commands:
</source>
        <translation>用法：fewshot COMMAND [OPTIONS] [ARGUMENTS]
基于 CLIP 模型的少样本图像分类。

命令：
</translation>
    </message>
    <message>
        <source>
Run &apos;fewshot COMMAND --help&apos; for the options of a command.
</source>
        <translation>
运行 &apos;fewshot COMMAND --help&apos; 查看某个命令的选项。
</translation>
    </message>
    <message>
        <source>no command given</source>
        <translation>未指定命令</translation>
    </message>
    <message>
        <source>Run &apos;fewshot %1 --help&apos; for usage.
</source>
        <translation>运行 &apos;fewshot %1 --help&apos; 查看用法。
</translation>
    </message>
    <message>
        <source>unknown command &apos;%1&apos;</source>
        <translation>未知命令 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>Run &apos;fewshot --help&apos; for the list of commands.
</source>
        <translation>运行 &apos;fewshot --help&apos; 查看命令列表。
</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>显示本帮助。</translation>
    </message>
    <message>
        <source>--%1 must be an integer from %2 to %3, got &apos;%4&apos;</source>
        <translation>--%1 必须是 %2 到 %3 之间的整数，实际为 &apos;%4&apos;</translation>
    </message>
    <message>
        <source>CLIP checkpoint folder (Hugging Face or OpenCLIP layout).</source>
        <translation>CLIP 检查点文件夹（Hugging Face 或 OpenCLIP 格式）。</translation>
    </message>
    <message>
        <source>CPU threads for the model (default: all cores).</source>
        <translation>模型使用的 CPU 线程数（默认：全部核心）。</translation>
    </message>
    <message>
        <source>cpu, cuda or auto (default: auto, CUDA when available).</source>
        <translation>cpu、cuda 或 auto（默认：auto，有 CUDA 时使用 CUDA）。</translation>
    </message>
    <message>
        <source>float32, bfloat16 or float16 (CUDA only) (default: float32).</source>
        <translation>float32、bfloat16 或 float16（仅限 CUDA）（默认：float32）。</translation>
    </message>
    <message>
        <source>Reject images larger than this many million pixels before decoding (default: 100).</source>
        <translation>解码前拒绝超过该百万像素数的图像（默认：100）。</translation>
    </message>
    <message>
        <source>Folder with vocab.json and merges.txt, when the model folder has none.</source>
        <translation>模型文件夹中没有 vocab.json 和 merges.txt 时，包含这两个文件的文件夹。</translation>
    </message>
    <message>
        <source>--generator NAME is required; the only generator is &apos;demo&apos;</source>
        <translation>必须指定 --generator NAME；目前唯一的生成器是 &apos;demo&apos;</translation>
    </message>
    <message>
        <source>unknown generator &apos;%1&apos;; the only generator is &apos;demo&apos;</source>
        <translation>未知生成器 &apos;%1&apos;；目前唯一的生成器是 &apos;demo&apos;</translation>
    </message>
    <message>
        <source>--%1 must be a number from %2 to %3, got &apos;%4&apos;</source>
        <translation>--%1 必须是 %2 到 %3 之间的数，实际为 &apos;%4&apos;</translation>
    </message>
    <message>
        <source>The data generator: demo.</source>
        <translation>数据生成器：demo。</translation>
    </message>
    <message>
        <source>Optimizer steps (default: %1).</source>
        <translation>优化器步数（默认：%1）。</translation>
    </message>
    <message>
        <source>Image-caption pairs per step (default: %1).</source>
        <translation>每步的图像-描述对数（默认：%1）。</translation>
    </message>
    <message>
        <source>Steps of linear learning-rate warm-up (default: %1).</source>
        <translation>学习率线性预热的步数（默认：%1）。</translation>
    </message>
    <message>
        <source>Peak AdamW learning rate (default: %1).</source>
        <translation>AdamW 峰值学习率（默认：%1）。</translation>
    </message>
    <message>
        <source>Seed of the generated training data and initial weights (default: 0).</source>
        <translation>生成训练数据和初始权重的随机种子（默认：0）。</translation>
    </message>
    <message>
        <source>CPU threads for training (default: all cores).</source>
        <translation>训练使用的 CPU 线程数（默认：全部核心）。</translation>
    </message>
    <message>
        <source>Width of both transformer towers (default: %1).</source>
        <translation>两个 Transformer 塔的宽度（默认：%1）。</translation>
    </message>
    <message>
        <source>Layers per tower (default: %1).</source>
        <translation>每个塔的层数（默认：%1）。</translation>
    </message>
    <message>
        <source>Stop training after this many minutes and write the model as it is (default: no limit).</source>
        <translation>训练达到该分钟数后停止，并按当时的状态写出模型（默认：不限时）。</translation>
    </message>
    <message>
        <source>Write generated images as DIR/&lt;class name&gt;/NNNNNN.png, one folder per defect class, balanced. The folder names are the class names to use for zero-shot classification.</source>
        <translation>将生成的图像写为 DIR/&lt;类别名&gt;/NNNNNN.png，每个缺陷类别一个文件夹，各类别数量均衡。文件夹名即零样本分类时使用的类别名。</translation>
    </message>
    <message>
        <source>Number of images (default: 800).</source>
        <translation>图像数量（默认：800）。</translation>
    </message>
    <message>
        <source>Seed; equal seeds give equal images (default: 0).</source>
        <translation>随机种子；种子相同则图像相同（默认：0）。</translation>
    </message>
    <message>
        <source>Wrote %1 images of %2 classes to %3
</source>
        <translation>已将 %2 个类别的 %1 张图像写入 %3
</translation>
    </message>
    <message>
        <source>Train a small CLIP from random weights on generated image-caption pairs and write it as a Hugging Face CLIPModel folder with its tokenizer (a BPE vocabulary learned from the captions).</source>
        <translation>在生成的图像-描述对上从随机权重训练一个小型 CLIP，并连同分词器（从描述文本学得的 BPE 词表）写为 Hugging Face CLIPModel 文件夹。</translation>
    </message>
    <message>
        <source>warning: the time limit stopped training after %1 of %2 steps; the model was written as it was then</source>
        <translation>警告：达到时间限制，训练在第 %1 步（共 %2 步）停止；模型按当时的状态写出</translation>
    </message>
    <message>
        <source>Wrote the model to %1 (%2 steps in %3 s, final loss %4)
</source>
        <translation>已将模型写入 %1（%2 步，用时 %3 秒，最终损失 %4）
</translation>
    </message>
    <message>
        <source>Measure a model on held-out generated demo images: zero-shot accuracy over the 8 defect classes, and each few-shot method at a number of shots per class against it.</source>
        <translation>在留出的生成演示图像上测量模型：8 个缺陷类别上的零样本准确率，以及每类给定样本数下各少样本方法与之的对比。</translation>
    </message>
    <message>
        <source>Held-out test images (default: 1000).</source>
        <translation>留出的测试图像数（默认：1000）。</translation>
    </message>
    <message>
        <source>Seed of the test images (default: 7001); the support pool uses the next seed.</source>
        <translation>测试图像的随机种子（默认：7001）；支持集图像池使用下一个种子。</translation>
    </message>
    <message>
        <source>Support images per class; 0 skips few-shot (default: 4).</source>
        <translation>每类的支持集图像数；为 0 时跳过少样本（默认：4）。</translation>
    </message>
    <message>
        <source>A prompt template; {} marks the class name (repeat for an ensemble; default: the demo templates).</source>
        <translation>提示模板；{} 表示类别名的位置（重复给出可组成模板集成；默认：演示模板）。</translation>
    </message>
    <message>
        <source>Zero-shot accuracy on %1 held-out images (%2 classes, %3 templates): %4%
</source>
        <translation>在 %1 张留出图像上的零样本准确率（%2 个类别，%3 个模板）：%4%
</translation>
    </message>
    <message>
        <source>
Few-shot accuracy at %1 shots per class, mean over %2 support draws:

</source>
        <translation>
每类 %1 个样本时的少样本准确率，为 %2 次支持集抽样的平均值：

</translation>
    </message>
    <message>
        <source>
Best few-shot method: %1 at %2% against %3% zero-shot (%4 points)
</source>
        <translation>
最佳少样本方法：%1，准确率 %2%，零样本为 %3%（相差 %4 个百分点）
</translation>
    </message>
    <message>
        <source>Folder of cached features: text_prototypes.npy, pool_features.npy, pool_labels.npy, test_features.npy, test_labels.npy and optionally expected.json with fixed support lists and class_names.txt.</source>
        <translation>缓存特征所在的文件夹：text_prototypes.npy、pool_features.npy、pool_labels.npy、test_features.npy、test_labels.npy，以及可选的含固定支持集列表的 expected.json 和 class_names.txt。</translation>
    </message>
    <message>
        <source>--%1 is required</source>
        <translation>必须指定 --%1</translation>
    </message>
    <message>
        <source>the %1 method needs images, not cached features; with --features use zero-shot, linear-probe, tip-adapter or tip-adapter-f</source>
        <translation>%1 方法需要图像，不能使用缓存特征；使用 --features 时请选择 zero-shot、linear-probe、tip-adapter 或 tip-adapter-f</translation>
    </message>
    <message>
        <source>unknown method &apos;%1&apos;; known methods: zero-shot, linear-probe, tip-adapter, tip-adapter-f, coop, fine-tune, ensemble</source>
        <translation>未知方法 &apos;%1&apos;；可用方法：zero-shot、linear-probe、tip-adapter、tip-adapter-f、coop、fine-tune、ensemble</translation>
    </message>
    <message>
        <source>--%1 must be a comma-separated list of positive integers, got &apos;%2&apos;</source>
        <translation>--%1 必须是以逗号分隔的正整数列表，实际为 &apos;%2&apos;</translation>
    </message>
    <message>
        <source>--methods lists no method</source>
        <translation>--methods 中没有列出任何方法</translation>
    </message>
    <message>
        <source>%1 %2-shot seed %3: accuracy %4
</source>
        <translation>%1 每类 %2 个样本，种子 %3：准确率 %4
</translation>
    </message>
    <message>
        <source>Run the k-shot protocol: for each number of shots and seed, train each method on k examples per class and measure accuracy, macro-F1, per-class recall, the confusion matrix and expected calibration error on the test features. Prints a Markdown table of accuracy (mean ± std, %).</source>
        <translation>运行 k-shot 评估流程：对每个样本数和随机种子，用每类 k 个示例训练各方法，并在测试特征上测量准确率、macro-F1、各类别召回率、混淆矩阵和期望校准误差（ECE）。输出准确率的 Markdown 表格（均值 ± 标准差，%）。</translation>
    </message>
    <message>
        <source>Shots per class (default: 1,2,4,8,16).</source>
        <translation>每类样本数（默认：1,2,4,8,16）。</translation>
    </message>
    <message>
        <source>Seeds of the support sets (default: 1,2,3).</source>
        <translation>支持集的随机种子（默认：1,2,3）。</translation>
    </message>
    <message>
        <source>Where to write the JSON report.</source>
        <translation>JSON 报告的写入位置。</translation>
    </message>
    <message>
        <source>Also write the summary table as CSV.</source>
        <translation>同时将汇总表写为 CSV。</translation>
    </message>
    <message>
        <source>Train a few-shot classifier head on one support set of cached features and write it as a deployable folder (head.safetensors, head.pt, metadata.json, README.md).</source>
        <translation>在缓存特征的一个支持集上训练少样本分类头，并写为可部署的文件夹（head.safetensors、head.pt、metadata.json、README.md）。</translation>
    </message>
    <message>
        <source>Examples per class in the support set.</source>
        <translation>支持集中每类的示例数。</translation>
    </message>
    <message>
        <source>Seed of the support set and of training (default: 1).</source>
        <translation>支持集抽样和训练的随机种子（默认：1）。</translation>
    </message>
    <message>
        <source>Folder to write the head to.</source>
        <translation>分类头的写入文件夹。</translation>
    </message>
    <message>
        <source>%1, %2 shots, seed %3: test accuracy %4, macro-F1 %5
wrote %6
</source>
        <translation>%1，每类 %2 个样本，种子 %3：测试准确率 %4，macro-F1 %5
已写入 %6
</translation>
    </message>
    <message>
        <source>Export a trained run of a project as a classifier head folder.</source>
        <translation>将项目中一次已完成的训练导出为分类头文件夹。</translation>
    </message>
    <message>
        <source>Project file.</source>
        <translation>项目文件。</translation>
    </message>
    <message>
        <source>Id of the training run.</source>
        <translation>训练运行的 ID。</translation>
    </message>
    <message>
        <source>Exported head folder.</source>
        <translation>导出的分类头文件夹。</translation>
    </message>
    <message>
        <source>Image embeddings as a .npy array [N, D].</source>
        <translation>图像嵌入，.npy 数组 [N, D]。</translation>
    </message>
    <message>
        <source>csv or json (default: csv).</source>
        <translation>csv 或 json（默认：csv）。</translation>
    </message>
    <message>
        <source>Write the predictions here instead of stdout.</source>
        <translation>将预测结果写入此文件，而不是标准输出。</translation>
    </message>
    <message>
        <source>Images to classify.</source>
        <translation>要分类的图像。</translation>
    </message>
    <message>
        <source>--format must be csv or json, got &apos;%1&apos;</source>
        <translation>--format 必须是 csv 或 json，实际为 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>%1: expected a 2-D array of embeddings [rows, dimensions]</source>
        <translation>%1：应为二维嵌入数组 [行数, 维度]</translation>
    </message>
    <message>
        <source>Where to write the .npy array.</source>
        <translation>.npy 数组的写入位置。</translation>
    </message>
    <message>
        <source>no texts given</source>
        <translation>未给出文本</translation>
    </message>
    <message>
        <source>%1 (skipped)</source>
        <translation>%1（已跳过）</translation>
    </message>
    <message>
        <source>Show a CLIP checkpoint&apos;s architecture, parameter count, dtype and device.</source>
        <translation>显示 CLIP 检查点的架构、参数量、数据类型和计算设备。</translation>
    </message>
    <message>
        <source>Print the CLIP token ids of each text as a JSON array, one per line. The folder needs only vocab.json and merges.txt.</source>
        <translation>以 JSON 数组输出每段文本的 CLIP 词元 ID，每行一个。文件夹中只需 vocab.json 和 merges.txt。</translation>
    </message>
    <message>
        <source>Maximum ids per text, start and end included (default: 77).</source>
        <translation>每段文本的最大 ID 数，含起始和结束词元（默认：77）。</translation>
    </message>
    <message>
        <source>Texts to tokenize.</source>
        <translation>要分词的文本。</translation>
    </message>
    <message>
        <source>Write the preprocessed pixels of images as float32 [N, 3, S, S] to a .npy file.</source>
        <translation>将图像预处理后的像素以 float32 [N, 3, S, S] 写入 .npy 文件。</translation>
    </message>
    <message>
        <source>Image files or folders.</source>
        <translation>图像文件或文件夹。</translation>
    </message>
    <message>
        <source>no images given</source>
        <translation>未给出图像</translation>
    </message>
    <message>
        <source>Write projected CLIP embeddings (float32 [N, D], not normalized) of images, or of texts with --text, to a .npy file. Rows follow the argument order.</source>
        <translation>将图像（或使用 --text 时的文本）投影后的 CLIP 嵌入（float32 [N, D]，未归一化）写入 .npy 文件。行的顺序与参数顺序一致。</translation>
    </message>
    <message>
        <source>Embed the arguments as texts instead of image files.</source>
        <translation>将参数作为文本而不是图像文件进行嵌入。</translation>
    </message>
    <message>
        <source>Image files or folders, or texts with --text.</source>
        <translation>图像文件或文件夹；使用 --text 时为文本。</translation>
    </message>
    <message>
        <source>--types needs at least one file extension, such as jpg,png</source>
        <translation>--types 至少需要一个文件扩展名，例如 jpg,png</translation>
    </message>
    <message>
        <source>File extensions taken from folders, comma-separated (default: %1).</source>
        <translation>从文件夹中选取的文件扩展名，以逗号分隔（默认：%1）。</translation>
    </message>
    <message>
        <source>&apos;fewshot project %1&apos; needs %2</source>
        <translation>&apos;fewshot project %1&apos; 需要 %2</translation>
    </message>
    <message>
        <source>&apos;fewshot project %1&apos; takes %2; unexpected: %3</source>
        <translation>&apos;fewshot project %1&apos; 只接受 %2；多余的参数：%3</translation>
    </message>
    <message>
        <source>the import was cancelled; nothing was added</source>
        <translation>导入已取消；未添加任何内容</translation>
    </message>
    <message numerus="yes">
        <source>Added %n image(s).</source>
        <translation>
            <numerusform>已添加 %n 张图像。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) were already in the project.</source>
        <translation>
            <numerusform>%n 张图像已在项目中。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n label(s).</source>
        <translation>
            <numerusform>已写入 %n 个标签。</numerusform>
        </translation>
    </message>
    <message>
        <source>New classes: %1.</source>
        <translation>新类别：%1。</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) already had a different label and kept it.</source>
        <translation>
            <numerusform>%n 张图像已有不同的标签，保留原标签。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n unreadable file(s); the others were added.</source>
        <translation>
            <numerusform>跳过了 %n 个无法读取的文件；其余文件已添加。</numerusform>
        </translation>
    </message>
    <message>
        <source>Create an empty project file.</source>
        <translation>创建空的项目文件。</translation>
    </message>
    <message>
        <source>The new project file (.fewshot).</source>
        <translation>新的项目文件（.fewshot）。</translation>
    </message>
    <message>
        <source>Created the project %1.</source>
        <translation>已创建项目 %1。</translation>
    </message>
    <message>
        <source>Add images as examples of a class (--class) or to the unlabeled pool (--pool). Folders are searched recursively.</source>
        <translation>将图像添加为某个类别的示例（--class）或添加到未标注图像池（--pool）。会递归搜索文件夹。</translation>
    </message>
    <message>
        <source>The project file.</source>
        <translation>项目文件。</translation>
    </message>
    <message>
        <source>Add the images as examples of this class (added when new).</source>
        <translation>将图像添加为该类别的示例（类别不存在时自动添加）。</translation>
    </message>
    <message>
        <source>Add the images without a label.</source>
        <translation>添加图像，不加标签。</translation>
    </message>
    <message>
        <source>FILE and at least one IMAGE</source>
        <translation>FILE 和至少一个 IMAGE</translation>
    </message>
    <message>
        <source>give either --class NAME or --pool</source>
        <translation>请给出 --class NAME 或 --pool 之一</translation>
    </message>
    <message>
        <source>Label one image of the project by hand.</source>
        <translation>手动标注项目中的一张图像。</translation>
    </message>
    <message>
        <source>An image in the project.</source>
        <translation>项目中的一张图像。</translation>
    </message>
    <message>
        <source>An existing class.</source>
        <translation>已有的类别。</translation>
    </message>
    <message>
        <source>The image %1 is not in the project %2. Add it first with &apos;fewshot project add %2 --pool %1&apos;.</source>
        <translation>图像 %1 不在项目 %2 中。请先用 &apos;fewshot project add %2 --pool %1&apos; 添加。</translation>
    </message>
    <message>
        <source>The class &apos;%1&apos; is not in the project %2 (its classes: %3). Add it with &apos;fewshot project add %2 --class %1 IMAGE&apos;.</source>
        <translation>类别 &apos;%1&apos; 不在项目 %2 中（其类别为：%3）。请用 &apos;fewshot project add %2 --class %1 IMAGE&apos; 添加。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Labeled %1 as &apos;%2&apos; (was &apos;%3&apos;).</source>
        <translation>已将 %1 标注为 &apos;%2&apos;（原为 &apos;%3&apos;）。</translation>
    </message>
    <message>
        <source>Labeled %1 as &apos;%2&apos;.</source>
        <translation>已将 %1 标注为 &apos;%2&apos;。</translation>
    </message>
    <message>
        <source>Import labeled images from a folder with one sub-folder per class, or from a CSV file of path,label rows (paths relative to the CSV file). Images that already have a different label keep it.</source>
        <translation>从每个类别一个子文件夹的文件夹，或从每行为 path,label 的 CSV 文件（路径相对于 CSV 文件）导入已标注图像。已有不同标签的图像保留原标签。</translation>
    </message>
    <message>
        <source>A folder with one sub-folder per class.</source>
        <translation>每个类别一个子文件夹的文件夹。</translation>
    </message>
    <message>
        <source>A CSV file of path,label rows.</source>
        <translation>每行为 path,label 的 CSV 文件。</translation>
    </message>
    <message>
        <source>With --csv: add classes that are not in the project yet.</source>
        <translation>与 --csv 一起使用：添加项目中尚不存在的类别。</translation>
    </message>
    <message>
        <source>give either --folder DIR or --csv FILE</source>
        <translation>请给出 --folder DIR 或 --csv FILE 之一</translation>
    </message>
    <message>
        <source>Export the labeled images: csv (path,label,source), json, or folders (OUTPUT/&lt;class&gt;/&lt;image&gt;, as torchvision&apos;s ImageFolder reads). The output is written under a temporary name and renamed when complete.</source>
        <translation>导出已标注图像：csv（path,label,source）、json，或文件夹（OUTPUT/&lt;类别&gt;/&lt;图像&gt;，即 torchvision 的 ImageFolder 读取的结构）。输出先以临时名称写入，完成后再重命名。</translation>
    </message>
    <message>
        <source>csv, json or folders.</source>
        <translation>csv、json 或 folders。</translation>
    </message>
    <message>
        <source>The file to write, or for folders a new or empty folder.</source>
        <translation>要写入的文件；folders 格式时为新的或空的文件夹。</translation>
    </message>
    <message>
        <source>With --format folders: link to the images instead of copying.</source>
        <translation>与 --format folders 一起使用：链接到图像而不是复制。</translation>
    </message>
    <message>
        <source>--output PATH is required</source>
        <translation>必须指定 --output PATH</translation>
    </message>
    <message>
        <source>--format must be csv, json or folders, got &apos;%1&apos;</source>
        <translation>--format 必须是 csv、json 或 folders，实际为 &apos;%1&apos;</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n labeled image(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 张已标注图像导出到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Classes: none</source>
        <translation>类别：无</translation>
    </message>
    <message>
        <source>Classes:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>%1  %2 examples  %3 labeled</source>
        <translation>%1  %2 个示例  %3 个已标注</translation>
    </message>
    <message>
        <source>(normal)</source>
        <translation>（正常）</translation>
    </message>
    <message>
        <source>Show counts per class, missing image files and cached embeddings.</source>
        <translation>显示各类别的数量、缺失的图像文件和缓存的嵌入。</translation>
    </message>
    <message>
        <source>List every missing image file.</source>
        <translation>列出所有缺失的图像文件。</translation>
    </message>
    <message>
        <source>Project: %1 (format %2)</source>
        <translation>项目：%1（格式版本 %2）</translation>
    </message>
    <message>
        <source>Images: %1, %2 missing</source>
        <translation>图像：%1，缺失 %2</translation>
    </message>
    <message>
        <source>Labeled: %1 (examples %2, manual %3, accepted predictions %4, imported %5)</source>
        <translation>已标注：%1（示例 %2，手动 %3，采纳的预测 %4，导入 %5）</translation>
    </message>
    <message>
        <source>Cached embeddings: %1 image, %2 text</source>
        <translation>缓存的嵌入：图像 %1，文本 %2</translation>
    </message>
    <message>
        <source>Training runs: %1</source>
        <translation>训练运行：%1</translation>
    </message>
    <message>
        <source>Missing files:</source>
        <translation>缺失的文件：</translation>
    </message>
    <message>
        <source>... and %1 more (--missing lists all; &apos;fewshot project relink&apos; finds moved files)</source>
        <translation>……另有 %1 个（--missing 列出全部；&apos;fewshot project relink&apos; 可找回移动过的文件）</translation>
    </message>
    <message>
        <source>Find missing images by content (SHA-256) under a folder and store their new paths. Exits with status 1 when some images are still missing.</source>
        <translation>在文件夹中按内容（SHA-256）查找缺失的图像并保存其新路径。仍有图像缺失时以状态 1 退出。</translation>
    </message>
    <message>
        <source>The folder to search, recursively.</source>
        <translation>要递归搜索的文件夹。</translation>
    </message>
    <message numerus="yes">
        <source>Relinked %1 of %n missing image(s); %2 still missing.</source>
        <translation>
            <numerusform>%n 张缺失图像中已重新关联 %1 张；仍缺失 %2 张。</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage: fewshot project SUBCOMMAND [OPTIONS] ARGUMENTS
Create, fill, import into, export and inspect a project file.

Subcommands:
</source>
        <translation>用法：fewshot project SUBCOMMAND [OPTIONS] ARGUMENTS
创建、填充、导入、导出和查看项目文件。

子命令：
</translation>
    </message>
    <message>
        <source>
Run &apos;fewshot project SUBCOMMAND --help&apos; for its options.
</source>
        <translation>
运行 &apos;fewshot project SUBCOMMAND --help&apos; 查看其选项。
</translation>
    </message>
    <message>
        <source>no project subcommand given</source>
        <translation>未指定 project 子命令</translation>
    </message>
    <message>
        <source>unknown project subcommand &apos;%1&apos;</source>
        <translation>未知的 project 子命令 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--project FILE is required</source>
        <translation>必须指定 --project FILE</translation>
    </message>
    <message>
        <source>These classes of the project %1 have no example image that could be read: %2. Add examples with &apos;fewshot project add %1 --class NAME IMAGE...&apos;, or train on all labeled images (without --examples-only).</source>
        <translation>项目 %1 的以下类别没有可读取的示例图像：%2。请用 &apos;fewshot project add %1 --class NAME IMAGE...&apos; 添加示例，或在全部已标注图像上训练（不加 --examples-only）。</translation>
    </message>
    <message>
        <source>These classes of the project %1 have no labeled image that could be read: %2. Add images with &apos;fewshot project add %1 --class NAME IMAGE...&apos;.</source>
        <translation>项目 %1 的以下类别没有可读取的已标注图像：%2。请用 &apos;fewshot project add %1 --class NAME IMAGE...&apos; 添加图像。</translation>
    </message>
    <message>
        <source>Export it with: fewshot export --project %1 --run %2 --output HEAD_DIR
</source>
        <translation>导出命令：fewshot export --project %1 --run %2 --output HEAD_DIR
</translation>
    </message>
    <message>
        <source>Project file: train and measure on its labeled images, classes and prompt templates, embedded with the CLIP model of --model.</source>
        <translation>项目文件：在其已标注图像、类别和提示模板上训练和测量，嵌入由 --model 指定的 CLIP 模型计算。</translation>
    </message>
    <message>
        <source>With --project: CLIP checkpoint folder (default: the folder last used with the project).</source>
        <translation>与 --project 一起使用：CLIP 检查点文件夹（默认：该项目上次使用的文件夹）。</translation>
    </message>
    <message>
        <source>--method is required</source>
        <translation>必须指定 --method</translation>
    </message>
    <message>
        <source>--shots %1 needs %1 support images per class, but the project %2 has fewer for some class: the evaluation draws support sets from half of each class&apos;s labeled images and tests on the other half. Use --shots %3 or less, or label more images.</source>
        <translation>--shots %1 要求每类有 %1 张支持集图像，但项目 %2 中有类别不足：评估从每个类别一半的已标注图像中抽取支持集，在另一半上测试。请使用 --shots %3 或更小的值，或标注更多图像。</translation>
    </message>
    <message>
        <source>--run must be a run id (a positive integer), got &apos;%1&apos;</source>
        <translation>--run 必须是运行 ID（正整数），实际为 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--output is required</source>
        <translation>必须指定 --output</translation>
    </message>
    <message>
        <source>The project %1 has no training runs. Train one with &apos;fewshot train --project %1 --method NAME&apos;.</source>
        <translation>项目 %1 没有训练运行。请用 &apos;fewshot train --project %1 --method NAME&apos; 训练。</translation>
    </message>
    <message>
        <source>The project %1 has no training run %2. Its runs are: %3.</source>
        <translation>项目 %1 中没有训练运行 %2。已有的运行：%3。</translation>
    </message>
    <message>
        <source>Run %1 of the project %2 has the status &apos;%3&apos;, so it has no trained head to export. Export a finished run, or train again.</source>
        <translation>项目 %2 的运行 %1 状态为 &apos;%3&apos;，没有可导出的分类头。请导出已完成的运行，或重新训练。</translation>
    </message>
    <message>
        <source>run %1 of the project %2</source>
        <translation>项目 %2 的运行 %1</translation>
    </message>
    <message>
        <source>Exported run %1 (%2) to %3.
</source>
        <translation>已将运行 %1（%2）导出到 %3。
</translation>
    </message>
    <message>
        <source>--model DIR is required</source>
        <translation>必须指定 --model DIR</translation>
    </message>
    <message>
        <source>--output FILE is required</source>
        <translation>必须指定 --output FILE</translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>Classify images by class names and prompt templates. For each image, prints its path, the top class and the probability of every class.</source>
        <translation>按类别名称和提示模板对图像分类。对每张图像输出其路径、最可能的类别和各类别的概率。</translation>
    </message>
    <message>
        <source>A class name (repeat for each class).</source>
        <translation>类别名称（每个类别重复一次）。</translation>
    </message>
    <message>
        <source>A prompt template; {} marks the class name (repeat for an ensemble; default: &quot;a photo of a {}.&quot;).</source>
        <translation>提示模板；{} 表示类别名的位置（重复给出可组成模板集成；默认：&quot;a photo of a {}.&quot;）。</translation>
    </message>
    <message>
        <source>give the classes with --class NAME (repeat for each class)</source>
        <translation>请用 --class NAME 给出类别（每个类别重复一次）</translation>
    </message>
    <message>
        <source>class names must be unique</source>
        <translation>类别名称不能重复</translation>
    </message>
    <message>
        <source>CPU threads for LibTorch (default: all cores to encode images; for training, 1 for small support sets, otherwise one per hardware thread).</source>
        <translation>LibTorch 使用的 CPU 线程数（默认：编码图像时使用全部核心；训练时支持集较小为 1，否则每个硬件线程一个）。</translation>
    </message>
    <message>
        <source>give either --features DIR or --project FILE</source>
        <translation>请给出 --features DIR 或 --project FILE 之一</translation>
    </message>
    <message>
        <source>With --project, each class&apos;s labeled images are split in half with a fixed seed: support sets are drawn from one half and the other half is the test set.</source>
        <translation>使用 --project 时，每个类别的已标注图像按固定种子分成两半：从一半中抽取支持集，另一半作为测试集。</translation>
    </message>
    <message>
        <source>With --project, train on the project&apos;s labeled images and record the run, its curve, results and head in the project; prints the run id for &apos;fewshot export&apos;.</source>
        <translation>使用 --project 时，在项目的已标注图像上训练，并将此次运行及其曲线、结果和分类头记录到项目中；输出供 &apos;fewshot export&apos; 使用的运行 ID。</translation>
    </message>
    <message>
        <source>With --project: train on the example images only and measure on the other labeled images (default: train on all labeled images, or on --shots of them per class).</source>
        <translation>与 --project 一起使用：只在示例图像上训练，在其余已标注图像上测量（默认：在全部已标注图像上训练，或每类取 --shots 张）。</translation>
    </message>
    <message>
        <source>Classify with an exported head: images with --model DIR, printed as &apos;fewshot zero-shot&apos; prints them, or cached image embeddings with --features FILE.npy [N, D].</source>
        <translation>用导出的分类头分类：用 --model DIR 对图像分类，输出格式与 &apos;fewshot zero-shot&apos; 相同；或用 --features FILE.npy [N, D] 对缓存的图像嵌入分类。</translation>
    </message>
    <message>
        <source>give --model DIR and images, or --features FILE.npy with image embeddings, to classify</source>
        <translation>请给出 --model DIR 和图像，或给出含图像嵌入的 --features FILE.npy，以进行分类</translation>
    </message>
    <message>
        <source>give either --features FILE.npy or --model DIR with images, not both</source>
        <translation>请只给出 --features FILE.npy 或 --model DIR 加图像中的一种，不要同时给出</translation>
    </message>
    <message>
        <source>%1 (fingerprint %2)</source>
        <translation>%1（指纹 %2）</translation>
    </message>
    <message>
        <source>unnamed</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>The head %1 takes %2-dimensional image embeddings, but the CLIP model %3 produces %4-dimensional ones. Use the CLIP model the head was trained with.</source>
        <translation>分类头 %1 接受 %2 维图像嵌入，但 CLIP 模型 %3 输出的是 %4 维嵌入。请使用训练该分类头时所用的 CLIP 模型。</translation>
    </message>
    <message>
        <source>warning: the head %1 does not record which CLIP model it was trained with; make sure it was trained on embeddings of %2</source>
        <translation>警告：分类头 %1 没有记录训练时所用的 CLIP 模型；请确认它是在 %2 的嵌入上训练的</translation>
    </message>
    <message>
        <source>The head %1 was trained with the CLIP model %2, but %3 is the model %4. Use the CLIP model the head was trained with, or train a head for this model.</source>
        <translation>分类头 %1 是用 CLIP 模型 %2 训练的，但 %3 是模型 %4。请使用训练该分类头时所用的 CLIP 模型，或为此模型训练新的分类头。</translation>
    </message>
    <message>
        <source>Report zero-shot accuracy on held-out generated images every N steps; 0 turns it off (default: %1).</source>
        <translation>每 N 步报告一次留出生成图像上的零样本准确率；为 0 时关闭（默认：%1）。</translation>
    </message>
    <message>
        <source>Held-out images for that report (default: %1).</source>
        <translation>该报告使用的留出图像数（默认：%1）。</translation>
    </message>
    <message>
        <source>Side of the image patches, in pixels (default: %1).</source>
        <translation>图像块的边长，单位为像素（默认：%1）。</translation>
    </message>
    <message>
        <source>Template sets: none</source>
        <translation>模板集：无</translation>
    </message>
    <message>
        <source>Template sets (* marks the active set):</source>
        <translation>模板集（* 表示活动模板集）：</translation>
    </message>
    <message numerus="yes">
        <source>(own templates for %n class(es))</source>
        <translation>
            <numerusform>（%n 个类别有单独模板）</numerusform>
        </translation>
    </message>
    <message>
        <source>List the prompt template sets of a project. With --set, create the named set or replace its templates, and make it the active set. {} in a template marks the class name.</source>
        <translation>列出项目的提示模板集。使用 --set 时，创建指定名称的模板集或替换其模板，并将其设为活动模板集。模板中的 {} 表示类别名的位置。</translation>
    </message>
    <message>
        <source>The template set to create or replace.</source>
        <translation>要创建或替换的模板集。</translation>
    </message>
    <message>
        <source>A template of that set (repeat for several).</source>
        <translation>该模板集中的一个模板（多个模板请重复给出）。</translation>
    </message>
    <message>
        <source>Use the templates of the demo model that &apos;fewshot pretrain&apos; trains.</source>
        <translation>使用 &apos;fewshot pretrain&apos; 训练的演示模型所用的模板。</translation>
    </message>
    <message>
        <source>--template and --demo need --set NAME, the set to write</source>
        <translation>--template 和 --demo 需要用 --set NAME 指定要写入的模板集</translation>
    </message>
    <message>
        <source>--set needs a name, such as --set demo</source>
        <translation>--set 需要一个名称，例如 --set demo</translation>
    </message>
    <message>
        <source>give either --template T (repeatable) or --demo</source>
        <translation>请给出 --template T（可重复）或 --demo 之一</translation>
    </message>
    <message>
        <source>warning: the template &apos;%1&apos; has no {}, so it gives the same prompt for every class</source>
        <translation>警告：模板 &apos;%1&apos; 中没有 {}，因此对每个类别都生成相同的提示</translation>
    </message>
    <message numerus="yes">
        <source>The template set &apos;%1&apos; (%n template(s)) is now active in %2.</source>
        <translation>
            <numerusform>模板集 &apos;%1&apos;（%n 个模板）现已成为 %2 中的活动模板集。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (left out)</source>
        <translation>%1（已略过）</translation>
    </message>
    <message>
        <source>using the CLIP model %1 recorded in the project</source>
        <translation>使用项目中记录的 CLIP 模型 %1</translation>
    </message>
    <message>
        <source>warning: %1 The export path is not recorded in the project.</source>
        <translation>警告：%1 导出路径未记录到项目中。</translation>
    </message>
    <message>
        <source>A class name for the prompts, once per class in the generator&apos;s order (default: the generator&apos;s names).</source>
        <translation>提示中使用的类别名，按生成器的类别顺序每类给出一次（默认：生成器的类别名）。</translation>
    </message>
    <message numerus="yes">
        <source>The project %1 has %n class(es), but training and evaluation need at least two. Add labeled images of each class with &apos;fewshot project add %1 --class NAME IMAGE...&apos;.</source>
        <translation>
            <numerusform>项目 %1 有 %n 个类别，但训练和评估至少需要两个。请用 &apos;fewshot project add %1 --class NAME IMAGE...&apos; 为每个类别添加已标注图像。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The class %1 of the project %2 has %n labeled image(s) that could be read, but the evaluation needs at least 2 per class. Label more images of it.</source>
        <translation>
            <numerusform>项目 %2 的类别 %1 只有 %n 张可读取的已标注图像，但评估每类至少需要 2 张。请为该类别标注更多图像。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The class %1 of the project %2 has %n image(s) to train on, fewer than --shots %3. Label more images of it or lower --shots.</source>
        <translation>
            <numerusform>项目 %2 的类别 %1 只有 %n 张可用于训练的图像，少于 --shots %3。请为该类别标注更多图像，或减小 --shots。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Run %1: %2 trained on %n image(s), training accuracy %3.
</source>
        <translation>
            <numerusform>运行 %1：%2 在 %n 张图像上训练，训练准确率 %3。
</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accuracy on the %n other labeled image(s): %1.
</source>
        <translation>
            <numerusform>在其余 %n 张已标注图像上的准确率：%1。
</numerusform>
        </translation>
    </message>
    <message>
        <source>Comma-separated methods (default: zero-shot,linear-probe,tip-adapter,tip-adapter-f; with --project also coop and ensemble).</source>
        <translation>以逗号分隔的方法（默认：zero-shot,linear-probe,tip-adapter,tip-adapter-f；使用 --project 时还可用 coop 和 ensemble）。</translation>
    </message>
    <message>
        <source>zero-shot, linear-probe, tip-adapter or tip-adapter-f; with --project also coop, fine-tune and ensemble, which need the CLIP model.</source>
        <translation>zero-shot、linear-probe、tip-adapter 或 tip-adapter-f；使用 --project 时还可用 coop、fine-tune 和 ensemble，它们需要 CLIP 模型。</translation>
    </message>
    <message>
        <source>How classes with fewer examples are handled: weights (class-balanced loss, the default), oversample (repeat their examples), or none.</source>
        <translation>如何处理示例较少的类别：weights（按类别平衡的损失，默认）、oversample（重复其示例）或 none。</translation>
    </message>
    <message>
        <source>coop: the words the learned prompt context starts from (default: &quot;a photo of a&quot;; one learned vector per token).</source>
        <translation>coop：学习的提示上下文的初始词语（默认：&quot;a photo of a&quot;；每个词元一个学习向量）。</translation>
    </message>
    <message>
        <source>coop: learn one context per class instead of one shared by all classes.</source>
        <translation>coop：为每个类别学习各自的上下文，而不是所有类别共用一个。</translation>
    </message>
    <message>
        <source>coop: optimizer steps (default: 200).</source>
        <translation>coop：优化步数（默认：200）。</translation>
    </message>
    <message>
        <source>coop: how strongly the learned class embeddings are kept near the hand-made prompts&apos; (default: 8; 0 is plain CoOp).</source>
        <translation>coop：将学习到的类别嵌入保持在手写提示嵌入附近的强度（默认：8；0 即原始 CoOp）。</translation>
    </message>
    <message>
        <source>ensemble: the methods whose probabilities are averaged (default: linear-probe,tip-adapter-f,coop).</source>
        <translation>ensemble：对其概率取平均的方法（默认：linear-probe,tip-adapter-f,coop）。</translation>
    </message>
    <message>
        <source>fine-tune: passes over the training images (default: 10).</source>
        <translation>fine-tune：遍历训练图像的轮数（默认：10）。</translation>
    </message>
    <message>
        <source>fine-tune: AdamW peak learning rate (default: 1e-5); coop: Adam learning rate (default: 0.002).</source>
        <translation>fine-tune：AdamW 峰值学习率（默认：1e-5）；coop：Adam 学习率（默认：0.002）。</translation>
    </message>
    <message>
        <source>fine-tune: AdamW weight decay (default: 0.01).</source>
        <translation>fine-tune：AdamW 权重衰减（默认：0.01）。</translation>
    </message>
    <message>
        <source>fine-tune: images per optimizer step (default: 16).</source>
        <translation>fine-tune：每个优化步的图像数（默认：16）。</translation>
    </message>
    <message>
        <source>fine-tune: label smoothing of the cross-entropy (default: 0.1).</source>
        <translation>fine-tune：交叉熵的标签平滑（默认：0.1）。</translation>
    </message>
    <message>
        <source>fine-tune: WiSE-FT ratio, the weight of the fine-tuned weights against the original ones (default: 0.5; 1 keeps the fine-tuned model).</source>
        <translation>fine-tune：WiSE-FT 比例，即微调后权重相对原始权重的占比（默认：0.5；1 表示完全保留微调后的模型）。</translation>
    </message>
    <message>
        <source>fine-tune: train the text encoder too (the class embeddings come from it).</source>
        <translation>fine-tune：同时训练文本编码器（类别嵌入由它生成）。</translation>
    </message>
    <message>
        <source>fine-tune: recompute activations in the backward pass to save memory.</source>
        <translation>fine-tune：在反向传播中重新计算激活以节省内存。</translation>
    </message>
    <message>
        <source>fine-tune: none (default), bfloat16, or float16 (CUDA only).</source>
        <translation>fine-tune：none（默认）、bfloat16 或 float16（仅 CUDA）。</translation>
    </message>
    <message>
        <source>--balance must be weights, oversample or none, got &apos;%1&apos;</source>
        <translation>--balance 必须是 weights、oversample 或 none，实际为“%1”</translation>
    </message>
    <message>
        <source>--context must contain at least one word</source>
        <translation>--context 必须至少包含一个词</translation>
    </message>
    <message>
        <source>--members lists &apos;%1&apos;; an ensemble combines zero-shot, linear-probe, tip-adapter, tip-adapter-f and coop</source>
        <translation>--members 中列出了“%1”；集成只能组合 zero-shot、linear-probe、tip-adapter、tip-adapter-f 和 coop</translation>
    </message>
    <message>
        <source>--members must list at least two methods</source>
        <translation>--members 必须列出至少两种方法</translation>
    </message>
    <message>
        <source>--autocast must be none, bfloat16 or float16, got &apos;%1&apos;</source>
        <translation>--autocast 必须是 none、bfloat16 或 float16，实际为“%1”</translation>
    </message>
    <message>
        <source>the k-shot evaluation does not run fine-tune: it would retrain the image encoder for every support set. Measure a fine-tuned model with &apos;fewshot train --project FILE --method fine-tune&apos;, which reports its accuracy on the labeled images it did not train on.</source>
        <translation>k-shot 评估不运行 fine-tune：那样需要为每个支持集重新训练图像编码器。请用“fewshot train --project FILE --method fine-tune”衡量微调模型，它会报告模型在未参与训练的已标注图像上的准确率。</translation>
    </message>
    <message>
        <source>%1: the fine-tuned model folder is missing; train the run again</source>
        <translation>%1：微调模型文件夹不存在；请重新训练该运行</translation>
    </message>
    <message>
        <source>%1: cannot copy it into %2 (is the disk full?)</source>
        <translation>%1：无法复制到 %2（磁盘是否已满？）</translation>
    </message>
    <message>
        <source>%1: cannot move the copied model into place</source>
        <translation>%1：无法将复制的模型移动到位</translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 hours</source>
        <translation>%1 小时</translation>
    </message>
    <message numerus="yes">
        <source>Fine-tuning %1 (%2, %3) on %n image(s) for up to %4 epochs. Estimated time on this machine: about %5.
</source>
        <translation>
            <numerusform>正在用 %n 张图像微调 %1（%2，%3），最多 %4 轮。在本机上预计耗时：约 %5。
</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: cannot create the folder for fine-tuned models</source>
        <translation>%1：无法创建存放微调模型的文件夹</translation>
    </message>
    <message>
        <source>epoch %1/%2: training loss %3%4, %5 left
</source>
        <translation>第 %1/%2 轮：训练损失 %3%4，剩余 %5
</translation>
    </message>
    <message>
        <source>, validation accuracy %1</source>
        <translation>，验证准确率 %1</translation>
    </message>
    <message>
        <source>%1: cannot copy it into the fine-tuned model folder %2</source>
        <translation>%1：无法复制到微调模型文件夹 %2</translation>
    </message>
    <message>
        <source>%1: cannot move the fine-tuned model into place</source>
        <translation>%1：无法将微调模型移动到位</translation>
    </message>
    <message>
        <source>The labeled images of the project %1 changed while run %2 trained; train it again.</source>
        <translation>运行 %2 训练期间，项目 %1 的已标注图像发生了变化；请重新训练。</translation>
    </message>
    <message>
        <source>The fine-tuned CLIP model is in %1; classify with it by giving that folder as --model.
</source>
        <translation>微调后的 CLIP 模型位于 %1；分类时请将该文件夹作为 --model 传入。
</translation>
    </message>
    <message>
        <source>--augment lists &apos;%1&apos;; use none, all, or a list of crop, flip, color, rotate and translate</source>
        <translation>--augment 中列出了“%1”；请使用 none、all，或由 crop、flip、color、rotate 和 translate 组成的列表</translation>
    </message>
    <message>
        <source>Run %1 of the project %2 has no stored head: it did not finish, or an older version of FewShot Studio trained it and kept only its results. Train it again with &apos;fewshot train --project %2 --method %3&apos;.</source>
        <translation>项目 %2 的运行 %1 没有保存的分类头：它没有完成，或由只保存结果的旧版 FewShot Studio 训练。请用“fewshot train --project %2 --method %3”重新训练。</translation>
    </message>
    <message>
        <source>Images or texts encoded at once (default: 8).</source>
        <translation>每次一起编码的图像或文本数（默认：8）。</translation>
    </message>
    <message>
        <source>Feature methods, coop and ensemble: also train on N augmented copies of each support image (the changes of --augment), embedded with the model (default: 0).</source>
        <translation>特征方法、coop 和 ensemble：另外用每张支持图像的 N 个增强副本训练（变换方式见 --augment），副本由模型计算嵌入（默认：0）。</translation>
    </message>
    <message>
        <source>fine-tune and --augment-copies: random changes of the training images: all (default), none, or a list of crop, flip, color, rotate, translate. Flips and colour changes are wrong for some medical images.</source>
        <translation>fine-tune 和 --augment-copies：对训练图像的随机变换：all（默认）、none，或由 crop、flip、color、rotate、translate 组成的列表。翻转和颜色变化不适用于某些医学图像。</translation>
    </message>
    <message>
        <source>--augment-copies needs at least one change; --augment none leaves the copies equal to the originals</source>
        <translation>--augment-copies 至少需要一种变换；--augment none 会让副本与原图完全相同</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::ClassesPanel</name>
    <message>
        <source>Add Class…</source>
        <translation>添加类别…</translation>
    </message>
    <message>
        <source>Drop image files or folders on a class to add them as examples.</source>
        <translation>将图像文件或文件夹拖到某个类别上，即可将其添加为该类别的示例。</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message numerus="yes">
        <source>%n example(s), %1 labeled in all</source>
        <translation>
            <numerusform>%n 个示例，共 %1 张已标注</numerusform>
        </translation>
    </message>
    <message>
        <source>Prompt text: %1</source>
        <translation>提示文本：%1</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Change Colour…</source>
        <translation>更改颜色…</translation>
    </message>
    <message>
        <source>Edit Prompt Text…</source>
        <translation>编辑提示文本…</translation>
    </message>
    <message>
        <source>Move Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>Add Class</source>
        <translation>添加类别</translation>
    </message>
    <message>
        <source>Name of the new class:</source>
        <translation>新类别的名称：</translation>
    </message>
    <message>
        <source>A class needs a name.</source>
        <translation>类别必须有名称。</translation>
    </message>
    <message>
        <source>There is already a class named %1. Choose another name.</source>
        <translation>已有名为 %1 的类别。请换一个名称。</translation>
    </message>
    <message>
        <source>Rename Class</source>
        <translation>重命名类别</translation>
    </message>
    <message>
        <source>New name of %1:</source>
        <translation>%1 的新名称：</translation>
    </message>
    <message>
        <source>Rename class %1 to %2</source>
        <translation>将类别 %1 重命名为 %2</translation>
    </message>
    <message>
        <source>Colour of %1</source>
        <translation>%1 的颜色</translation>
    </message>
    <message>
        <source>Change the colour of %1</source>
        <translation>更改 %1 的颜色</translation>
    </message>
    <message>
        <source>Prompt Text</source>
        <translation>提示文本</translation>
    </message>
    <message>
        <source>Text put into the templates for %1 (empty uses the class name):</source>
        <translation>为 %1 填入模板的文本（留空则使用类别名）：</translation>
    </message>
    <message>
        <source>Change the prompt text of %1</source>
        <translation>更改 %1 的提示文本</translation>
    </message>
    <message>
        <source>Delete Class</source>
        <translation>删除类别</translation>
    </message>
    <message numerus="yes">
        <source>Delete the class %1? Its %n label(s) will be removed as well. Edit &gt; Undo brings them back.</source>
        <translation>
            <numerusform>删除类别 %1？它的 %n 个标签也会一并删除。可用“编辑 &gt; 撤销”恢复。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Move %n example(s) to %1</source>
        <translation>
            <numerusform>将 %n 个示例移到 %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fewshot::ui::DemoProject</name>
    <message>
        <source>Could not create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>Could not copy %1 to %2: %3</source>
        <translation>无法将 %1 复制到 %2：%3</translation>
    </message>
    <message>
        <source>The folder %1 exists but does not contain the demo project %2. Remove or rename that folder to get a fresh copy of the demo project.</source>
        <translation>文件夹 %1 已存在，但其中没有演示项目 %2。请删除或重命名该文件夹，以重新复制一份演示项目。</translation>
    </message>
    <message>
        <source>The demo project %1 is missing. Reinstall FewShot Studio.</source>
        <translation>演示项目 %1 缺失。请重新安装 FewShot Studio。</translation>
    </message>
    <message>
        <source>Could not create a folder in %1 for the copy of the demo project: %2</source>
        <translation>无法在 %1 中为演示项目的副本创建文件夹：%2</translation>
    </message>
    <message>
        <source>the parent folder cannot be created.</source>
        <translation>无法创建上级文件夹。</translation>
    </message>
    <message>
        <source>Could not rename %1 to %2 after copying the demo project.</source>
        <translation>复制演示项目后，无法将 %1 重命名为 %2。</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::DisplayNames</name>
    <message>
        <source>example</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>labeled by hand</source>
        <translation>手动标注</translation>
    </message>
    <message>
        <source>accepted prediction</source>
        <translation>采纳的预测</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::EvaluationPage</name>
    <message>
        <source>Methods:</source>
        <translation>方法：</translation>
    </message>
    <message>
        <source>Each seed draws other support sets; the table shows the mean and spread</source>
        <translation>每个随机种子抽取不同的支持集；表格显示均值和离散程度</translation>
    </message>
    <message>
        <source>Seeds:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>Run Evaluation</source>
        <translation>运行评估</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save Table…</source>
        <translation>保存表格…</translation>
    </message>
    <message>
        <source>Each class needs at least two labeled images: half of them are drawn as support sets, the other half measures accuracy.</source>
        <translation>每个类别至少需要两张已标注图像：一半抽作支持集，另一半用于测量准确率。</translation>
    </message>
    <message>
        <source>Load a model and open a project to evaluate.</source>
        <translation>请先加载模型并打开项目，再进行评估。</translation>
    </message>
    <message>
        <source>The evaluation needs at least two classes.</source>
        <translation>评估至少需要两个类别。</translation>
    </message>
    <message numerus="yes">
        <source>Finished %1 with %n shot(s), seed %2: %3 % accuracy.</source>
        <translation>
            <numerusform>%1 已完成（每类 %n 个样本，种子 %2）：准确率 %3 %。</numerusform>
        </translation>
    </message>
    <message>
        <source>The evaluation was cancelled.</source>
        <translation>评估已取消。</translation>
    </message>
    <message>
        <source>The evaluation failed: %1</source>
        <translation>评估失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n shot(s)</source>
        <translation>
            <numerusform>%n 样本</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 ± %2 %</source>
        <translation>%1 ± %2 %</translation>
    </message>
    <message numerus="yes">
        <source>Accuracy in percent, mean ± standard deviation over %n seed(s).</source>
        <translation>
            <numerusform>准确率（%），%n 个随机种子上的均值 ± 标准差。</numerusform>
        </translation>
    </message>
    <message>
        <source>Save Evaluation Table</source>
        <translation>保存评估表</translation>
    </message>
    <message>
        <source>evaluation.csv</source>
        <translation>evaluation.csv</translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Saved the evaluation table to %1.</source>
        <translation>已将评估表保存到 %1。</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Classifier head</source>
        <translation>分类头</translation>
    </message>
    <message>
        <source>The labels were not exported; see the message above the main window.</source>
        <translation>标签未导出；请查看主窗口顶部的消息。</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n labeled image(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 张已标注图像导出到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Wrote the classifier head to %1.</source>
        <translation>已将分类头写入 %1。</translation>
    </message>
    <message>
        <source>The classifier head was not written; see the message above the main window.</source>
        <translation>分类头未写出；请查看主窗口顶部的消息。</translation>
    </message>
    <message>
        <source>CSV file (path, label, source)</source>
        <translation>CSV 文件（路径、标签、来源）</translation>
    </message>
    <message>
        <source>JSON file with classes and labels</source>
        <translation>包含类别和标签的 JSON 文件</translation>
    </message>
    <message>
        <source>One folder per class (ImageFolder layout)</source>
        <translation>每个类别一个文件夹（ImageFolder 结构）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Link to the images instead of copying them</source>
        <translation>链接到图像而不是复制</translation>
    </message>
    <message>
        <source>Export Labels</source>
        <translation>导出标签</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Output:</source>
        <translation>输出：</translation>
    </message>
    <message>
        <source>Export Head</source>
        <translation>导出分类头</translation>
    </message>
    <message>
        <source>Writes head.safetensors, a TorchScript module head.pt, metadata.json and a README into the folder. The folder must be new, empty, or an earlier head export, which is replaced.</source>
        <translation>在文件夹中写入 head.safetensors、TorchScript 模块 head.pt、metadata.json 和 README。文件夹必须是新的、空的，或是之前导出的分类头（将被替换）。</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>Empty Folder for the Class Folders</source>
        <translation>用于存放类别文件夹的空文件夹</translation>
    </message>
    <message>
        <source>labels.csv</source>
        <translation>labels.csv</translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>labels.json</source>
        <translation>labels.json</translation>
    </message>
    <message>
        <source>JSON file (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Folder for the Classifier Head</source>
        <translation>分类头的文件夹</translation>
    </message>
    <message>
        <source>Choose where to write the labels first.</source>
        <translation>请先选择标签的写入位置。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Training run:</source>
        <translation>训练运行：</translation>
    </message>
    <message>
        <source>Run %1: %2, %3</source>
        <translation>运行 %1：%2，%3</translation>
    </message>
    <message>
        <source>No finished training run in this project</source>
        <translation>此项目中没有已完成的训练运行</translation>
    </message>
    <message>
        <source>Choose a finished training run and a folder first.</source>
        <translation>请先选择一次已完成的训练运行和一个文件夹。</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::LabelingPage</name>
    <message numerus="yes">
        <source>Label %n image(s) as %1</source>
        <translation>
            <numerusform>将 %n 张图像标注为 %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accept %n prediction(s)</source>
        <translation>
            <numerusform>采纳 %n 个预测</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Clear %n label(s)</source>
        <translation>
            <numerusform>清除 %n 个标签</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n image(s) from the project</source>
        <translation>
            <numerusform>从项目中移除 %n 张图像</numerusform>
        </translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Accept Prediction</source>
        <translation>采纳预测</translation>
    </message>
    <message>
        <source>Clear Label</source>
        <translation>清除标签</translation>
    </message>
    <message>
        <source>Remove from Project</source>
        <translation>从项目中移除</translation>
    </message>
    <message>
        <source>Drop image files or folders here to add them to the unlabeled pool. Drop examples on a class in the Classes panel.</source>
        <translation>将图像文件或文件夹拖到此处，即可添加到未标注图像池。示例图像请拖到“类别”面板中的类别上。</translation>
    </message>
    <message>
        <source>Embedding %v of %m</source>
        <translation>正在计算嵌入 %v / %m</translation>
    </message>
    <message>
        <source>All images</source>
        <translation>全部图像</translation>
    </message>
    <message>
        <source>All but examples</source>
        <translation>除示例外的全部图像</translation>
    </message>
    <message>
        <source>Unlabeled only</source>
        <translation>仅未标注图像</translation>
    </message>
    <message>
        <source>Any predicted class</source>
        <translation>任意预测类别</translation>
    </message>
    <message>
        <source>Order added</source>
        <translation>按添加顺序</translation>
    </message>
    <message>
        <source>Most uncertain first</source>
        <translation>最不确定的在前</translation>
    </message>
    <message>
        <source>Most confident first</source>
        <translation>置信度最高的在前</translation>
    </message>
    <message>
        <source>Show only images whose top class has at least this confidence</source>
        <translation>只显示最可能类别的置信度不低于此值的图像</translation>
    </message>
    <message>
        <source>Show only images whose top class has at most this confidence</source>
        <translation>只显示最可能类别的置信度不高于此值的图像</translation>
    </message>
    <message>
        <source>Confidence:</source>
        <translation>置信度：</translation>
    </message>
    <message>
        <source>Back to Zero-Shot</source>
        <translation>返回零样本</translation>
    </message>
    <message>
        <source>Show zero-shot predictions from the prompts instead of a trained head</source>
        <translation>显示基于提示的零样本预测，而不是训练所得分类头的预测</translation>
    </message>
    <message>
        <source>Add Images…</source>
        <translation>添加图像…</translation>
    </message>
    <message>
        <source>Add image files to the unlabeled pool</source>
        <translation>将图像文件添加到未标注图像池</translation>
    </message>
    <message>
        <source>Label the selected images with their predicted class (Enter)</source>
        <translation>将所选图像标注为其预测类别（Enter）</translation>
    </message>
    <message>
        <source>Remove the labels of the selected images (Delete)</source>
        <translation>清除所选图像的标签（Delete）</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s), %1 unlabeled</source>
        <translation>
            <numerusform>%n 张图像，%1 张未标注</numerusform>
        </translation>
    </message>
    <message>
        <source>Predicted: %1</source>
        <translation>预测：%1</translation>
    </message>
    <message>
        <source>Add classes to label with the keys 1 to 9.</source>
        <translation>添加类别后即可用数字键 1 到 9 标注。</translation>
    </message>
    <message>
        <source>Keys: %1</source>
        <translation>按键：%1</translation>
    </message>
    <message>
        <source>No predictions: load a CLIP model on the start page.</source>
        <translation>没有预测：请在起始页加载 CLIP 模型。</translation>
    </message>
    <message>
        <source>No predictions yet: they need two classes and embedded images.</source>
        <translation>尚无预测：需要至少两个类别，且图像已计算嵌入。</translation>
    </message>
    <message>
        <source>The predictions are being recomputed; the grid shows the previous ones in grey with dashed borders.</source>
        <translation>正在重新计算预测；网格中以灰色虚线边框显示之前的预测。</translation>
    </message>
    <message>
        <source>Zero-shot predictions from the active prompts.</source>
        <translation>基于当前提示的零样本预测。</translation>
    </message>
    <message>
        <source>Predictions of the trained classifier %1.</source>
        <translation>训练所得分类器 %1 的预测。</translation>
    </message>
    <message>
        <source>Add Images to the Pool</source>
        <translation>将图像添加到图像池</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp)</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::MainWindow</name>
    <message>
        <source>Quit FewShot Studio</source>
        <translation>退出 FewShot Studio</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) are still running. Cancel them and quit?</source>
        <translation>
            <numerusform>还有 %n 个任务正在运行。取消这些任务并退出？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Added %n image(s) to the pool.</source>
        <translation>
            <numerusform>已将 %n 张图像添加到图像池。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Added %n example(s) to %1.</source>
        <translation>
            <numerusform>已为 %1 添加 %n 个示例。</numerusform>
        </translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was added.</source>
        <translation>导入已取消；未添加任何内容。</translation>
    </message>
    <message>
        <source>Predictions &amp;&amp; Labeling</source>
        <translation>预测与标注</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Template Comparison</source>
        <translation>模板比较</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Prompts</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>The project %1 does not exist any more. It was removed from the recent projects.</source>
        <translation>项目 %1 已不存在，已从最近的项目中移除。</translation>
    </message>
    <message>
        <source>Created %1. Add classes, drop example images on them, and drop unlabeled images on the grid.</source>
        <translation>已创建 %1。请添加类别，将示例图像拖到类别上，再将未标注图像拖到网格中。</translation>
    </message>
    <message>
        <source>No CLIP model is loaded, so there are no predictions yet. Choose a model on the start page (File &gt; Start Page).</source>
        <translation>尚未加载 CLIP 模型，因此还没有预测。请在起始页选择模型（文件 &gt; 起始页）。</translation>
    </message>
    <message>
        <source>Could not open the project: %1</source>
        <translation>无法打开项目：%1</translation>
    </message>
    <message>
        <source>FewShot Studio</source>
        <translation>FewShot Studio</translation>
    </message>
    <message>
        <source>%1 — FewShot Studio</source>
        <translation>%1 — FewShot Studio</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近的项目(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Close Project</source>
        <translation>关闭项目(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Start Page</source>
        <translation>起始页(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Add Images to the Pool…</source>
        <translation>将图像添加到图像池(&amp;A)…</translation>
    </message>
    <message>
        <source>Add Images to the Pool</source>
        <translation>将图像添加到图像池</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Add &amp;Class…</source>
        <translation>添加类别(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Labeling</source>
        <translation>标注(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>Te&amp;mplate Comparison</source>
        <translation>模板比较(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Evaluation</source>
        <translation>评估(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About FewShot Studio</source>
        <translation>关于 FewShot Studio(&amp;A)</translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation>没有最近的项目</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>FewShot projects (*.fewshot)</source>
        <translation>FewShot 项目 (*.fewshot)</translation>
    </message>
    <message>
        <source>%1 exists already. Open it with File &gt; Open Project, or choose another name.</source>
        <translation>%1 已存在。请用“文件 &gt; 打开项目”打开它，或换一个名称。</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>FewShot projects (*.fewshot);;All files (*)</source>
        <translation>FewShot 项目 (*.fewshot);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The new device, data type and thread settings apply when the model is loaded again.</source>
        <translation>新的计算设备、数据类型和线程设置将在重新加载模型后生效。</translation>
    </message>
    <message>
        <source>Reload Model</source>
        <translation>重新加载模型</translation>
    </message>
    <message>
        <source>About FewShot Studio</source>
        <translation>关于 FewShot Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;FewShot Studio %1&lt;/h3&gt;&lt;p&gt;Label images with a few examples per class, using a CLIP model on this computer.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;FewShot Studio %1&lt;/h3&gt;&lt;p&gt;在本机运行 CLIP 模型，每个类别只需少量示例即可标注图像。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>This is the small demo model, trained only on generated images of parts with surface defects. Its predictions on real images mean nothing. For your own images, download a CLIP checkpoint such as openai/clip-vit-base-patch32 (see &quot;Get a CLIP checkpoint&quot; in the README) and load its folder.</source>
        <translation>这是小型演示模型，只在生成的带表面缺陷的零件图像上训练过，它对真实图像的预测没有意义。处理您自己的图像时，请下载 CLIP 检查点，例如 openai/clip-vit-base-patch32（见 README 中的“获取 CLIP 检查点”），并加载其文件夹。</translation>
    </message>
    <message>
        <source>Choose a CLIP Model</source>
        <translation>选择 CLIP 模型</translation>
    </message>
    <message>
        <source>Looking for the missing images: checked %1 of %2 files…</source>
        <translation>正在查找缺失的图像：已检查 %2 个文件中的 %1 个…</translation>
    </message>
    <message>
        <source>Folder with One Sub-folder per Class</source>
        <translation>每个类别一个子文件夹的文件夹</translation>
    </message>
    <message>
        <source>Import Labels from CSV</source>
        <translation>从 CSV 导入标签</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Folder That Contains the Missing Images</source>
        <translation>缺失图像现在所在的文件夹</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Reading images: %1 of %2…</source>
        <translation>正在读取图像：%2 张中的第 %1 张…</translation>
    </message>
    <message>
        <source>Nothing new was imported from %1.</source>
        <translation>没有从 %1 导入任何新内容。</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n image(s) from the class folders in %1 as examples.</source>
        <translation>
            <numerusform>已从 %1 中的类别文件夹导入 %n 张图像作为示例。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n label(s) from %1.</source>
        <translation>
            <numerusform>已从 %1 导入 %n 个标签。</numerusform>
        </translation>
    </message>
    <message>
        <source>New classes: %1.</source>
        <translation>新类别：%1。</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) were in the project already.</source>
        <translation>
            <numerusform>%n 张图像已在项目中。</numerusform>
        </translation>
    </message>
    <message>
        <source>Relinking was cancelled; no image paths were changed.</source>
        <translation>重新关联已取消；未更改任何图像路径。</translation>
    </message>
    <message>
        <source>No images are missing, so there was nothing to relink.</source>
        <translation>没有缺失的图像，无需重新关联。</translation>
    </message>
    <message numerus="yes">
        <source>Found %1 of the %n missing image(s) in %2 and stored their new paths. %3 are still missing: relink them from another folder, or remove them.</source>
        <translation>
            <numerusform>在 %2 中找到了 %n 张缺失图像中的 %1 张，并保存了它们的新路径。仍缺失 %3 张：请从另一个文件夹重新关联，或将它们移除。</numerusform>
        </translation>
    </message>
    <message>
        <source>Relink Images…</source>
        <translation>重新关联图像…</translation>
    </message>
    <message>
        <source>Import Class &amp;Folders…</source>
        <translation>导入类别文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>Add the images of a folder with one sub-folder per class as examples of those classes</source>
        <translation>将每个类别一个子文件夹的文件夹中的图像添加为这些类别的示例</translation>
    </message>
    <message>
        <source>Import &amp;Labels from CSV…</source>
        <translation>从 CSV 导入标签(&amp;L)…</translation>
    </message>
    <message>
        <source>Add images and their labels from a CSV file of path,label rows</source>
        <translation>从每行为 path,label 的 CSV 文件添加图像及其标签</translation>
    </message>
    <message>
        <source>Relink &amp;Missing Images…</source>
        <translation>重新关联缺失的图像(&amp;M)…</translation>
    </message>
    <message>
        <source>Find images that were moved, by their content, in a folder you choose</source>
        <translation>在你选择的文件夹中按内容查找被移动的图像</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) already had a different label and kept it.</source>
        <translation>
            <numerusform>%n 张图像已有不同的标签，并保留了原标签。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n file(s) that could not be read. First problem: %1</source>
        <translation>
            <numerusform>已跳过 %n 个无法读取的文件。第一个问题：%1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Found the %n missing image(s) in %1 and stored the new paths.</source>
        <translation>
            <numerusform>已在 %1 中找到 %n 张缺失图像，并保存了新路径。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Could not find %n image(s) of this project at the stored paths, for example because their folder was moved. Their labels are kept. To find them, choose the folder they are in now.</source>
        <translation>
            <numerusform>此项目的 %n 张图像不在保存的路径上，例如因为所在文件夹被移动了。它们的标签会保留。要找到它们，请选择它们现在所在的文件夹。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fewshot::ui::ModelWorker</name>
    <message>
        <source>An image embedding does not match the loaded model. Load the model again to encode the images anew.</source>
        <translation>某个图像嵌入与已加载的模型不匹配。请重新加载模型，以重新编码图像。</translation>
    </message>
    <message>
        <source>No model is loaded. Choose a CLIP model folder on the start page.</source>
        <translation>尚未加载模型。请在起始页选择 CLIP 模型文件夹。</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::PoolModel</name>
    <message>
        <source>Label: %1 (%2)</source>
        <translation>标签：%1（%2）</translation>
    </message>
    <message>
        <source>No prediction</source>
        <translation>无预测</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::PredictionController</name>
    <message>
        <source>Zero-shot</source>
        <translation>零样本</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) could not be read and get no prediction. First problem: %1</source>
        <translation>
            <numerusform>%n 张图像无法读取，没有预测。第一个问题：%1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fewshot::ui::PreviewDialog</name>
    <message>
        <source>Image Preview</source>
        <translation>图像预览</translation>
    </message>
    <message>
        <source>No prediction yet: load a model and add at least two classes.</source>
        <translation>尚无预测：请加载模型并添加至少两个类别。</translation>
    </message>
    <message>
        <source>Left/Right: previous/next image · 1–9: label · Enter: accept the prediction · Space: close</source>
        <translation>左/右：上一张/下一张 · 1–9：标注 · Enter：采纳预测 · 空格：关闭</translation>
    </message>
    <message>
        <source>Label: %1 (%2)</source>
        <translation>标签：%1（%2）</translation>
    </message>
    <message>
        <source>Not labeled yet.</source>
        <translation>尚未标注。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>%1 could not be read.</source>
        <translation>无法读取 %1。</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::ProjectController</name>
    <message numerus="yes">
        <source>Add %n image(s) to the pool</source>
        <translation>
            <numerusform>将 %n 张图像添加到图像池</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Add %n example(s) to %1</source>
        <translation>
            <numerusform>为 %1 添加 %n 个示例</numerusform>
        </translation>
    </message>
    <message>
        <source>Import class folders from %1</source>
        <translation>从 %1 导入类别文件夹</translation>
    </message>
    <message>
        <source>Import labels from %1</source>
        <translation>从 %1 导入标签</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::ProjectWorker</name>
    <message>
        <source>No project is open. Create or open a project first.</source>
        <translation>没有打开的项目。请先新建或打开一个项目。</translation>
    </message>
    <message>
        <source>undo adding images</source>
        <translation>撤销添加图像</translation>
    </message>
    <message>
        <source>redo adding images</source>
        <translation>重做添加图像</translation>
    </message>
    <message>
        <source>The class to remove is no longer in the project.</source>
        <translation>要删除的类别已不在项目中。</translation>
    </message>
    <message>
        <source>change labels</source>
        <translation>更改标签</translation>
    </message>
    <message>
        <source>remove images</source>
        <translation>移除图像</translation>
    </message>
    <message>
        <source>restore images</source>
        <translation>恢复图像</translation>
    </message>
    <message>
        <source>add a template set</source>
        <translation>添加模板集</translation>
    </message>
    <message>
        <source>The template set to remove is no longer in the project.</source>
        <translation>要删除的模板集已不在项目中。</translation>
    </message>
    <message>
        <source>record the trained run</source>
        <translation>记录训练完成的运行</translation>
    </message>
    <message>
        <source>Run %1 has no stored classifier head, so it cannot be applied or exported. Runs trained before FewShot Studio stored heads, and runs that did not finish, have none. Train it again.</source>
        <translation>运行 %1 没有保存的分类头，因此无法应用或导出。在 FewShot Studio 开始保存分类头之前训练的运行，以及未完成的运行，都没有分类头。请重新训练。</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::PromptEditor</name>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Add a template and edit it</source>
        <translation>添加一个模板并编辑</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove the selected template</source>
        <translation>删除所选模板</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move the selected template up</source>
        <translation>将所选模板上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Move the selected template down</source>
        <translation>将所选模板下移</translation>
    </message>
    <message>
        <source>{} marks where the class name goes. Double-click a template to edit it.</source>
        <translation>{} 表示类别名的位置。双击模板即可编辑。</translation>
    </message>
    <message>
        <source>Final prompts of the chosen class:</source>
        <translation>所选类别的最终提示：</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Own templates for this class</source>
        <translation>为该类别单独设置模板</translation>
    </message>
    <message>
        <source>One template per line</source>
        <translation>每行一个模板</translation>
    </message>
    <message>
        <source>(no active set)</source>
        <translation>（无活动模板集）</translation>
    </message>
    <message>
        <source>Add a class to see its prompts.</source>
        <translation>添加类别后即可查看其提示。</translation>
    </message>
    <message>
        <source>No template set is active, so the default template is used:</source>
        <translation>没有活动的模板集，因此使用默认模板：</translation>
    </message>
    <message>
        <source>%1   (no {}: the same text for every class)</source>
        <translation>%1   （不含 {}：所有类别使用同一文本）</translation>
    </message>
    <message>
        <source>A template set needs at least one template.</source>
        <translation>模板集至少需要一个模板。</translation>
    </message>
    <message>
        <source>No model is loaded, so these prompts give no predictions yet.</source>
        <translation>尚未加载模型，因此这些提示暂时不会产生预测。</translation>
    </message>
    <message>
        <source>Recomputing predictions with the edited prompts…</source>
        <translation>正在用编辑后的提示重新计算预测…</translation>
    </message>
    <message>
        <source>Predictions match these prompts.</source>
        <translation>预测已与这些提示一致。</translation>
    </message>
    <message>
        <source>New Set</source>
        <translation>新建模板集</translation>
    </message>
    <message>
        <source>From preset: %1</source>
        <translation>来自预设：%1</translation>
    </message>
    <message>
        <source>Copy of the active set</source>
        <translation>复制活动模板集</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1（副本）</translation>
    </message>
    <message>
        <source>Rename or delete the active set</source>
        <translation>重命名或删除活动模板集</translation>
    </message>
    <message>
        <source>Rename Set…</source>
        <translation>重命名模板集…</translation>
    </message>
    <message>
        <source>Delete Set…</source>
        <translation>删除模板集…</translation>
    </message>
    <message>
        <source>Template set:</source>
        <translation>模板集：</translation>
    </message>
    <message>
        <source>Rename Template Set</source>
        <translation>重命名模板集</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <source>Delete Template Set</source>
        <translation>删除模板集</translation>
    </message>
    <message>
        <source>Delete the template set %1 with its class overrides?</source>
        <translation>删除模板集 %1 及其各类别的单独模板？</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::RunHeads</name>
    <message>
        <source>The description of a trained head names no method. This is a bug in FewShot Studio; please report it.</source>
        <translation>训练得到的分类头的描述中没有方法名。这是 FewShot Studio 的缺陷，请报告。</translation>
    </message>
    <message>
        <source>the stored head of run %1</source>
        <translation>运行 %1 保存的分类头</translation>
    </message>
    <message>
        <source>The stored head of run %1 has %2 classes but %3 class names. Train the run again.</source>
        <translation>运行 %1 保存的分类头有 %2 个类别，但有 %3 个类别名。请重新训练。</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::RunHistoryPanel</name>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Training accuracy</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>Exported to</source>
        <translation>导出位置</translation>
    </message>
    <message>
        <source>Show Curves</source>
        <translation>显示曲线</translation>
    </message>
    <message>
        <source>Draw the stored curves of the selected runs in the plot</source>
        <translation>在图中绘制所选运行保存的曲线</translation>
    </message>
    <message>
        <source>Apply to Pool</source>
        <translation>应用到图像池</translation>
    </message>
    <message>
        <source>Show this run&apos;s predictions in the labeling view</source>
        <translation>在标注视图中显示此次运行的预测</translation>
    </message>
    <message>
        <source>Export Head…</source>
        <translation>导出分类头…</translation>
    </message>
    <message>
        <source>Delete Run</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>Write this run&apos;s classifier head to a folder</source>
        <translation>将此次运行的分类头写入文件夹</translation>
    </message>
    <message>
        <source>Run %1 %2</source>
        <translation>运行 %1 %2</translation>
    </message>
    <message>
        <source>The labeling view now shows the predictions of %1.</source>
        <translation>标注视图现在显示 %1 的预测。</translation>
    </message>
    <message>
        <source>Folder for the Classifier Head</source>
        <translation>分类头的文件夹</translation>
    </message>
    <message>
        <source>Delete Runs</source>
        <translation>删除运行</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n training run(s) with their curves from the project? This cannot be undone.</source>
        <translation>
            <numerusform>从项目中删除 %n 次训练运行及其曲线？此操作无法撤销。</numerusform>
        </translation>
    </message>
    <message>
        <source>This run is still training.</source>
        <translation>此运行仍在训练中。</translation>
    </message>
    <message>
        <source>This run has no stored classifier: it did not finish, or it was trained by an older version of FewShot Studio. Train it again to apply or export it.</source>
        <translation>此运行没有保存的分类器：它未完成，或是由旧版 FewShot Studio 训练的。请重新训练后再应用或导出。</translation>
    </message>
    <message>
        <source>Wrote the classifier head to %1.</source>
        <translation>已将分类头写入 %1。</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>All cores (%1)</source>
        <translation>全部核心（%1）</translation>
    </message>
    <message>
        <source>Automatic (GPU when available)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU (CUDA)</source>
        <translation>GPU（CUDA）</translation>
    </message>
    <message>
        <source>float32 (exact)</source>
        <translation>float32（精确）</translation>
    </message>
    <message>
        <source>bfloat16 (half the memory)</source>
        <translation>bfloat16（内存减半）</translation>
    </message>
    <message>
        <source>float16 (GPU only)</source>
        <translation>float16（仅限 GPU）</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>The language changes at the next start. Threads, device and data type apply when a model is loaded next.</source>
        <translation>语言在下次启动时生效。线程、计算设备和数据类型在下次加载模型时生效。</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>CPU threads:</source>
        <translation>CPU 线程数：</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>计算设备：</translation>
    </message>
    <message>
        <source>Data type:</source>
        <translation>数据类型：</translation>
    </message>
    <message>
        <source>Thumbnail size:</source>
        <translation>缩略图大小：</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::StatusPanel</name>
    <message>
        <source>No running jobs</source>
        <translation>没有正在运行的任务</translation>
    </message>
    <message numerus="yes">
        <source>%n running job(s)</source>
        <translation>
            <numerusform>%n 个任务正在运行</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <source>Device: %1, %2</source>
        <translation>设备：%1，%2</translation>
    </message>
    <message numerus="yes">
        <source>Embeddings: %1 of %n image(s), %2 cached</source>
        <translation>
            <numerusform>嵌入：%1 / %n 张图像，已缓存 %2</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 image and %2 text embeddings are cached in the project file.</source>
        <translation>项目文件中缓存了 %1 个图像嵌入和 %2 个文本嵌入。</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::StudioApp</name>
    <message>
        <source>Label images with a few examples per class.</source>
        <translation>每个类别只需少量示例即可标注图像。</translation>
    </message>
    <message>
        <source>Load the CLIP model in DIR at start.</source>
        <translation>启动时加载 DIR 中的 CLIP 模型。</translation>
    </message>
    <message>
        <source>Open the project FILE at start.</source>
        <translation>启动时打开项目 FILE。</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::StudioStart</name>
    <message>
        <source>The demo model and project that come with FewShot Studio were not found (searched %1). Choose a CLIP model folder to start.</source>
        <translation>未找到 FewShot Studio 自带的演示模型和演示项目（已搜索 %1）。请选择一个 CLIP 模型文件夹以开始。</translation>
    </message>
    <message>
        <source>Could not open the demo project: %1</source>
        <translation>无法打开演示项目：%1</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::TemplateComparisonPage</name>
    <message>
        <source>Score Templates</source>
        <translation>为模板评分</translation>
    </message>
    <message>
        <source>Scores each template of the active set and each saved set by zero-shot accuracy on the labeled images.</source>
        <translation>以已标注图像上的零样本准确率为活动模板集中的每个模板以及每个已保存的模板集评分。</translation>
    </message>
    <message>
        <source>Compare Sets</source>
        <translation>比较模板集</translation>
    </message>
    <message>
        <source>Side by side:</source>
        <translation>并排比较：</translation>
    </message>
    <message>
        <source>and</source>
        <translation>与</translation>
    </message>
    <message>
        <source>Load a model and open a project to score templates.</source>
        <translation>请先加载模型并打开项目，再为模板评分。</translation>
    </message>
    <message>
        <source>Scoring templates needs at least two classes.</source>
        <translation>为模板评分至少需要两个类别。</translation>
    </message>
    <message>
        <source>Label some images first: templates are scored on the labeled images.</source>
        <translation>请先标注一些图像：模板是在已标注图像上评分的。</translation>
    </message>
    <message numerus="yes">
        <source>Scoring %n candidate(s) on the labeled images…</source>
        <translation>
            <numerusform>正在已标注图像上为 %n 个候选评分…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Zero-shot accuracy on %n labeled image(s). The best candidate is highlighted.</source>
        <translation>
            <numerusform>在 %n 张已标注图像上的零样本准确率。最佳候选已高亮显示。</numerusform>
        </translation>
    </message>
    <message>
        <source>Template or set</source>
        <translation>模板或模板集</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Recall: %1</source>
        <translation>召回率：%1</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>模板集</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>[set] %1</source>
        <translation>[模板集] %1</translation>
    </message>
    <message>
        <source>Zero-shot accuracy</source>
        <translation>零样本准确率</translation>
    </message>
    <message>
        <source>Score the templates first.</source>
        <translation>请先为模板评分。</translation>
    </message>
    <message>
        <source>Score the templates again: the chosen sets have no scores yet.</source>
        <translation>请重新为模板评分：所选模板集还没有评分。</translation>
    </message>
    <message>
        <source>Accuracy and recall</source>
        <translation>准确率与召回率</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::TemplatePresets</name>
    <message>
        <source>General photos</source>
        <translation>通用照片</translation>
    </message>
    <message>
        <source>Medical imaging</source>
        <translation>医学影像</translation>
    </message>
    <message>
        <source>Industrial inspection</source>
        <translation>工业检测</translation>
    </message>
    <message>
        <source>Satellite and aerial</source>
        <translation>卫星与航拍</translation>
    </message>
    <message>
        <source>Art and illustration</source>
        <translation>艺术与插画</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::TrainingController</name>
    <message>
        <source>Zero-shot</source>
        <translation>零样本</translation>
    </message>
    <message>
        <source>Linear probe</source>
        <translation>线性探测</translation>
    </message>
    <message>
        <source>Tip-Adapter</source>
        <translation>Tip-Adapter</translation>
    </message>
    <message>
        <source>Tip-Adapter-F</source>
        <translation>Tip-Adapter-F</translation>
    </message>
    <message>
        <source>Preparing</source>
        <translation>准备中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>cross-validation</source>
        <translation>交叉验证</translation>
    </message>
    <message>
        <source>final fit</source>
        <translation>最终拟合</translation>
    </message>
    <message>
        <source>fine-tuning</source>
        <translation>微调</translation>
    </message>
    <message>
        <source>Open or create a project before training.</source>
        <translation>训练前请先打开或新建项目。</translation>
    </message>
    <message>
        <source>Load a CLIP model on the start page before training.</source>
        <translation>训练前请先在起始页加载 CLIP 模型。</translation>
    </message>
    <message>
        <source>Training needs at least two classes. Add classes in the Classes panel.</source>
        <translation>训练至少需要两个类别。请在“类别”面板中添加类别。</translation>
    </message>
    <message>
        <source>These classes have no example image with an embedding yet: %1. Drop example images on them, or wait until their embeddings are computed.</source>
        <translation>以下类别还没有已计算嵌入的示例图像：%1。请将示例图像拖到这些类别上，或等待嵌入计算完成。</translation>
    </message>
    <message>
        <source>Choose at least one method to train.</source>
        <translation>请至少选择一种训练方法。</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <source>Training %1 failed: %2</source>
        <translation>训练 %1 失败：%2</translation>
    </message>
    <message>
        <source>Run %1 was trained with another CLIP model (%2) than the loaded one (%3), so its classifier does not fit these embeddings. Load the model it was trained with on the start page.</source>
        <translation>运行 %1 是用另一个 CLIP 模型（%2）训练的，而不是当前加载的模型（%3），因此其分类器不适用于这些嵌入。请在开始页加载训练它时所用的模型。</translation>
    </message>
    <message>
        <source>Run %1 was trained on classes that are no longer in the project: %2. Rename them back, or train again.</source>
        <translation>运行 %1 训练时使用的类别已不在项目中：%2。请将它们改回原名，或重新训练。</translation>
    </message>
    <message>
        <source>Run %1 expects embeddings of %2 values, but the loaded model makes others. Load the model it was trained with on the start page.</source>
        <translation>运行 %1 需要 %2 维的嵌入，但当前加载的模型生成的嵌入不同。请在开始页加载训练它时所用的模型。</translation>
    </message>
    <message>
        <source>Only finished training jobs can be exported.</source>
        <translation>只能导出已完成的训练任务。</translation>
    </message>
    <message>
        <source>Load the CLIP model that run %1 was trained with before applying it.</source>
        <translation>应用运行 %1 之前，请先加载训练它时所用的 CLIP 模型。</translation>
    </message>
    <message>
        <source>Run %1 %2</source>
        <translation>运行 %1 %2</translation>
    </message>
    <message>
        <source>CoOp</source>
        <translation>CoOp</translation>
    </message>
    <message>
        <source>Ensemble</source>
        <translation>集成</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::TrainingPage</name>
    <message>
        <source>Epoch or candidate</source>
        <translation>轮次或候选</translation>
    </message>
    <message>
        <source>Training loss by fine-tuning epoch (Tip-Adapter-F); validation loss and accuracy on held-out folds by cross-validation candidate; and, at the end of each curve, the measurements after the fit on the examples (training) and on the other labeled images (validation).</source>
        <translation>按微调轮次显示训练损失（Tip-Adapter-F）；按交叉验证候选显示留出折上的验证损失和准确率；每条曲线末端是在示例上拟合后的测量值（训练）以及在其他已标注图像上的测量值（验证）。</translation>
    </message>
    <message>
        <source>Save Plot…</source>
        <translation>保存图表…</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Jobs of this session</source>
        <translation>本次会话的任务</translation>
    </message>
    <message>
        <source>Training runs in this project</source>
        <translation>本项目的训练运行</translation>
    </message>
    <message>
        <source>New training</source>
        <translation>新的训练</translation>
    </message>
    <message>
        <source>Weight classes equally</source>
        <translation>各类别等权重</translation>
    </message>
    <message>
        <source>Anchor the linear probe to zero-shot</source>
        <translation>将线性探测锚定到零样本</translation>
    </message>
    <message>
        <source>Penalize the distance of the linear probe&apos;s weights from the zero-shot classifier instead of their size</source>
        <translation>惩罚线性探测权重与零样本分类器的距离，而不是权重的大小</translation>
    </message>
    <message>
        <source>Start Training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>Methods:</source>
        <translation>方法：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>Fine-tuning epochs of Tip-Adapter-F at most; cross-fitting may choose fewer</source>
        <translation>Tip-Adapter-F 的最大微调轮数；交叉拟合可能选择更少的轮数</translation>
    </message>
    <message>
        <source>Learning rate of the Tip-Adapter-F fine-tuning</source>
        <translation>Tip-Adapter-F 微调的学习率</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>轮数：</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Training accuracy</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Estimated time: about %1 s, from earlier runs in this project.</source>
        <translation>预计用时：约 %1 秒（根据本项目之前的运行估算）。</translation>
    </message>
    <message>
        <source>No estimate yet for %1: it has not run in this project.</source>
        <translation>%1 暂无用时估计：它还未在本项目中运行过。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%1: %2 of %3</source>
        <translation>%1：%2 / %3</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message numerus="yes">
        <source>%1 on %n image(s)</source>
        <translation>
            <numerusform>%1（%n 张图像）</numerusform>
        </translation>
    </message>
    <message>
        <source>no labeled images to check on</source>
        <translation>没有可用于检验的已标注图像</translation>
    </message>
    <message>
        <source>Save Plot</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <source>training-curves.png</source>
        <translation>training-curves.png</translation>
    </message>
    <message>
        <source>Saved the plot to %1.</source>
        <translation>已将图表保存到 %1。</translation>
    </message>
    <message>
        <source>CoOp: learn one prompt context per class</source>
        <translation>CoOp：为每个类别学习各自的提示上下文</translation>
    </message>
    <message>
        <source>One context shared by all classes suits few examples; one per class can fit better with eight or more examples per class</source>
        <translation>所有类别共用一个上下文适合示例较少的情况；每类示例达到八个或更多时，每个类别各用一个上下文可能效果更好</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::TrainingWorker</name>
    <message>
        <source>An image embedding does not match the loaded model. Load the model again and restart the training.</source>
        <translation>某个图像嵌入与已加载的模型不匹配。请重新加载模型并重新开始训练。</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::UndoCommands</name>
    <message>
        <source>Add class %1</source>
        <translation>添加类别 %1</translation>
    </message>
    <message>
        <source>Delete class %1</source>
        <translation>删除类别 %1</translation>
    </message>
    <message>
        <source>Reorder classes</source>
        <translation>调整类别顺序</translation>
    </message>
    <message>
        <source>Edit templates of %1</source>
        <translation>编辑 %1 的模板</translation>
    </message>
    <message>
        <source>Add template set %1</source>
        <translation>添加模板集 %1</translation>
    </message>
    <message>
        <source>Delete template set %1</source>
        <translation>删除模板集 %1</translation>
    </message>
    <message>
        <source>Change the active template set</source>
        <translation>更改活动模板集</translation>
    </message>
    <message>
        <source>Edit class templates</source>
        <translation>编辑类别模板</translation>
    </message>
</context>
<context>
    <name>fewshot::ui::WelcomePage</name>
    <message>
        <source>FewShot Studio</source>
        <translation>FewShot Studio</translation>
    </message>
    <message>
        <source>Label images with a few examples per class. Choose a CLIP model, then create or open a project.</source>
        <translation>每个类别只需少量示例即可标注图像。请先选择 CLIP 模型，再新建或打开项目。</translation>
    </message>
    <message>
        <source>Projects</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>New Project…</source>
        <translation>新建项目…</translation>
    </message>
    <message>
        <source>Open Project…</source>
        <translation>打开项目…</translation>
    </message>
    <message>
        <source>Back to the Open Project</source>
        <translation>返回已打开的项目</translation>
    </message>
    <message>
        <source>Recent projects (double-click to open):</source>
        <translation>最近的项目（双击打开）：</translation>
    </message>
    <message>
        <source>CLIP model</source>
        <translation>CLIP 模型</translation>
    </message>
    <message>
        <source>Folder with config.json and model.safetensors</source>
        <translation>包含 config.json 和 model.safetensors 的文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Load Model</source>
        <translation>加载模型</translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation>架构：</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>计算设备：</translation>
    </message>
    <message>
        <source>Data type:</source>
        <translation>数据类型：</translation>
    </message>
    <message>
        <source>Embedding size:</source>
        <translation>嵌入维度：</translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation>参数量：</translation>
    </message>
    <message>
        <source>Checkpoint format:</source>
        <translation>检查点格式：</translation>
    </message>
    <message>
        <source>%1 (the file is missing)</source>
        <translation>%1（文件已不存在）</translation>
    </message>
    <message>
        <source>No recent projects yet.</source>
        <translation>还没有最近的项目。</translation>
    </message>
    <message>
        <source>Choose a CLIP Model Folder</source>
        <translation>选择 CLIP 模型文件夹</translation>
    </message>
    <message>
        <source>Enter or choose the folder of a CLIP checkpoint first.</source>
        <translation>请先输入或选择 CLIP 检查点所在的文件夹。</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>Loaded %1.</source>
        <translation>已加载 %1。</translation>
    </message>
    <message>
        <source>The model loaded with a warning: %1</source>
        <translation>模型已加载，但有警告：%1</translation>
    </message>
    <message>
        <source>Still using %1.</source>
        <translation>仍在使用 %1。</translation>
    </message>
    <message>
        <source>No model loaded.</source>
        <translation>未加载模型。</translation>
    </message>
    <message>
        <source>Could not load the model: %1</source>
        <translation>无法加载模型：%1</translation>
    </message>
    <message>
        <source>%1 million</source>
        <translation>%1 百万</translation>
    </message>
</context>
<context>
    <name>fewshot::widgets::BarChart</name>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Best</source>
        <translation>最佳</translation>
    </message>
</context>
<context>
    <name>fewshot::widgets::ClassCard</name>
    <message>
        <source>Rename, recolour, move or delete this class</source>
        <translation>重命名、更改颜色、移动或删除此类别</translation>
    </message>
    <message>
        <source>Drag onto another class to move this example there</source>
        <translation>拖到另一个类别上，即可将此示例移到该类别</translation>
    </message>
</context>
<context>
    <name>fewshot::widgets::LineChart</name>
    <message>
        <source>Shots per class</source>
        <translation>每类样本数</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
</context>
<context>
    <name>fewshot::widgets::MessageBar</name>
    <message>
        <source>Close this message</source>
        <translation>关闭此消息</translation>
    </message>
</context>
<context>
    <name>fewshot::widgets::PlotExport</name>
    <message>
        <source>Cannot save the plot as %1: use a file name ending in .png or .pdf.</source>
        <translation>无法将图表保存为 %1：请使用以 .png 或 .pdf 结尾的文件名。</translation>
    </message>
    <message>
        <source>Could not write the plot to %1. Check that the folder exists and is writable.</source>
        <translation>无法将图表写入 %1。请检查文件夹是否存在且可写。</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG 图像 (*.png);;PDF 文档 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>fewshot::widgets::ProbabilityBars</name>
    <message>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
</context>
<context>
    <name>fewshot::widgets::ThumbnailDelegate</name>
    <message>
        <source>Unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>%1 · %2%</source>
        <translation>%1 · %2%</translation>
    </message>
</context>
<context>
    <name>fewshot::widgets::TrainingPlot</name>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>training (solid)</source>
        <translation>训练（实线）</translation>
    </message>
    <message>
        <source>validation (dashed)</source>
        <translation>验证（虚线）</translation>
    </message>
</context>
</TS>
