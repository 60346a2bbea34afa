// SPDX-License-Identifier: LGPL-2.1-or-later
// The domain's <os> element beyond the type and boot devices: firmware
// autoselection and its features, <loader> and <nvram>, the SLIC table,
// <bios>, <smbios> and a container's init settings, through
// virDomainDefineXML on the test driver. Expected values are Debian libvirt
// 9.0.0's; the file builds against that libvirt too.
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

class DomainOs : public virtkit_testing::TestDriverFixture<> {
 protected:
  // Defines a domain with `os` as its <os> element and returns the trimmed
  // lines of the <os> it prints (without the <type> line), or "(failed)".
  std::string define(const std::string &os) {
    auto xml = virtkit_testing::define_and_dump(conn_, virtkit_testing::domain_xml("", os));
    if (!xml) return "(failed)";
    size_t from = xml->find("<os"), to = xml->find("</os>");
    if (from == std::string::npos || to == std::string::npos) return "(no os)";
    std::istringstream in(xml->substr(from, to - from));
    std::string r;
    for (std::string line; std::getline(in, line);) {
      line.erase(0, line.find_first_not_of(' '));
      if (line.compare(0, 5, "<type") != 0) r += line;
    }
    return r;
  }
  // Defines a domain with `top` among its elements and returns the trimmed
  // lines after its </devices> up to </domain>, or "(failed)".
  std::string after_devices(const std::string &top) {
    auto xml = virtkit_testing::define_and_dump(conn_, virtkit_testing::domain_xml(top));
    return xml ? virtkit_testing::lines_between(*xml, "</devices>", "</domain>") : "(failed)";
  }
  // Defines a domain with `features` as its <features> content and returns
  // the trimmed lines inside the <features> it prints, "(none)" or "(failed)".
  std::string features(const std::string &features) {
    auto xml = virtkit_testing::define_and_dump(
        conn_, virtkit_testing::domain_xml("<features>" + features + "</features>"));
    if (!xml) return "(failed)";
    if (xml->find("<features>") == std::string::npos) return "(none)";
    return virtkit_testing::lines_between(*xml, "<features>", "</features>");
  }
};

const char *const kHvm = "<type>hvm</type>";

TEST_F(DomainOs, FirmwareLoaderAndNvramAreKept) {
  EXPECT_EQ(define(std::string("<os firmware='efi'>") + kHvm +
                   "<firmware><feature enabled='yes' name='enrolled-keys'/></firmware></os>"),
            "<os firmware='efi'><firmware><feature enabled='yes' name='enrolled-keys'/>"
            "<feature enabled='yes' name='secure-boot'/></firmware><boot dev='hd'/>");
  EXPECT_EQ(define(std::string("<os>") + kHvm +
                   "<loader readonly='yes' type='pflash'>/usr/share/AAVMF/AAVMF_CODE.fd</loader>"
                   "<nvram template='/t.fd'>/some/VARS.fd</nvram></os>"),
            "<os><loader readonly='yes' type='pflash'>/usr/share/AAVMF/AAVMF_CODE.fd</loader>"
            "<nvram template='/t.fd'>/some/VARS.fd</nvram><boot dev='hd'/>");
  // A loader with a path is a ROM unless it says otherwise.
  EXPECT_EQ(define(std::string("<os>") + kHvm + "<loader>/usr/share/seabios.bin</loader></os>"),
            "<os><loader type='rom'>/usr/share/seabios.bin</loader><boot dev='hd'/>");
  EXPECT_EQ(define(std::string("<os>") + kHvm +
                   "<loader type='pflash'>/x</loader><nvram type='file'>"
                   "<source file='/var/lib/nv.fd'/></nvram></os>"),
            "<os><loader type='pflash'>/x</loader><nvram type='file'>"
            "<source file='/var/lib/nv.fd'/></nvram><boot dev='hd'/>");
  // A source without a path prints nothing inside <nvram> (libvirt then
  // refuses its own output; the fuzzer knows).
  EXPECT_EQ(define(std::string("<os>") + kHvm +
                   "<loader type='pflash'>/x</loader><nvram type='file'>"
                   "<source dile='/var/lib/nv.fd'/></nvram></os>"),
            "<os><loader type='pflash'>/x</loader><nvram type='file'/><boot dev='hd'/>");
  EXPECT_EQ(define(std::string("<os>") + kHvm +
                   "<acpi><table type='slic'>/var/lib//slic.dat/</table></acpi>"
                   "<bios useserial='yes' rebootTimeout='0'/><smbios mode='sysinfo'/></os>"),
            "<os><acpi><table type='slic'>/var/lib/slic.dat</table></acpi><boot dev='hd'/>"
            "<bios useserial='yes' rebootTimeout='0'/><smbios mode='sysinfo'/>");
  EXPECT_EQ(define("<os><type>exe</type><init>/bin/sh</init><initarg>a</initarg>"
                   "<initenv name='A'>b&amp;c</initenv><initdir>/d</initdir>"
                   "<inituser>u</inituser><initgroup>g</initgroup></os>"),
            "<os><init>/bin/sh</init><initarg>a</initarg><initenv name='A'>b&c</initenv>"
            "<initdir>/d</initdir><inituser>u</inituser><initgroup>g</initgroup>");
}

struct Bad {
  const char *os;
  int code, domain;
  const char *message;
};

TEST_F(DomainOs, ErrorsAreLibvirts) {
  const int X = VIR_ERR_XML_ERROR, DT = VIR_ERR_XML_DETAIL, C = VIR_ERR_CONFIG_UNSUPPORTED;
  const int D = VIR_FROM_DOMAIN;
  const Bad cases[] = {
      {"<os firmware='none'><type>hvm</type></os>", X, D, "XML error: unknown firmware value none"},
      {"<os firmware='efi'><type>hvm</type><firmware><feature enabled='yes' "
       "name='enrolled-keys'/><feature enabled='no' name='secure-boot'/></firmware></os>",
       DT, D,
       "firmware feature 'enrolled-keys' cannot be enabled when firmware feature 'secure-boot' "
       "is disabled"},
      {"<os><type>hvm</type><loader type='none'>/x</loader></os>", X, VIR_FROM_XML,
       "XML error: Invalid value for attribute 'type' in element 'loader': 'none'."},
      {"<os><type>hvm</type><loader readonly='yes'/></os>", DT, D,
       "no loader path specified and firmware auto selection disabled"},
      {"<os firmware='efi'><type>hvm</type><loader secure='no'/></os>", DT, D,
       "loader attribute 'secure' cannot be specified when firmware autoselection is enabled"},
      {"<os firmware='bios'><type>hvm</type><nvram>/v</nvram></os>", DT, D,
       "firmware type 'bios' does not support nvram"},
      {"<os><type>hvm</type><loader type='pflash' stateless='yes'>/x</loader><nvram>/v</nvram>"
       "</os>",
       DT, D, "NVRAM is not permitted when loader is stateless"},
      {"<os><type>hvm</type><loader type='rom' stateless='no'>/x</loader></os>", DT, D,
       "Only pflash loader type permits NVRAM"},
      {"<os firmware='bios'><type>hvm</type><loader stateless='no'/></os>", DT, D,
       "Only EFI firmware permits NVRAM"},
      {"<os><type>hvm</type><acpi><table type='foo'>/x</table></acpi></os>", X, D,
       "XML error: Unknown acpi table type: foo"},
      {"<os><type>hvm</type><bios rebootTimeout='70000'/></os>", C, D,
       "unsupported configuration: invalid value for rebootTimeout, must be in range [-1,65535]"},
      {"<os><type>hvm</type><bootmenu enable='yes' timeout='70000'/></os>", C, D,
       "unsupported configuration: invalid value for boot menu timeout, must be in range "
       "[0,65535]"},
      {"<os><type>hvm</type><smbios mode='foo'/></os>", C, D,
       "unsupported configuration: unknown smbios mode 'foo'"},
      {"<os><type>exe</type><init>/bin/sh</init><initenv name='A'/></os>", X, D,
       "XML error: No value supplied for <initenv name='A'> element"},
      // libvirt fails without saying why.
      {"<os><type>hvm</type><loader type='pflash'>/x</loader><nvram type='file'/></os>",
       VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE, "An error occurred, but the cause is unknown"},
  };
  for (const Bad &b : cases) {
    SCOPED_TRACE(b.os);
    EXPECT_EQ(define(b.os), "(failed)");
    expect_error(b.code, b.domain, b.message);
  }
}

// The domain's <seclabel>s are printed after the devices.
TEST_F(DomainOs, Seclabels) {
  EXPECT_EQ(after_devices("<seclabel model='dac' type='static'><label>+0:+0</label></seclabel>"
                          "<seclabel model='selinux' type='none'/>"
                          "<seclabel type='dynamic' model='apparmor'><label>l</label>"
                          "<baselabel>b</baselabel></seclabel>"),
            "<seclabel type='static' model='dac' relabel='no'><label>+0:+0</label></seclabel>"
            "<seclabel type='none' model='selinux'/>"
            "<seclabel type='dynamic' model='apparmor' relabel='yes'><baselabel>b</baselabel>"
            "</seclabel>");
  // Model 'none' makes an old configuration's label type none.
  EXPECT_EQ(after_devices("<seclabel type='dynamic' model='none'/>"),
            "<seclabel type='none' model='none'/>");
  const struct {
    const char *top;
    int code;
    const char *message;
  } cases[] = {
      {"<seclabel type='static' model='selinux'/>", VIR_ERR_XML_ERROR,
       "XML error: security label is missing"},
      {"<seclabel type='dynamic' relabel='no' model='selinux'/>", VIR_ERR_CONFIG_UNSUPPORTED,
       "unsupported configuration: dynamic label type must use resource relabeling"},
      {"<seclabel type='dynamic'/><seclabel type='none' model='dac'/>", VIR_ERR_XML_ERROR,
       "XML error: missing security model when using multiple labels"},
      {"<seclabel model='dac' type='none'/><seclabel model='dac' type='none'/>", VIR_ERR_XML_DETAIL,
       "seclabel for model dac is already provided"},
      {"<seclabel model='dac' relabel='no' type='static'><label>x</label></seclabel><devices>"
       "<serial type='unix'><source mode='bind' path='/tmp/x'><seclabel model='dac' "
       "relabel='no'/></source></serial></devices>",
       VIR_ERR_CONFIG_UNSUPPORTED,
       "unsupported configuration: label overrides require relabeling to be enabled at the "
       "domain level"},
  };
  for (const auto &c : cases) {
    SCOPED_TRACE(c.top);
    EXPECT_EQ(after_devices(c.top), "(failed)");
    expect_error(c.code, VIR_FROM_DOMAIN, c.message);
  }
}

// <features> with sub-structure: Hyper-V, KVM, Xen, capabilities, HPT,
// MSRs, the pseries values and TCG.
TEST_F(DomainOs, Features) {
  EXPECT_EQ(features("<hyperv><spinlocks state='on' retries='8191'/><stimer state='on'>"
                     "<direct state='on'/></stimer><vendor_id state='on' value='KVM Hv'/>"
                     "<relaxed state='off'/></hyperv><kvm><dirty-ring state='on' size='4096'/>"
                     "<hidden state='on'/></kvm>"),
            "<hyperv mode='custom'><relaxed state='off'/>"
            "<spinlocks state='on' retries='8191'/><stimer state='on'><direct state='on'/>"
            "</stimer><vendor_id state='on' value='KVM Hv'/></hyperv><kvm>"
            "<hidden state='on'/><dirty-ring state='on' size='4096'/></kvm>");
  EXPECT_EQ(features("<capabilities><audit_control state='off'/><sys_chroot/></capabilities>"
                     "<hpt resizing='required'><maxpagesize unit='GiB'>1</maxpagesize></hpt>"
                     "<msrs unknown='ignore'/><cfpc value='fixed'/><ibs value='fixed-ccd'/>"
                     "<tcg><tb-cache unit='MiB'>128</tb-cache></tcg>"),
            "<capabilities policy='default'><audit_control state='off'/>"
            "<sys_chroot state='on'/></capabilities><hpt resizing='required'>"
            "<maxpagesize unit='KiB'>1048576</maxpagesize></hpt><msrs unknown='ignore'/>"
            "<cfpc value='fixed'/><ibs value='fixed-ccd'/><tcg>"
            "<tb-cache unit='KiB'>131072</tb-cache></tcg>");
  // Empty ones print nothing.
  EXPECT_EQ(features("<capabilities/><hpt/><cfpc/><tcg/>"), "(none)");
  const struct {
    const char *features;
    int code, domain;
    const char *message;
  } cases[] = {
      {"<hyperv><spinlocks state='on' retries='100'/></hyperv>", VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN,
       "XML error: HyperV spinlock retry count must be at least 4095"},
      {"<hyperv><vendor_id state='on' value='0123456789abc'/></hyperv>", VIR_ERR_XML_ERROR,
       VIR_FROM_DOMAIN, "XML error: HyperV vendor_id value must not be more than 12 characters."},
      {"<hyperv><relaxed/></hyperv>", VIR_ERR_XML_ERROR, VIR_FROM_XML,
       "XML error: Missing required attribute 'state' in element 'relaxed'"},
      {"<kvm><dirty-ring state='on' size='1000'/></kvm>", VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN,
       "XML error: dirty ring must be power of 2 and ranges [1024, 65536]"},
      {"<capabilities><bogus/></capabilities>", VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
       "unsupported configuration: unexpected capability feature 'bogus'"},
      {"<hpt><maxpagesize unit='bogus'>1</maxpagesize></hpt>", VIR_ERR_CONFIG_UNSUPPORTED,
       VIR_FROM_DOMAIN, "unsupported configuration: Unable to parse HPT maxpagesize setting"},
      {"<htm/>", VIR_ERR_XML_ERROR, VIR_FROM_XML,
       "XML error: Missing required attribute 'state' in element 'htm'"},
  };
  for (const auto &c : cases) {
    SCOPED_TRACE(c.features);
    EXPECT_EQ(features(c.features), "(failed)");
    expect_error(c.code, c.domain, c.message);
  }
}

}  // namespace
