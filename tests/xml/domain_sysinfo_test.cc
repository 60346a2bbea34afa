// SPDX-License-Identifier: LGPL-2.1-or-later
// The domain's <sysinfo>, <genid> and <launchSecurity>: what libvirt 9.0.0
// keeps of a good one and the error it gives for a bad one, through
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

using virtkit_testing::s;

constexpr const char *kUuid = "<uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>";

class DomainSysinfo : public virtkit_testing::TestDriverFixture<> {
 protected:
  // Defines a domain with `extra` after <os>; returns its XML's lines from
  // the first starting with `from` up to and including the first starting
  // with `to`, trimmed and joined, or "(failed)".
  std::string define(const std::string &extra, const std::string &from, const std::string &to,
                     const char *uuid = kUuid) {
    std::string xml = std::string("<domain type='test'><name>x</name>") + uuid +
                      "<memory>1024</memory><os><type>hvm</type></os>" + extra + "</domain>";
    virDomainPtr d = virDomainDefineXML(conn_, xml.c_str());
    if (!d) return "(failed)";
    char *desc = virDomainGetXMLDesc(d, 0);
    std::string all = desc ? desc : "";
    std::free(desc);
    virDomainUndefine(d);
    virDomainFree(d);
    std::istringstream in(all);
    std::string out;
    bool on = false;
    for (std::string line; std::getline(in, line);) {
      line.erase(0, line.find_first_not_of(' '));
      if (!on && line.compare(0, from.size(), from) == 0) on = true;
      if (on) out += line;
      if (on && line.compare(0, to.size(), to) == 0) break;
    }
    return out;
  }
  void expect_fail(const std::string &extra, int code, int domain, const char *message,
                   const char *uuid = kUuid) {
    EXPECT_EQ(define(extra, "<", "<", uuid), "(failed)") << extra;
    virErrorPtr err = virGetLastError();
    ASSERT_NE(err, nullptr) << extra;
    EXPECT_EQ(err->code, code) << extra;
    EXPECT_EQ(err->domain, domain) << extra;
    EXPECT_EQ(s(err->message), message) << extra;
  }
};

TEST_F(DomainSysinfo, SmbiosSectionsKeptInLibvirtOrder) {
  EXPECT_EQ(define("<sysinfo type='smbios'><oemStrings><entry>x</entry><entry></entry></oemStrings>"
                   "<chassis><entry name='sku'>s</entry></chassis><baseBoard/>"
                   "<baseBoard><entry name='asset'>a</entry></baseBoard>"
                   "<system><entry name='family'>f&amp;</entry><entry name='uuid'>"
                   "c7a5fdbd-edaf-9455-926a-d65c16db1809</entry></system>"
                   "<bios><entry name='release'>1.2</entry><entry name='date'>01/01/2011</entry>"
                   "<entry name='vendor'>LENOVO</entry></bios></sysinfo>",
                   "<sysinfo", "</sysinfo"),
            "<sysinfo type='smbios'><bios><entry name='vendor'>LENOVO</entry>"
            "<entry name='date'>01/01/2011</entry><entry name='release'>1.2</entry></bios>"
            "<system><entry name='uuid'>c7a5fdbd-edaf-9455-926a-d65c16db1809</entry>"
            "<entry name='family'>f&amp;</entry></system>"
            "<baseBoard><entry name='asset'>a</entry></baseBoard>"
            "<chassis><entry name='sku'>s</entry></chassis>"
            "<oemStrings><entry>x</entry><entry></entry></oemStrings></sysinfo>");
  EXPECT_EQ(define("<sysinfo type='smbios'><bios/><system/></sysinfo>", "<sysinfo", "<sysinfo"),
            "<sysinfo type='smbios'/>");
  EXPECT_EQ(
      define("<sysinfo type='smbios'><bios><entry name='date'>1/1/99</entry></bios></sysinfo>",
             "<sysinfo", "</sysinfo"),
      "<sysinfo type='smbios'><bios><entry name='date'>1/1/99</entry></bios></sysinfo>");
}

TEST_F(DomainSysinfo, SystemUuidBecomesTheDomainUuid) {
  EXPECT_EQ(define("<sysinfo type='smbios'><system><entry name='uuid'>"
                   "c7a5fdbdedaf9455926ad65c16db1807</entry></system></sysinfo>",
                   "<uuid", "<uuid", ""),
            "<uuid>c7a5fdbd-edaf-9455-926a-d65c16db1807</uuid>");
}

TEST_F(DomainSysinfo, SmbiosErrors) {
  expect_fail("<sysinfo type='smbios'><bios><entry name='date'>13/01/2011</entry></bios></sysinfo>",
              VIR_ERR_XML_DETAIL, VIR_FROM_DOMAIN, "Invalid BIOS 'date' format");
  expect_fail("<sysinfo type='smbios'><bios><entry name='date'>01/01/1800</entry></bios></sysinfo>",
              VIR_ERR_XML_DETAIL, VIR_FROM_DOMAIN, "Invalid BIOS 'date' format");
  expect_fail(
      "<sysinfo type='smbios'><system><entry name='uuid'>"
      "c7a5fdbd-edaf-9455-926a-d65c16db1808</entry></system></sysinfo>",
      VIR_ERR_XML_DETAIL, VIR_FROM_DOMAIN, "UUID mismatch between <uuid> and <sysinfo>");
  expect_fail("<sysinfo type='smbios'><system><entry name='uuid'>zz</entry></system></sysinfo>",
              VIR_ERR_XML_DETAIL, VIR_FROM_DOMAIN, "malformed <sysinfo> uuid element");
  expect_fail("<sysinfo/>", VIR_ERR_XML_ERROR, VIR_FROM_XML,
              "XML error: Missing required attribute 'type' in element 'sysinfo'");
  expect_fail("<sysinfo type='foo'/>", VIR_ERR_XML_ERROR, VIR_FROM_XML,
              "XML error: Invalid value for attribute 'type' in element 'sysinfo': 'foo'.");
}

TEST_F(DomainSysinfo, FwCfgEntries) {
  EXPECT_EQ(define("<sysinfo type='fwcfg'><entry name='opt/a'>v</entry>"
                   "<entry name='opt/b' file='/a//b/'/><entry name='opt/c' file='/f'>val</entry>"
                   "</sysinfo>",
                   "<sysinfo", "</sysinfo"),
            "<sysinfo type='fwcfg'><entry name='opt/a'>v</entry>"
            "<entry name='opt/b' file='/a/b'/><entry name='opt/c' file='/f'/></sysinfo>");
  expect_fail("<sysinfo type='fwcfg'><entry>v</entry></sysinfo>", VIR_ERR_XML_ERROR,
              VIR_FROM_DOMAIN, "XML error: Firmware entry is missing 'name' attribute");
  expect_fail("<sysinfo type='fwcfg'><entry name='x'/></sysinfo>", VIR_ERR_XML_ERROR,
              VIR_FROM_DOMAIN,
              "XML error: Firmware entry must have either value or 'file' attribute");
}

TEST_F(DomainSysinfo, Genid) {
  EXPECT_EQ(define("<genid>e9392370-2917-565e-692b-d057f46512d6</genid>", "<genid", "<genid"),
            "<genid>e9392370-2917-565e-692b-d057f46512d6</genid>");
  std::string generated = define("<genid/>", "<genid", "<genid");
  EXPECT_EQ(generated.size(), std::string("<genid></genid>").size() + 36) << generated;
  expect_fail("<genid>bad</genid>", VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN,
              "internal error: malformed genid element");
  expect_fail("<genid/><genid/>", VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN,
              "XML error: element 'genid' can only appear once");
}

TEST_F(DomainSysinfo, LaunchSecurity) {
  EXPECT_EQ(define("<launchSecurity type='sev' kernelHashes='yes'><session>CD</session>"
                   "<dhCert>AB</dhCert><policy>0x0033</policy><reducedPhysBits>1</reducedPhysBits>"
                   "<cbitpos>47</cbitpos></launchSecurity>",
                   "<launchSecurity", "</launchSecurity"),
            "<launchSecurity type='sev' kernelHashes='yes'><cbitpos>47</cbitpos>"
            "<reducedPhysBits>1</reducedPhysBits><policy>0x0033</policy><dhCert>AB</dhCert>"
            "<session>CD</session></launchSecurity>");
  EXPECT_EQ(define("<launchSecurity type='sev'><policy>33</policy></launchSecurity>",
                   "<launchSecurity", "</launchSecurity"),
            "<launchSecurity type='sev'><policy>0x0033</policy></launchSecurity>");
  EXPECT_EQ(define("<launchSecurity type='s390-pv'><policy>1</policy></launchSecurity>",
                   "<launchSecurity", "<launchSecurity"),
            "<launchSecurity type='s390-pv'/>");
}

TEST_F(DomainSysinfo, LaunchSecurityErrors) {
  expect_fail("<launchSecurity type='sev'/>", VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN,
              "XML error: failed to get launch security policy");
  expect_fail("<launchSecurity type='sev'><policy>zz</policy></launchSecurity>", VIR_ERR_XML_ERROR,
              VIR_FROM_DOMAIN, "XML error: failed to get launch security policy");
  expect_fail("<launchSecurity type='sev'><policy>1</policy><cbitpos>x</cbitpos></launchSecurity>",
              VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN,
              "XML error: Invalid format for launch security cbitpos");
  expect_fail(
      "<launchSecurity type='sev'><policy>1</policy><reducedPhysBits>-1</reducedPhysBits>"
      "</launchSecurity>",
      VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN,
      "XML error: Invalid format for launch security reduced-phys-bits");
  expect_fail("<launchSecurity type='sev' kernelHashes='x'><policy>1</policy></launchSecurity>",
              VIR_ERR_XML_ERROR, VIR_FROM_XML,
              "XML error: Invalid value for attribute 'kernelHashes' in element 'launchSecurity': "
              "'x'.");
  expect_fail("<launchSecurity/>", VIR_ERR_XML_ERROR, VIR_FROM_XML,
              "XML error: Missing required attribute 'type' in element 'launchSecurity'");
  expect_fail("<launchSecurity type='tdx'/>", VIR_ERR_XML_ERROR, VIR_FROM_XML,
              "XML error: Invalid value for attribute 'type' in element 'launchSecurity': 'tdx'.");
}

}  // namespace
