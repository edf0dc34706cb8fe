# SPDX-License-Identifier: Apache-2.0
# `cmake --install build --prefix P` puts into P: the library targets declared with
# hallmark_library_properties(), the public headers, the hallmark command, a CMake
# package (find_package(hallmark) gives hallmark::hallmark) and lib/pkgconfig/hallmark.pc.
include(CMakePackageConfigHelpers)

get_property(hallmark_targets GLOBAL PROPERTY HALLMARK_LIBRARY_TARGETS)
get_property(hallmark_packages GLOBAL PROPERTY HALLMARK_LINK_PACKAGES)
list(REMOVE_DUPLICATES hallmark_packages)
set(hallmark_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/hallmark)

install(TARGETS ${hallmark_targets} EXPORT hallmark-targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY include/hallmark DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})
if(TARGET hallmark_cli)
  # An installed command finds a shared libhallmark beside it, wherever the prefix is.
  file(RELATIVE_PATH hallmark_bin_to_lib /p/${CMAKE_INSTALL_BINDIR} /p/${CMAKE_INSTALL_LIBDIR})
  set_target_properties(hallmark_cli PROPERTIES INSTALL_RPATH "$ORIGIN/${hallmark_bin_to_lib}")
  install(TARGETS hallmark_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  # `hallmark serve` executes this program from there (cli/serve_command.cpp).
  file(RELATIVE_PATH hallmark_serve_to_lib ${CMAKE_INSTALL_FULL_LIBEXECDIR}/hallmark ${CMAKE_INSTALL_FULL_LIBDIR})
  set_target_properties(hallmark_serve_program PROPERTIES INSTALL_RPATH "$ORIGIN/${hallmark_serve_to_lib}")
  install(TARGETS hallmark_serve_program RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/hallmark)
endif()

# The CMake package. Private dependencies matter to a consumer only when the library is
# static (they are $<LINK_ONLY:...> in its link interface): only then are they found again.
install(EXPORT hallmark-targets NAMESPACE hallmark:: FILE hallmarkTargets.cmake
  DESTINATION ${hallmark_cmake_dir})
set(HALLMARK_FIND_DEPENDENCIES "# Shared: the library brings its own dependencies.\n")
get_target_property(hallmark_type hallmark TYPE)
if(hallmark_type STREQUAL "STATIC_LIBRARY")
  set(HALLMARK_FIND_DEPENDENCIES "# Static: the consumer's link step needs the library's dependencies.\n")
  # libsodium has no CMake package: the package carries the find module it is found by.
  string(APPEND HALLMARK_FIND_DEPENDENCIES "list(APPEND CMAKE_MODULE_PATH \"\${CMAKE_CURRENT_LIST_DIR}\")\n")
  install(FILES cmake/Findsodium.cmake DESTINATION ${hallmark_cmake_dir})
  foreach(package ${hallmark_packages})
    string(APPEND HALLMARK_FIND_DEPENDENCIES "find_dependency(${package})\n")
  endforeach()
endif()
configure_package_config_file(cmake/hallmarkConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/hallmarkConfig.cmake INSTALL_DESTINATION ${hallmark_cmake_dir})
# 0.x releases promise nothing across minor versions; from 1.0 on, across a major one.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(hallmark_compatibility SameMinorVersion)
else()
  set(hallmark_compatibility SameMajorVersion)
endif()
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/hallmarkConfigVersion.cmake
  COMPATIBILITY ${hallmark_compatibility})
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/hallmarkConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/hallmarkConfigVersion.cmake DESTINATION ${hallmark_cmake_dir})

# hallmark.pc. The pkg-config names of the compiled dependencies, by find_package() name;
# Requires.private and Libs.private are what `pkg-config --static` adds for the static
# library. The prefix is computed from where the file lies, so --prefix P at install works.
set(hallmark_pc_fmt fmt)
set(hallmark_pc_sodium libsodium)
set(hallmark_pc_SQLite3 sqlite3)
set(HALLMARK_PC_REQUIRES_PRIVATE "")
set(HALLMARK_PC_LIBS_PRIVATE "")
foreach(package ${hallmark_packages})
  if(package STREQUAL "Threads")
    string(APPEND HALLMARK_PC_LIBS_PRIVATE " -pthread")
  elseif(DEFINED hallmark_pc_${package})
    string(APPEND HALLMARK_PC_REQUIRES_PRIVATE " ${hallmark_pc_${package}}")
  else()
    message(FATAL_ERROR "hallmark.pc: no pkg-config name for the dependency ${package}")
  endif()
endforeach()
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(HALLMARK_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH hallmark_pc_up /p/${CMAKE_INSTALL_LIBDIR}/pkgconfig /p)
  string(REGEX REPLACE "/$" "" hallmark_pc_up "${hallmark_pc_up}")
  set(HALLMARK_PC_PREFIX "\${pcfiledir}/${hallmark_pc_up}")
endif()
# Every installed library, in the order declared (a user of several static ones needs them all).
set(HALLMARK_PC_LIBS "")
foreach(target ${hallmark_targets})
  get_target_property(name ${target} OUTPUT_NAME)
  if(NOT name)
    set(name ${target})
  endif()
  string(APPEND HALLMARK_PC_LIBS " -l${name}")
endforeach()
configure_file(cmake/hallmark.pc.in ${CMAKE_CURRENT_BINARY_DIR}/hallmark.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/hallmark.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The C API (capi/): libhallmark_c, shared and exporting hm_ functions only, in the same
# CMake package (hallmark::hallmark_c) and in a pkg-config file of its own, hallmark-c.pc,
# so that a C program links it alone. The Python module over it goes under
# LIBDIR/python3/dist-packages, where it finds the library three folders up.
if(TARGET hallmark_c)
  install(TARGETS hallmark_c EXPORT hallmark-targets LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
  configure_file(cmake/hallmark-c.pc.in ${CMAKE_CURRENT_BINARY_DIR}/hallmark-c.pc @ONLY)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/hallmark-c.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endif()
if(TARGET hallmark_python)
  set(hallmark_python_dir ${CMAKE_INSTALL_LIBDIR}/python3/dist-packages/hallmark)
  install(DIRECTORY python/hallmark/ DESTINATION ${hallmark_python_dir} FILES_MATCHING PATTERN "*.py"
    PATTERN "*.pyi" PATTERN "py.typed" PATTERN "__pycache__" EXCLUDE)
  install(FILES include/hallmark/hallmark.h DESTINATION ${hallmark_python_dir})
endif()
