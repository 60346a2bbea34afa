// SPDX-License-Identifier: LGPL-2.1-or-later
// Character devices (<serial>, <parallel>, <console>, <channel>) and the
// host side they share with <rng>, <smartcard> and <redirdev>
// (virDomainChrSourceDef). The source is a union over the host-side type
// whose printing depends on the type (see desc/domain.xd), so it is read and
// printed here by hand; its value tables are generated.
#pragma once

#include <libxml/tree.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "error/status.h"
#include "util/sockaddr.h"
#include "xml/device_info.h"
#include "xml/domain_desc.h"
#include "xml/xml.h"

namespace virtkit::conf {

struct DomainDef;

// A <seclabel> overriding the domain's label for one source
// (virSecurityDeviceLabelDef).
struct DeviceSeclabel {
  std::optional<std::string> model, label;
  bool relabel = true;
  bool labelskip = false;  // read from live XML only
};
// virSecurityDeviceLabelDefParseXML on the <seclabel> children of `node`.
Status parse_device_seclabels(xmlNodePtr node, unsigned parse_flags,
                              std::vector<DeviceSeclabel> &out);
void format_device_seclabels(xml::Buffer &buf, const std::vector<DeviceSeclabel> &labels,
                             unsigned format_flags);

// The domain's <seclabel> (virSecurityLabelDef).
struct Seclabel {
  std::optional<std::string> model;
  SeclabelType type = SeclabelType::dynamic;
  bool relabel = true;
  std::optional<std::string> label, imagelabel, baselabel;
};
// virSecurityLabelDefsParseXML on the domain element `ctxt->node`.
Status parse_seclabels(xmlXPathContextPtr ctxt, unsigned parse_flags, std::vector<Seclabel> &out);
void format_seclabels(xml::Buffer &buf, const std::vector<Seclabel> &labels);

struct ChrSource {
  ChrType type = ChrType::pty;
  std::optional<std::string> path;                 // file, pty (live XML only), dev, pipe, unix
  TristateSwitch append = TristateSwitch::absent;  // file
  bool listen = false;                             // tcp, unix: mode='bind'
  std::optional<std::string> host, service;        // tcp
  TristateBool tls = TristateBool::absent;
  ChrTcpProtocol protocol = ChrTcpProtocol::raw;
  TristateBool reconnect = TristateBool::absent;  // tcp, unix
  unsigned reconnect_timeout = 0;
  std::optional<std::string> bind_host, bind_service, connect_host, connect_service;  // udp
  std::optional<std::string> channel;             // spiceport, dbus
  std::optional<std::string> master, slave;       // nmdm
  TristateBool clipboard = TristateBool::absent;  // qemu-vdagent
  MouseMode mouse = MouseMode::default_;
  ChrSpicevmc spicevmc = ChrSpicevmc::vdagent;
  std::vector<DeviceSeclabel> seclabels;
  std::optional<std::string> logfile;
  TristateSwitch logappend = TristateSwitch::absent;
};

// virDomainChrSourceDefParseXML: the <source>, <log> and <protocol>
// children of `node`, whose host-side type is already in `src.type`.
// `chr_device`: the source of a character device (reads source seclabels).
Status parse_chr_source(xmlNodePtr node, unsigned parse_flags, bool chr_device, ChrSource &src);
// virDomainChrSourceDefFormat: those children.
void format_chr_source(xml::Buffer &buf, const ChrSource &src, unsigned format_flags);
// virDomainChrSourceDefIsEqual.
bool same_chr_source(const ChrSource &a, const ChrSource &b);

struct Chr {
  ChrDeviceType device = ChrDeviceType::serial;
  // The device type's target enum: ChrSerialTargetType, ChrChannelTargetType
  // or ChrConsoleTargetType (parallel ports have none).
  int target_type = 0;
  ChrSerialTargetModel target_model = ChrSerialTargetModel::none;
  int port = -1;                                    // -1: assigned by the post-parse
  std::optional<std::string> target_name;           // channel xen, virtio
  ChrDeviceState state = ChrDeviceState::default_;  // channel virtio, live XML
  util::SockAddr guestfwd_addr;                     // channel guestfwd
  unsigned guestfwd_port = 0;
  ChrSource source;
  DeviceInfo info;
};

// virDomainChrEquals.
bool same_chr(const Chr &a, const Chr &b);

// virDomainChrDefParseXML on a <serial>, <parallel>, <console> or <channel>.
Result<Chr> parse_chr(xmlNodePtr node, unsigned parse_flags);
// virDomainChrDefFormat.
void format_chr(xml::Buffer &buf, const Chr &chr, unsigned format_flags);

// <rng> (virDomainRNGDef).
struct Rng {
  RngModel model = RngModel::virtio;
  unsigned rate = 0, period = 0;  // <rate bytes period>, 0 when not given
  RngBackend backend = RngBackend::random;
  std::optional<std::string> file;  // random: the device read
  ChrSource chardev;                // egd
  std::optional<VirtioOptions> virtio;
  DeviceInfo info;
};
Result<Rng> parse_rng(xmlNodePtr node, unsigned parse_flags);
void format_rng(xml::Buffer &buf, const Rng &rng, unsigned format_flags);

// <smartcard> (virDomainSmartcardDef).
struct Smartcard {
  SmartcardMode mode = SmartcardMode::host;
  std::vector<std::string> certificates;  // host-certificates: three
  std::optional<std::string> database;
  ChrSource passthru;  // passthrough
  DeviceInfo info;
};
Result<Smartcard> parse_smartcard(xmlNodePtr node, unsigned parse_flags);
void format_smartcard(xml::Buffer &buf, const Smartcard &card, unsigned format_flags);

// <redirdev> (virDomainRedirdevDef; the bus is always usb).
struct Redirdev {
  ChrSource source;
  DeviceInfo info;
};
Result<Redirdev> parse_redirdev(xmlNodePtr node, unsigned parse_flags);
void format_redirdev(xml::Buffer &buf, const Redirdev &dev, unsigned format_flags);

// <redirfilter><usbdev> (virDomainRedirFilterUSBDevDef): -1 is "any".
struct RedirFilterUsbDev {
  int usb_class = -1, vendor = -1, product = -1;
  int version = -1;  // 0xJJMN
  bool allow = false;
};
Status parse_redirfilter(xmlNodePtr node, std::vector<RedirFilterUsbDev> &out);
void format_redirfilter(xml::Buffer &buf, const std::vector<RedirFilterUsbDev> &devs);

// <tpm> (virDomainTPMDef).
struct Tpm {
  TpmModel model = TpmModel::default_;
  TpmBackend backend = TpmBackend::passthrough;
  std::string device_path;                    // passthrough
  TpmVersion version = TpmVersion::default_;  // emulator
  std::optional<std::array<unsigned char, 16>> secret;
  bool persistent_state = false;
  std::optional<std::vector<TpmPcrBank>> pcr_banks;  // sorted, unique
  ChrSource external;                                // external
  DeviceInfo info;
};
Result<Tpm> parse_tpm(xmlNodePtr node, unsigned parse_flags);
void format_tpm(xml::Buffer &buf, const Tpm &tpm, unsigned format_flags);
Status validate_tpms(const DomainDef &def);

// The domain-level steps, in libvirt's order: the ISA serial ports and each
// device's post-parse (virDomainChrIsaSerialDefPostParse,
// virDomainChrDefPostParse), then the console/serial pairing
// (virDomainDefAddConsoleCompat), then the validation of each source.
Status post_parse_chrs(DomainDef &def);
Status add_console_compat(DomainDef &def);
Status validate_chrs(const DomainDef &def);
// virSecurityDeviceLabelDefValidate for a device's label overrides.
Status check_device_labels(const std::vector<DeviceSeclabel> &labels, const DomainDef &def);
// virDomainDefMaybeAddSmartcardController's address assignment: a
// smartcard without an address gets the next CCID slot of controller 0.
// Returns the CCID controller each smartcard needs, in order.
std::vector<int> assign_smartcard_addresses(DomainDef &def);
// The checks of <rng>, <smartcard> and <redirdev> (their sources, the
// smartcard's address type, USB for redirected devices).
Status validate_rngs(const DomainDef &def);
Status validate_smartcards(const DomainDef &def);
Status validate_redirdevs(const DomainDef &def, bool has_usb);
// The consoles as libvirt prints them: an HVM guest's first console stands
// for its first serial port.
void format_consoles(xml::Buffer &buf, const DomainDef &def, unsigned format_flags);

}  // namespace virtkit::conf
