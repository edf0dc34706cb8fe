# SPDX-License-Identifier: Apache-2.0
# Writes the man page hallmark.1 from the command's own --help (help2man), with a
# COMMANDS section holding each subcommand's --help, nested ones included, so the page
# cannot drift from the command.
#
#   cmake -DHELP2MAN=... -DBIN_DIR=dir-holding-hallmark -DOUT=hallmark.1 -DWORK=dir -P man_page.cmake
cmake_minimum_required(VERSION 3.20)

# Run as `hallmark` found on PATH, so usage lines say "hallmark", not the build path.
set(ENV{PATH} "${BIN_DIR}:$ENV{PATH}")

function(help_of out)
  execute_process(COMMAND hallmark ${ARGN} --help OUTPUT_VARIABLE text RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "hallmark ${ARGN} --help: exit ${rc}")
  endif()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# The names listed under "Subcommands:" in a --help text.
function(subcommands_of text out)
  string(REGEX MATCH "\nSubcommands:\n(.*)" tail "${text}")
  set(names "")
  if(tail)
    string(REPLACE "\n" ";" lines "${CMAKE_MATCH_1}")
    foreach(line ${lines})
      if(line MATCHES "^  ([a-z][a-z0-9-]*) ")
        list(APPEND names ${CMAKE_MATCH_1})
      endif()
    endforeach()
  endif()
  set(${out} ${names} PARENT_SCOPE)
endfunction()

# A --help text as a roff block shown as is.
function(roff_block text out)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} ".nf\n${text}.fi\n" PARENT_SCOPE)
endfunction()

help_of(top)
subcommands_of("${top}" commands)
set(include "[COMMANDS]\nEach command's own --help, as `hallmark COMMAND --help` prints it.\n")
foreach(command ${commands})
  help_of(text ${command})
  roff_block("${text}" block)
  string(APPEND include ".SS \"hallmark ${command}\"\n${block}")
  subcommands_of("${text}" nested)
  foreach(sub ${nested})
    help_of(text ${command} ${sub})
    roff_block("${text}" block)
    string(APPEND include ".SS \"hallmark ${command} ${sub}\"\n${block}")
  endforeach()
endforeach()
string(APPEND include "[EXIT STATUS]\n0 success; 1 the answer is no (a label not met, a check or test that fails, \
a log that does not verify); 2 bad input or usage.\n[SEE ALSO]\nThe guides in the source's docs/ folder, and \
`hallmark completion bash|zsh|fish` for shell completion.\n")
file(MAKE_DIRECTORY ${WORK})
file(WRITE ${WORK}/commands.h2m "${include}")

execute_process(COMMAND ${HELP2MAN} --no-info --section=1 --name=${NAME}
  --include=${WORK}/commands.h2m --output=${OUT} hallmark RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "help2man failed (exit ${rc})")
endif()
