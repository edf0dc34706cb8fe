# SPDX-License-Identifier: Apache-2.0
# How a user gets hallmark, checked from outside its build (run by ctest, see ../CMakeLists.txt):
#
#   cmake -DMODE=install|find_package|pkg_config|add_subdirectory -DSOURCE_DIR=... -DBUILD_DIR=...
#         -DPREFIX=... -DLIBDIR=... -DWORK=... -DCXX=... -DCC=... [-DLAUNCHER=...] -DGENERATOR=... -P consumer_test.cmake
#
# install: `cmake --install BUILD_DIR --prefix PREFIX` into an empty PREFIX; every file a
#   user needs is there, and the installed command prints the quickstart decision.
# find_package, pkg_config, add_subdirectory: build tests/package/consumer.cpp that way in
#   WORK; it must print the quickstart decision. The decision expected is
#   tests/golden/quickstart_cluster.json, which unit.decision and unit.cli also check.
#   find_package and pkg_config also build tests/package/consumer_c.c, a C11 program on
#   the C API (libhallmark_c, hallmark/hallmark.h) with -Wall -Wextra -Werror, which must
#   print the same decision from several threads sharing one rule set.
cmake_minimum_required(VERSION 3.22)

set(rules ${SOURCE_DIR}/examples/quickstart/labels.rules)
set(cluster ${SOURCE_DIR}/examples/quickstart/cluster.json)
file(READ ${SOURCE_DIR}/tests/golden/quickstart_cluster.json expected)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    list(JOIN ARGN " " cmd)
    message(FATAL_ERROR "failed (${rc}): ${cmd}\n${out}\n${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

function(expect_decision what)
  run(${ARGN} ${rules} ${cluster})
  if(NOT run_output STREQUAL expected)
    message(FATAL_ERROR "${what} printed\n${run_output}\ninstead of tests/golden/quickstart_cluster.json:\n${expected}")
  endif()
  message(STATUS "${what}: the quickstart decision")
endfunction()

# Configure and build a consumer project with the compiler (and cache) of this build.
function(build_consumer project_dir)
  file(REMOVE_RECURSE ${WORK})
  set(launcher "")
  if(LAUNCHER)
    set(launcher -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
  endif()
  if(LAUNCHER)
    list(APPEND launcher -DCMAKE_C_COMPILER_LAUNCHER=${LAUNCHER})
  endif()
  run(${CMAKE_COMMAND} -S ${project_dir} -B ${WORK} -G ${GENERATOR} -DCMAKE_CXX_COMPILER=${CXX}
    -DCMAKE_C_COMPILER=${CC} ${launcher} ${ARGN})
  run(${CMAKE_COMMAND} --build ${WORK} -j2)
endfunction()

if(MODE STREQUAL "install")
  file(REMOVE_RECURSE ${PREFIX})
  run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX})
  file(GLOB library ${PREFIX}/${LIBDIR}/libhallmark.a ${PREFIX}/${LIBDIR}/libhallmark.so)
  if(NOT library)
    message(FATAL_ERROR "no libhallmark.a or libhallmark.so in ${PREFIX}/${LIBDIR}")
  endif()
  foreach(file include/hallmark/hallmark.hpp include/hallmark/hallmark.h include/hallmark/version.hpp bin/hallmark
      libexec/hallmark/hallmark-serve
      ${LIBDIR}/libhallmark_c.so.${SOVERSION} ${LIBDIR}/pkgconfig/hallmark-c.pc
      ${LIBDIR}/python3/dist-packages/hallmark/__init__.py ${LIBDIR}/python3/dist-packages/hallmark/hallmark.h
      ${LIBDIR}/cmake/hallmark/hallmarkConfig.cmake ${LIBDIR}/cmake/hallmark/hallmarkConfigVersion.cmake
      ${LIBDIR}/cmake/hallmark/hallmarkTargets.cmake ${LIBDIR}/pkgconfig/hallmark.pc share/doc/hallmark/LICENSE)
    if(NOT EXISTS ${PREFIX}/${file})
      message(FATAL_ERROR "not installed: ${file}")
    endif()
  endforeach()
  # Only the public headers: the library's own folders stay in the source tree.
  file(GLOB_RECURSE headers RELATIVE ${PREFIX}/include ${PREFIX}/include/*)
  list(FILTER headers EXCLUDE REGEX "^hallmark/([a-z_]+\\.hpp|hallmark\\.h)$")
  if(headers)
    message(FATAL_ERROR "installed beside the public headers: ${headers}")
  endif()
  expect_decision("the installed hallmark eval --format json" ${PREFIX}/bin/hallmark eval --format json --rules)
  # The installed `hallmark serve` finds the program it runs: given a rules directory that
  # does not compile, it is hallmark-serve that refuses it (exit 2, its own message).
  file(REMOVE_RECURSE ${PREFIX}/bad-rules)
  file(WRITE ${PREFIX}/bad-rules/bad.rules "methodology \"X\" version \"1\"\nnot a rule\n")
  execute_process(COMMAND ${PREFIX}/bin/hallmark serve --rules-dir ${PREFIX}/bad-rules --listen 127.0.0.1:0
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
  if(NOT rc EQUAL 2 OR err MATCHES "cannot find hallmark-serve" OR NOT err MATCHES "bad.rules:2:")
    message(FATAL_ERROR "the installed hallmark serve on rules that do not compile: exit ${rc}\n${out}\n${err}")
  endif()
  # The C library exports its C API and nothing else: no C++ symbol of the engine inside.
  run(nm -D --defined-only ${PREFIX}/${LIBDIR}/libhallmark_c.so.${SOVERSION})
  string(REGEX MATCHALL "[^\n]+" symbols "${run_output}")
  list(FILTER symbols EXCLUDE REGEX " hm_[a-z0-9_]+$")
  if(symbols)
    list(SUBLIST symbols 0 10 some)
    list(JOIN some "\n" some)
    message(FATAL_ERROR "libhallmark_c exports more than hm_ functions, e.g.:\n${some}")
  endif()
  run(objdump -p ${PREFIX}/${LIBDIR}/libhallmark_c.so.${SOVERSION})
  if(NOT run_output MATCHES "SONAME +libhallmark_c\\.so\\.${SOVERSION}\n")
    message(FATAL_ERROR "libhallmark_c has not the soname libhallmark_c.so.${SOVERSION}:\n${run_output}")
  endif()
  message(STATUS "libhallmark_c.so.${SOVERSION} exports hm_ functions only")
elseif(MODE STREQUAL "find_package")
  build_consumer(${SOURCE_DIR}/tests/package/find_package -DCMAKE_PREFIX_PATH=${PREFIX})
  expect_decision("a find_package(hallmark) consumer" ${WORK}/consumer)
  expect_decision("a find_package(hallmark) C consumer of hallmark::hallmark_c" ${WORK}/consumer_c)
elseif(MODE STREQUAL "pkg_config")
  # Outside CMake altogether: the compiler and the flags `pkg-config --static` gives.
  file(REMOVE_RECURSE ${WORK})
  file(MAKE_DIRECTORY ${WORK})
  set(ENV{PKG_CONFIG_PATH} ${PREFIX}/${LIBDIR}/pkgconfig)
  run(pkg-config --static --cflags --libs hallmark)
  separate_arguments(flags UNIX_COMMAND "${run_output}")
  run(${LAUNCHER} ${CXX} -std=c++20 ${SOURCE_DIR}/tests/package/consumer.cpp ${flags} -o ${WORK}/consumer)
  expect_decision("a pkg-config consumer" ${WORK}/consumer)
  # C, on the C API: -lhallmark_c, the shared library found at run time by its rpath.
  run(pkg-config --cflags --libs hallmark-c)
  separate_arguments(flags UNIX_COMMAND "${run_output}")
  run(${LAUNCHER} ${CC} -std=c11 -Wall -Wextra -Werror -pthread ${SOURCE_DIR}/tests/package/consumer_c.c ${flags}
    -Wl,-rpath,${PREFIX}/${LIBDIR} -o ${WORK}/consumer_c)
  expect_decision("a pkg-config C consumer of hallmark-c" ${WORK}/consumer_c)
elseif(MODE STREQUAL "add_subdirectory")
  # Shared: the one place the versioned soname is built and checked. No build type (no
  # optimisation, no debug info): the quickest whole build, and ccache serves the next one.
  build_consumer(${SOURCE_DIR}/tests/package/add_subdirectory -DHALLMARK_SOURCE_DIR=${SOURCE_DIR}
    -DBUILD_SHARED_LIBS=ON -DCMAKE_BUILD_TYPE= -DWITH_CLI=ON)
  file(GLOB_RECURSE sonames ${WORK}/libhallmark.so.${SOVERSION})
  if(NOT sonames)
    message(FATAL_ERROR "no libhallmark.so.${SOVERSION} (the versioned soname) in ${WORK}")
  endif()
  expect_decision("an add_subdirectory consumer of the shared library" ${WORK}/consumer)
  expect_decision("the command linked against the shared library" ${WORK}/hallmark/hallmark eval --format json --rules)
  # Only the public API leaves the library: nothing of the engine's stages, the parser,
  # or the libraries it uses privately.
  list(GET sonames 0 so)
  run(nm -DC --defined-only ${so})
  set(exports "${run_output}")
  string(REGEX MATCHALL "[^\n]*(hallmark::(engine|dsl|audit|report)::|tao::pegtl|nlohmann::|fmt::v)[^\n]*" leaked "${exports}")
  if(leaked)
    list(SUBLIST leaked 0 10 some)
    list(JOIN some "\n" some)
    message(FATAL_ERROR "libhallmark.so exports internals, e.g.:\n${some}")
  endif()
  foreach(symbol "hallmark::compile_file(" "hallmark::rule_set::evaluate(" "hallmark::decision_log::")
    string(FIND "${exports}" "${symbol}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "libhallmark.so does not export ${symbol}")
    endif()
  endforeach()
  message(STATUS "libhallmark.so exports the public API only")
else()
  message(FATAL_ERROR "MODE must be install, find_package, pkg_config or add_subdirectory")
endif()
