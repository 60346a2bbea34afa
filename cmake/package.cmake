# SPDX-License-Identifier: LGPL-2.1-or-later
# `cpack -G DEB` in the build directory makes virtkit_9.0.0_<arch>.deb: what
# `cmake --install` installs (the four libraries, headers, pkg-config files,
# the CMake package, virtkit-sh, virtkit-admin, their man pages and bash
# completion), under /usr. For a distribution-grade package configure with
# -DCMAKE_INSTALL_PREFIX=/usr, so the libraries go to the multiarch directory
# as Debian's do (from another prefix they go to /usr/lib). The test
# install.deb builds it and installs it into a throw-away dpkg root.
set(CPACK_PACKAGE_NAME virtkit)
set(CPACK_PACKAGE_VENDOR virtkit)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "libvirt 9.0.0 compatible client library, C++ API and virsh work-alike")
set(CPACK_PACKAGE_DESCRIPTION "virtkit is a C++20 reimplementation of libvirt 9.0.0's client
libraries: libvirt.so.0, libvirt-qemu.so.0, libvirt-lxc.so.0 and
libvirt-admin.so.0 with Debian's symbols, the embedded test:/// driver and the
remote driver; a header-only C++ API (virtkit/virtkit.hpp, CMake package
virtkit); virtkit-sh and virtkit-admin, virsh and virt-admin work-alikes.")
set(VIRTKIT_PACKAGE_MAINTAINER "virtkit maintainers <maintainers@users.noreply.r-seed-637961b0.example>"
  CACHE STRING "The .deb's Maintainer field")
set(CPACK_PACKAGE_CONTACT ${VIRTKIT_PACKAGE_MAINTAINER})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_STRIP_FILES ON)  # as Debian's binary packages
set(CPACK_DEBIAN_PACKAGE_SECTION libs)
# Dependencies from the ELF files (libc6, libxml2, libsasl2-2, libedit2,
# libstdc++6 ...); our own libraries are looked up in the build tree, so the
# package never depends on Debian's libvirt0. libssh and GnuTLS are loaded
# only by ssh and TLS connections (dlopen), which dpkg-shlibdeps cannot see.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${PROJECT_BINARY_DIR}/src)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libssh-4, libgnutls30")
# A shlibs file for the libraries, and dpkg's ldconfig trigger.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
# Debian's libvirt. Our libraries carry libvirt0's sonames and file names and
# our headers and libvirt.pc are libvirt-dev's: both cannot be installed
# beside the .deb, and overwriting their files would corrupt dpkg's records.
# So the .deb Conflicts with and Replaces them (apt proposes their removal
# and lists it before asking; nothing happens silently), and Provides them at
# 9.0.0, since what Debian built against libvirt 9.0.0 (python3-libvirt,
# ruby-libvirt ...: libvirt0 (>= 9.0.0)) runs on virtkit's libraries and can
# stay. libvirt-clients (virsh) and the daemons depend on their exact libvirt0
# version and use libvirt's private symbols, which virtkit does not have: apt
# removes them too (virtkit-sh and virtkit-admin are the command lines). A
# host that runs its guests through Debian's libvirtd keeps Debian's libvirt
# and uses virtkit from a prefix (`cmake --install build --prefix DIR`).
set(CPACK_DEBIAN_PACKAGE_CONFLICTS "libvirt0, libvirt-dev")
set(CPACK_DEBIAN_PACKAGE_REPLACES "libvirt0, libvirt-dev")
set(CPACK_DEBIAN_PACKAGE_PROVIDES "libvirt0 (= ${PROJECT_VERSION}), libvirt-dev (= ${PROJECT_VERSION})")
include(CPack)

# Debian's copyright file (installed by `cmake --install` as well).
install(FILES ${PROJECT_SOURCE_DIR}/cmake/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})
