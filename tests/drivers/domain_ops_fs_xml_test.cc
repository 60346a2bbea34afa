// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's domain operations through the public C API
// (domain_ops_fixture.h): guest file systems, interface addresses, metadata,
// rename, and the XML round trip of the tuning elements.
#include "domain_ops_fixture.h"

namespace {

using namespace domain_ops_tests;

// ---- guest file systems ----

TEST_F(DomainOps, FSFreezeThawTrim) {
  EXPECT_EQ(virDomainFSFreeze(dom, nullptr, 0, 0), 2);
  EXPECT_EQ(virDomainFSFreeze(dom, nullptr, 0, 0), 0);
  const char *boot[] = {"/boot"};
  EXPECT_EQ(virDomainFSThaw(dom, boot, 1, 0), 1);
  EXPECT_EQ(virDomainFSThaw(dom, nullptr, 0, 0), 1);
  const char *bad[] = {"/x"};
  EXPECT_EQ(virDomainFSFreeze(dom, bad, 1, 0), -1);
  expect_err(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
             "Requested operation is not valid: mount point not found: /x");
  EXPECT_EQ(virDomainFSThaw(dom, bad, 1, 0), -1);
  expect_err(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
             "Requested operation is not valid: mount point not found: /x");
  EXPECT_EQ(virDomainFSTrim(dom, "/", 0, 0), 0);
  EXPECT_EQ(virDomainFSTrim(dom, "/x", 0, 0), -1);
  expect_err(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
             "Requested operation is not valid: mount point not found: /x");
}

TEST_F(DomainOps, FSInfo) {
  virDomainFSInfoPtr *info = nullptr;
  ASSERT_EQ(virDomainGetFSInfo(dom, &info, 0), 2);
  EXPECT_STREQ(info[0]->mountpoint, "/");
  EXPECT_STREQ(info[0]->name, "vda1");
  EXPECT_STREQ(info[1]->mountpoint, "/boot");
  EXPECT_STREQ(info[1]->fstype, "ext4");
  ASSERT_EQ(info[1]->ndevAlias, 1u);
  EXPECT_STREQ(info[1]->devAlias[0], "vda");
  virDomainFSInfoFree(info[0]);
  virDomainFSInfoFree(info[1]);
  std::free(info);
  stopped();
  EXPECT_EQ(virDomainGetFSInfo(dom, &info, 0), -1);
  not_running();
}

// ---- addresses ----

TEST_F(DomainOps, InterfaceAddresses) {
  const char *xmldef =
      "<domain type='test'><name>ifaddr</name><memory>1024</memory><os><type>hvm</type></os>"
      "<devices><interface type='ethernet'><mac address='52:54:00:00:00:01'/>"
      "<target dev='eth7'/></interface></devices></domain>";
  virDomainPtr d = virDomainCreateXML(conn, xmldef, 0);
  ASSERT_NE(d, nullptr);
  virDomainInterfacePtr *ifaces = nullptr;
  ASSERT_EQ(virDomainInterfaceAddresses(d, &ifaces, 0, 0), 1);
  EXPECT_STREQ(ifaces[0]->name, "eth7");
  EXPECT_STREQ(ifaces[0]->hwaddr, "52:54:00:00:00:01");
  ASSERT_EQ(ifaces[0]->naddrs, 1u);
  EXPECT_STREQ(ifaces[0]->addrs[0].addr, "192.168.0.1");
  EXPECT_EQ(ifaces[0]->addrs[0].prefix, 24u);
  virDomainInterfaceFree(ifaces[0]);
  std::free(ifaces);
  EXPECT_EQ(virDomainInterfaceAddresses(d, &ifaces, 5, 0), -1);
  expect_err(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_TEST,
             "argument unsupported: Unknown IP address data source 5");
  virDomainDestroy(d);
  virDomainFree(d);
}

// ---- metadata and rename ----

TEST_F(DomainOps, Metadata) {
  ASSERT_EQ(virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, "<foo a=\"1\"><bar/></foo>", "k",
                                 "http://x/", 0),
            0);
  ASSERT_EQ(virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, "<baz/>", "j", "http://y/", 0),
            0);
  EXPECT_EQ(take(virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, "http://x/", 0)),
            "<foo a=\"1\">\n  <bar/>\n</foo>");
  EXPECT_NE(xml().find("  <metadata>\n    <k:foo xmlns:k=\"http://x/\" a=\"1\">\n"
                       "      <k:bar/>\n    </k:foo>\n    <j:baz xmlns:j=\"http://y/\"/>\n"
                       "  </metadata>\n"),
            std::string::npos);
  ASSERT_EQ(virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, "Title", nullptr, nullptr, 0), 0);
  EXPECT_EQ(take(virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, nullptr, 0)), "Title");
  EXPECT_EQ(virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, "http://z/", 0), nullptr);
  expect_err(VIR_ERR_NO_DOMAIN_METADATA, VIR_FROM_DOMAIN,
             "metadata not found: Requested metadata element is not present");
  EXPECT_EQ(virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, "<foo", "k", "http://x/", 0),
            -1);
  expect_err(VIR_ERR_XML_DETAIL, VIR_FROM_DOMAIN,
             "(metadata_xml):1: Couldn't find end of Start Tag foo line 1\n<foo\n----^");
}

TEST_F(DomainOps, Rename) {
  EXPECT_EQ(virDomainRename(dom, "x", 0), -1);
  expect_err(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
             "Requested operation is not valid: cannot rename active domain");
  stopped();
  ASSERT_EQ(virDomainRename(dom, "test2", 0), 0);
  virDomainPtr d = virDomainLookupByName(conn, "test2");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(xml().find("<name>test2</name>"), std::string::npos);
  EXPECT_EQ(virDomainLookupByName(conn, "test"), nullptr);
  EXPECT_EQ(virDomainRename(d, "test2", 0), -1);
  expect_err(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
             "Requested operation is not valid: Can't rename domain to itself");
  EXPECT_EQ(virDomainRename(d, "a/b", 0), -1);
  expect_err(VIR_ERR_XML_ERROR, VIR_FROM_TEST, "XML error: name a/b cannot contain '/'");
  ASSERT_EQ(virDomainRename(d, "test", 0), 0);
  virDomainFree(d);
}

// ---- XML round trip of the tuning elements ----

TEST_F(DomainOps, TuningXmlRoundTrip) {
  const char *def =
      "<domain type='test'>\n"
      "  <name>tuned</name>\n"
      "  <uuid>11111111-2222-3333-4444-555555555555</uuid>\n"
      "  <memory unit='KiB'>1048576</memory>\n"
      "  <currentMemory unit='KiB'>1048576</currentMemory>\n"
      "  <blkiotune>\n"
      "    <weight>300</weight>\n"
      "    <device>\n"
      "      <path>/dev/sda</path>\n"
      "      <weight>200</weight>\n"
      "    </device>\n"
      "  </blkiotune>\n"
      "  <memtune>\n"
      "    <hard_limit unit='KiB'>2000</hard_limit>\n"
      "    <min_guarantee unit='KiB'>100</min_guarantee>\n"
      "  </memtune>\n"
      "  <vcpu placement='static'>2</vcpu>\n"
      "  <iothreads>2</iothreads>\n"
      "  <iothreadids>\n"
      "    <iothread id='1'/>\n"
      "    <iothread id='4'/>\n"
      "  </iothreadids>\n"
      "  <cputune>\n"
      "    <vcpupin vcpu='0' cpuset='1-2'/>\n"
      "    <emulatorpin cpuset='3'/>\n"
      "    <iothreadpin iothread='4' cpuset='0'/>\n"
      "  </cputune>\n"
      "  <numatune>\n"
      "    <memory mode='interleave' nodeset='0'/>\n"
      "  </numatune>\n"
      "  <os>\n"
      "    <type arch='i686'>hvm</type>\n"
      "    <boot dev='hd'/>\n"
      "  </os>\n"
      "  <clock offset='utc'/>\n"
      "  <on_poweroff>destroy</on_poweroff>\n"
      "  <on_reboot>restart</on_reboot>\n"
      "  <on_crash>destroy</on_crash>\n"
      "  <perf>\n"
      "    <event name='mbml' enabled='yes'/>\n"
      "  </perf>\n"
      "  <devices>\n"
      "    <disk type='file' device='disk'>\n"
      "      <source file='/a.img'/>\n"
      "      <target dev='vda' bus='virtio'/>\n"
      "      <iotune>\n"
      "        <read_bytes_sec>10</read_bytes_sec>\n"
      "      </iotune>\n"
      "      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n"
      "    </disk>\n"
      "    <interface type='bridge'>\n"
      "      <mac address='52:54:00:11:22:33'/>\n"
      "      <source bridge='br0'/>\n"
      "      <bandwidth>\n"
      "        <inbound average='10' burst='5'/>\n"
      "      </bandwidth>\n"
      "      <target dev='testnet0'/>\n"
      "      <address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>\n"
      "    </interface>\n"
      "  </devices>\n"
      "</domain>\n";
  virDomainPtr d = virDomainDefineXML(conn, def);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(take(virDomainGetXMLDesc(d, 0)), def);
  virDomainUndefine(d);
  virDomainFree(d);
}

}  // namespace
