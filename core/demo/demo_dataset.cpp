#include "demo/demo_dataset.h"

#include "base/error.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdio>
#include <filesystem>

namespace fewshot::demo {

void writeSamplePng(const DemoSample& sample, const std::string& path)
{
    const cv::Mat rgb(sample.height, sample.width, CV_8UC3, const_cast<uint8_t*>(sample.rgb.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    bool written = false;
    try {
        written = cv::imwrite(path, bgr);
    } catch (const cv::Exception& e) {
        throw Error(path + ": cannot write the PNG file: " + e.what());
    }
    if (!written)
        throw Error(path + ": cannot write the PNG file; check that the folder is writable");
}

void writeDemoDataset(const std::string& folder, int64_t count, uint64_t seed,
                      const std::function<void(int64_t written)>& progress)
{
    if (count < 1)
        throw Error("the number of images must be at least 1, got " + std::to_string(count));
    const std::filesystem::path root(folder);
    for (const std::string& name : defectClassNames()) {
        std::error_code error;
        std::filesystem::create_directories(root / name, error);
        if (error)
            throw Error((root / name).string() + ": cannot create the folder: " + error.message());
    }
    for (int64_t index = 0; index < count; ++index) {
        const DemoSample sample = generateSample(seed, static_cast<uint64_t>(index));
        char fileName[32];
        std::snprintf(fileName, sizeof fileName, "%06lld.png", static_cast<long long>(index));
        const std::string& className = defectClassNames()[static_cast<size_t>(sample.attributes.defectClass)];
        writeSamplePng(sample, (root / className / fileName).string());
        if (progress)
            progress(index + 1);
    }
}

}  // namespace fewshot::demo
