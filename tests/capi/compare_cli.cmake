# SPDX-License-Identifier: Apache-2.0
# Bad input through the C API gives the command's messages, exit codes and output, byte
# for byte (run by ctest as capi.messages):
#
#   cmake -DHALLMARK=build/hallmark -DCAPI=build/tests/capi/capi_messages -DSOURCE_DIR=. -DWORK=DIR -P compare_cli.cmake
cmake_minimum_required(VERSION 3.22)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(quickstart ${SOURCE_DIR}/examples/quickstart)

# Rules that do not compile (an undeclared indicator), a document that is not JSON, and
# documents that are JSON but do not fit the rules.
file(WRITE ${WORK}/bad.rules "methodology \"T\" version \"1\"\nindicator x: count\ncriterion C requires y > 1\n")
file(WRITE ${WORK}/syntax.json "{\"assessed_on\": \"2024-01-01\",\n \"indicators\": {\"staff\": 1.5,,}}\n")
file(WRITE ${WORK}/types.json "{\"assessed_on\": \"2024-01-01\", \"indicators\": {\"staff\": true, \"bogus\": 3}}\n")
file(WRITE ${WORK}/date.json "{\"assessed_on\": \"2024-02-30\", \"indicators\": {}}\n")

function(compare what)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "CLI;CAPI")
  execute_process(COMMAND ${HALLMARK} ${arg_CLI} RESULT_VARIABLE cli_rc OUTPUT_VARIABLE cli_out ERROR_VARIABLE cli_err
    WORKING_DIRECTORY ${WORK})
  execute_process(COMMAND ${CAPI} ${arg_CAPI} RESULT_VARIABLE c_rc OUTPUT_VARIABLE c_out ERROR_VARIABLE c_err
    WORKING_DIRECTORY ${WORK})
  if(NOT cli_rc STREQUAL c_rc OR NOT cli_out STREQUAL c_out OR NOT cli_err STREQUAL c_err)
    message(FATAL_ERROR "${what}: the command and the C API differ\n"
      "command (exit ${cli_rc}):\n${cli_err}${cli_out}\nC API (exit ${c_rc}):\n${c_err}${c_out}")
  endif()
  if(cli_err STREQUAL "" AND NOT cli_rc EQUAL 0)
    message(FATAL_ERROR "${what}: no message to compare (exit ${cli_rc})")
  endif()
  message(STATUS "${what}: the same (exit ${cli_rc})")
endfunction()

compare("rules that do not compile"
  CLI eval --format json --rules bad.rules ${quickstart}/cluster.json CAPI compile bad.rules)
compare("a missing rule file"
  CLI eval --format json --rules missing.rules ${quickstart}/cluster.json CAPI compile missing.rules)
compare("malformed JSON" CLI eval --format json --rules ${quickstart}/labels.rules syntax.json
  CAPI eval ${quickstart}/labels.rules syntax.json)
compare("values of the wrong type, an unknown indicator" CLI eval --format json --rules ${quickstart}/labels.rules
  types.json CAPI eval ${quickstart}/labels.rules types.json)
compare("an impossible date" CLI eval --format json --rules ${quickstart}/labels.rules date.json
  CAPI eval ${quickstart}/labels.rules date.json)
compare("a version that is not there"
  CLI eval --format json --methodology ECEI@1999 --rules-dir ${SOURCE_DIR}/rules ${quickstart}/cluster.json
  CAPI select ${SOURCE_DIR}/rules ECEI 1999)
compare("a decision" CLI eval --format json --rules ${quickstart}/labels.rules ${quickstart}/cluster.json
  CAPI eval ${quickstart}/labels.rules ${quickstart}/cluster.json)

# A log the command recorded, verified by both.
execute_process(COMMAND ${HALLMARK} eval --format json --rules ${quickstart}/labels.rules --record log.db
  ${quickstart}/cluster.json WORKING_DIRECTORY ${WORK} OUTPUT_QUIET ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "hallmark eval --record failed (${rc})")
endif()
compare("an intact log" CLI verify --format json log.db CAPI verify log.db)
compare("a missing log" CLI verify --format json nolog.db CAPI verify nolog.db)
