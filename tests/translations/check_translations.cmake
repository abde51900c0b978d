# Checks one Qt Linguist file against the sources:
#   - no message is unfinished, obsolete or vanished in the committed file;
#   - every translation keeps the placeholders (%1, %n) and the number of
#     keyboard accelerators (&) of its source text;
#   - lupdate run over the sources into a copy of the file finds no message
#     that the file lacks and none that the sources no longer have.
#
# cmake -DLUPDATE=PATH -DTS_FILE=PATH -DWORK_DIR=DIR -DSOURCES=DIR|DIR
#       [-DINCLUDES=DIR|DIR] [-DPLURAL_ONLY=ON] -P check_translations.cmake
# SOURCES and INCLUDES are separated by "|", because ctest splits arguments
# at ";".

foreach(variable LUPDATE TS_FILE WORK_DIR SOURCES)
  if(NOT DEFINED ${variable})
    message(FATAL_ERROR "check_translations.cmake: -D${variable}=... is required")
  endif()
endforeach()
if(NOT EXISTS "${TS_FILE}")
  message(FATAL_ERROR "${TS_FILE}: file not found")
endif()
get_filename_component(ts_name "${TS_FILE}" NAME)

# Splits a .ts file into a CMake list of "context|message" entries. The
# characters that CMake lists treat specially (; [ ]), the separator | and
# the escaped ampersand are swapped for markers first, and restore_text puts
# them back.
function(read_messages file output)
  file(READ "${file}" text)
  string(REPLACE "&amp;" "{{AMP}}" text "${text}")
  string(REPLACE ";" "{{SEMICOLON}}" text "${text}")
  string(REPLACE "[" "{{OPEN}}" text "${text}")
  string(REPLACE "]" "{{CLOSE}}" text "${text}")
  string(REPLACE "|" "{{BAR}}" text "${text}")
  string(REPLACE "<context>" ";" contexts "${text}")
  list(REMOVE_AT contexts 0)
  set(messages "")
  foreach(context IN LISTS contexts)
    string(REGEX MATCH "<name>([^<]*)</name>" unused "${context}")
    set(name "${CMAKE_MATCH_1}")
    string(REPLACE "</message>" "</message>;" parts "${context}")
    foreach(part IN LISTS parts)
      if(part MATCHES "<message")
        list(APPEND messages "${name}|${part}")
      endif()
    endforeach()
  endforeach()
  set(${output} "${messages}" PARENT_SCOPE)
endfunction()

function(restore_text text output)
  string(REPLACE "{{SEMICOLON}}" ";" text "${text}")
  string(REPLACE "{{OPEN}}" "[" text "${text}")
  string(REPLACE "{{CLOSE}}" "]" text "${text}")
  string(REPLACE "{{BAR}}" "|" text "${text}")
  string(REPLACE "&lt;" "<" text "${text}")
  string(REPLACE "&gt;" ">" text "${text}")
  string(REPLACE "&quot;" "\"" text "${text}")
  string(REPLACE "&apos;" "'" text "${text}")
  string(REPLACE "{{AMP}}" "&" text "${text}")
  string(REPLACE "\n" "\\n" text "${text}")
  set(${output} "${text}" PARENT_SCOPE)
endfunction()

# "CONTEXT|SOURCE" as stored, the key that matches a message across files.
function(message_key entry output)
  string(FIND "${entry}" "|" bar)
  string(SUBSTRING "${entry}" 0 ${bar} context)
  string(REGEX MATCH "<source>([^<]*)</source>" unused "${entry}")
  set(${output} "${context}|${CMAKE_MATCH_1}" PARENT_SCOPE)
endfunction()

# "CONTEXT: "SOURCE"" for messages in error reports.
function(describe entry output)
  string(FIND "${entry}" "|" bar)
  string(SUBSTRING "${entry}" 0 ${bar} context)
  string(REGEX MATCH "<source>([^<]*)</source>" unused "${entry}")
  restore_text("${CMAKE_MATCH_1}" source)
  set(${output} "${context}: \"${source}\"" PARENT_SCOPE)
endfunction()

# Sorted placeholders (%1, %L2, %n) and the count of accelerator "&" in a
# text. "&&" is a literal ampersand in a menu or tab title, so it is skipped.
function(text_markers text output)
  string(REPLACE "{{AMP}}{{AMP}}" "" text "${text}")
  string(REGEX MATCHALL "%L?[0-9]+|%n" placeholders "${text}")
  list(SORT placeholders)
  list(REMOVE_DUPLICATES placeholders)
  string(LENGTH "${text}" length)
  string(REPLACE "{{AMP}}" "" stripped "${text}")
  string(LENGTH "${stripped}" stripped_length)
  math(EXPR count "(${length} - ${stripped_length}) / 7")
  list(JOIN placeholders " " joined)
  if(joined STREQUAL "")
    set(joined "none")
  endif()
  set(${output} "placeholders: ${joined}, ampersands: ${count}" PARENT_SCOPE)
endfunction()

set(errors "")
function(report text)
  set(errors "${errors}\n  ${text}" PARENT_SCOPE)
endfunction()

# 1. The committed file.
read_messages("${TS_FILE}" committed)
list(LENGTH committed committed_count)
set(committed_keys "")
foreach(entry IN LISTS committed)
  message_key("${entry}" key)
  list(APPEND committed_keys "${key}")
  describe("${entry}" what)
  if(entry MATCHES "type=\"(unfinished|obsolete|vanished)\"")
    report("${CMAKE_MATCH_1} in ${ts_name}: ${what}")
    continue()
  endif()
  string(REGEX MATCH "<source>([^<]*)</source>" unused "${entry}")
  text_markers("${CMAKE_MATCH_1}" expected)
  string(REGEX MATCH "<translation>(.*)</translation>" unused "${entry}")
  set(translation "${CMAKE_MATCH_1}")
  if(translation MATCHES "<numerusform")
    string(REGEX MATCHALL "<numerusform>[^<]*</numerusform>" forms "${translation}")
  else()
    set(forms "${translation}")
  endif()
  foreach(form IN LISTS forms)
    string(REGEX REPLACE "</?numerusform>" "" form "${form}")
    if(form STREQUAL "")
      report("empty translation in ${ts_name}: ${what}")
      continue()
    endif()
    text_markers("${form}" found)
    if(NOT found STREQUAL expected)
      restore_text("${form}" shown)
      report("the translation \"${shown}\" has ${found}, the source ${expected}, in ${ts_name}: ${what}")
    endif()
  endforeach()
endforeach()

# 2. The sources, merged by lupdate into a copy.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(copy "${WORK_DIR}/${ts_name}")
file(COPY_FILE "${TS_FILE}" "${copy}")
string(REPLACE "|" ";" source_list "${SOURCES}")
set(arguments -locations none)
if(PLURAL_ONLY)
  list(APPEND arguments -pluralonly)
endif()
if(DEFINED INCLUDES)
  string(REPLACE "|" ";" include_list "${INCLUDES}")
  foreach(folder IN LISTS include_list)
    list(APPEND arguments -I "${folder}")
  endforeach()
endif()
execute_process(COMMAND "${LUPDATE}" ${arguments} ${source_list} -ts "${copy}"
                RESULT_VARIABLE status OUTPUT_VARIABLE lupdate_output ERROR_VARIABLE lupdate_output)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${LUPDATE} failed with status ${status}:\n${lupdate_output}")
endif()
# lupdate prints "Qualifying with unknown namespace/class" when it cannot
# resolve a tr() context; such a message gets a context that tr() never asks
# for at run time.
string(REGEX MATCHALL "[^\n]*Qualifying with unknown[^\n]*" unresolved "${lupdate_output}")
foreach(line IN LISTS unresolved)
  report("lupdate could not resolve a translation context: ${line}")
endforeach()

read_messages("${copy}" merged)
foreach(entry IN LISTS merged)
  describe("${entry}" what)
  message_key("${entry}" key)
  list(FIND committed_keys "${key}" committed_index)
  if(entry MATCHES "type=\"unfinished\"" AND committed_index EQUAL -1)
    report("missing from ${ts_name}: ${what}")
  elseif(entry MATCHES "type=\"(obsolete|vanished)\"")
    report("no longer in the sources but still in ${ts_name}: ${what}")
  endif()
endforeach()

if(errors)
  string(REGEX MATCHALL "\n" lines "${errors}")
  list(LENGTH lines error_count)
  message(FATAL_ERROR "${ts_name}: ${error_count} problem(s):${errors}\n"
          "Run `cmake --build BUILD --target update_translations`, then translate the unfinished "
          "messages in Qt Linguist (linguist ${TS_FILE}).")
endif()
message(STATUS "${ts_name}: ${committed_count} messages, all translated and in step with the sources")
