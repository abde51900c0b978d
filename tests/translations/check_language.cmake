# Runs `fewshot` (and `fewshot-studio --help` when given) under different
# locales and settings, and checks that each speaks the expected language:
# Chinese for a Chinese locale, English otherwise, the English plural forms
# in English, and the desktop application's language setting over the locale.
#
# cmake -DFEWSHOT=PATH [-DSTUDIO=PATH] -DWORK_DIR=DIR -P check_language.cmake

foreach(variable FEWSHOT WORK_DIR)
  if(NOT DEFINED ${variable})
    message(FATAL_ERROR "check_language.cmake: -D${variable}=... is required")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

set(failures "")
set(case_count 0)

# check(NAME EXIT_STATUS REGEX LOCALE COMMAND...) runs COMMAND with LANG set
# to LOCALE and the other locale variables unset, and expects the exit status
# and REGEX in its combined output. Extra environment comes from ${extra_env}.
function(check name expected_status regex locale)
  execute_process(
    COMMAND ${CMAKE_COMMAND} -E env --unset=LC_ALL --unset=LC_MESSAGES --unset=LANGUAGE
            LANG=${locale} ${extra_env} ${ARGN}
    RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
  math(EXPR count "${case_count} + 1")
  set(case_count ${count} PARENT_SCOPE)
  if(NOT status STREQUAL expected_status)
    set(failures "${failures}\n  ${name}: exit status ${status}, expected ${expected_status}; output:\n${output}" PARENT_SCOPE)
  elseif(NOT output MATCHES "${regex}")
    set(failures "${failures}\n  ${name}: output does not match \"${regex}\":\n${output}" PARENT_SCOPE)
  endif()
endfunction()

# The command line follows the locale.
check(cli_help_zh_CN 0 "用法：fewshot COMMAND.*训练少样本分类头" zh_CN.UTF-8 "${FEWSHOT}" --help)
check(cli_help_en 0 "Usage: fewshot COMMAND.*Train a few-shot classifier head" C.UTF-8 "${FEWSHOT}" --help)
# Qt's own words of the parser ("用法", "[选项]") come from qtbase_zh_CN.
check(cli_command_help_zh_CN 0 "用法：fewshot zero-shot \\[选项\\].*显示本帮助。" zh_CN.UTF-8
      "${FEWSHOT}" zero-shot --help)
check(cli_usage_error_zh_CN 2 "fewshot: 未知命令 'frobnicate'.*运行 'fewshot --help' 查看命令列表。" zh_CN.UTF-8
      "${FEWSHOT}" frobnicate)
check(cli_usage_error_en 2 "fewshot: unknown command 'frobnicate'" C.UTF-8 "${FEWSHOT}" frobnicate)
# Chinese of any region gets the Simplified Chinese translation.
check(cli_help_zh_TW 0 "用法：fewshot COMMAND" zh_TW.UTF-8 "${FEWSHOT}" --help)
# LANGUAGE comes first, and its languages without a translation are skipped.
set(extra_env LANGUAGE=fr:zh_CN)
check(cli_help_language_list 0 "用法：fewshot COMMAND" fr_FR.UTF-8 "${FEWSHOT}" --help)
set(extra_env "")
check(cli_option_error_zh_CN 2 "未知选项“bogus”" zh_CN.UTF-8 "${FEWSHOT}" zero-shot --bogus)
check(cli_missing_option_zh_CN 2 "fewshot: 必须指定 --model DIR" zh_CN.UTF-8
      "${FEWSHOT}" zero-shot --class a --class b image.png)
# fewshot_en.qm turns "%n file(s)" into the singular for one file: a file
# in a folder that is not an image is skipped and counted.
set(project "${WORK_DIR}/language.fewshot")
file(WRITE "${WORK_DIR}/pool/broken.png" "not an image")
check(cli_create_en 0 "Created the project" C.UTF-8 "${FEWSHOT}" project create "${project}")
check(cli_plural_en 1 "Skipped 1 unreadable file; the others were added\\." C.UTF-8
      "${FEWSHOT}" project add "${project}" --pool "${WORK_DIR}/pool")
check(cli_plural_zh_CN 1 "跳过了 1 个无法读取的文件" zh_CN.UTF-8
      "${FEWSHOT}" project add "${project}" --pool "${WORK_DIR}/pool")

# The desktop application: "System default" follows the locale, and an
# explicit choice in the settings wins over it. XDG_CONFIG_HOME keeps the
# user's own settings out of it.
if(DEFINED STUDIO)
  set(empty_settings "${WORK_DIR}/settings-default")
  file(MAKE_DIRECTORY "${empty_settings}")
  set(extra_env QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME=${empty_settings})
  check(studio_system_zh_CN 0 "每个类别只需少量示例即可标注图像。" zh_CN.UTF-8 "${STUDIO}" --help)
  check(studio_system_en 0 "Label images with a few examples per class\\." C.UTF-8 "${STUDIO}" --help)

  set(english_settings "${WORK_DIR}/settings-en")
  file(WRITE "${english_settings}/FewShot/FewShot Studio.conf" "[ui]\nlanguage=en\n")
  set(extra_env QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME=${english_settings})
  check(studio_setting_en 0 "Label images with a few examples per class\\." zh_CN.UTF-8 "${STUDIO}" --help)

  set(chinese_settings "${WORK_DIR}/settings-zh_CN")
  file(WRITE "${chinese_settings}/FewShot/FewShot Studio.conf" "[ui]\nlanguage=zh_CN\n")
  set(extra_env QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME=${chinese_settings})
  check(studio_setting_zh_CN 0 "每个类别只需少量示例即可标注图像。" C.UTF-8 "${STUDIO}" --help)
endif()

if(failures)
  message(FATAL_ERROR "language checks failed:${failures}")
endif()
message(STATUS "${case_count} language checks passed")
