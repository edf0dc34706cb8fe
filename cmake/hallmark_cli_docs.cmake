# SPDX-License-Identifier: Apache-2.0
# What `cmake --install` puts beside the command: the man page (help2man, from --help)
# and the bash and fish completion scripts (from `hallmark completion`), all generated
# from the built command so none can drift from it. zsh loads the bash script through
# bashcompinit (docs/experts.md, "Shell completion").
find_program(HELP2MAN help2man)
if(NOT HELP2MAN)
  message(WARNING "help2man not found: no man page is built or installed (Debian: help2man; "
    "scripts/bootstrap.sh installs it)")
else()
  add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/man/hallmark.1
    COMMAND ${CMAKE_COMMAND} -DHELP2MAN=${HELP2MAN} -DBIN_DIR=$<TARGET_FILE_DIR:hallmark_cli>
            -DOUT=${PROJECT_BINARY_DIR}/man/hallmark.1 -DWORK=${PROJECT_BINARY_DIR}/man
            "-DNAME=a rule engine for certification labels" -P ${PROJECT_SOURCE_DIR}/cmake/man_page.cmake
    DEPENDS hallmark_cli ${PROJECT_SOURCE_DIR}/cmake/man_page.cmake
    COMMENT "Writing the man page hallmark.1 (help2man)")
  add_custom_target(hallmark_man ALL DEPENDS ${PROJECT_BINARY_DIR}/man/hallmark.1)
  install(FILES ${PROJECT_BINARY_DIR}/man/hallmark.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/completion/hallmark ${PROJECT_BINARY_DIR}/completion/hallmark.fish
  COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/completion
  COMMAND hallmark_cli completion bash > ${PROJECT_BINARY_DIR}/completion/hallmark
  COMMAND hallmark_cli completion fish > ${PROJECT_BINARY_DIR}/completion/hallmark.fish
  DEPENDS hallmark_cli
  COMMENT "Writing the bash and fish completion scripts")
add_custom_target(hallmark_completion ALL
  DEPENDS ${PROJECT_BINARY_DIR}/completion/hallmark ${PROJECT_BINARY_DIR}/completion/hallmark.fish)
install(FILES ${PROJECT_BINARY_DIR}/completion/hallmark
  DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/bash-completion/completions)
install(FILES ${PROJECT_BINARY_DIR}/completion/hallmark.fish
  DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/fish/vendor_completions.d)
