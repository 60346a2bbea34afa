// SPDX-License-Identifier: LGPL-2.1-or-later
// The domain elements read and printed by code generated from
// src/xml/desc/domain.xd (<pm>, <clock><timer>, <idmap>, <memoryBacking>,
// <sound>, <audio>, <watchdog>, <panic>, <hub>, <iommu>, <vsock>,
// <memballoon>, <interface><portForward>):
// each error libvirt
// 9.0.0 gives for a bad one, and what it keeps of a good one, through
// virDomainDefineXML on the test driver. Expected values are Debian libvirt
// 9.0.0's; the file builds against that libvirt too. The full round trip of
// <audio> is the "audio" fixture (domain_xml_test.cc).
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
using virtkit_testing::s;

class DomainDesc : public virtkit_testing::TestDriverFixture<> {
 protected:
  static std::string domain(const std::string &devices) {
    return "<domain type='test'><name>x</name><memory>1024</memory><os><type>hvm</type></os>"
           "<devices>" +
           devices + "</devices></domain>";
  }
  // Defines the domain; on success returns the lines inside its <devices>
  // that start with `tag` (all when ""), trimmed, one after another.
  std::string define(const std::string &devices, const std::string &tag = "<audio") {
    virDomainPtr d = virDomainDefineXML(conn_, domain(devices).c_str());
    if (!d) return "(failed)";
    char *xml = virDomainGetXMLDesc(d, 0);
    std::string all = xml ? xml : "";
    std::free(xml);
    virDomainUndefine(d);
    virDomainFree(d);
    size_t from = all.find("<devices>"), to = all.find("</devices>");
    if (from == std::string::npos || to == std::string::npos) return "(no devices)";
    std::istringstream in(all.substr(from + 9, to - from - 9));
    std::string out;
    for (std::string line; std::getline(in, line);) {
      line.erase(0, line.find_first_not_of(' '));
      if (!line.empty() && line.compare(0, tag.size(), tag) == 0) out += line;
    }
    return out;
  }
  // Defines a domain with `top` among its top-level elements and returns
  // the trimmed lines of its XML from the one holding `from` to the one
  // holding `to`, both included ("" when `from` is not there), or
  // "(failed) <message>".
  std::string dump(const std::string &top, const std::string &from, const std::string &to,
                   const char *memory = "1024") {
    std::string xml = std::string("<domain type='test'><name>x</name><memory>") + memory +
                      "</memory><os><type>hvm</type></os>" + top + "</domain>";
    virDomainPtr d = virDomainDefineXML(conn_, xml.c_str());
    if (!d) return std::string("(failed) ") + s(virGetLastErrorMessage());
    char *out = virDomainGetXMLDesc(d, 0);
    std::string all = out ? out : "";
    std::free(out);
    virDomainUndefine(d);
    virDomainFree(d);
    size_t begin = all.find(from);
    if (begin == std::string::npos) return "";
    begin = all.rfind('\n', begin) + 1;
    size_t end = all.find('\n', all.find(to, begin));
    std::istringstream in(all.substr(begin, end - begin));
    std::string r;
    for (std::string line; std::getline(in, line);)
      if (size_t at = line.find_first_not_of(' '); at != std::string::npos) r += line.substr(at);
    return r;
  }
};

bool failed(const std::string &dumped) {
  return dumped.rfind("(failed)", 0) == 0;
}

struct Bad {
  const char *devices;
  int code, domain;
  const char *detail;
};

TEST_F(DomainDesc, AudioErrorsAreLibvirts) {
  const int X = VIR_ERR_XML_ERROR, C = VIR_ERR_CONFIG_UNSUPPORTED;
  const Bad cases[] = {
      {"<audio id='1' type='bogus'/>", X, VIR_FROM_XML,
       "Invalid value for attribute 'type' in element 'audio': 'bogus'."},
      {"<audio type='none'/>", X, VIR_FROM_XML,
       "Missing required attribute 'id' in element 'audio'"},
      {"<audio id='1'/>", X, VIR_FROM_XML, "Missing required attribute 'type' in element 'audio'"},
      {"<audio id='0' type='none'/>", X, VIR_FROM_XML,
       "Invalid value for attribute 'id' in element 'audio': Zero is not permitted"},
      {"<audio id='x' type='none'/>", X, VIR_FROM_XML,
       "Invalid value for attribute 'id' in element 'audio': 'x'. Expected non-negative integer "
       "value"},
      {"<audio id='1' type='none' timerPeriod='0'/>", X, VIR_FROM_XML,
       "Invalid value for attribute 'timerPeriod' in element 'audio': Zero is not permitted"},
      {"<audio id='1' type='none'/><audio id='1' type='spice'/>", X, VIR_FROM_DOMAIN,
       "audio ID 1 is used multiple times"},
      {"<audio id='1' type='none'><input fixedSettings='yes'/></audio>", C, VIR_FROM_DOMAIN,
       "fixed audio settings requires mixing engine"},
      {"<audio id='1' type='none'><input><settings/></input></audio>", C, VIR_FROM_DOMAIN,
       "audio settings specified without fixed settings flag"},
      {"<audio id='1' type='none'><input mixingEngine='maybe'/></audio>", X, VIR_FROM_XML,
       "Invalid value for attribute 'mixingEngine' in element 'input': 'maybe'."},
      {"<audio id='1' type='none'><output voices='0'/></audio>", X, VIR_FROM_XML,
       "Invalid value for attribute 'voices' in element 'output': Zero is not permitted"},
      {"<audio id='1' type='oss' dspPolicy='-1'/>", X, VIR_FROM_DOMAIN,
       "cannot parse 'dspPolicy' value '-1'"},
      {"<audio id='1' type='sdl' driver='default'/>", X, VIR_FROM_XML,
       "Invalid value for attribute 'driver' in element 'audio': 'default'."},
      {"<audio id='1' type='none'><input mixingEngine='yes' fixedSettings='yes'>"
       "<settings format='default'/></input></audio>",
       X, VIR_FROM_XML, "Invalid value for attribute 'format' in element 'settings': 'default'."},
  };
  for (const Bad &b : cases) {
    SCOPED_TRACE(b.devices);
    EXPECT_EQ(virDomainDefineXML(conn_, domain(b.devices).c_str()), nullptr);
    const char *prefix = b.code == X ? "XML error: " : "unsupported configuration: ";
    std::string message = std::string(prefix) + b.detail, str1 = std::string(prefix) + "%s";
    expect_error({b.code, b.domain, message.c_str(), str1.c_str(), b.detail, -1});
  }
}

TEST_F(DomainDesc, AudioKept) {
  // libvirt prints an unsigned id with %d.
  EXPECT_EQ(define("<audio id='4294967295' type='none'/>"), "<audio id='-1' type='none'/>");
  // Attributes of another audio type are ignored.
  EXPECT_EQ(define("<audio id='1' type='spice' path='/p' driver='esd' serverName='s'/>"),
            "<audio id='1' type='spice'/>");
  // A backend attribute of 0 is not printed; an input with nothing left goes.
  EXPECT_EQ(define("<audio id='1' type='sdl'><input bufferCount='0'/></audio>"),
            "<audio id='1' type='sdl'/>");
}

void expect_domain_error(int code, const char *prefix, const char *detail) {
  std::string message = std::string(prefix) + detail, str1 = std::string(prefix) + "%s";
  expect_error({code, VIR_FROM_DOMAIN, message.c_str(), str1.c_str(), detail, -1});
}

TEST_F(DomainDesc, Watchdog) {
  EXPECT_EQ(define("<watchdog model='ib700'/>", "<watchdog"),
            "<watchdog model='ib700' action='reset'/>");
  EXPECT_EQ(define("<watchdog model='i6300esb' action='inject-nmi'><alias name='ua-w'/>"
                   "<address type='pci' domain='0' bus='0' slot='5' function='0'/></watchdog>",
                   ""),
            "<watchdog model='i6300esb' action='inject-nmi'><alias name='ua-w'/>"
            "<address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/>"
            "</watchdog>");
  const char *const I = "internal error: ", *const C = "unsupported configuration: ";
  EXPECT_EQ(define("<watchdog action='pause'/>"), "(failed)");
  expect_domain_error(VIR_ERR_INTERNAL_ERROR, I, "watchdog must contain model name");
  EXPECT_EQ(define("<watchdog model='x'/>"), "(failed)");
  expect_domain_error(VIR_ERR_CONFIG_UNSUPPORTED, C, "unknown watchdog model 'x'");
  EXPECT_EQ(define("<watchdog model='ib700' action='y'/>"), "(failed)");
  expect_domain_error(VIR_ERR_CONFIG_UNSUPPORTED, C, "unknown watchdog action 'y'");
  EXPECT_EQ(define("<watchdog model='ib700'/><watchdog model='ib700'/>"), "(failed)");
  expect_domain_error(VIR_ERR_INTERNAL_ERROR, I, "only a single watchdog device is supported");
}

TEST_F(DomainDesc, Memballoon) {
  // The period is read in any base; a negative one means none.
  EXPECT_EQ(define("<memballoon model='virtio' autodeflate='on'><stats period='0x10'/>"
                   "<driver iommu='on'/></memballoon>",
                   ""),
            "<memballoon model='virtio' autodeflate='on'><stats period='16'/>"
            "<driver iommu='on'/></memballoon>");
  EXPECT_EQ(define("<memballoon model='virtio'><stats period='010'/></memballoon>", "<stats"),
            "<stats period='8'/>");
  EXPECT_EQ(define("<memballoon model='xen' freePageReporting='off'><stats period='-5'/>"
                   "</memballoon>",
                   ""),
            "<memballoon model='xen' freePageReporting='off'/>");
  // A balloon of model none keeps no address or alias.
  EXPECT_EQ(define("<memballoon model='none'><alias name='ua-b'/>"
                   "<address type='pci' domain='0' bus='0' slot='5' function='9'/></memballoon>",
                   ""),
            "<memballoon model='none'/>");
  const int X = VIR_ERR_XML_ERROR;
  const Bad cases[] = {
      {"<memballoon/>", X, VIR_FROM_XML,
       "Missing required attribute 'model' in element 'memballoon'"},
      {"<memballoon model='x'/>", X, VIR_FROM_XML,
       "Invalid value for attribute 'model' in element 'memballoon': 'x'."},
      {"<memballoon model='virtio' autodeflate='yes'/>", X, VIR_FROM_XML,
       "Invalid value for attribute 'autodeflate' in element 'memballoon': 'yes'."},
      {"<memballoon model='virtio'><stats period='abc'/></memballoon>", X, VIR_FROM_XML,
       "Invalid value for attribute 'period' in element 'stats': 'abc'. Expected integer value"},
      // The period is read before the address.
      {"<memballoon model='virtio'><address type='pci' function='9'/><stats period='x'/>"
       "</memballoon>",
       X, VIR_FROM_XML,
       "Invalid value for attribute 'period' in element 'stats': 'x'. Expected integer value"},
  };
  for (const Bad &b : cases) {
    SCOPED_TRACE(b.devices);
    EXPECT_EQ(virDomainDefineXML(conn_, domain(b.devices).c_str()), nullptr);
    std::string message = std::string("XML error: ") + b.detail;
    expect_error({b.code, b.domain, message.c_str(), "XML error: %s", b.detail, -1});
  }
  EXPECT_EQ(define("<memballoon model='none'/><memballoon model='none'/>"), "(failed)");
  expect_domain_error(VIR_ERR_INTERNAL_ERROR,
                      "internal error: ", "only a single memory balloon device is supported");
}

TEST_F(DomainDesc, PortForward) {
  const std::string nic = "<interface type='user'><mac address='52:54:00:11:22:33'/>";
  // The address in canonical form; end and to only with a start; an empty
  // <portForward> is kept, an empty <range> is not.
  EXPECT_EQ(define(nic + "<portForward proto='tcp' address='2001:DB8:0::1:10' dev='eth0'>"
                         "<range start='22' to='2022'/><range end='5' exclude='no'/><range/>"
                         "</portForward><portForward proto='udp'/></interface>",
                   "<"),
            "<interface type='user'><mac address='52:54:00:11:22:33'/>"
            "<portForward proto='tcp' address='2001:db8::1:10' dev='eth0'>"
            "<range start='22' to='2022'/><range exclude='no'/></portForward>"
            "<portForward proto='udp'/><target dev='testnet0'/></interface>");
  const int X = VIR_ERR_XML_ERROR;
  const Bad cases[] = {
      {"<portForward/>", X, VIR_FROM_XML,
       "Missing required attribute 'proto' in element 'portForward'"},
      {"<portForward proto='none'/>", X, VIR_FROM_XML,
       "Invalid value for attribute 'proto' in element 'portForward': 'none'."},
      // The address is checked before the ranges are read.
      {"<portForward proto='tcp' address='bad'><range start='x'/></portForward>", X,
       VIR_FROM_DOMAIN, "Invalid address 'bad' in <portForward>"},
      {"<portForward proto='udp'><range end='x'/></portForward>", X, VIR_FROM_XML,
       "Invalid value for attribute 'end' in element 'range': 'x'. Expected non-negative "
       "integer value"},
      {"<portForward proto='udp'><range start='0'/></portForward>", X, VIR_FROM_XML,
       "Invalid value for attribute 'start' in element 'range': Zero is not permitted"},
  };
  for (const Bad &b : cases) {
    SCOPED_TRACE(b.devices);
    EXPECT_EQ(virDomainDefineXML(conn_, domain(nic + b.devices + "</interface>").c_str()), nullptr);
    std::string message = std::string("XML error: ") + b.detail;
    expect_error({b.code, b.domain, message.c_str(), "XML error: %s", b.detail, -1});
  }
}

TEST_F(DomainDesc, Panic) {
  // Nothing to print (no model, no address): libvirt prints nothing.
  EXPECT_EQ(define("<panic/>", "<panic"), "");
  EXPECT_EQ(define("<panic model='hyperv'/><panic model='default'/>", "<panic"),
            "<panic model='hyperv'/>");
  EXPECT_EQ(define("<panic/><panic model='default'/>"), "(failed)");
  expect_domain_error(VIR_ERR_XML_ERROR,
                      "XML error: ", "Multiple panic devices with model 'default'");
  EXPECT_EQ(define("<panic model='hyperv'/><panic model='isa'>"
                   "<address type='isa' iobase='0x505'/></panic>",
                   "<panic"),
            "<panic model='hyperv'/><panic model='isa'>");
  EXPECT_EQ(define("<panic model='bad'/>"), "(failed)");
  expect_domain_error(VIR_ERR_CONFIG_UNSUPPORTED,
                      "unsupported configuration: ", "unknown panic model 'bad'");
}

TEST_F(DomainDesc, Hub) {
  EXPECT_EQ(define("<hub type='usb'><address type='usb' bus='0' port='1'/></hub>", ""),
            "<hub type='usb'><address type='usb' bus='0' port='1'/></hub>");
  EXPECT_EQ(define("<hub/>"), "(failed)");
  expect_domain_error(VIR_ERR_INTERNAL_ERROR, "internal error: ", "missing hub device type");
  EXPECT_EQ(define("<hub type='x'/>"), "(failed)");
  expect_domain_error(VIR_ERR_CONFIG_UNSUPPORTED,
                      "unsupported configuration: ", "unknown hub device type 'x'");
}

TEST_F(DomainDesc, Iommu) {
  EXPECT_EQ(define("<iommu model='intel'><driver intremap='on' caching_mode='on' eim='on' "
                   "iotlb='off' aw_bits='48'/></iommu>",
                   ""),
            "(failed)");
  expect_domain_error(VIR_ERR_CONFIG_UNSUPPORTED, "unsupported configuration: ",
                      "IOMMU interrupt remapping requires split I/O APIC (ioapic driver='qemu')");
  std::string xml =
      "<domain type='test'><name>x</name><memory>1024</memory><os><type>hvm</type></os>"
      "<features><ioapic driver='qemu'/></features><devices><iommu model='intel'>"
      "<driver iotlb='off' eim='on' aw_bits='48' caching_mode='on' intremap='on'/>"
      "</iommu></devices></domain>";
  virDomainPtr d = virDomainDefineXML(conn_, xml.c_str());
  ASSERT_NE(d, nullptr);
  char *out = virDomainGetXMLDesc(d, 0);
  std::string got = out ? out : "";
  std::free(out);
  virDomainUndefine(d);
  virDomainFree(d);
  EXPECT_NE(got.find("  <features>\n    <ioapic driver='qemu'/>\n  </features>\n"),
            std::string::npos)
      << got;
  EXPECT_NE(got.find("    <iommu model='intel'>\n      <driver intremap='on' caching_mode='on' "
                     "eim='on' iotlb='off' aw_bits='48'/>\n    </iommu>\n"),
            std::string::npos)
      << got;
  // Nothing to say in <driver>: not printed.
  EXPECT_EQ(define("<iommu model='virtio'><driver aw_bits='0'/></iommu>", ""),
            "<iommu model='virtio'/>");

  const char *const X = "XML error: ";
  EXPECT_EQ(define("<iommu/>"), "(failed)");
  expect_error({VIR_ERR_XML_ERROR, VIR_FROM_XML,
                "XML error: Missing required attribute 'model' in element 'iommu'", "XML error: %s",
                "Missing required attribute 'model' in element 'iommu'", -1});
  EXPECT_EQ(define("<iommu model='smmuv3'><driver eim='on' intremap='off'/></iommu>"), "(failed)");
  expect_domain_error(VIR_ERR_XML_ERROR, X,
                      "iommu model 'smmuv3' doesn't support additional attributes");
  EXPECT_EQ(define("<iommu model='intel'/><iommu model='intel'/>"), "(failed)");
  expect_domain_error(VIR_ERR_XML_ERROR, X, "only a single IOMMU device is supported");
}

TEST_F(DomainDesc, Vsock) {
  // libvirt's post-parse: auto='yes' unless an address is given.
  EXPECT_EQ(define("<vsock/>", ""), "<vsock><cid auto='yes'/></vsock>");
  EXPECT_EQ(define("<vsock model='virtio'><cid address='3'/></vsock>", ""),
            "<vsock model='virtio'><cid auto='no' address='3'/></vsock>");
  // <driver> comes after the device's address.
  EXPECT_EQ(define("<vsock model='virtio'><cid auto='no' address='7'/><driver iommu='on' "
                   "ats='off' packed='on' page_per_vq='off'/><address type='pci' domain='0' "
                   "bus='0' slot='7' function='0'/></vsock>",
                   ""),
            "<vsock model='virtio'><cid auto='no' address='7'/><address type='pci' "
            "domain='0x0000' bus='0x00' slot='0x07' function='0x0'/><driver iommu='on' "
            "ats='off' packed='on' page_per_vq='off'/></vsock>");
  const char *const C = "unsupported configuration: ";
  EXPECT_EQ(define("<vsock><cid address='2'/></vsock>"), "(failed)");
  expect_domain_error(VIR_ERR_CONFIG_UNSUPPORTED, C, "guest CIDs must be >= 3");
  EXPECT_EQ(define("<vsock><driver ats='on'/></vsock>"), "(failed)");
  expect_domain_error(VIR_ERR_CONFIG_UNSUPPORTED, C,
                      "ats driver option is only supported for virtio devices");
  EXPECT_EQ(define("<vsock model='default'><driver page_per_vq='on'/></vsock>"), "(failed)");
  expect_domain_error(VIR_ERR_CONFIG_UNSUPPORTED, C,
                      "page_per_vq option is only supported for virtio devices");
  EXPECT_EQ(define("<vsock/><vsock/>"), "(failed)");
  expect_domain_error(VIR_ERR_XML_ERROR, "XML error: ", "only a single vsock device is supported");
}

TEST_F(DomainDesc, Sound) {
  // Codecs only for the models that have them; ich7 has none.
  EXPECT_EQ(define("<sound model='ich6'><codec type='duplex'/><codec type='micro'/></sound>", ""),
            "<sound model='ich6'><codec type='duplex'/><codec type='micro'/></sound>");
  EXPECT_EQ(define("<sound model='ich7'><codec type='output'/><audio id='1'/><address type='pci' "
                   "domain='0' bus='0' slot='4' function='0'/></sound><audio id='1' type='spice'/>",
                   "<sound"),
            "<sound model='ich7'>");
  EXPECT_EQ(define("<sound model='usb'><audio id='1'/></sound><audio id='1' type='none'/>", ""),
            "<sound model='usb'><audio id='1'/></sound><audio id='1' type='none'/>");
  const char *const C = "unsupported configuration: ";
  EXPECT_EQ(define("<sound model='ich9'><codec/></sound>"), "(failed)");
  expect_domain_error(VIR_ERR_CONFIG_UNSUPPORTED, C, "unknown codec type '(null)'");
  EXPECT_EQ(define("<sound model='ich9'><codec type='x'/></sound>"), "(failed)");
  expect_domain_error(VIR_ERR_CONFIG_UNSUPPORTED, C, "unknown codec type 'x'");
  EXPECT_EQ(define("<sound model='usb'><audio id='2'/></sound><audio id='1' type='none'/>"),
            "(failed)");
  expect_domain_error(VIR_ERR_XML_ERROR, "XML error: ", "no audio device with ID 2");
}

TEST_F(DomainDesc, MemoryBacking) {
  auto backing = [&](const std::string &top) {
    return dump(top, "<memoryBacking>", "</memoryBacking>", "1048576");
  };
  EXPECT_EQ(backing("<memoryBacking/>"), "");
  EXPECT_EQ(backing("<memoryBacking><hugepages/></memoryBacking>"),
            "<memoryBacking><hugepages/></memoryBacking>");
  // libvirt's order, whatever the input's.
  EXPECT_EQ(backing("<memoryBacking><discard/><allocation mode='immediate' threads='8'/>"
                    "<access mode='shared'/><source type='memfd'/><locked/><nosharepages/>"
                    "<hugepages><page size='2' unit='M'/></hugepages></memoryBacking>"),
            "<memoryBacking><hugepages><page size='2048' unit='KiB'/></hugepages>"
            "<nosharepages/><locked/><source type='memfd'/><access mode='shared'/>"
            "<allocation mode='immediate' threads='8'/><discard/></memoryBacking>");
  // Without guest NUMA, node 0 alone is dropped; another node is an error.
  EXPECT_EQ(backing("<memoryBacking><hugepages><page size='1' unit='G' nodeset='0'/>"
                    "</hugepages></memoryBacking>"),
            "<memoryBacking><hugepages><page size='1048576' unit='KiB'/></hugepages>"
            "</memoryBacking>");
  struct {
    const char *top;
    int code, domain;
    const char *message;
  } bad[] = {
      {"<memoryBacking><hugepages><page size='1' unit='G' nodeset='1'/></hugepages>"
       "</memoryBacking>",
       VIR_ERR_XML_DETAIL, VIR_FROM_DOMAIN, "hugepages: node 1 not found"},
      {"<memoryBacking><hugepages><page size='1' unit='G'/><page size='2048'/></hugepages>"
       "</memoryBacking>",
       VIR_ERR_XML_DETAIL, VIR_FROM_DOMAIN, "two master hugepages detected: 2048 and 1048576"},
      {"<memoryBacking><hugepages><page size='0'/></hugepages></memoryBacking>", VIR_ERR_XML_DETAIL,
       VIR_FROM_DOMAIN, "hugepage size can't be zero"},
      {"<memoryBacking><hugepages><page/></hugepages></memoryBacking>", VIR_ERR_XML_ERROR,
       VIR_FROM_XML, "XML error: missing element or attribute './@size'"},
      {"<memoryBacking><hugepages><page size='4' unit='Q'/></hugepages></memoryBacking>",
       VIR_ERR_INVALID_ARG, VIR_FROM_NONE, "invalid argument: unknown suffix 'Q'"},
      {"<memoryBacking><hugepages><page size='4' nodeset='0,^0'/></hugepages></memoryBacking>",
       VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
       "unsupported configuration: Invalid value of 'nodeset': 0,^0"},
      {"<memoryBacking><source type='none'/></memoryBacking>", VIR_ERR_CONFIG_UNSUPPORTED,
       VIR_FROM_DOMAIN, "unsupported configuration: unknown memoryBacking/source/type 'none'"},
      {"<memoryBacking><access mode='default'/></memoryBacking>", VIR_ERR_CONFIG_UNSUPPORTED,
       VIR_FROM_DOMAIN, "unsupported configuration: unknown memoryBacking/access/mode 'default'"},
      {"<memoryBacking><allocation mode='later'/></memoryBacking>", VIR_ERR_CONFIG_UNSUPPORTED,
       VIR_FROM_DOMAIN, "unsupported configuration: unknown memoryBacking/allocation/mode 'later'"},
      {"<memoryBacking><allocation threads='-1'/></memoryBacking>", VIR_ERR_XML_ERROR,
       VIR_FROM_DOMAIN, "XML error: Failed to parse memory allocation threads"},
  };
  for (const auto &b : bad) {
    SCOPED_TRACE(b.top);
    EXPECT_TRUE(failed(backing(b.top)));
    virErrorPtr err = virGetLastError();
    ASSERT_NE(err, nullptr);
    EXPECT_EQ(err->code, b.code);
    EXPECT_EQ(err->domain, b.domain);
    EXPECT_STREQ(err->message, b.message);
  }
}

TEST_F(DomainDesc, IdMap) {
  auto idmap = [&](const std::string &top) { return dump(top, "<idmap>", "</idmap>"); };
  // Sorted by start.
  EXPECT_EQ(idmap("<idmap><gid start='10' target='2000' count='5'/><uid start='10' target='1010' "
                  "count='5'/><uid start='0' target='1000' count='10'/><gid start='0' "
                  "target='1000' count='10'/></idmap>"),
            "<idmap><uid start='0' target='1000' count='10'/><uid start='10' target='1010' "
            "count='5'/><gid start='0' target='1000' count='10'/><gid start='10' target='2000' "
            "count='5'/></idmap>");
  EXPECT_EQ(idmap("<idmap/>"), "");
  const char *const C = "unsupported configuration: ";
  EXPECT_TRUE(failed(idmap("<idmap><uid start='0' target='1000' count='10'/></idmap>")));
  expect_domain_error(VIR_ERR_CONFIG_UNSUPPORTED, C, "uid and gid should be mapped both");
  EXPECT_TRUE(
      failed(idmap("<idmap><uid start='1' target='1000' count='10'/>"
                   "<gid start='0' target='1000' count='10'/></idmap>")));
  expect_domain_error(VIR_ERR_CONFIG_UNSUPPORTED, C, "You must map the root user of container");
  for (const char *bad : {"<idmap><uid start='0' target='1000'/></idmap>",
                          "<idmap><uid start='0' target='-1' count='1'/></idmap>"}) {
    EXPECT_TRUE(failed(idmap(bad))) << bad;
    expect_domain_error(VIR_ERR_XML_ERROR,
                        "XML error: ", "invalid idmap start/target/count settings");
  }
}

TEST_F(DomainDesc, ClockTimers) {
  auto clock = [&](const std::string &top) { return dump(top, "<clock", "</clock>"); };
  EXPECT_EQ(clock("<clock offset='utc'><timer name='rtc' tickpolicy='catchup' track='guest'>"
                  "<catchup threshold='123' slew='120' limit='10000'/></timer>"
                  "<timer name='hpet' present='no'/></clock>"),
            "<clock offset='utc'><timer name='rtc' tickpolicy='catchup' track='guest'>"
            "<catchup threshold='123' slew='120' limit='10000'/></timer>"
            "<timer name='hpet' present='no'/></clock>");
  EXPECT_EQ(clock("<clock offset='localtime'><timer name='tsc' frequency='3504000000' "
                  "mode='native'/></clock>"),
            "<clock offset='localtime'><timer name='tsc' frequency='3504000000' mode='native'/>"
            "</clock>");
  EXPECT_EQ(clock("<clock><timer name='rtc' frequency='0'/></clock>"),
            "<clock offset='utc'><timer name='rtc'/></clock>");
  EXPECT_EQ(clock("<clock><timer name='kvmclock' tickpolicy='delay'/></clock>"),
            "(failed) unsupported configuration: timer kvmclock doesn't support setting of timer "
            "tickpolicy");
  EXPECT_EQ(
      clock("<clock><timer name='rtc' tickpolicy='delay'><catchup slew='1'/></timer></clock>"),
      "(failed) XML error: setting of timer catchup policies is only supported with "
      "tickpolicy='catchup'");
  EXPECT_EQ(clock("<clock><timer name='rtc' frequency='10'/></clock>"),
            "(failed) unsupported configuration: timer rtc doesn't support setting of timer "
            "frequency");
  EXPECT_EQ(clock("<clock><timer name='pit' mode='auto'/></clock>"),
            "(failed) unsupported configuration: timer pit doesn't support setting of timer mode");
  EXPECT_EQ(clock("<clock><timer name='pit' track='wall'/></clock>"),
            "(failed) unsupported configuration: timer pit doesn't support setting of timer track");
  EXPECT_EQ(clock("<clock><timer name='tsc' frequency='-1'/></clock>"),
            "(failed) XML error: Invalid value for attribute 'frequency' in element 'timer': "
            "'-1'. Expected non-negative integer value");
}

TEST_F(DomainDesc, PmAndLockFailure) {
  // What follows <on_crash>, up to <devices>.
  auto top = [&](const std::string &body) {
    std::string r = dump(body, "</on_crash>", "<devices>");
    if (failed(r)) return r;
    r = r.substr(r.find("</on_crash>") + 11);
    return r.substr(0, r.find("<devices>"));
  };
  EXPECT_EQ(top("<pm><suspend-to-disk enabled='yes'/><suspend-to-mem enabled='no'/></pm>"
                "<on_lockfailure>ignore</on_lockfailure>"),
            "<on_lockfailure>ignore</on_lockfailure><pm><suspend-to-mem enabled='no'/>"
            "<suspend-to-disk enabled='yes'/></pm>");
  EXPECT_EQ(top("<pm><suspend-to-mem/></pm><on_lockfailure>default</on_lockfailure>"), "");
  EXPECT_EQ(top("<pm><suspend-to-mem enabled='maybe'/></pm>"),
            "(failed) XML error: Invalid value for attribute 'enabled' in element "
            "'suspend-to-mem': 'maybe'.");
  EXPECT_EQ(top("<on_lockfailure>x</on_lockfailure>"),
            "(failed) unsupported configuration: unknown on_lockfailure action: x");
}

}  // namespace
