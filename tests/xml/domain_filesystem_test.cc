// SPDX-License-Identifier: LGPL-2.1-or-later
// <filesystem> devices through virDomainDefineXML on the test driver: what
// libvirt 9.0.0 keeps and prints for each type and driver (virtiofs's
// <binary> included) and each error it gives. Expected values are Debian
// libvirt 9.0.0's; the file builds against that libvirt too.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>
#include <string>

#include "../support/domain_xml.h"
#include "../support/last_error.h"

namespace {

using virtkit_testing::expect_error;

class DomainFilesystem : public virtkit_testing::TestDriverFixture<> {
 protected:
  std::string define(const std::string &devices, unsigned flags = 0,
                     const char *os = "<os><type>hvm</type></os>") {
    return virtkit_testing::define_devices(conn_, devices, flags, os);
  }
};

struct Bad {
  const char *devices;
  int code;
  const char *message;
};

TEST_F(DomainFilesystem, KeptAsLibvirtKeepsThem) {
  EXPECT_EQ(define("<filesystem><source dir='/a'/><target dir='/b'/><readonly/></filesystem>"),
            "<filesystem type='mount' accessmode='passthrough'><source dir='/a'/>"
            "<target dir='/b'/><readonly/></filesystem>");
  EXPECT_EQ(define("<filesystem type='mount'><driver type='virtiofs' queue='1024' iommu='on'/>"
                   "<binary path='/usr/libexec//virtiofsd' xattr='on'><cache mode='always'/>"
                   "<sandbox mode='chroot'/><lock posix='on' flock='off'/>"
                   "<thread_pool size='16'/></binary><source dir='/path'/>"
                   "<target dir='mount_tag'/><boot order='2'/></filesystem>"),
            "<filesystem type='mount' accessmode='passthrough'>"
            "<driver type='virtiofs' queue='1024' iommu='on'/>"
            "<binary path='/usr/libexec/virtiofsd' xattr='on'><cache mode='always'/>"
            "<sandbox mode='chroot'/><lock posix='on' flock='off'/><thread_pool size='16'/>"
            "</binary><source dir='/path'/><target dir='mount_tag'/><boot order='2'/>"
            "</filesystem>");
  // A socket source keeps the default access mode.
  EXPECT_EQ(define("<filesystem type='mount'><driver type='virtiofs'/><source socket='/s'/>"
                   "<target dir='tag'/></filesystem>"),
            "<filesystem type='mount'><driver type='virtiofs'/><source socket='/s'/>"
            "<target dir='tag'/></filesystem>");
  EXPECT_EQ(define("<filesystem type='ram'><source usage='1024' units='MiB'/><target dir='/m'/>"
                   "</filesystem><filesystem type='file' accessmode='squash' fmode='644'>"
                   "<driver type='loop' format='raw'/><source file='/img'/><target dir='/n'/>"
                   "<space_hard_limit unit='MiB'>10</space_hard_limit></filesystem>"),
            "<filesystem type='ram' accessmode='passthrough'>"
            "<source usage='1048576' units='KiB'/><target dir='/m'/></filesystem>"
            "<filesystem type='file' accessmode='squash' fmode='0644'>"
            "<driver type='loop' format='raw'/><source file='/img'/><target dir='/n'/>"
            "<space_hard_limit unit='bytes'>10485760</space_hard_limit></filesystem>");
}

TEST_F(DomainFilesystem, ErrorsAreLibvirts) {
  const int X = VIR_ERR_XML_ERROR, C = VIR_ERR_CONFIG_UNSUPPORTED;
  const Bad cases[] = {
      {"<filesystem type='mount'><driver type='virtiofs'/><source dir='/a'/><target dir='t'/>"
       "</filesystem><filesystem type='mount'><driver type='virtiofs'/><source dir='/b'/>"
       "<target dir='t'/></filesystem>",
       C, "unsupported configuration: filesystem target 't' specified twice"},
      {"<filesystem type='ram'><source units='MiB'/><target dir='/m'/></filesystem>", X,
       "XML error: missing 'usage' attribute for RAM filesystem"},
      {"<filesystem type='mount'><target dir='/m'/></filesystem>", VIR_ERR_NO_SOURCE,
       "missing source information for device /m"},
      {"<filesystem type='mount'><source dir='/a'/></filesystem>", VIR_ERR_NO_TARGET,
       "missing target information for device /a"},
      {"<filesystem fmode='1777'><source dir='/a'/><target dir='/m'/></filesystem>", X,
       "XML error: invalid fmode: '01777'"},
      {"<filesystem><driver type='path'/><source dir='/a'/><target dir='/m'/><boot order='1'/>"
       "</filesystem>",
       C, "unsupported configuration: boot order is only supported for virtiofs"},
      {"<filesystem><driver format='bogus'/><source dir='/a'/><target dir='/m'/></filesystem>", C,
       "unsupported configuration: unknown driver format value 'bogus'"},
  };
  for (const Bad &b : cases) {
    SCOPED_TRACE(b.devices);
    EXPECT_EQ(define(b.devices), "(failed)");
    expect_error(b.code, VIR_FROM_DOMAIN, b.message);
  }
}

}  // namespace
