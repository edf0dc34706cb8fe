# SPDX-License-Identifier: Apache-2.0
# How an installed hallmark library target is declared, so that a new one is installed and
# exported by calling the same two functions. (The folders' own targets are OBJECT
# libraries inside it: cmake/hallmark_stages.cmake.)
#
#   hallmark_library_properties(TARGET)   C++20 for consumers, PIC, soname; installed
#   hallmark_link_compiled(TARGET PACKAGE DEP ...)   private dependencies with a library
#
# cmake/hallmark_install.cmake reads the two global properties these fill: every target
# declared so is installed, exported as hallmark::TARGET and named in hallmark.pc's Libs
# (declare the one users link first: a static link reads libraries left to right).

# The ABI of a 0.x release may change with its minor version, so 0.x libraries are named
# libhallmark.so.0.MINOR; from 1.0 on, libhallmark.so.MAJOR.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(HALLMARK_SOVERSION 0.${PROJECT_VERSION_MINOR})
else()
  set(HALLMARK_SOVERSION ${PROJECT_VERSION_MAJOR})
endif()

function(hallmark_library_properties target)
  # date.hpp and decimal.hpp use <compare>: a consumer must compile as C++20 too.
  target_compile_features(${target} PUBLIC cxx_std_20)
  # Position-independent even when static, so a Python or Node module can link it.
  set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON
    VERSION ${PROJECT_VERSION} SOVERSION ${HALLMARK_SOVERSION})
  set_property(GLOBAL APPEND PROPERTY HALLMARK_LIBRARY_TARGETS ${target})
endfunction()

# Arguments in pairs: the package find_package() knows it by, then its imported target.
# Private, but a static library passes them on to the final link ($<LINK_ONLY:...>), so
# the installed package must find them again (see hallmark_install.cmake).
function(hallmark_link_compiled target)
  set(args ${ARGN})
  while(args)
    list(POP_FRONT args package dep)
    target_link_libraries(${target} PRIVATE ${dep})
    set_property(GLOBAL APPEND PROPERTY HALLMARK_LINK_PACKAGES ${package})
  endwhile()
endfunction()
