#include "ui/template_presets.h"

#include <QCoreApplication>

namespace fewshot::ui {
// The templates are English on purpose: CLIP was trained on English captions,
// so they are not translated with the interface.
std::vector<TemplatePreset> templatePresets()
{
    return {
        {QStringLiteral("general"), QCoreApplication::translate("fewshot::ui::TemplatePresets", "General photos"),
         {QStringLiteral("a photo of a {}."), QStringLiteral("a close-up photo of a {}."),
          QStringLiteral("a bright photo of a {}."), QStringLiteral("a cropped photo of the {}."),
          QStringLiteral("a good photo of a {}.")}},
        {QStringLiteral("medical"), QCoreApplication::translate("fewshot::ui::TemplatePresets", "Medical imaging"),
         {QStringLiteral("a medical image showing {}."),
          QStringLiteral("a radiology scan with {}."),
          QStringLiteral("a histopathology slide of {}."),
          QStringLiteral("a clinical photograph of {}."),
          QStringLiteral("an image from a patient examination showing {}.")}},
        {QStringLiteral("industrial"), QCoreApplication::translate("fewshot::ui::TemplatePresets", "Industrial inspection"),
         {QStringLiteral("a photo of a {} part."),
          QStringLiteral("an inspection image of a {} product."),
          QStringLiteral("a close-up of a manufactured part with {}."),
          QStringLiteral("a quality control photo showing {}."),
          QStringLiteral("a macro photo of a surface with {}.")}},
        {QStringLiteral("satellite"), QCoreApplication::translate("fewshot::ui::TemplatePresets", "Satellite and aerial"),
         {QStringLiteral("a satellite image of {}."),
          QStringLiteral("an aerial photo of {}."),
          QStringLiteral("a top-down view of {} from above."),
          QStringLiteral("a remote sensing image showing {}."),
          QStringLiteral("a high-resolution satellite photo of {}.")}},
        {QStringLiteral("art"), QCoreApplication::translate("fewshot::ui::TemplatePresets", "Art and illustration"),
         {QStringLiteral("a painting of {}."), QStringLiteral("an illustration of {}."),
          QStringLiteral("a drawing of {}."), QStringLiteral("an artwork depicting {}."),
          QStringLiteral("a sketch of {}.")}},
    };
}

TemplatePreset templatePreset(const QString& id)
{
    for (TemplatePreset& preset : templatePresets()) {
        if (preset.id == id)
            return preset;
    }
    return templatePresets().front();
}

}  // namespace fewshot::ui
