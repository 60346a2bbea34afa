# SPDX-License-Identifier: LGPL-2.1-or-later
# What an outside project finds once virtkit is installed:
#   find_package(virtkit 9 REQUIRED)    (lib/cmake/virtkit/)
#     virtkit::virt                     libvirt.so.0 and the headers (C API)
#     virtkit::virt-qemu, virt-lxc, virt-admin   the companion libraries
#     virtkit::cxx                      the header-only C++20 API (links virtkit::virt)
#   pkg-config virtkit                  the C++ API's flags (Requires: libvirt)
# The same virtkit:: names are aliases inside this build (examples/ uses them
# in both places).
include(CMakePackageConfigHelpers)

add_library(virtkit_cxx INTERFACE)
set_target_properties(virtkit_cxx PROPERTIES EXPORT_NAME cxx)
target_link_libraries(virtkit_cxx INTERFACE virt)
target_compile_features(virtkit_cxx INTERFACE cxx_std_20)
add_library(virtkit::cxx ALIAS virtkit_cxx)
install(TARGETS virtkit_cxx EXPORT virtkitTargets)

set(VIRTKIT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/virtkit)
install(EXPORT virtkitTargets NAMESPACE virtkit:: DESTINATION ${VIRTKIT_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/virtkitConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/virtkitConfig.cmake INSTALL_DESTINATION ${VIRTKIT_CMAKE_DIR})
# 9.x is libvirt 9's API; another major version is another API.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cmake/virtkitConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cmake/virtkitConfig.cmake
              ${PROJECT_BINARY_DIR}/cmake/virtkitConfigVersion.cmake
        DESTINATION ${VIRTKIT_CMAKE_DIR})

virtkit_pkgconfig(virtkit virt)
