# SPDX-License-Identifier: Apache-2.0
# The `hallmark` command links its C++ runtime, fmt, libsodium and SQLite statically.
#
# Why: `hallmark eval` is a short process (issue 18 asks for 5 ms on ECEI 2020). Loading
# libstdc++, libfmt, libsodium and libsqlite3 at its start (about 3,700 relocations, most
# of them symbol lookups) cost about 0.8 ms of it, as long as the rest of `--version`.
# Only the command is linked so; the library, the C API and the Python module keep the
# dependencies they declare, and `hallmark-serve` (a long-running process) is unchanged.
#
# It applies where it is known to work: Linux with GCC or Clang, a static libhallmark,
# no sanitizers, fmt 9
# (whose compiled part cli/fmt_compiled.cpp builds from fmt's own format-inl.h, since
# Debian ships no libfmt.a), and the static archives of libsodium and SQLite present
# (Debian's -dev packages have them). Anywhere else the command is linked as before and
# configure says why. tests/cli/static_runtime.sh checks what the command loads.
option(HALLMARK_STATIC_COMMAND "Link the hallmark command's C++ runtime, fmt, libsodium and SQLite statically" ON)

function(hallmark_static_runtime_blocker out)
  set(why "")
  if(NOT HALLMARK_STATIC_COMMAND)
    set(why "HALLMARK_STATIC_COMMAND is OFF")
  elseif(NOT CMAKE_SYSTEM_NAME STREQUAL "Linux" OR NOT CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    set(why "only on Linux with GCC or Clang")
  elseif(BUILD_SHARED_LIBS)
    # libhallmark.so brings the shared libstdc++: two C++ runtimes in one process.
    set(why "the library is shared (BUILD_SHARED_LIBS)")
  elseif(HALLMARK_SANITIZE OR HALLMARK_FUZZ OR CMAKE_CXX_FLAGS MATCHES "-fsanitize")
    set(why "sanitizers need the shared runtime")
  elseif(NOT fmt_VERSION VERSION_GREATER_EQUAL 9 OR NOT fmt_VERSION VERSION_LESS 10)
    set(why "fmt ${fmt_VERSION} is not 9.x")
  elseif(NOT HALLMARK_SODIUM_ARCHIVE OR NOT HALLMARK_SQLITE_ARCHIVE)
    set(why "libsodium.a or libsqlite3.a not found")
  endif()
  set(${out} "${why}" PARENT_SCOPE)
endfunction()

# Makes `target` (an executable linking hallmark::hallmark) load only libc and libm.
function(hallmark_static_runtime target)
  find_library(HALLMARK_SODIUM_ARCHIVE NAMES libsodium.a)
  find_library(HALLMARK_SQLITE_ARCHIVE NAMES libsqlite3.a)
  mark_as_advanced(HALLMARK_SODIUM_ARCHIVE HALLMARK_SQLITE_ARCHIVE)
  hallmark_static_runtime_blocker(why)
  if(why)
    message(STATUS "hallmark command: linked dynamically (${why})")
    set(HALLMARK_STATIC_RUNTIME OFF PARENT_SCOPE)
    return()
  endif()
  message(STATUS "hallmark command: C++ runtime, fmt, libsodium and SQLite linked statically")
  target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/cli/fmt_compiled.cpp)
  # The archives come whole and first, so every symbol the library asks of them is
  # already defined when the shared libraries its link interface names are reached;
  # --as-needed then leaves those out of the program's dependencies.
  target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc LINKER:--as-needed)
  target_link_libraries(${target} PRIVATE
    "$<LINK_LIBRARY:WHOLE_ARCHIVE,${HALLMARK_SODIUM_ARCHIVE},${HALLMARK_SQLITE_ARCHIVE}>" ${CMAKE_DL_LIBS} m)
  set(HALLMARK_STATIC_RUNTIME ON PARENT_SCOPE)
endfunction()
