// SPDX-License-Identifier: LGPL-2.1-or-later
// Character devices (<serial>, <parallel>, <console>, <channel>) and the
// devices with a character-device backend (<rng>, <smartcard>, <redirdev>,
// <tpm>) through
// virDomainDefineXML on the test driver: what libvirt 9.0.0 keeps and prints
// (the console that stands for the first serial port, port numbering, the
// sources of each host-side type) and each error it gives. Expected values
// are Debian libvirt 9.0.0's; the file builds against that libvirt too.
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

class DomainChardev : public virtkit_testing::TestDriverFixture<> {
 protected:
  std::string define(const std::string &devices, unsigned flags = 0,
                     const char *os = "<os><type>hvm</type></os>") {
    return virtkit_testing::define_devices(conn_, devices, flags, os);
  }
};

TEST_F(DomainChardev, SerialGetsAConsoleStandingForIt) {
  EXPECT_EQ(define("<serial type='pty'><source path='/dev/pts/3'/><target port='2'/></serial>"),
            "<serial type='pty'><target port='2'/></serial>"
            "<console type='pty'><target type='serial' port='2'/></console>");
  // A console alone becomes the first serial port.
  EXPECT_EQ(define("<console type='file'><source path='/tmp/a' append='on'/></console>"),
            "<serial type='file'><source path='/tmp/a' append='on'/><target port='0'/></serial>"
            "<console type='file'><source path='/tmp/a' append='on'/>"
            "<target type='serial' port='0'/></console>");
  // A console whose source differs from the serial port's still prints the
  // serial port's.
  EXPECT_EQ(define("<serial type='file'><source path='/tmp/a'/></serial>"
                   "<console type='file'><source path='/tmp/b'/></console>"),
            "<serial type='file'><source path='/tmp/a'/><target port='0'/></serial>"
            "<console type='file'><source path='/tmp/a'/><target type='serial' port='0'/>"
            "</console>");
  // A virtio console comes after the stub, with its own port, and brings a
  // virtio-serial controller.
  EXPECT_EQ(define("<serial type='pty'/><console type='pty'><target type='virtio'/></console>"),
            "<controller type='virtio-serial' index='0'/>"
            "<serial type='pty'><target port='0'/></serial>"
            "<console type='pty'><target type='serial' port='0'/></console>"
            "<console type='pty'><target type='virtio' port='0'/></console>");
  // Not for a Xen PV guest.
  EXPECT_EQ(define("<console type='pty'/>", 0, "<os><type>xen</type></os>"),
            "<console type='pty'><target type='serial' port='0'/></console>");
}

TEST_F(DomainChardev, PortsAreNumberedAsLibvirtDoes) {
  EXPECT_EQ(define("<parallel type='pty'/><parallel type='file'><source path='/tmp/p'/>"
                   "<target port='3'/></parallel><parallel type='pty'/>"),
            "<parallel type='pty'><target port='0'/></parallel>"
            "<parallel type='file'><source path='/tmp/p'/><target port='3'/></parallel>"
            "<parallel type='pty'><target port='4'/></parallel>");
  // ISA serial ports take the free ports first.
  EXPECT_EQ(define("<serial type='pty'><target type='isa-serial'/></serial>"
                   "<serial type='pty'><target type='isa-serial' port='0'/></serial>"),
            "<serial type='pty'><target type='isa-serial' port='1'/></serial>"
            "<serial type='pty'><target type='isa-serial' port='0'/></serial>"
            "<console type='pty'><target type='serial' port='1'/></console>");
}

TEST_F(DomainChardev, SourcesOfEachType) {
  EXPECT_EQ(define("<serial type='udp'><source mode='bind' host='0.0.0.0' service='2445'/>"
                   "<source mode='connect' host='1.2.3.4' service='2446'/></serial>",
                   VIR_DOMAIN_XML_INACTIVE),
            "<serial type='udp'><source mode='bind' host='0.0.0.0' service='2445'/>"
            "<source mode='connect' host='1.2.3.4' service='2446'/><target port='0'/></serial>"
            "<console type='udp'><source mode='bind' host='0.0.0.0' service='2445'/>"
            "<source mode='connect' host='1.2.3.4' service='2446'/>"
            "<target type='serial' port='0'/></console>");
  EXPECT_EQ(define("<channel type='tcp'><source host='h' service='1'>"
                   "<reconnect enabled='yes' timeout='10'/></source>"
                   "<target type='guestfwd' address='10.0.2.1' port='70000'/></channel>"),
            "<channel type='tcp'><source mode='connect' host='h' service='1'>"
            "<reconnect enabled='yes' timeout='10'/></source><protocol type='raw'/>"
            "<target type='guestfwd' address='10.0.2.1' port='4464'/></channel>");
  // A label-less override that relabels is left out of inactive XML.
  EXPECT_EQ(define("<channel type='unix'><source mode='connect' path='/tmp/s'>"
                   "<seclabel model='selinux' relabel='yes'><label>x_t</label></seclabel>"
                   "<seclabel model='dac'/></source><log file='/tmp/l' append='off'/>"
                   "<target type='virtio' name='org.qemu.guest_agent.0' state='connected'/>"
                   "</channel>"),
            "<controller type='virtio-serial' index='0'/>"
            "<channel type='unix'><source mode='connect' path='/tmp/s'>"
            "<seclabel model='selinux' relabel='yes'><label>x_t</label></seclabel>"
            "</source><log file='/tmp/l' append='off'/>"
            "<target type='virtio' name='org.qemu.guest_agent.0'/></channel>");
  EXPECT_EQ(define("<channel type='qemu-vdagent'><source><clipboard copypaste='yes'/>"
                   "<mouse mode='client'/></source><target type='virtio'/></channel>"
                   "<serial type='nmdm'><source master='/dev/nmdm0A' slave='/dev/nmdm0B'/>"
                   "</serial>"),
            "<controller type='virtio-serial' index='0'/>"
            "<serial type='nmdm'><source master='/dev/nmdm0A' slave='/dev/nmdm0B'/>"
            "<target port='0'/></serial>"
            "<console type='nmdm'><source master='/dev/nmdm0A' slave='/dev/nmdm0B'/>"
            "<target type='serial' port='0'/></console>"
            "<channel type='qemu-vdagent'><source><clipboard copypaste='yes'/>"
            "<mouse mode='client'/></source><target type='virtio'/></channel>");
}

struct Bad {
  const char *devices;
  int code, domain;
  const char *message;
};

TEST_F(DomainChardev, ErrorsAreLibvirts) {
  const int I = VIR_ERR_INTERNAL_ERROR, X = VIR_ERR_XML_ERROR, C = VIR_ERR_CONFIG_UNSUPPORTED;
  const int D = VIR_FROM_DOMAIN;
  const Bad cases[] = {
      {"<serial type='bogus'/>", C, D,
       "unsupported configuration: unknown type presented to host for character device: bogus"},
      {"<channel type='pty'/>", X, D,
       "XML error: target type must be specified for channel device"},
      {"<channel type='pty'><target/></channel>", C, D,
       "unsupported configuration: unknown target type '(null)' specified for character device"},
      {"<serial type='pty'><target><model name='bogus'/></target></serial>", C, D,
       "unsupported configuration: unknown target model 'bogus' specified for character device"},
      {"<serial type='pty'><target port='abc'/></serial>", X, D,
       "XML error: Invalid port number: abc"},
      {"<serial type='tcp'><source mode='foo' host='h' service='1'/></serial>", X, VIR_FROM_XML,
       "XML error: Invalid value for attribute 'mode' in element 'source': 'foo'."},
      {"<serial type='tcp'><source host='h' service='1'/><protocol type='bad'/></serial>", C, D,
       "unsupported configuration: Unknown protocol 'bad'"},
      {"<serial type='tcp'><source host='h' service='1'/><source host='h' service='2'/></serial>",
       X, D, "XML error: only one source element is allowed for character device"},
      {"<serial type='udp'><source service='1'/><source service='2'/><source service='3'/>"
       "</serial>",
       X, D, "XML error: only two source elements are allowed for character device"},
      {"<serial type='tcp'><source service='1'/></serial>", I, D,
       "internal error: Missing source host attribute for char device"},
      {"<serial type='tcp'><source mode='bind' host='h' service='1'>"
       "<reconnect enabled='no'/></source></serial>",
       I, D, "internal error: chardev reconnect is possible only for connect mode"},
      {"<serial type='unix'/>", I, D,
       "internal error: Missing source path attribute for char device"},
      {"<serial type='unix'><source path='/s'><seclabel relabel='no'><label>x</label></seclabel>"
       "</source></serial>",
       X, D, "XML error: Cannot specify a label if relabelling is turned off. model=<null>"},
      {"<serial type='unix'><source path='/s'><seclabel model='a'/><seclabel model='a'/>"
       "</source></serial>",
       VIR_ERR_XML_DETAIL, D, "seclabel for model a is already provided"},
      {"<serial type='nmdm'><source master='/dev/nmdm0A'/></serial>", I, D,
       "internal error: Should define both master and slave path attributes for nmdm device"},
      {"<channel type='spiceport'><source channel='bad name'/><target type='virtio'/></channel>",
       VIR_ERR_INVALID_ARG, D,
       "invalid argument: Invalid character in source channel for char device"},
      {"<serial type='spicevmc'/>", C, D,
       "unsupported configuration: spicevmc device type only supports virtio"},
      {"<channel type='pty'><target type='guestfwd' address='::1' port='1'/></channel>", C, D,
       "unsupported configuration: guestfwd channel only supports IPv4 addresses"},
      {"<channel type='pty'><target type='guestfwd'/></channel>", X, D,
       "XML error: guestfwd channel does not define a target address"},
      {"<channel type='pty'><target type='guestfwd' address='10.0.2.1'/></channel>", X,
       VIR_FROM_XML, "XML error: Missing required attribute 'port' in element 'target'"},
      {"<serial type='pty'><target type='isa-serial' port='4'/></serial>", I, D,
       "internal error: Maximum supported number of ISA serial ports is '4'"},
      {"<serial type='pty'><target type='isa-serial' port='1'/></serial>"
       "<serial type='pty'><target type='isa-serial' port='1'/></serial>",
       I, D, "internal error: target port '1' already allocated"},
      {"<serial type='pty'><target type='usb-serial'/><address type='pci'/></serial>", C, D,
       "unsupported configuration: usb-serial requires address of usb type"},
      {"<console type='pty'><target type='virtio'/></console><console type='pty'/>", C, D,
       "unsupported configuration: Only the first console can be a serial port"},
      {"<serial type='pty'><log file='/a'/><log file='/b'/></serial>", X, D,
       "XML error: only one log element is allowed for character device"},
  };
  for (const Bad &b : cases) {
    SCOPED_TRACE(b.devices);
    EXPECT_EQ(define(b.devices), "(failed)");
    expect_error(b.code, b.domain, b.message);
  }
  // isa-debug is for x86 guests only.
  EXPECT_EQ(define("<serial type='pty'><target type='isa-debug'/></serial>", 0,
                   "<os><type arch='aarch64'>hvm</type></os>"),
            "(failed)");
  expect_error(C, D,
               "unsupported configuration: isa-debug serial type only valid on x86 "
               "architecture");
}

TEST_F(DomainChardev, DevicesWithACharacterBackend) {
  EXPECT_EQ(define("<rng model='virtio'><rate bytes='123' period='1234'/>"
                   "<backend model='random'/><driver iommu='on'/></rng>"
                   "<rng model='virtio'><backend model='egd' type='tcp'>"
                   "<source mode='connect' host='1.2.3.4' service='1234'/>"
                   "<protocol type='telnet'/></backend></rng>"),
            "<rng model='virtio'><rate bytes='123' period='1234'/>"
            "<backend model='random'>/dev/random</backend><driver iommu='on'/></rng>"
            "<rng model='virtio'><backend model='egd' type='tcp'>"
            "<source mode='connect' host='1.2.3.4' service='1234'/>"
            "<protocol type='telnet'/></backend></rng>");
  // Smartcards without an address take the next CCID slot, and bring their
  // controller.
  EXPECT_EQ(define("<smartcard mode='host'/><smartcard mode='host'>"
                   "<address type='ccid' controller='0' slot='3'/></smartcard>"
                   "<smartcard mode='passthrough' type='spicevmc'/>"),
            "<controller type='ccid' index='0'/>"
            "<smartcard mode='host'><address type='ccid' controller='0' slot='4'/></smartcard>"
            "<smartcard mode='host'><address type='ccid' controller='0' slot='3'/></smartcard>"
            "<smartcard mode='passthrough' type='spicevmc'>"
            "<address type='ccid' controller='0' slot='5'/></smartcard>");
  EXPECT_EQ(define("<controller type='usb' index='0'/><redirdev type='dbus'/>"
                   "<redirdev bus='usb' type='tcp'><source host='localhost' service='4000'/>"
                   "<boot order='1'/></redirdev><redirfilter>"
                   "<usbdev class='0x08' vendor='0x15E1' version='1.1' allow='yes'/>"
                   "<usbdev version='-1' allow='no'/></redirfilter>"),
            "<controller type='usb' index='0'/>"
            "<redirdev bus='usb' type='dbus'><source channel='org.qemu.usbredir'/></redirdev>"
            "<redirdev bus='usb' type='tcp'>"
            "<source mode='connect' host='localhost' service='4000'/>"
            "<protocol type='raw'/><boot order='1'/></redirdev><redirfilter>"
            "<usbdev class='0x08' vendor='0x15E1' version='1.10' allow='yes'/>"
            "<usbdev allow='no'/></redirfilter>");

  const int I = VIR_ERR_INTERNAL_ERROR, X = VIR_ERR_XML_ERROR, C = VIR_ERR_CONFIG_UNSUPPORTED;
  const int D = VIR_FROM_DOMAIN;
  const std::string usb = "<controller type='usb' index='0'/>";
  const Bad cases[] = {
      {"<rng><backend model='random'/></rng>", X, D, "XML error: missing RNG device model"},
      {"<rng model='virtio'><rate bytes='1' period='-1'/><backend model='random'/></rng>", X, D,
       "XML error: invalid RNG rate period value"},
      {"<rng model='virtio'/>", X, D, "XML error: only one RNG backend is supported"},
      {"<rng model='virtio'><backend model='egd'/></rng>", X, D,
       "XML error: missing EGD backend type"},
      {"<rng model='virtio'><backend model='egd' type='unix'/></rng>", I, D,
       "internal error: Missing source path attribute for char device"},
      {"<smartcard mode='host-certificates'><certificate>a</certificate></smartcard>", X, D,
       "XML error: host-certificates mode needs exactly three certificates"},
      {"<smartcard mode='host-certificates'><certificate>a</certificate><certificate>b"
       "</certificate><certificate>c</certificate><database>rel</database></smartcard>",
       X, D, "XML error: expecting absolute path: rel"},
      // libvirt fails without saying why.
      {"<smartcard mode='host-certificates'><certificate>a</certificate><certificate>b"
       "</certificate><certificate>c</certificate><database/></smartcard>",
       I, VIR_FROM_NONE, "An error occurred, but the cause is unknown"},
      {"<smartcard mode='passthrough'/>", X, D,
       "XML error: passthrough mode requires a character device type attribute"},
      {"<smartcard mode='host'><address type='pci'/></smartcard>", C, D,
       "unsupported configuration: Controllers must use the 'ccid' address type"},
      {"<redirdev bus='usb'/>", I, D, "internal error: missing type in redirdev"},
      {"<redirdev type='spicevmc'><address type='pci'/></redirdev>", X, D,
       "XML error: Invalid address for a USB device"},
      {"<redirfilter><usbdev version='2' allow='no'/></redirfilter>", X, D,
       "XML error: Cannot parse USB device version 2"},
      {"<redirfilter><usbdev class='0x100' allow='yes'/></redirfilter>", I, D,
       "internal error: Invalid USB Class code 0x100"},
      {"<redirfilter/><redirfilter/>", I, D,
       "internal error: only one set of redirection filter rule is supported"},
  };
  for (const Bad &b : cases) {
    SCOPED_TRACE(b.devices);
    EXPECT_EQ(define(usb + b.devices), "(failed)");
    expect_error(b.code, b.domain, b.message);
  }
  // No USB controller on the test driver, no USB.
  EXPECT_EQ(define("<redirdev bus='usb' type='spicevmc'/>"), "(failed)");
  expect_error(C, D,
               "unsupported configuration: cannot add redirected USB device: USB is disabled for "
               "this domain");
}

TEST_F(DomainChardev, Tpm) {
  EXPECT_EQ(define("<tpm model='tpm-crb'><backend type='emulator' version='2.0' "
                   "persistent_state='yes'><encryption secret='32ee7e76-2178-47a1-ab7b-"
                   "269e6e348015'/><active_pcr_banks><sha384/><sha256/><sha256/>"
                   "</active_pcr_banks></backend></tpm><tpm><backend type='passthrough'/></tpm>"),
            "<tpm model='tpm-crb'><backend type='emulator' version='2.0' persistent_state='yes'>"
            "<encryption secret='32ee7e76-2178-47a1-ab7b-269e6e348015'/><active_pcr_banks>"
            "<sha256/><sha384/></active_pcr_banks></backend></tpm>"
            "<tpm><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>");
  const int X = VIR_ERR_XML_ERROR, D = VIR_FROM_DOMAIN;
  const Bad cases[] = {
      {"<tpm model='tpm-tis'><backend type='emulator' version='1.2'><active_pcr_banks><sha256/>"
       "</active_pcr_banks></backend></tpm>",
       X, D, "XML error: <active_pcr_banks/> requires TPM version '2.0'"},
      {"<tpm model='tpm-tis'><backend type='emulator' version='2.0'><active_pcr_banks><md5/>"
       "</active_pcr_banks></backend></tpm>",
       VIR_ERR_CONFIG_UNSUPPORTED, D, "unsupported configuration: Unsupported PCR banks 'md5'"},
      {"<tpm model='tpm-tis'><backend type='emulator'><encryption secret='nope'/></backend></tpm>",
       VIR_ERR_INTERNAL_ERROR, D, "internal error: Unable to parse secret uuid 'nope'"},
      {"<tpm model='default'><backend type='emulator'/></tpm>", X, VIR_FROM_XML,
       "XML error: Invalid value for attribute 'model' in element 'tpm': 'default'."},
      {"<tpm model='tpm-tis'/>", X, D, "XML error: missing TPM device backend"},
      {"<tpm model='tpm-tis'><backend type='external'><source type='unix' mode='bind' "
       "path='/tmp/sock'/></backend></tpm>",
       X, D, "XML error: only 'client' mode is supported for external TPM device"},
      {"<tpm model='tpm-tis'><backend type='external'/></tpm>", X, D,
       "XML error: missing external TPM backend type"},
      {"<tpm><backend type='emulator'/></tpm><tpm><backend type='emulator'/></tpm>"
       "<tpm><backend type='emulator'/></tpm>",
       X, D,
       "XML error: a maximum of two TPM devices is supported, one of them being a TPM Proxy "
       "device"},
  };
  for (const Bad &b : cases) {
    SCOPED_TRACE(b.devices);
    EXPECT_EQ(define(b.devices), "(failed)");
    expect_error(b.code, b.domain, b.message);
  }
}

}  // namespace
