// SPDX-License-Identifier: LGPL-2.1-or-later
// A disk's storage as libvirt 9.0.0 reads, checks and prints it (network
// hosts with their default ports, <auth> and <encryption> at disk and source
// level, backing chains, NVMe, vhostuser, slices, source seclabels,
// reservations, the disk's other elements) and the errors it gives for bad
// ones, through virDomainDefineXML on the test driver. Expected values are
// Debian libvirt 9.0.0's; the file builds against that libvirt too.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>
#include <string>

#include "../support/domain_xml.h"

namespace {

class DomainDisk : public virtkit_testing::TestDriverFixture<> {
 protected:
  static std::string domain(const std::string &devices) {
    return "<domain type='test'><name>x</name><memory>1024</memory><os><type>hvm</type></os>"
           "<devices>" +
           devices + "</devices></domain>";
  }
  // Defines the domain and returns its <disk> elements dumped with `flags`,
  // each line trimmed, one after another ("(failed)" when rejected).
  std::string disks(const std::string &devices, unsigned flags) {
    virDomainPtr d = virDomainDefineXML(conn_, domain(devices).c_str());
    if (!d) return "(failed)";
    char *xml = virDomainGetXMLDesc(d, flags);
    std::string all = xml ? xml : "";
    std::free(xml);
    virDomainUndefine(d);
    virDomainFree(d);
    std::istringstream in(all);
    std::string out;
    bool on = false;
    for (std::string line; std::getline(in, line);) {
      line.erase(0, line.find_first_not_of(' '));
      if (line.compare(0, 5, "<disk") == 0) on = true;
      if (on) out += line;
      if (line == "</disk>") on = false;
    }
    return out;
  }
  // Defines the domain, which must fail: "code domain message".
  std::string fails(const std::string &devices) {
    virDomainPtr d = virDomainDefineXML(conn_, domain(devices).c_str());
    if (d) {
      virDomainUndefine(d);
      virDomainFree(d);
      return "(accepted)";
    }
    virErrorPtr e = virGetLastError();
    if (!e) return "(no error)";
    return std::to_string(e->code) + " " + std::to_string(e->domain) + " " +
           (e->message ? e->message : "(null)");
  }
};

TEST_F(DomainDisk, NetworkHostsAndDefaultPorts) {
  const char *in =
      "<disk type='network' device='disk'><source protocol='nbd'><host name='example.org' "
      "port='6000'/></source><target dev='vda' bus='virtio'/></disk><disk type='network' "
      "device='disk'><source protocol='nbd' name='bar' tls='yes'><host transport='unix' "
      "socket='/var/run/nbdsock'/></source><target dev='vdb' bus='virtio'/></disk><disk "
      "type='network' device='disk'><source protocol='gluster' name='Volume/Image'><host "
      "name='example.org'/><host name='1.2.3.4' port='1234' transport='rdma'/></source><target "
      "dev='vdc' bus='virtio'/></disk>";
  EXPECT_EQ(disks(in, 0),
            "<disk type='network' device='disk'><source protocol='nbd'><host name='example.org' "
            "port='6000'/></source><target dev='vda' bus='virtio'/></disk><disk type='network' "
            "device='disk'><source protocol='nbd' name='bar' tls='yes'><host transport='unix' "
            "socket='/var/run/nbdsock'/></source><target dev='vdb' bus='virtio'/></disk><disk "
            "type='network' device='disk'><source protocol='gluster' name='Volume/Image'><host "
            "name='example.org' port='24007'/><host name='1.2.3.4' port='1234' "
            "transport='rdma'/></source><target dev='vdc' bus='virtio'/></disk>");
}

TEST_F(DomainDisk, HttpsOptionsAndCookiesSecureOnly) {
  const char *in =
      "<disk type='network' device='cdrom'><source protocol='https' name='x.iso' query='a=b'><host "
      "name='h'/><ssl verify='no'/><cookies><cookie name='c1'>v1</cookie></cookies><readahead "
      "size='65536'/><timeout seconds='10'/></source><target dev='hdc' bus='ide'/></disk>";
  EXPECT_EQ(
      disks(in, 0),
      "<disk type='network' device='cdrom'><source protocol='https' name='x.iso' query='a=b'><host "
      "name='h' port='443'/><ssl verify='no'/><readahead size='65536'/><timeout "
      "seconds='10'/></source><target dev='hdc' bus='ide'/><readonly/><address type='drive' "
      "controller='0' bus='1' target='0' unit='0'/></disk>");
  EXPECT_EQ(disks(in, VIR_DOMAIN_XML_SECURE),
            "<disk type='network' device='cdrom'><source protocol='https' name='x.iso' "
            "query='a=b'><host name='h' port='443'/><ssl verify='no'/><cookies><cookie "
            "name='c1'>v1</cookie></cookies><readahead size='65536'/><timeout "
            "seconds='10'/></source><target dev='hdc' bus='ide'/><readonly/><address type='drive' "
            "controller='0' bus='1' target='0' unit='0'/></disk>");
}

TEST_F(DomainDisk, AuthAtDiskAndSourceLevel) {
  const char *in =
      "<disk type='network' device='disk'><auth username='myname'><secret type='ceph' "
      "usage='mypassid'/></auth><source protocol='rbd' name='pool/image'><host "
      "name='mon1.example.org' port='6321'/><snapshot name='snap'/><config "
      "file='/etc/ceph.conf'/></source><target dev='vda' bus='virtio'/></disk><disk type='network' "
      "device='disk'><source protocol='iscsi' name='iqn.1992-01.com.example'><host "
      "name='example.org'/><auth username='myuser'><secret type='iscsi' "
      "usage='mycluster_myname'/></auth><initiator><iqn "
      "name='iqn.2013-07.com.example:client'/></initiator></source><target dev='vdb' "
      "bus='virtio'/></disk>";
  EXPECT_EQ(disks(in, 0),
            "<disk type='network' device='disk'><auth username='myname'><secret type='ceph' "
            "usage='mypassid'/></auth><source protocol='rbd' name='pool/image'><host "
            "name='mon1.example.org' port='6321'/><snapshot name='snap'/><config "
            "file='/etc/ceph.conf'/></source><target dev='vda' bus='virtio'/></disk><disk "
            "type='network' device='disk'><source protocol='iscsi' "
            "name='iqn.1992-01.com.example/0'><host name='example.org' "
            "port='3260'/><initiator><iqn name='iqn.2013-07.com.example:client'/></initiator><auth "
            "username='myuser'><secret type='iscsi' "
            "usage='mycluster_myname'/></auth></source><target dev='vdb' bus='virtio'/></disk>");
}

TEST_F(DomainDisk, EncryptionAtDiskAndSourceLevel) {
  const char *in =
      "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source "
      "file='/a.img'><encryption format='luks'><secret type='passphrase' "
      "uuid='0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f'/></encryption></source><target dev='vda' "
      "bus='virtio'/></disk><disk type='file' device='disk'><driver name='qemu' "
      "type='qcow2'/><source file='/b.img'/><target dev='vdb' bus='virtio'/><encryption "
      "format='qcow'><secret type='passphrase' usage='/b.img'/></encryption></disk>";
  EXPECT_EQ(disks(in, 0),
            "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source "
            "file='/a.img'><encryption format='luks'><secret type='passphrase' "
            "uuid='0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f'/></encryption></source><target dev='vda' "
            "bus='virtio'/></disk><disk type='file' device='disk'><driver name='qemu' "
            "type='qcow2'/><source file='/b.img'/><target dev='vdb' bus='virtio'/><encryption "
            "format='qcow'><secret type='passphrase' usage='/b.img'/></encryption></disk>");
}

TEST_F(DomainDisk, BackingChainWithoutIndexesWhenInactive) {
  const char *in =
      "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/a.img' "
      "index='3'/><backingStore type='file' index='2'><format type='qcow2'/><source "
      "file='/b.img'/><backingStore type='block'><format type='raw'><metadata_cache><max_size "
      "unit='KiB'>1</max_size></metadata_cache></format><source "
      "dev='/dev/sda'/><backingStore/></backingStore></backingStore><target dev='vda' "
      "bus='virtio'/></disk>";
  EXPECT_EQ(
      disks(in, 0),
      "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source "
      "file='/a.img'/><backingStore type='file'><format type='qcow2'/><source "
      "file='/b.img'/><backingStore type='block'><format type='raw'><metadata_cache><max_size "
      "unit='bytes'>1024</max_size></metadata_cache></format><source "
      "dev='/dev/sda'/><backingStore/></backingStore></backingStore><target dev='vda' "
      "bus='virtio'/></disk>");
}

TEST_F(DomainDisk, NvmeManagedByDefault) {
  const char *in =
      "<disk type='nvme' device='disk'><driver name='qemu' type='raw'/><source type='pci' "
      "namespace='1'><address domain='0x0000' bus='0x01' slot='0x00' "
      "function='0x0'/></source><target dev='vda' bus='virtio'/></disk>";
  EXPECT_EQ(disks(in, 0),
            "<disk type='nvme' device='disk'><driver name='qemu' type='raw'/><source type='pci' "
            "managed='yes' namespace='1'><address domain='0x0000' bus='0x01' slot='0x00' "
            "function='0x0'/></source><target dev='vda' bus='virtio'/></disk>");
}

TEST_F(DomainDisk, SourceSeclabelsAndSlices) {
  const char *in =
      "<disk type='file' device='disk'><source file='/a.img'><slices><slice type='storage' "
      "offset='512' size='1024'/></slices><seclabel model='selinux' relabel='no'/><seclabel "
      "model='dac' relabel='yes'><label>a:b</label></seclabel></source><target dev='vda' "
      "bus='virtio'/></disk>";
  EXPECT_EQ(disks(in, 0),
            "<disk type='file' device='disk'><source file='/a.img'><slices><slice type='storage' "
            "offset='512' size='1024'/></slices><seclabel model='selinux' relabel='no'/><seclabel "
            "model='dac' relabel='yes'><label>a:b</label></seclabel></source><target dev='vda' "
            "bus='virtio'/></disk>");
}

TEST_F(DomainDisk, LunReservationsGeometryBlockio) {
  const char *in =
      "<disk type='block' device='lun' rawio='yes' sgio='filtered'><source "
      "dev='/dev/sdb'><reservations managed='no'><source type='unix' path='/x.sock' "
      "mode='client'/></reservations></source><target dev='sda' bus='scsi'/></disk><disk "
      "type='file' device='disk' model='virtio'><driver name='qemu' type='qcow2' "
      "iommu='on'><metadata_cache><max_size "
      "unit='bytes'>1024</max_size></metadata_cache></driver><source file='/c.img'/><geometry "
      "cyls='1' heads='2' secs='3' trans='lba'/><blockio logical_block_size='512' "
      "physical_block_size='4096'/><target dev='vdb' bus='virtio' rotation_rate='7200'/><transient "
      "shareBacking='yes'/></disk><disk type='file' device='disk'><source file='/d.img'/><target "
      "dev='sdc' bus='usb' removable='on'/></disk>";
  EXPECT_EQ(
      disks(in, 0),
      "<disk type='block' device='lun' rawio='yes' sgio='filtered'><source "
      "dev='/dev/sdb'><reservations managed='no'><source type='unix' path='/x.sock' "
      "mode='client'/></reservations></source><target dev='sda' bus='scsi'/><address type='drive' "
      "controller='0' bus='0' target='0' unit='0'/></disk><disk type='file' device='disk' "
      "model='virtio'><driver name='qemu' type='qcow2' iommu='on'><metadata_cache><max_size "
      "unit='bytes'>1024</max_size></metadata_cache></driver><source file='/c.img'/><geometry "
      "cyls='1' heads='2' secs='3' trans='lba'/><blockio logical_block_size='512' "
      "physical_block_size='4096'/><target dev='vdb' bus='virtio' rotation_rate='7200'/><transient "
      "shareBacking='yes'/></disk><disk type='file' device='disk'><source file='/d.img'/><target "
      "dev='sdc' bus='usb' removable='on'/></disk>");
}

TEST_F(DomainDisk, VhostuserSnapshotNo) {
  const char *in =
      "<disk type='vhostuser' device='disk'><driver name='qemu' type='raw'/><source type='unix' "
      "path='/tmp/vhost1.sock'><reconnect enabled='yes' timeout='10'/></source><target dev='vda' "
      "bus='virtio'/></disk>";
  EXPECT_EQ(disks(in, 0),
            "<disk type='vhostuser' device='disk' snapshot='no'><driver name='qemu' "
            "type='raw'/><source type='unix' path='/tmp/vhost1.sock'><reconnect enabled='yes' "
            "timeout='10'/></source><target dev='vda' bus='virtio'/></disk>");
}

TEST_F(DomainDisk, VolumeMode) {
  const char *in =
      "<disk type='volume' device='disk'><source pool='p' volume='v' mode='host'/><target "
      "dev='vda' bus='virtio'/></disk>";
  EXPECT_EQ(disks(in, 0),
            "<disk type='volume' device='disk'><source pool='p' volume='v' mode='host'/><target "
            "dev='vda' bus='virtio'/></disk>");
}

TEST_F(DomainDisk, RejectsMissingProtocol) {
  EXPECT_EQ(fails("<disk type='network' device='disk'><source name='x'/><target dev='vda' "
                  "bus='virtio'/></disk>"),
            "27 5 XML error: Missing required attribute 'protocol' in element 'source'");
}

TEST_F(DomainDisk, RejectsMissingName) {
  EXPECT_EQ(fails("<disk type='network' device='disk'><source protocol='iscsi'/><target dev='vda' "
                  "bus='virtio'/></disk>"),
            "27 20 XML error: missing name for disk source");
}

TEST_F(DomainDisk, RejectsRbdNameNotSplit) {
  EXPECT_EQ(fails("<disk type='network' device='disk'><source protocol='rbd' name='noslash'><host "
                  "name='a'/></source><target dev='vda' bus='virtio'/></disk>"),
            "27 20 XML error: can't split path 'noslash' into pool name and image name");
}

TEST_F(DomainDisk, RejectsUnixHostWithoutSocket) {
  EXPECT_EQ(fails("<disk type='network' device='disk'><source protocol='nbd'><host "
                  "transport='unix'/></source><target dev='vda' bus='virtio'/></disk>"),
            "27 20 XML error: missing socket for unix transport");
}

TEST_F(DomainDisk, RejectsPortOutOfRange) {
  EXPECT_EQ(fails("<disk type='network' device='disk'><source protocol='nbd'><host name='a' "
                  "port='99999'/></source><target dev='vda' bus='virtio'/></disk>"),
            "8 0 invalid argument: port '99999' out of range");
}

TEST_F(DomainDisk, RejectsAuthForNbd) {
  EXPECT_EQ(fails("<disk type='network' device='disk'><source protocol='nbd'><host name='a'/><auth "
                  "username='u'><secret type='ceph' usage='x'/></auth></source><target dev='vda' "
                  "bus='virtio'/></disk>"),
            "67 20 unsupported configuration: authentication is not supported for protocol 'nbd'");
}

TEST_F(DomainDisk, RejectsIscsiWithCephSecret) {
  EXPECT_EQ(fails("<disk type='network' device='disk'><source protocol='iscsi' name='iqn/1'><host "
                  "name='a'/><auth username='u'><secret type='ceph' "
                  "usage='x'/></auth></source><target dev='vda' bus='virtio'/></disk>"),
            "67 20 unsupported configuration: invalid secret type 'ceph'");
}

TEST_F(DomainDisk, RejectsSecretWithoutType) {
  EXPECT_EQ(fails("<disk type='network' device='disk'><source protocol='rbd' name='p/i'><host "
                  "name='a'/><auth username='u'><secret usage='x'/></auth></source><target "
                  "dev='vda' bus='virtio'/></disk>"),
            "67 20 unsupported configuration: unknown secret type '<null>'");
}

TEST_F(DomainDisk, RejectsAuthTwice) {
  EXPECT_EQ(fails("<disk type='network' device='disk'><source protocol='rbd' name='p/i'><host "
                  "name='a'/><auth username='u'><secret type='ceph' "
                  "usage='x'/></auth></source><target dev='vda' bus='virtio'/><auth "
                  "username='u'><secret type='ceph' usage='x'/></auth></disk>"),
            "67 20 unsupported configuration: an <auth> definition already found for disk source");
}

TEST_F(DomainDisk, RejectsEncryptionTwice) {
  EXPECT_EQ(
      fails("<disk type='file' device='disk'><source file='/a'><encryption "
            "format='luks'/></source><target dev='vda' bus='virtio'/><encryption "
            "format='luks'/></disk>"),
      "67 20 unsupported configuration: an <encryption> definition already found for disk source");
}

TEST_F(DomainDisk, RejectsLuksCipher) {
  EXPECT_EQ(
      fails("<disk type='file' device='disk'><source file='/a'><encryption format='luks'><cipher "
            "name='aes' size='256'/></encryption></source><target dev='vda' bus='virtio'/></disk>"),
      "67 20 unsupported configuration: supplying <cipher> for domain disk definition is "
      "unnecessary");
}

TEST_F(DomainDisk, RejectsBackingStoreWithoutFormat) {
  EXPECT_EQ(
      fails("<disk type='file' device='disk'><source file='/a'/><backingStore type='file'><source "
            "file='/b'/></backingStore><target dev='vda' bus='virtio'/></disk>"),
      "27 20 XML error: missing disk backing store format");
}

TEST_F(DomainDisk, RejectsBackingStoreUnknownFormat) {
  EXPECT_EQ(fails("<disk type='file' device='disk'><source file='/a'/><backingStore "
                  "type='file'><format type='bogus'/><source file='/b'/></backingStore><target "
                  "dev='vda' bus='virtio'/></disk>"),
            "27 20 XML error: unknown storage source format 'bogus'");
}

TEST_F(DomainDisk, RejectsNvmeNamespaceZero) {
  EXPECT_EQ(
      fails("<disk type='nvme' device='disk'><source type='pci' namespace='0'><address domain='0' "
            "bus='1' slot='0' function='0'/></source><target dev='vda' bus='virtio'/></disk>"),
      "67 20 unsupported configuration: NVMe namespace can't be zero");
}

TEST_F(DomainDisk, RejectsReservationsOnDisk) {
  EXPECT_EQ(fails("<disk type='block' device='disk'><source dev='/dev/sda'><reservations "
                  "managed='yes'/></source><target dev='sda' bus='scsi'/></disk>"),
            "67 20 unsupported configuration: <reservations/> allowed only for lun devices");
}

TEST_F(DomainDisk, RejectsLunOnFile) {
  EXPECT_EQ(fails("<disk type='file' device='lun'><source file='/f.img'/><target dev='sda' "
                  "bus='scsi'/></disk>"),
            "67 20 unsupported configuration: disk device='lun' is only valid for block type disk "
            "source");
}

TEST_F(DomainDisk, RejectsFloppyWithPciAddress) {
  EXPECT_EQ(
      fails("<disk type='file' device='floppy'><source file='/f.img'/><target dev='fda' "
            "bus='fdc'/><address type='pci' domain='0' bus='0' slot='5' function='0'/></disk>"),
      "67 20 unsupported configuration: Invalid address type 'pci' for the disk 'fda' with the bus "
      "type 'fdc'");
}

TEST_F(DomainDisk, RejectsFdPassing) {
  EXPECT_EQ(fails("<disk type='file' device='disk'><source file='/f.img' fdgroup='x'/><target "
                  "dev='vde' bus='virtio'/></disk>"),
            "67 20 unsupported configuration: driver does not support FD passing for disk 'vde'");
}

TEST_F(DomainDisk, RejectsDuplicateDriveAddress) {
  EXPECT_EQ(fails("<disk type='file' device='disk'><source file='/f.img'/><target dev='sda' "
                  "bus='scsi'/><address type='drive' controller='0' bus='0' target='0' "
                  "unit='0'/></disk><disk type='file' device='disk'><source file='/g.img'/><target "
                  "dev='sdb' bus='scsi'/><address type='drive' controller='0' bus='0' target='0' "
                  "unit='0'/></disk>"),
            "67 20 unsupported configuration: Found duplicate drive address for disk with target "
            "name 'sda' controller='0' bus='0' target='0' unit='0'");
}

TEST_F(DomainDisk, RejectsVhostuserReadonly) {
  EXPECT_EQ(fails("<disk type='vhostuser' device='disk'><source type='unix' path='/x'/><target "
                  "dev='vda' bus='virtio'/><readonly/></disk>"),
            "67 20 unsupported configuration: readonly is not supported with vhostuser disk");
}

TEST_F(DomainDisk, RejectsVirtioOptionOnSata) {
  EXPECT_EQ(
      fails("<disk type='file' device='disk'><source file='/a'/><driver iommu='on'/><target "
            "dev='sda' bus='sata'/></disk>"),
      "67 20 unsupported configuration: iommu driver option is only supported for virtio devices");
}

TEST_F(DomainDisk, RejectsDiskWithoutSource) {
  EXPECT_EQ(fails("<disk type='file' device='disk'><target dev='vda' bus='virtio'/></disk>"),
            "19 20 missing source information for device vda");
}

TEST_F(DomainDisk, RejectsHarddiskName) {
  EXPECT_EQ(fails("<disk type='file' device='disk'><source file='/a'/><target dev='xda' "
                  "bus='virtio'/></disk>"),
            "27 20 XML error: Unknown disk name 'xda' and no address specified");
}

}  // namespace
