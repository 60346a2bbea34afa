# SPDX-License-Identifier: LGPL-2.1-or-later
# virtkit_pkgconfig(NAME LIB): NAME.pc from cmake/NAME.pc.in (or, with a third
# argument, from that template), written twice: build/pkgconfig/NAME.pc for
# the build tree, and the installed one. The installed one finds its prefix
# from its own place (${pcfiledir}), so it is right after `cmake --install
# --prefix P`, under DESTDIR and in the .deb (prefix /usr) alike. LIB is the
# library's -l name (PC_LIB in the templates).
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}" OR IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(_virtkit_pc_prefix ${CMAKE_INSTALL_PREFIX})  # not relocatable
else()
  file(RELATIVE_PATH _virtkit_pc_up /p/${CMAKE_INSTALL_LIBDIR}/pkgconfig /p)
  string(REGEX REPLACE "/$" "" _virtkit_pc_up "${_virtkit_pc_up}")
  set(_virtkit_pc_prefix "\${pcfiledir}/${_virtkit_pc_up}")
endif()

function(virtkit_pkgconfig name lib)
  set(template ${PROJECT_SOURCE_DIR}/cmake/${name}.pc.in)
  if(ARGC GREATER 2)
    set(template ${ARGV2})
  endif()
  set(PC_NAME ${name})
  set(PC_LIB ${lib})
  set(PC_VERSION ${PROJECT_VERSION})
  set(PC_PREFIX ${PROJECT_BINARY_DIR})
  set(PC_LIBDIR ${PROJECT_BINARY_DIR}/src)
  set(PC_INCLUDEDIR ${PROJECT_SOURCE_DIR}/include)
  # the generated headers (include/virtkit/error_texts.hpp), in the build tree
  set(PC_BUILD_CFLAGS " -I${PROJECT_BINARY_DIR}/include")
  configure_file(${template} ${PROJECT_BINARY_DIR}/pkgconfig/${name}.pc @ONLY)
  set(PC_BUILD_CFLAGS "")
  set(PC_PREFIX ${_virtkit_pc_prefix})
  if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
    set(PC_LIBDIR ${CMAKE_INSTALL_LIBDIR})
  else()
    set(PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  endif()
  if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
    set(PC_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR})
  else()
    set(PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
  endif()
  configure_file(${template} ${PROJECT_BINARY_DIR}/pkgconfig-install/${name}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/pkgconfig-install/${name}.pc
          DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endfunction()
