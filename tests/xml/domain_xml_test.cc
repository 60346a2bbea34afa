// SPDX-License-Identifier: LGPL-2.1-or-later
// Domain XML parsing and formatting, through virDomainDefineXML and
// virDomainGetXMLDesc on the test driver. Expected documents and errors are
// Debian libvirt 9.0.0's for the same input (like the test_driver_*_test.cc files, this
// file builds against that libvirt too).
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "../support/domain_xml.h"

namespace {

std::string fixture(const std::string &name) {
  std::ifstream in(std::string(VIRTKIT_FIXTURES_DIR) + "/domain_xml/" + name);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string s(const char *p) {
  return p ? p : "(null)";
}

class DomainXml : public virtkit_testing::TestDriverFixture<> {
 protected:
  // Defines `xml` and returns its XML description ("" on failure).
  std::string roundtrip(const std::string &xml, unsigned flags = 0) {
    virDomainPtr d = virDomainDefineXML(conn_, xml.c_str());
    EXPECT_NE(d, nullptr) << s(virGetLastErrorMessage());
    if (!d) return "";
    char *out = virDomainGetXMLDesc(d, flags);
    std::string r = out ? out : "";
    free(out);
    virDomainUndefine(d);
    virDomainFree(d);
    return r;
  }
};

std::string domain(const std::string &body) {
  return "<domain type='test'><name>x</name>" + body + "</domain>";
}
const std::string kOs = "<os><type>hvm</type></os>";

// ---------------------------------------------------------------- round trips

class Fixtures : public DomainXml, public ::testing::WithParamInterface<const char *> {};

TEST_P(Fixtures, DefineThenDump) {
  std::string name = GetParam();
  std::string out = roundtrip(fixture(name + ".in.xml"));
  EXPECT_EQ(out, fixture(name + ".out.xml"));
  // What we print reads back to the same document, except where libvirt
  // sorts disks whose bus it only learnt from the target name.
  std::ifstream reread(std::string(VIRTKIT_FIXTURES_DIR) + "/domain_xml/" + name + ".reread.xml");
  EXPECT_EQ(roundtrip(out), reread.good() ? fixture(name + ".reread.xml") : out);
}

INSTANTIATE_TEST_SUITE_P(DomainXml, Fixtures,
                         ::testing::Values("minimal", "rich", "xen", "clock", "cpu",
                                           "cpu-passthrough", "metadata", "video", "audio"));

TEST_F(DomainXml, MemoryUnits) {
  struct Case {
    const char *unit;
    unsigned long long value;
    unsigned long long kib;
  } cases[] = {
      {nullptr, 1024, 1024},
      {"b", 1025, 2},
      {"bytes", 4096, 4},
      {"KB", 1024, 1000},
      {"k", 3, 3},
      {"KiB", 3, 3},
      {"MB", 1, 977},
      {"M", 2, 2048},
      {"MiB", 2, 2048},
      {"GB", 1, 976563},
      {"G", 1, 1048576},
      {"GiB", 1, 1048576},
      {"TB", 1, 976562500},
      {"T", 1, 1073741824ULL},
      {"TiB", 1, 1073741824ULL},
  };
  for (const Case &c : cases) {
    std::string mem = c.unit ? std::string("<memory unit='") + c.unit + "'>" : "<memory>";
    mem += std::to_string(c.value) + "</memory>";
    std::string out = roundtrip(domain(mem + kOs));
    std::string want = "<memory unit='KiB'>" + std::to_string(c.kib) + "</memory>";
    EXPECT_NE(out.find(want), std::string::npos) << (c.unit ? c.unit : "(none)") << "\n" << out;
    want = "<currentMemory unit='KiB'>" + std::to_string(c.kib) + "</currentMemory>";
    EXPECT_NE(out.find(want), std::string::npos) << out;
  }
}

TEST_F(DomainXml, GeneratedIdentifiers) {
  std::string out = roundtrip(domain(
      "<memory>1024</memory>" + kOs +
      "<devices><interface type='network'><source network='default'/></interface></devices>"));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out, m, std::regex("<uuid>([0-9a-f-]{36})</uuid>")));
  std::string uuid = m[1];
  EXPECT_EQ(uuid[14], '4');  // version 4
  EXPECT_NE(std::string("89ab").find(uuid[19]), std::string::npos);
  EXPECT_TRUE(std::regex_search(
      out, std::regex("<mac address='52:54:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}'/>")));
  EXPECT_NE(out.find("<target dev='testnet0'/>"), std::string::npos);
}

// CPU and NUMA node sets may name bits up to libvirt's VIR_DOMAIN_CPUMASK_LEN.
TEST_F(DomainXml, CpuSetsUpTo16383) {
  std::string out = roundtrip(domain("<memory>1024</memory><vcpu cpuset='0,16383'>2</vcpu>" + kOs +
                                     "<cputune><vcpupin vcpu='0' cpuset='4095-4100'/>"
                                     "<emulatorpin cpuset='9000'/></cputune>"
                                     "<numatune><memory nodeset='5000'/></numatune>"));
  EXPECT_NE(out.find("<vcpu placement='static' cpuset='0,16383'>2</vcpu>"), std::string::npos)
      << out;
  EXPECT_NE(out.find("<vcpupin vcpu='0' cpuset='4095-4100'/>"), std::string::npos) << out;
  EXPECT_NE(out.find("<emulatorpin cpuset='9000'/>"), std::string::npos) << out;
  EXPECT_NE(out.find("<memory mode='strict' nodeset='5000'/>"), std::string::npos) << out;
  EXPECT_EQ(virDomainDefineXML(
                conn_, domain("<memory>1024</memory><vcpu cpuset='16384'>2</vcpu>" + kOs).c_str()),
            nullptr);
  EXPECT_EQ(s(virGetLastErrorMessage()), "invalid argument: Failed to parse bitmap '16384'");

  virDomainPtr d = virDomainLookupByName(conn_, "test");
  ASSERT_NE(d, nullptr);
  virTypedParameter p{};
  std::strcpy(p.field, VIR_DOMAIN_NUMA_NODESET);
  p.type = VIR_TYPED_PARAM_STRING;
  p.value.s = const_cast<char *>("12000");
  EXPECT_EQ(virDomainSetNumaParameters(d, &p, 1, 0), 0) << s(virGetLastErrorMessage());
  virDomainFree(d);
}

// <gic> and <smm> (with <tseg>, printed in the largest unit that divides it).
TEST_F(DomainXml, FeaturesGicSmm) {
  std::string out = roundtrip(domain("<memory>1024</memory>" + kOs +
                                     "<features><smm state='on'><tseg unit='KiB'>1536</tseg></smm>"
                                     "<gic version='host'/><acpi/></features>"));
  EXPECT_NE(out.find("  <features>\n    <acpi/>\n    <gic version='host'/>\n    <smm state='on'>\n"
                     "      <tseg unit='KiB'>1536</tseg>\n    </smm>\n  </features>\n"),
            std::string::npos)
      << out;
  out = roundtrip(domain("<memory>1024</memory>" + kOs +
                         "<features><smm><tseg>48</tseg></smm><gic/></features>"));
  EXPECT_NE(out.find("<gic/>\n    <smm state='on'>\n      <tseg unit='MiB'>48</tseg>"),
            std::string::npos)
      << out;
  EXPECT_EQ(virDomainDefineXML(conn_, domain("<memory>1024</memory>" + kOs +
                                             "<features><smm><tseg>x</tseg></smm></features>")
                                          .c_str()),
            nullptr);
  EXPECT_EQ(s(virGetLastErrorMessage()),
            "XML error: Invalid value 'x' for element or attribute 'string(./features/smm/tseg)'");
  EXPECT_EQ(virDomainDefineXML(conn_, domain("<memory>1024</memory>" + kOs +
                                             "<features><gic version='4'/></features>")
                                          .c_str()),
            nullptr);
  EXPECT_EQ(s(virGetLastErrorMessage()),
            "XML error: Invalid value for attribute 'version' in element 'gic': '4'.");
}

// <cputune>'s numbers: printed in libvirt's order, ranges checked.
TEST_F(DomainXml, CputuneNumbers) {
  std::string out = roundtrip(
      domain("<memory>1024</memory><vcpu>2</vcpu>" + kOs +
             "<cputune><vcpupin vcpu='0' cpuset='0'/><iothread_quota>-1</iothread_quota>"
             "<quota>2000</quota><shares>0</shares><emulator_period>1000000</emulator_period>"
             "</cputune>"));
  EXPECT_NE(
      out.find("  <cputune>\n    <shares>0</shares>\n    <quota>2000</quota>\n"
               "    <emulator_period>1000000</emulator_period>\n"
               "    <iothread_quota>-1</iothread_quota>\n    <vcpupin vcpu='0' cpuset='0'/>\n"),
      std::string::npos)
      << out;
  struct {
    const char *cputune, *message;
  } bad[] = {
      {"<shares>1</shares>",
       "unsupported configuration: Value of cputune 'shares' must be in range [2, 262144]"},
      {"<period>999</period>",
       "unsupported configuration: Value of cputune 'period' must be in range [1000, 1000000]"},
      {"<quota>999</quota>",
       "unsupported configuration: Value of cputune 'quota' must be in "
       "range [1000, 17592186044415]"},
      {"<shares>-1</shares>", "XML error: can't parse cputune shares value"},
      {"<iothread_quota>y</iothread_quota>", "XML error: can't parse cputune iothread quota value"},
  };
  for (const auto &b : bad) {
    std::string xml =
        domain("<memory>1024</memory>" + kOs + "<cputune>" + b.cputune + "</cputune>");
    EXPECT_EQ(virDomainDefineXML(conn_, xml.c_str()), nullptr) << b.cputune;
    EXPECT_EQ(s(virGetLastErrorMessage()), b.message);
  }
}

TEST_F(DomainXml, CpuCache) {
  std::string out = roundtrip(
      domain("<memory>1024</memory><vcpu>2</vcpu>" + kOs +
             "<cpu><cache level='2' mode='emulate'/><topology sockets='1' dies='1' cores='2' "
             "threads='1'/></cpu>"));
  EXPECT_NE(out.find("  <cpu>\n    <topology sockets='1' dies='1' cores='2' threads='1'/>\n"
                     "    <cache level='2' mode='emulate'/>\n  </cpu>\n"),
            std::string::npos)
      << out;
  struct {
    const char *cpu, *message;
  } bad[] = {
      {"<cache level='4' mode='emulate'/>",
       "XML error: invalid CPU cache level, must be in range [1,3]"},
      {"<cache mode='x'/>",
       "XML error: Invalid value for attribute 'mode' in element 'cache': 'x'."},
      {"<cache mode='disable'/><cache mode='disable'/>",
       "XML error: at most one CPU cache element may be specified"},
  };
  for (const auto &b : bad) {
    std::string xml = domain("<memory>1024</memory>" + kOs + "<cpu>" + b.cpu + "</cpu>");
    EXPECT_EQ(virDomainDefineXML(conn_, xml.c_str()), nullptr) << b.cpu;
    EXPECT_EQ(s(virGetLastErrorMessage()), b.message);
  }
}

TEST_F(DomainXml, MaxPhysAddrAndKeyWrap) {
  std::string out =
      roundtrip(domain("<memory>1024</memory>" + kOs +
                       "<cpu mode='host-passthrough'><maxphysaddr mode='emulate' bits='42'/>"
                       "<cache mode='disable'/></cpu><keywrap><cipher name='dea' state='off'/>"
                       "<cipher name='aes' state='on'/></keywrap>"));
  EXPECT_NE(out.find("    <cache mode='disable'/>\n    <maxphysaddr mode='emulate' bits='42'/>\n"),
            std::string::npos)
      << out;
  // aes before dea, after the devices.
  EXPECT_NE(out.find("  </devices>\n  <keywrap>\n    <cipher name='aes' state='on'/>\n"
                     "    <cipher name='dea' state='off'/>\n  </keywrap>\n</domain>\n"),
            std::string::npos)
      << out;
  struct {
    const char *top, *message;
  } bad[] = {
      {"<cpu><maxphysaddr bits='3'/></cpu>",
       "XML error: Missing required attribute 'mode' in element 'maxphysaddr'"},
      {"<cpu><maxphysaddr mode='emulate' bits='-1'/></cpu>",
       "XML error: Invalid value for attribute 'bits' in element 'maxphysaddr': '-1'. Expected "
       "non-negative value"},
      {"<keywrap><cipher name='aes' state='on'/><cipher name='aes' state='off'/></keywrap>",
       "internal error: A domain definition can have no more than one cipher node with name aes"},
      {"<keywrap><cipher name='aes'/></keywrap>",
       "XML error: Missing required attribute 'state' in element 'cipher'"},
  };
  for (const auto &b : bad) {
    std::string xml = domain("<memory>1024</memory>" + kOs + b.top);
    EXPECT_EQ(virDomainDefineXML(conn_, xml.c_str()), nullptr) << b.top;
    EXPECT_EQ(s(virGetLastErrorMessage()), b.message);
  }
}

TEST_F(DomainXml, Shmem) {
  std::string out = roundtrip(domain(
      "<memory>1024</memory>" + kOs +
      "<devices><shmem name='s2' role='master'><model type='ivshmem'/><size unit='K'>1536</size>"
      "</shmem><shmem name='s3'><model type='ivshmem-doorbell'/><server path='/tmp//socket/'/>"
      "<msi vectors='0x10' ioeventfd='on'/></shmem></devices>"));
  // ivshmem has no role; sizes print in MiB (rounded down); paths are cleaned.
  EXPECT_NE(out.find("    <shmem name='s2'>\n      <model type='ivshmem'/>\n"
                     "      <size unit='M'>1</size>\n    </shmem>\n"
                     "    <shmem name='s3'>\n      <model type='ivshmem-doorbell'/>\n"
                     "      <server path='/tmp/socket'/>\n"
                     "      <msi vectors='16' ioeventfd='on'/>\n    </shmem>\n"),
            std::string::npos)
      << out;
  struct {
    const char *devices, *message;
  } bad[] = {
      {"<shmem/>", "XML error: shmem element must contain 'name' attribute"},
      {"<shmem name='a/b'/>", "unsupported configuration: shmem name cannot include '/' character"},
      {"<shmem name='..'/>", "unsupported configuration: shmem name cannot be equal to '..'"},
      {"<shmem name='s'><msi/></shmem>", "XML error: msi option is only supported with a server"},
      {"<shmem name='s' role='default'><model type='ivshmem-plain'/></shmem>",
       "XML error: Invalid value for attribute 'role' in element 'shmem': 'default'."},
  };
  for (const auto &b : bad) {
    std::string xml =
        domain("<memory>1024</memory>" + kOs + "<devices>" + b.devices + "</devices>");
    EXPECT_EQ(virDomainDefineXML(conn_, xml.c_str()), nullptr) << b.devices;
    EXPECT_EQ(s(virGetLastErrorMessage()), b.message);
  }
}

// A disk's <driver> settings, in libvirt's print order.
TEST_F(DomainXml, DiskDriverSettings) {
  auto disk = [](const std::string &driver) {
    return "<devices><disk type='file' device='disk'><source file='/tmp/a.img'/>"
           "<target dev='vda' bus='virtio'/>" +
           driver + "</disk></devices>";
  };
  std::string out =
      roundtrip(domain("<memory>1024</memory>" + kOs +
                       disk("<driver name='qemu' type='qcow2' queue_size='256' queues='4' "
                            "detect_zeroes='unmap' iothread='1' discard='unmap' copy_on_read='on' "
                            "event_idx='off' ioeventfd='on' io='native' rerror_policy='stop' "
                            "error_policy='enospace' cache='none'/>")));
  EXPECT_NE(out.find("<driver name='qemu' type='qcow2' cache='none' error_policy='enospace' "
                     "rerror_policy='stop' io='native' ioeventfd='on' event_idx='off' "
                     "copy_on_read='on' discard='unmap' iothread='1' detect_zeroes='unmap' "
                     "queues='4' queue_size='256'/>"),
            std::string::npos)
      << out;
  struct {
    const char *driver, *message;
  } bad[] = {
      {"<driver rerror_policy='enospace'/>",
       "unsupported configuration: Invalid disk read error policy: 'enospace'"},
      {"<driver iothread='0'/>",
       "XML error: Invalid value for attribute 'iothread' in element 'driver': Zero is not "
       "permitted"},
      {"<driver detect_zeroes='x'/>",
       "XML error: Invalid value for attribute 'detect_zeroes' in element 'driver': 'x'."},
  };
  for (const auto &b : bad) {
    std::string xml = domain("<memory>1024</memory>" + kOs + disk(b.driver));
    EXPECT_EQ(virDomainDefineXML(conn_, xml.c_str()), nullptr) << b.driver;
    EXPECT_EQ(s(virGetLastErrorMessage()), b.message);
  }
}

TEST_F(DomainXml, EscapingInText) {
  std::string out =
      roundtrip(domain("<title>a &lt;b&gt; &amp; 'c'</title>"
                       "<description>\"q\"</description><memory>1</memory>" +
                       kOs));
  EXPECT_NE(out.find("<title>a &lt;b&gt; &amp; &apos;c&apos;</title>"), std::string::npos);
  EXPECT_NE(out.find("<description>&quot;q&quot;</description>"), std::string::npos);
}

TEST_F(DomainXml, InactiveAndActiveViews) {
  virDomainPtr d = virDomainCreateXML(
      conn_,
      domain("<uuid>00000000-1111-2222-3333-444444444447</uuid><memory>1</memory>" + kOs).c_str(),
      0);
  ASSERT_NE(d, nullptr);
  char *live = virDomainGetXMLDesc(d, 0);
  char *inactive = virDomainGetXMLDesc(d, VIR_DOMAIN_XML_INACTIVE);
  ASSERT_TRUE(live && inactive);
  EXPECT_EQ(std::string(live).substr(0, 28), "<domain type='test' id='2'>\n");
  EXPECT_EQ(std::string(inactive).substr(0, 21), "<domain type='test'>\n");
  free(live);
  free(inactive);
  virDomainDestroy(d);
  virDomainFree(d);
}

// ---------------------------------------------------------------- errors

struct ErrorCase {
  const char *xml;
  int code;
  int domain;
  const char *message;
  const char *str1;
  const char *str2;
};

// Names a case by its message in test listings.
void PrintTo(const ErrorCase &c, std::ostream *os) {
  *os << s(c.message);
}

class Errors : public DomainXml, public ::testing::WithParamInterface<ErrorCase> {};

TEST_P(Errors, DefineFails) {
  const ErrorCase &c = GetParam();
  EXPECT_EQ(virDomainDefineXML(conn_, c.xml), nullptr);
  virErrorPtr e = virGetLastError();
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->code, c.code);
  EXPECT_EQ(e->domain, c.domain);
  EXPECT_EQ(e->level, VIR_ERR_ERROR);
  EXPECT_EQ(s(e->message), s(c.message));
  EXPECT_EQ(s(e->str1), s(c.str1));
  EXPECT_EQ(s(e->str2), s(c.str2));
  EXPECT_EQ(e->str3, nullptr);
  EXPECT_EQ(e->int1, -1);
  EXPECT_EQ(e->int2, -1);
}

#define DOM(body) "<domain type='test'><name>x</name>" body "</domain>"
#define OS "<os><type>hvm</type></os>"
#define MEM "<memory>1024</memory>"
#define XML_ERROR(xml, dom, detail)                                            \
  ErrorCase {                                                                  \
    xml, VIR_ERR_XML_ERROR, dom, "XML error: " detail, "XML error: %s", detail \
  }
#define UNSUPPORTED(xml, detail)                                                            \
  ErrorCase {                                                                               \
    xml, VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN, "unsupported configuration: " detail, \
        "unsupported configuration: %s", detail                                             \
  }
#define INTERNAL(xml, detail)                                                                      \
  ErrorCase {                                                                                      \
    xml, VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN, "internal error: " detail, "internal error: %s", \
        detail                                                                                     \
  }

INSTANTIATE_TEST_SUITE_P(
    DomainXml, Errors,
    ::testing::Values(
        ErrorCase{"<domain type='test'><memory>1024</memory></domain>", VIR_ERR_NO_NAME,
                  VIR_FROM_DOMAIN, "missing name information", "missing name information", nullptr},
        ErrorCase{"<domain type='test'><name></name>" MEM OS "</domain>", VIR_ERR_NO_NAME,
                  VIR_FROM_DOMAIN, "missing name information", "missing name information", nullptr},
        XML_ERROR("<foo/>", VIR_FROM_XML, "expecting root element of 'domain', not 'foo'"),
        INTERNAL("<domain><name>a</name>" MEM OS "</domain>", "missing domain type attribute"),
        UNSUPPORTED("<domain type='bogus'><name>a</name>" MEM OS "</domain>",
                    "invalid domain type bogus"),
        XML_ERROR(DOM(MEM), VIR_FROM_DOMAIN, "an os <type> must be specified"),
        UNSUPPORTED(DOM(MEM "<os><type>bogus</type></os>"), "unknown OS type 'bogus'"),
        XML_ERROR(DOM(MEM "<os><type>exe</type></os>"), VIR_FROM_DOMAIN,
                  "init binary must be specified"),
        UNSUPPORTED(DOM(MEM "<os><type arch='foo'>hvm</type></os>"), "Unknown architecture foo"),
        INTERNAL(DOM("<uuid>xyz</uuid>" MEM OS), "malformed uuid element"),
        XML_ERROR("<domain type='test'><name>a/b</name>" MEM OS "</domain>", VIR_FROM_DOMAIN,
                  "name a/b cannot contain '/'"),
        XML_ERROR(DOM("<title>a\nb</title>" MEM OS), VIR_FROM_DOMAIN,
                  "Domain title can't contain newlines"),
        XML_ERROR(DOM(OS), VIR_FROM_DOMAIN,
                  "Memory size must be specified via <memory> or in the <numa> configuration"),
        XML_ERROR(DOM("<memory>abc</memory>" OS), VIR_FROM_XML,
                  "Invalid value 'abc' for element or attribute './memory[1]'"),
        XML_ERROR(DOM("<memory>-5</memory>" OS), VIR_FROM_XML,
                  "Invalid value '-5' for element or attribute './memory[1]'"),
        ErrorCase{DOM("<memory unit='foo'>1</memory>" OS), VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
                  "invalid argument: unknown suffix 'foo'", "invalid argument: %s",
                  "unknown suffix 'foo'"},
        ErrorCase{DOM("<memory unit='EiB'>100</memory>" OS), VIR_ERR_OVERFLOW, VIR_FROM_NONE,
                  "numerical overflow: value too large: 100EiB", "numerical overflow: %s",
                  "value too large: 100EiB"},
        XML_ERROR(DOM(MEM "<maxMemory unit='KiB'>4096</maxMemory>" OS), VIR_FROM_DOMAIN,
                  "both maximum memory size and memory slot count must be specified"),
        XML_ERROR(DOM(MEM "<vcpu>abc</vcpu>" OS), VIR_FROM_DOMAIN,
                  "maximum vcpus count must be an integer"),
        UNSUPPORTED(DOM(MEM "<vcpu current='5'>4</vcpu>" OS),
                    "maximum vCPU count must not be less than current vCPU count"),
        INTERNAL(DOM(MEM "<vcpu>0</vcpu>" OS), "CPU IDs in <numa> exceed the <vcpu> count"),
        XML_ERROR(DOM(MEM "<vcpu placement='bogus'>2</vcpu>" OS), VIR_FROM_XML,
                  "Invalid value for attribute 'placement' in element 'vcpu': 'bogus'."),
        XML_ERROR(DOM(MEM "<vcpu current='x'>2</vcpu>" OS), VIR_FROM_XML,
                  "Invalid value for attribute 'current' in element 'vcpu': 'x'. Expected "
                  "non-negative integer value"),
        XML_ERROR(DOM(MEM "<os><type>hvm</type><boot dev='usb'/></os>"), VIR_FROM_XML,
                  "Invalid value for attribute 'dev' in element 'boot': 'usb'."),
        XML_ERROR(DOM(MEM "<os><type>hvm</type><boot/></os>"), VIR_FROM_XML,
                  "Missing required attribute 'dev' in element 'boot'"),
        UNSUPPORTED(DOM(MEM "<os><type>hvm</type><boot dev='hd'/></os><devices><disk "
                            "type='file'><source file='/a'/><target dev='vda'/><boot "
                            "order='1'/></disk></devices>"),
                    "per-device boot elements cannot be used together with os/boot elements"),
        UNSUPPORTED(DOM(MEM OS "<clock offset='bogus'/>"), "unknown clock offset 'bogus'"),
        INTERNAL(DOM(MEM OS "<clock offset='timezone'/>"),
                 "missing 'timezone' attribute for clock with offset='timezone'"),
        UNSUPPORTED(DOM(MEM OS "<on_crash>bogus</on_crash>"), "unknown on_crash action: bogus"),
        UNSUPPORTED(DOM(MEM OS "<features><bogus/></features>"), "unexpected feature 'bogus'"),
        ErrorCase{DOM(MEM OS "<devices><disk type='file'><source file='/a'/></disk></devices>"),
                  VIR_ERR_NO_TARGET, VIR_FROM_DOMAIN, "missing target information for device /a",
                  "missing target information for device %s", "/a"},
        XML_ERROR(DOM(MEM OS "<devices><disk type='file'><source file='/a'/><target "
                             "dev='foo'/></disk></devices>"),
                  VIR_FROM_DOMAIN, "Unknown disk name 'foo' and no address specified"),
        XML_ERROR(DOM(MEM OS "<devices><disk type='file'><source file='/a'/><target "
                             "dev='hda'/></disk><disk type='file'><source file='/b'/><target "
                             "dev='hda'/></disk></devices>"),
                  VIR_FROM_DOMAIN, "target 'hda' duplicated for disk sources '/a' and '/b'"),
        UNSUPPORTED(DOM(MEM OS "<devices><disk type='file'><driver type='bogus'/><source "
                               "file='/a'/><target dev='vda'/></disk></devices>"),
                    "unknown driver format value 'bogus'"),
        XML_ERROR(DOM(MEM OS "<devices><disk type='bogus'><source file='/a'/><target "
                             "dev='vda'/></disk></devices>"),
                  VIR_FROM_XML, "Invalid value for attribute 'type' in element 'disk': 'bogus'."),
        XML_ERROR(DOM(MEM OS "<devices><interface type='network'/></devices>"), VIR_FROM_DOMAIN,
                  "interface type='network' requires a 'source' element"),
        XML_ERROR(DOM(MEM OS "<devices><interface type='bridge'><source/></interface></devices>"),
                  VIR_FROM_XML, "Missing required attribute 'bridge' in element 'source'"),
        XML_ERROR(DOM(MEM OS "<devices><interface type='network'><mac address='zz'/><source "
                             "network='x'/></interface></devices>"),
                  VIR_FROM_DOMAIN, "unable to parse mac address 'zz'"),
        XML_ERROR(DOM(MEM OS "<devices><interface type='network'><mac "
                             "address='01:00:00:00:00:01'/><source "
                             "network='x'/></interface></devices>"),
                  VIR_FROM_DOMAIN,
                  "expected unicast mac address, found multicast '01:00:00:00:00:01'"),
        XML_ERROR(DOM(MEM OS "<devices><interface type='bogus'/></devices>"), VIR_FROM_XML,
                  "Invalid value for attribute 'type' in element 'interface': 'bogus'."),
        XML_ERROR(DOM(MEM OS "<devices><memballoon model='bogus'/></devices>"), VIR_FROM_XML,
                  "Invalid value for attribute 'model' in element 'memballoon': 'bogus'."),
        XML_ERROR(DOM(MEM OS "<devices><memballoon/></devices>"), VIR_FROM_XML,
                  "Missing required attribute 'model' in element 'memballoon'"),
        INTERNAL(DOM(MEM OS "<devices><memballoon model='none'/><memballoon "
                            "model='none'/></devices>"),
                 "only a single memory balloon device is supported"),
        UNSUPPORTED(DOM(MEM OS "<devices><disk type='file'><source file='/a'/><target "
                               "dev='vda'/><address type='bogus'/></disk></devices>"),
                    "unknown address type 'bogus'"),
        INTERNAL(DOM(MEM OS "<devices><disk type='file'><source file='/a'/><target "
                            "dev='vda'/><address/></disk></devices>"),
                 "No type specified for device address"),
        XML_ERROR(DOM(MEM OS "<devices><disk type='file'><source file='/a'/><target "
                             "dev='vda'/><address type='pci' slot='0x40'/></disk></devices>"),
                  VIR_FROM_NONE, "Invalid PCI address slot='0x40', must be <= 0x1F"),
        UNSUPPORTED(DOM(MEM OS "<devices><input type='bogus'/></devices>"),
                    "unknown input device type 'bogus'"),
        UNSUPPORTED(DOM(MEM OS "<devices><video><model type='bogus'/></video></devices>"),
                    "unknown video model 'bogus'"),
        XML_ERROR(DOM(MEM OS "<devices><video><model type='vga' vram='x'/></video></devices>"),
                  VIR_FROM_DOMAIN, "cannot parse video vram 'x'"),
        ErrorCase{DOM(MEM OS "<cpu mode='bogus'/>"), VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_CPU,
                  "unsupported configuration: Invalid mode attribute 'bogus'",
                  "unsupported configuration: %s", "Invalid mode attribute 'bogus'"},
        ErrorCase{DOM(MEM OS "<cpu><vendor>Intel</vendor></cpu>"), VIR_ERR_XML_ERROR, VIR_FROM_CPU,
                  "XML error: CPU vendor specified without CPU model", "XML error: %s",
                  "CPU vendor specified without CPU model"},
        ErrorCase{DOM(MEM OS "<cpu><feature name='x'/></cpu>"), VIR_ERR_XML_ERROR, VIR_FROM_CPU,
                  "XML error: Non-empty feature list specified without CPU model", "XML error: %s",
                  "Non-empty feature list specified without CPU model"},
        ErrorCase{DOM(MEM OS "<cpu mode='host-model' migratable='on'/>"),
                  VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_CPU,
                  "unsupported configuration: Attribute migratable is only allowed for "
                  "'host-passthrough' / 'maximum' CPU mode",
                  "unsupported configuration: %s",
                  "Attribute migratable is only allowed for 'host-passthrough' / 'maximum' CPU "
                  "mode"},
        XML_ERROR(DOM(MEM OS "<cpu><topology sockets='1' cores='0' threads='1'/></cpu>"),
                  VIR_FROM_XML,
                  "Invalid value for attribute 'cores' in element 'topology': Zero is not "
                  "permitted"),
        UNSUPPORTED(DOM(MEM OS "<cpu check='full'/>"),
                    "check attribute specified for CPU with no model")));

TEST_F(DomainXml, MalformedDocuments) {
  struct {
    const char *xml;
    const char *text;
  } cases[] = {
      {"<domain type='test'><name>x</name",
       "(domain_definition):1: expected '>'\n<domain type='test'><name>x</name\n"
       "---------------------------------^"},
      {"<domain type='test'><name>x</name></domain>\n<extra/>",
       "(domain_definition):2: Extra content at the end of the document\n<extra/>\n^"},
      {"<domain type='test'>\n  <name>x</nam>\n</domain>",
       "(domain_definition):2: Opening and ending tag mismatch: name line 2 and nam\n"
       "  <name>x</nam>\n---------------^"},
      {"", "(domain_definition):1: Document is empty\n(null)\n^"},
  };
  for (const auto &c : cases) {
    EXPECT_EQ(virDomainDefineXML(conn_, c.xml), nullptr);
    virErrorPtr e = virGetLastError();
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->code, VIR_ERR_XML_DETAIL);
    EXPECT_EQ(e->domain, VIR_FROM_DOMAIN);
    EXPECT_EQ(s(e->message), c.text);
    EXPECT_EQ(s(e->str1), "%s");
    EXPECT_EQ(s(e->str2), c.text);
  }
}

}  // namespace
