# SPDX-License-Identifier: MIT
# libsecurebase: the public API (include/securebase.h, implemented in src/api/) on top of the
# layers, as a shared library (libsecurebase.so.0; only the securebase_* functions are exported,
# every layer being compiled with hidden visibility) and a static one (libsecurebase.a), with
# securebase.pc for pkg-config. Included by the top-level CMakeLists.txt after the layers.

# The header's version macros must say what the project says.
file(STRINGS ${PROJECT_SOURCE_DIR}/include/securebase.h SB_API_VERSION_LINE
  REGEX "^#define SECUREBASE_VERSION_STRING ")
if(NOT SB_API_VERSION_LINE MATCHES "\"${PROJECT_VERSION}\"")
  message(FATAL_ERROR "include/securebase.h: SECUREBASE_VERSION_STRING is not ${PROJECT_VERSION}")
endif()

add_library(sb_api OBJECT ${PROJECT_SOURCE_DIR}/src/api/securebase.c)
target_link_libraries(sb_api PUBLIC sb_render)
target_include_directories(sb_api PUBLIC ${PROJECT_SOURCE_DIR}/include)

set(SB_LIB_DEPS PkgConfig::YAML PkgConfig::JANSSON ${UNISTRING_LIBRARY} m)
set(SB_PC_REQUIRES "yaml-0.1 jansson")
if(SECUREBASE_WITH_PDF)
  list(APPEND SB_LIB_DEPS PkgConfig::PANGOCAIRO)
  string(APPEND SB_PC_REQUIRES " pangocairo cairo-pdf")
  if(HBSUBSET_FOUND)
    list(APPEND SB_LIB_DEPS PkgConfig::HBSUBSET)
    string(APPEND SB_PC_REQUIRES " harfbuzz-subset fontconfig")
  endif()
endif()
set(SB_PC_LIBS_PRIVATE "-lunistring -lm")
if(SECUREBASE_WITH_STATS)
  list(APPEND SB_LIB_DEPS ${SB_READSTAT_TARGET})
  set(SB_PC_LIBS_PRIVATE "-lreadstat -lunistring -lm") # Debian's libreadstat-dev has no readstat.pc
endif()

foreach(kind SHARED STATIC)
  string(TOLOWER ${kind} k)
  add_library(securebase_${k} ${kind} ${SB_LAYER_OBJECTS} $<TARGET_OBJECTS:sb_api>)
  set_target_properties(securebase_${k} PROPERTIES OUTPUT_NAME securebase)
  target_include_directories(securebase_${k} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_link_libraries(securebase_${k} PRIVATE ${SB_LIB_DEPS})
endforeach()
set_target_properties(securebase_shared PROPERTIES VERSION ${PROJECT_VERSION} SOVERSION 0)

# From the pkgconfig folder back up to the prefix, so the .pc file is relocatable.
file(RELATIVE_PATH SB_PC_UP /p/${CMAKE_INSTALL_LIBDIR}/pkgconfig /p)
configure_file(${PROJECT_SOURCE_DIR}/cmake/securebase.pc.in
  ${PROJECT_BINARY_DIR}/securebase.pc @ONLY)

# Component libsecurebase, so a package of the program alone can leave it out
# (cmake --install build --component Unspecified).
install(TARGETS securebase_shared securebase_static COMPONENT libsecurebase
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES ${PROJECT_SOURCE_DIR}/include/securebase.h COMPONENT libsecurebase
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/securebase.pc COMPONENT libsecurebase
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

option(SECUREBASE_BUILD_EXAMPLES "Build the programs in examples/ (against libsecurebase)" ON)
if(SECUREBASE_BUILD_EXAMPLES)
  add_executable(score_and_report ${PROJECT_SOURCE_DIR}/examples/score_and_report.c)
  target_link_libraries(score_and_report PRIVATE securebase_shared)
endif()
