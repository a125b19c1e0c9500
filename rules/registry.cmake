# Writes the rule registry from the rule files themselves, so that a rule is
# added by its file alone:
#
#   cmake -DRULES_DIR=rules -DOUTPUT_DIR=build/generated -P rules/registry.cmake
#
# A rule file is a .c file under RULES_DIR that defines
#
#   const am_rule am_rule_<file name> = {
#           .code = "ANYnnn",
#           .name = "<file name, with '-' for '_'>",
#
# (one rule a file; helper files in a rule's folder define none). Writes
# rule_registry.h (AM_RULES_COUNT and the rules' declarations) and
# rule_registry.c (am_rules[], in the order of the codes: that is the order
# rules run in and are listed in). Files are rewritten only when their
# content changes, so that nothing is rebuilt for nothing.

cmake_minimum_required(VERSION 3.18)

file(GLOB_RECURSE sources LIST_DIRECTORIES false RELATIVE "${RULES_DIR}"
  "${RULES_DIR}/*.c")
list(SORT sources)
set(entries "")
set(codes "")
foreach(source ${sources})
  file(STRINGS "${RULES_DIR}/${source}" definitions
    REGEX "^const am_rule am_rule_[a-z0-9_]+ = {$")
  list(LENGTH definitions definition_count)
  if(definition_count EQUAL 0)
    continue() # a helper of a rule's folder
  endif()
  if(definition_count GREATER 1)
    message(FATAL_ERROR "rules/${source}: one rule a file (it defines ${definition_count})")
  endif()
  string(REGEX REPLACE "^const am_rule am_rule_([a-z0-9_]+) = {$" "\\1" id "${definitions}")
  get_filename_component(stem "${source}" NAME_WE)
  if(NOT id STREQUAL stem)
    message(FATAL_ERROR "rules/${source}: the rule defined here must be am_rule_${stem} (it is am_rule_${id})")
  endif()
  file(STRINGS "${RULES_DIR}/${source}" code_lines REGEX "^ +\\.code = \"[^\"]*\",$")
  file(STRINGS "${RULES_DIR}/${source}" name_lines REGEX "^ +\\.name = \"[^\"]*\",$")
  list(LENGTH code_lines code_count)
  list(LENGTH name_lines name_count)
  if(NOT code_count EQUAL 1 OR NOT name_count EQUAL 1)
    message(FATAL_ERROR "rules/${source}: the rule needs one `.code = \"ANYnnn\",` line and one `.name = \"...\",` line")
  endif()
  string(REGEX REPLACE "^ +\\.code = \"([^\"]*)\",$" "\\1" code "${code_lines}")
  string(REGEX REPLACE "^ +\\.name = \"([^\"]*)\",$" "\\1" name "${name_lines}")
  if(NOT code MATCHES "^ANY[0-9][0-9][0-9]$")
    message(FATAL_ERROR "rules/${source}: code `${code}` is not ANY and three digits")
  endif()
  string(REPLACE "-" "_" name_as_file "${name}")
  if(NOT name_as_file STREQUAL stem)
    message(FATAL_ERROR "rules/${source}: a rule named `${name}` lives in ${name_as_file}.c")
  endif()
  if(code IN_LIST codes)
    message(FATAL_ERROR "rules/${source}: code ${code} is taken by another rule")
  endif()
  list(APPEND codes "${code}")
  list(APPEND entries "${code}:${id}")
endforeach()
list(SORT entries)
list(LENGTH entries count)

string(CONCAT header "/* Generated from rules/ by rules/registry.cmake: do not edit. */\n"
  "#ifndef AM_RULE_REGISTRY_H\n#define AM_RULE_REGISTRY_H\n\n#include \"rule.h\"\n\n"
  "/* How many rules there are: per-rule arrays are this long. */\n"
  "#define AM_RULES_COUNT ${count}\n\n")
string(CONCAT body "/* Generated from rules/ by rules/registry.cmake: do not edit. */\n"
  "#include \"rule_registry.h\"\n\n"
  "/* Every rule, in the order of their codes: the order they run in. */\n"
  "const am_rule *const am_rules[AM_RULES_COUNT] = {\n")
foreach(entry ${entries})
  string(REGEX REPLACE "^[^:]*:" "" id "${entry}")
  string(APPEND header "extern const am_rule am_rule_${id};\n")
  string(APPEND body "\t&am_rule_${id},\n")
endforeach()
string(APPEND header "\n#endif\n")
string(APPEND body "};\n\nconst size_t am_rules_count = AM_RULES_COUNT;\n")

foreach(kind h c)
  if(kind STREQUAL "h")
    set(content "${header}")
  else()
    set(content "${body}")
  endif()
  set(target "${OUTPUT_DIR}/rule_registry.${kind}")
  file(WRITE "${target}.new" "${content}")
  execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different
    "${target}.new" "${target}")
  file(REMOVE "${target}.new")
endforeach()
