# SPDX-License-Identifier: Apache-2.0
# Runs the portfolio generator with its defaults and compares its files byte for byte
# with the committed ones.
file(MAKE_DIRECTORY ${OUT})
execute_process(COMMAND ${GENERATOR} --out ${OUT} RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "generator failed: ${status}")
endif()
foreach(name peers.jsonl peers.csv)
  file(SHA256 ${OUT}/${name} got)
  file(SHA256 ${EXPECTED}/${name} want)
  if(NOT got STREQUAL want)
    message(FATAL_ERROR "${name} differs from the committed file: regenerate it or fix the generator")
  endif()
endforeach()
