// SPDX-License-Identifier: LGPL-2.1-or-later
// Attribute values libvirt 9.0.0 reads its own way, found by changing one
// attribute of its corpus domains at a time (tests/xml/mutations_check.py):
// the base of a number, an empty value, a table that starts with "", the
// checks on cookies and addresses. Through virDomainDefineXML on the test
// driver; expected values are Debian libvirt 9.0.0's, and the file builds
// against that libvirt too.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <gtest/gtest.h>

#include <string>

#include "../support/domain_xml.h"
#include "../support/last_error.h"

namespace {

using virtkit_testing::expect_error;

class DomainValues : public virtkit_testing::TestDriverFixture<> {
 protected:
  // The domain's lines from the one holding `from` to the one holding `to`,
  // trimmed and joined, or "(failed)".
  std::string define(const std::string &body, const std::string &from, const std::string &to) {
    auto xml = virtkit_testing::define_and_dump(conn_, virtkit_testing::domain_xml(body));
    if (!xml) return "(failed)";
    size_t at = xml->find(from);
    if (at == std::string::npos) return "(no " + from + ")";
    at = xml->rfind('\n', at) + 1;
    return virtkit_testing::lines_between(xml->substr(at), "", to) + to;
  }
};

struct Good {
  std::string body;
  const char *from, *to, *printed;
};

const char kIscsi[] =
    "<devices><hostdev mode='subsystem' type='scsi'><source protocol='iscsi' "
    "name='iqn.1992-01.com.example:storage/1'><host name='example.org' port='3260'/>";
const char kIscsiBadPort[] =
    "<devices><hostdev mode='subsystem' type='scsi'><source protocol='iscsi' "
    "name='iqn.1992-01.com.example:storage/1'><host name='example.org' port='x'/>";

const Good kGood[] = {
    // ISA addresses are read in hex; DIMM bases too, slots in decimal.
    {"<devices><serial type='pty'><target type='isa-serial'/><address type='isa' iobase='abc' "
     "irq='010'/></serial></devices>",
     "<serial", "</serial>",
     "<serial type='pty'><target type='isa-serial' port='0'/><address type='isa' iobase='0xabc' "
     "irq='0x10'/></serial>"},
    {"<maxMemory slots='16' unit='KiB'>1099511627776</maxMemory><vcpu>1</vcpu><cpu><numa><cell "
     "id='0' cpus='0' memory='1024' unit='KiB'/></numa></cpu><devices><memory model='dimm'><target>"
     "<size unit='KiB'>512</size><node>0</node></target><address type='dimm' slot='010' "
     "base='100000000'/></memory></devices>",
     "<address type='dimm'", "/>", "<address type='dimm' slot='10' base='0x100000000'/>"},
    {"<devices><smartcard mode='passthrough' type='pty'><address type='ccid' slot='3'/>"
     "</smartcard></devices>",
     "<address type='ccid'", "/>", "<address type='ccid' controller='0' slot='3'/>"},
    // An empty value of a table that starts with "" is its first value.
    {"<devices><filesystem type='mount' accessmode=''><source dir='/a'/><target dir='b'/>"
     "</filesystem></devices>",
     "<filesystem", "</filesystem>",
     "<filesystem type='mount' accessmode='passthrough'><source dir='/a'/><target dir='b'/>"
     "</filesystem>"},
    // Read with XPath string(): an empty value is no value.
    {"<memoryBacking><source type=''/><access mode=''/><allocation mode=''/></memoryBacking>",
     "<memoryBacking", "</memoryBacking>", "(no <memoryBacking)"},
    // A network source's empty name is none.
    {"<devices><disk type='network' device='cdrom'><source protocol='http' name=''><host "
     "name='a.example'/></source><target dev='hdc' bus='ide'/></disk></devices>",
     "<source protocol", "</source>",
     "<source protocol='http'><host name='a.example' port='80'/></source>"},
    // A host device's secret UUID is printed in its canonical form.
    {std::string(kIscsi) +
         "<auth username='me'><secret type='iscsi' uuid='c7a5fdbdedaf9455926ad65c16db1809'/>"
         "</auth></source></hostdev></devices>",
     "<auth", "</auth>",
     "<auth username='me'><secret type='iscsi' uuid='c7a5fdbd-edaf-9455-926a-d65c16db1809'/>"
     "</auth>"},
};

struct Bad {
  std::string body;
  int code, domain;
  const char *message;
};

const Bad kBad[] = {
    {"<devices><memory model='dimm'><target><size unit='KiB'>524288</size></target><address "
     "type='dimm' base='1'/></memory></devices>",
     VIR_ERR_XML_ERROR, VIR_FROM_XML,
     "XML error: Missing required attribute 'slot' in element 'address'"},
    {"<devices><serial type='pty'><address type='isa' irq='1.5'/></serial></devices>",
     VIR_ERR_XML_ERROR, VIR_FROM_XML,
     "XML error: Invalid value for attribute 'irq' in element 'address': '1.5'. Expected "
     "non-negative integer value"},
    {"<devices><serial type='pty'><address type='virtio-s390'/></serial></devices>",
     VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: virtio-s390 bus doesn't have an address"},
    {"<devices><serial type='pty'><address type='unassigned'/></serial></devices>",
     VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
     "unsupported configuration: address of type 'unassigned' is supported only for hostdevs"},
    {"<perf><event name='x' enabled='yes'/></perf>", VIR_ERR_XML_ERROR, VIR_FROM_XML,
     "XML error: Invalid value for attribute 'name' in element 'event': 'x'."},
    {"<perf><event name='cmt' enabled='yes'/><event name='cmt' enabled='no'/></perf>",
     VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: perf event 'cmt' was already specified"},
    {"<devices><filesystem type='mount' accessmode='default'><source dir='/a'/><target dir='b'/>"
     "</filesystem></devices>",
     VIR_ERR_XML_ERROR, VIR_FROM_XML,
     "XML error: Invalid value for attribute 'accessmode' in element 'filesystem': 'default'."},
    {"<devices><disk type='network' device='disk'><source protocol='http' name='d'><host "
     "name='a.example'/><cookies><cookie name='a b'>v</cookie></cookies></source><target "
     "dev='vda' bus='virtio'/></disk></devices>",
     VIR_ERR_XML_ERROR, VIR_FROM_STORAGE,
     "XML error: cookie name 'a b' contains invalid characters"},
    {"<devices><disk type='network' device='disk'><source protocol='http' name='d'><host "
     "name='a.example'/><cookies><cookie name='a'>\"v;\"</cookie></cookies></source><target "
     "dev='vda' bus='virtio'/></disk></devices>",
     VIR_ERR_XML_ERROR, VIR_FROM_STORAGE,
     "XML error: value of cookie 'a' contains invalid characters"},
    // libvirt upper-cases a loadparm with '-' turned into '_' before checking it.
    {"<devices><interface type='user'><boot order='1' loadparm='a-b?'/></interface></devices>",
     VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN,
     "internal error: invalid loadparm value 'A_B?', expecting chars in set of [a-zA-Z0-9.] and "
     "blank spaces"},
    // Routes: checked per family, and the address must be the network's.
    {"<devices><interface type='ethernet'><source><route address='192.168.2.1' prefix='24' "
     "gateway='192.168.1.1'/></source></interface></devices>",
     VIR_ERR_XML_ERROR, VIR_FROM_NETWORK,
     "XML error: interface host IP: Address '192.168.2.1' in route definition is not a network "
     "address"},
    {"<devices><interface type='ethernet'><source><route family='ip4' address='192.168.2.0' "
     "gateway='192.168.1.1'/></source></interface></devices>",
     VIR_ERR_XML_ERROR, VIR_FROM_NETWORK,
     "XML error: interface host IP: Unrecognized family 'ip4' in route definition"},
    {"<devices><interface type='ethernet'><source><route address='2001:db8::' "
     "gateway='192.168.1.1'/></source></interface></devices>",
     VIR_ERR_XML_ERROR, VIR_FROM_NETWORK,
     "XML error: interface host IP: No family specified for non-IPv4 address '2001:db8::' in "
     "route definition"},
    {std::string(kIscsiBadPort) + "</source></hostdev></devices>", VIR_ERR_INVALID_ARG,
     VIR_FROM_NONE, "invalid argument: failed to parse port number 'x'"},
    {std::string(kIscsi) +
         "<auth username=''><secret type='iscsi' usage='u'/></auth></source></hostdev></devices>",
     VIR_ERR_XML_ERROR, VIR_FROM_STORAGE, "XML error: missing username for auth"},
    {std::string(kIscsi) +
         "<auth username='me'><secret type='iscsi' uuid='bad'/></auth></source></hostdev>"
         "</devices>",
     VIR_ERR_XML_ERROR, VIR_FROM_NONE, "XML error: invalid secret uuid 'bad'"},
};

TEST_F(DomainValues, KeptAsLibvirtReadsThem) {
  for (const Good &g : kGood) EXPECT_EQ(define(g.body, g.from, g.to), g.printed) << g.body;
}

TEST_F(DomainValues, ErrorsAreLibvirts) {
  for (const Bad &b : kBad) {
    SCOPED_TRACE(b.body);
    EXPECT_EQ(virDomainDefineXML(conn_, virtkit_testing::domain_xml(b.body).c_str()), nullptr);
    expect_error(b.code, b.domain, b.message);
  }
}

}  // namespace
