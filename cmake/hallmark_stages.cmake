# SPDX-License-Identifier: Apache-2.0
# One CMake target per folder of the pipeline, with seams the compiler enforces.
#
# No target gets the source root as an include directory, so `#include "engine/x/y.hpp"`
# only resolves where the build allows it. Each stage publishes the headers it offers
# through a directory of symbolic links in the build tree (build/seams/STAGE/FOLDER/h.hpp),
# carried by an INTERFACE target STAGE_headers; a stage sees another stage's headers only
# by linking its _headers target, so an include across a forbidden seam fails to compile
# with "No such file or directory" (docs/architecture.md, "Seams").
#
#   hallmark_stage(NAME FOLDER
#     [OFFERS header...]       headers other stages may include (default: all *.hpp)
#     [USES stage...]          stages whose headers this stage's sources include
#     [EXPOSES stage...]       stages whose headers this stage's *headers* include
#     [PUBLIC_HEADERS h...])   only these public headers (default: all of include/hallmark)
#
# Each stage is an OBJECT library; the installed library (and hallmark_internal, which
# the tests of internals link) is made of their objects.

set(HALLMARK_SEAMS ${PROJECT_BINARY_DIR}/seams)
file(REMOVE_RECURSE ${HALLMARK_SEAMS})

# The public headers, as consumers and most stages see them.
add_library(hallmark_public_headers INTERFACE)
target_include_directories(hallmark_public_headers INTERFACE
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)

# Links DIR/FILE under ROOT for each FILE, so ROOT as an include directory offers those only.
function(hallmark_seam_links root dir)
  foreach(file ${ARGN})
    get_filename_component(sub ${dir}/${file} DIRECTORY)
    file(MAKE_DIRECTORY ${root}/${sub})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${dir}/${file} ${root}/${dir}/${file} SYMBOLIC)
  endforeach()
endfunction()

function(hallmark_stage name folder)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "" "OFFERS;USES;EXPOSES;PUBLIC_HEADERS")
  file(GLOB sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${folder}/*.cpp)
  file(GLOB all_headers RELATIVE ${PROJECT_SOURCE_DIR}/${folder} CONFIGURE_DEPENDS
    ${PROJECT_SOURCE_DIR}/${folder}/*.hpp)
  if(NOT arg_OFFERS)
    set(arg_OFFERS ${all_headers})
  endif()

  # What other stages see: the offered headers, and what those headers include.
  add_library(${name}_headers INTERFACE)
  hallmark_seam_links(${HALLMARK_SEAMS}/${name} ${folder} ${arg_OFFERS})
  target_include_directories(${name}_headers INTERFACE ${HALLMARK_SEAMS}/${name})
  foreach(stage ${arg_EXPOSES})
    target_link_libraries(${name}_headers INTERFACE ${stage}_headers)
  endforeach()

  add_library(${name} OBJECT ${sources})
  # The stage's own sources see all of its folder.
  hallmark_seam_links(${HALLMARK_SEAMS}/${name}.own ${folder} ${all_headers})
  target_include_directories(${name} PRIVATE ${HALLMARK_SEAMS}/${name}.own)
  target_link_libraries(${name} PRIVATE ${name}_headers)
  foreach(stage ${arg_USES})
    target_link_libraries(${name} PRIVATE ${stage}_headers)
  endforeach()
  if(arg_PUBLIC_HEADERS)
    hallmark_seam_links(${HALLMARK_SEAMS}/${name}.public include ${arg_PUBLIC_HEADERS})
    target_include_directories(${name} PRIVATE ${HALLMARK_SEAMS}/${name}.public/include)
  else()
    target_link_libraries(${name} PRIVATE hallmark_public_headers)
  endif()

  target_compile_features(${name} PRIVATE cxx_std_20)
  # Only what include/hallmark/ marks HALLMARK_API leaves a shared library.
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  target_compile_definitions(${name} PRIVATE HALLMARK_BUILDING)
  # Designated-style partial aggregate initialisation is used on purpose.
  target_compile_options(${name} PRIVATE -Wall -Wextra -Wno-missing-field-initializers)
  set_property(GLOBAL APPEND PROPERTY HALLMARK_STAGES ${name})
endfunction()

# A library made of every stage's objects.
function(hallmark_stage_objects target)
  get_property(stages GLOBAL PROPERTY HALLMARK_STAGES)
  foreach(stage ${stages})
    target_sources(${target} PRIVATE $<TARGET_OBJECTS:${stage}>)
  endforeach()
endfunction()

# For tests and benchmarks of internals: the headers of these stages, and the library
# they are in (static, so nothing hidden by visibility is missing).
function(hallmark_use_internals target)
  target_link_libraries(${target} PRIVATE hallmark_internal)
  foreach(stage ${ARGN})
    target_link_libraries(${target} PRIVATE ${stage}_headers)
  endforeach()
endfunction()
