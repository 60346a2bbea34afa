// SPDX-License-Identifier: LGPL-2.1-or-later
// The domain's <controller> devices through virDomainDefineXML on the test
// driver: what libvirt 9.0.0 keeps of each type and model (<driver>,
// <model name>, <target>, <master>, <pcihole64>), the order and indexes it
// gives them, the controllers it adds for disks, and each error it reports.
// Expected values are Debian libvirt 9.0.0's; the file builds against that
// libvirt too.
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

class DomainController : public virtkit_testing::TestDriverFixture<> {
 protected:
  // Defines a domain with `devices` and returns its <controller> elements,
  // each line trimmed, one after another; or "(failed) CODE DOMAIN message".
  std::string define(const std::string &devices, unsigned flags = 0) {
    std::string xml =
        "<domain type='test'><name>c</name><memory>1024</memory><os><type>hvm</type></os>"
        "<devices>" +
        devices + "</devices></domain>";
    virDomainPtr d = virDomainDefineXML(conn_, xml.c_str());
    if (!d) {
      virErrorPtr e = virGetLastError();
      if (!e) return "(failed) no error";
      return "(failed) " + std::to_string(e->code) + " " + std::to_string(e->domain) + " " +
             s(e->message);
    }
    char *out = virDomainGetXMLDesc(d, flags);
    std::string all = out ? out : "";
    std::free(out);
    virDomainUndefine(d);
    virDomainFree(d);
    std::istringstream in(all);
    std::string r;
    bool inside = false;
    for (std::string line; std::getline(in, line);) {
      line.erase(0, line.find_first_not_of(' '));
      if (line.rfind("<controller", 0) == 0) inside = true;
      if (inside) r += line;
      if (line.rfind("<controller", 0) == 0 && line.find("/>") == line.size() - 2) inside = false;
      if (line == "</controller>") inside = false;
    }
    return r;
  }
};

TEST_F(DomainController, TypesAndModelsAreKept) {
  EXPECT_EQ(define("<controller type='ide' model='ich6'/>"
                   "<controller type='virtio-serial' model='virtio-transitional' ports='4' "
                   "vectors='5'/><controller type='scsi' model='auto'/>"
                   "<controller type='ccid' index='0'/><controller type='isa'/>"
                   "<controller type='fdc'/><controller type='sata'/>"
                   "<controller type='xenbus' maxGrantFrames='64' maxEventChannels='2047'/>"),
            "<controller type='ide' index='0' model='ich6'/>"
            "<controller type='virtio-serial' index='0' model='virtio-transitional' ports='4' "
            "vectors='5'/>"
            "<controller type='scsi' index='0' model='auto'/>"
            "<controller type='ccid' index='0'/>"
            "<controller type='isa' index='0'/>"
            "<controller type='fdc' index='0'/>"
            "<controller type='sata' index='0'/>"
            "<controller type='xenbus' index='0' maxGrantFrames='64' maxEventChannels='2047'/>");
}

TEST_F(DomainController, DriverTargetAndModelNameAreKept) {
  EXPECT_EQ(define("<controller type='pci' model='pcie-root-port' index='2'>"
                   "<model name='ioh3420'/><target chassisNr='0x7' chassis='010' port='0x1a' "
                   "busNr='3' index='4' hotplug='off'><node>2</node></target>"
                   "<driver queues='1' iommu='on' ats='off' packed='on' page_per_vq='off'/>"
                   "<alias name='ua-x'/>"
                   "<address type='pci' domain='0' bus='0' slot='4' function='0'/></controller>"),
            "<controller type='pci' index='2' model='pcie-root-port'>"
            "<model name='ioh3420'/>"
            "<target chassisNr='7' chassis='8' port='0x1a' busNr='3' index='4' hotplug='off'>"
            "<node>2</node></target>"
            "<driver queues='1' iommu='on' ats='off' packed='on' page_per_vq='off'/>"
            "<alias name='ua-x'/>"
            "<address type='pci' domain='0x0000' bus='0x00' slot='0x04' function='0x0'/>"
            "</controller>");
  EXPECT_EQ(define("<controller type='scsi' model='virtio-scsi'><driver queues='4' "
                   "cmd_per_lun='8' max_sectors='512' ioeventfd='on' iothread='2'/></controller>"),
            "<controller type='scsi' index='0' model='virtio-scsi'>"
            "<driver queues='4' cmd_per_lun='8' max_sectors='512' ioeventfd='on' iothread='2'/>"
            "</controller>");
  EXPECT_EQ(define("<controller type='pci' model='pcie-root' index='0'>"
                   "<pcihole64 unit='MiB'>3</pcihole64></controller>"),
            "<controller type='pci' index='0' model='pcie-root'>"
            "<pcihole64 unit='KiB'>3072</pcihole64></controller>");
  // A model name of "none" is not printed; spapr's is, except when migratable.
  EXPECT_EQ(define("<controller type='pci' model='pci-bridge' index='1'><model name='none'/>"
                   "</controller>"),
            "<controller type='pci' index='1' model='pci-bridge'/>");
  const char *spapr =
      "<controller type='pci' model='pci-root' index='0'>"
      "<model name='spapr-pci-host-bridge'/><target index='0'/></controller>";
  EXPECT_EQ(define(spapr),
            "<controller type='pci' index='0' model='pci-root'>"
            "<model name='spapr-pci-host-bridge'/><target index='0'/></controller>");
  EXPECT_EQ(define(spapr, VIR_DOMAIN_XML_MIGRATABLE),
            "<controller type='pci' index='0' model='pci-root'><target index='0'/>"
            "</controller>");
}

TEST_F(DomainController, UsbCompanionsAndIndexes) {
  EXPECT_EQ(define("<controller type='usb' model='ich9-ehci1'/>"
                   "<controller type='usb' model='ich9-uhci1'/>"
                   "<controller type='usb' model='ich9-uhci2'/>"
                   "<controller type='usb' model='ich9-uhci3'/>"
                   "<controller type='usb' model='ich9-ehci1'/>"
                   "<controller type='usb' model='ich9-uhci1'><master startport='7'/>"
                   "</controller>"),
            "<controller type='usb' index='0' model='ich9-ehci1'/>"
            "<controller type='usb' index='0' model='ich9-uhci1'><master startport='0'/>"
            "</controller>"
            "<controller type='usb' index='0' model='ich9-uhci2'><master startport='2'/>"
            "</controller>"
            "<controller type='usb' index='0' model='ich9-uhci3'><master startport='4'/>"
            "</controller>"
            "<controller type='usb' index='1' model='ich9-ehci1'/>"
            "<controller type='usb' index='1' model='ich9-uhci1'><master startport='7'/>"
            "</controller>");
  // Unindexed controllers take the lowest free index, where they stand.
  EXPECT_EQ(define("<controller type='sata' index='2'/><controller type='sata'/>"
                   "<controller type='sata'/><controller type='sata'/>"),
            "<controller type='sata' index='2'/><controller type='sata' index='0'/>"
            "<controller type='sata' index='1'/><controller type='sata' index='3'/>");
  // A spapr-vio address's reg is read in hex and printed with 8 digits.
  EXPECT_EQ(define("<controller type='scsi'><address type='spapr-vio' reg='4000'/></controller>"),
            "<controller type='scsi' index='0'><address type='spapr-vio' reg='0x00004000'/>"
            "</controller>");
  // A disabled USB keeps no address.
  EXPECT_EQ(define("<controller type='usb' model='none'><alias name='ua-n'/>"
                   "<address type='pci' domain='0' bus='0' slot='4' function='0'/></controller>"),
            "<controller type='usb' index='0' model='none'/>");
}

TEST_F(DomainController, DiskControllersAreAppended) {
  EXPECT_EQ(define("<disk type='file' device='disk'><source file='/a'/>"
                   "<target dev='sdc' bus='scsi'/></disk>"
                   "<disk type='file' device='disk'><source file='/b'/>"
                   "<target dev='hda' bus='ide'/></disk>"
                   "<controller type='scsi' index='1' model='virtio-scsi'/>"
                   "<controller type='pci' model='pci-root'/>"),
            "<controller type='scsi' index='1' model='virtio-scsi'/>"
            "<controller type='pci' index='0' model='pci-root'/>"
            "<controller type='scsi' index='0'/>"
            "<controller type='ide' index='0'/>");
}

TEST_F(DomainController, ErrorsAreLibvirts) {
  const struct {
    const char *devices, *want;
  } cases[] = {
      {"<controller type='scsi' model='foo'/>",
       "(failed) 67 20 unsupported configuration: Unknown model type 'foo'"},
      {"<controller type='sata' model='x'/>",
       "(failed) 67 20 unsupported configuration: Unknown model type 'x'"},
      {"<controller type='isa' model='x'/>",
       "(failed) 67 20 unsupported configuration: Unknown model type 'x'"},
      {"<controller type='nope'/>",
       "(failed) 27 5 XML error: Invalid value for attribute 'type' in element 'controller': "
       "'nope'."},
      {"<controller type='ide' index='-1'/>",
       "(failed) 27 5 XML error: Invalid value for attribute 'index' in element 'controller': "
       "'-1'. Expected non-negative value"},
      {"<controller type='ide' index='0'/><controller type='ide' index='0'/>",
       "(failed) 27 20 XML error: Multiple 'ide' controllers with index '0'"},
      {"<controller type='usb' model='none'/><controller type='usb' model='ehci'/>",
       "(failed) 35 20 Can't add another USB controller: USB is disabled for this domain"},
      {"<controller type='usb' model='ich9-uhci1'/>",
       "(failed) 35 20 No master USB controller specified"},
      {"<controller type='pci' model='pci-bridge' index='1'><model name='pci-bridge'/>"
       "<model name='pci-bridge'/></controller>",
       "(failed) 27 20 XML error: Multiple <model> elements in controller definition not "
       "allowed"},
      {"<controller type='scsi'><target/><target/></controller>",
       "(failed) 27 20 XML error: Multiple <target> elements in controller definition not "
       "allowed"},
      {"<controller type='scsi'><target><node>-3</node></target></controller>",
       "(failed) 27 20 XML error: invalid NUMA node in target"},
      {"<controller type='scsi' model='lsilogic'><driver iothread='1'/></controller>",
       "(failed) 27 20 XML error: 'iothread' attribute only supported for virtio scsi "
       "controllers"},
      {"<controller type='pci' model='pci-root' index='0'><address type='pci' domain='0' "
       "bus='0' slot='3' function='0'/></controller>",
       "(failed) 67 20 unsupported configuration: pci-root and pcie-root controllers should not "
       "have an address"},
      {"<controller type='pci' model='pci-bridge' index='256'/>",
       "(failed) 67 20 unsupported configuration: PCI controller index 256 too high, maximum is "
       "255"},
      {"<controller type='pci' model='pci-expander-bus' index='1'><target index='31'/>"
       "</controller>",
       "(failed) 67 20 unsupported configuration: PCI controller target index '31' out of range "
       "- must be 0-30"},
      {"<controller type='pci' model='pci-expander-bus' index='1'><target index='0'/>"
       "</controller>",
       "(failed) 67 20 unsupported configuration: Only the PCI controller with index 0 can have "
       "target index 0, and vice versa"},
      {"<controller type='pci' model='pci-bridge' index='1'><target chassisNr='0'/>"
       "</controller>",
       "(failed) 67 20 unsupported configuration: PCI controller chassisNr '0' out of range - "
       "must be 1-255"},
      {"<controller type='pci' model='pcie-root-port' index='1'><target chassis='256'/>"
       "</controller>",
       "(failed) 67 20 unsupported configuration: PCI controller chassis '256' out of range - "
       "must be 0-255"},
      {"<controller type='pci' model='pcie-root-port' index='1'><target port='0x100'/>"
       "</controller>",
       "(failed) 67 20 unsupported configuration: PCI controller port '256' out of range - must "
       "be 0-255"},
      {"<controller type='pci' model='pci-expander-bus' index='1'><target busNr='255'/>"
       "</controller>",
       "(failed) 67 20 unsupported configuration: PCI controller busNr '255' out of range - "
       "must be 1-254"},
      {"<controller type='pci' model='pci-root' index='0'><target><node>0</node></target>"
       "</controller>",
       "(failed) 67 20 unsupported configuration: The PCI controller with index=0 can't be "
       "associated with a NUMA node"},
      {"<controller type='pci' model='pci-root' index='0'><pcihole64>abc</pcihole64>"
       "</controller>",
       "(failed) 27 5 XML error: Invalid value 'abc' for element or attribute './pcihole64'"},
      {"<controller type='scsi' ports='-2'/>",
       "(failed) 27 5 XML error: Invalid value for attribute 'ports' in element 'controller': "
       "'-2'. Expected non-negative value"},
      {"<controller type='scsi'><driver queues='x'/></controller>",
       "(failed) 27 5 XML error: Invalid value for attribute 'queues' in element 'driver': 'x'. "
       "Expected non-negative integer value"},
      {"<controller type='pci' model='pci-bridge' index='1'><model name='zz'/></controller>",
       "(failed) 27 5 XML error: Invalid value for attribute 'name' in element 'model': 'zz'."},
      {"<controller type='pci' model='pci-bridge' index='1'><target chassisNr='-1'/>"
       "</controller>",
       "(failed) 27 5 XML error: Invalid value for attribute 'chassisNr' in element 'target': "
       "'-1'. Expected non-negative value"},
      {"<controller type='usb' model='ich9-uhci1'><master startport='x'/></controller>",
       "(failed) 27 5 XML error: Invalid value for attribute 'startport' in element 'master': "
       "'x'. Expected non-negative integer value"},
      {"<controller type='usb' model='none'/><input type='tablet' bus='usb'/>",
       "(failed) 67 20 unsupported configuration: Can't add USB input device. USB bus is "
       "disabled"},
      {"<controller type='sata'><alias name='ua-q'/></controller>"
       "<controller type='scsi'><alias name='ua-q'/></controller>",
       "(failed) 67 20 unsupported configuration: non unique alias detected: ua-q"},
      {"<controller type='usb' model='none'/><hub type='usb'/>",
       "(failed) 67 20 unsupported configuration: Can't add USB hub: USB is disabled for this "
       "domain"},
  };
  for (const auto &c : cases) {
    SCOPED_TRACE(c.devices);
    EXPECT_EQ(define(c.devices), c.want);
  }
}

// libvirt reads a controller's parts in one order (type, model, index,
// <driver>, <model>s, <target>s, its <node>, the address, ports, then the
// type's own): with two mistakes, the first one read is reported. What the
// type does not have is ignored, except ports and the NUMA node.
TEST_F(DomainController, FirstErrorAndIgnoredParts) {
  const struct {
    const char *devices, *want;
  } cases[] = {
      {"<controller type='scsi' model='bad' index='-1'/>",
       "(failed) 67 20 unsupported configuration: Unknown model type 'bad'"},
      {"<controller type='scsi' index='-1'><driver queues='x'/></controller>",
       "(failed) 27 5 XML error: Invalid value for attribute 'index' in element 'controller': "
       "'-1'. Expected non-negative value"},
      {"<controller type='scsi'><driver queues='x'/><model/><model/></controller>",
       "(failed) 27 5 XML error: Invalid value for attribute 'queues' in element 'driver': 'x'. "
       "Expected non-negative integer value"},
      {"<controller type='scsi'><model/><model/><target/><target/></controller>",
       "(failed) 27 20 XML error: Multiple <model> elements in controller definition not "
       "allowed"},
      {"<controller type='scsi'><target/><target/><address type='pci' domain='zz'/>"
       "</controller>",
       "(failed) 27 20 XML error: Multiple <target> elements in controller definition not "
       "allowed"},
      {"<controller type='scsi'><target><node>x</node></target>"
       "<address type='pci' domain='zz'/></controller>",
       "(failed) 27 20 XML error: invalid NUMA node in target"},
      {"<controller type='scsi' ports='-1'><address type='pci' domain='zz'/></controller>",
       "(failed) 27 5 XML error: Invalid value for attribute 'domain' in element 'address': "
       "'zz'. Expected non-negative integer value"},
      {"<controller type='virtio-serial' ports='-4' vectors='-1'/>",
       "(failed) 27 5 XML error: Invalid value for attribute 'ports' in element 'controller': "
       "'-4'. Expected non-negative value"},
      {"<controller type='scsi' ports='5' vectors='-1'/>", "<controller type='scsi' index='0'/>"},
      {"<controller type='ide' maxGrantFrames='-1'/>", "<controller type='ide' index='0'/>"},
      {"<controller type='usb' model='none'><address type='pci' domain='zz'/></controller>",
       "<controller type='usb' index='0' model='none'/>"},
      {"<controller type='scsi'><model name='pxb'/><target chassis='x'><node>2</node></target>"
       "</controller>",
       "<controller type='scsi' index='0'/>"},
  };
  for (const auto &c : cases) {
    SCOPED_TRACE(c.devices);
    EXPECT_EQ(define(c.devices), c.want);
  }
}

}  // namespace
