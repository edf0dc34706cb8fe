# SPDX-License-Identifier: Apache-2.0
# Runs consumer_c with eight threads; its output must be the golden decision.
cmake_minimum_required(VERSION 3.22)
execute_process(COMMAND ${PROGRAM} ${RULES} ${ASSESSMENT} 8 RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(READ ${EXPECTED} expected)
if(NOT rc EQUAL 0 OR NOT out STREQUAL expected)
  message(FATAL_ERROR "consumer_c exited ${rc}:\n${err}\n${out}")
endif()
message(STATUS "8 threads and the batch call: the golden decision")
