// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's device commands (attach-*, detach-*, update-device,
// update-memory-device, change-media, domif-setlink, domiftune), each
// printing what Debian's virsh 9.0.0 prints.
#include <sys/stat.h>

#include <climits>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cmd_domain_device.h"
#include "cmd_domain_xml.h"
#include "util/numbers.h"
#include "virtkit_sh.h"

namespace virtkit_sh {

using domx::Buf;
namespace num = virtkit::util;

namespace dev {

bool is_active(const virtkit::Domain &d) {
  auto a = d.try_is_active();
  return a && *a;
}

// virsh's device addresses: pci:D.B.S.F, scsi|ide|sata:C.B.U, ccw:C.S.D and
// usb:B.P, any one character separating the numbers.
struct Address {
  enum Type { kPci, kScsi, kIde, kCcw, kUsb, kSata } type = kPci;
  unsigned a = 0, b = 0, c = 0, d = 0;
  unsigned long long unit = 0;
  bool multifunction = false;
};

bool parse_address(const std::string &str, bool multifunction, Address &addr) {
  auto colon = str.find(':');
  if (colon == std::string::npos) return false;
  static const char *const types[] = {"pci", "scsi", "ide", "ccw", "usb", "sata"};
  std::string t = str.substr(0, colon);
  int type = -1;
  for (int i = 0; i < 6; i++)
    if (t == types[i]) type = i;
  if (type < 0) return false;
  addr.type = static_cast<Address::Type>(type);
  const char *p = str.c_str() + colon;
  // Each number starts one character after the previous one stopped.
  auto next = [&](int base, unsigned &out) {
    if (!*p) return false;
    const char *end;
    bool ok = num::str_to_uip(p + 1, &end, base, out);
    p = end;
    return ok;
  };
  switch (addr.type) {
    case Address::kPci:
      addr.multifunction = multifunction;
      return next(16, addr.a) && next(16, addr.b) && next(16, addr.c) && next(16, addr.d);
    case Address::kSata:
    case Address::kIde:
    case Address::kScsi: {
      if (!next(10, addr.a) || !next(10, addr.b) || !*p) return false;
      const char *end;
      return num::str_to_ullp(p + 1, &end, 10, addr.unit);
    }
    case Address::kCcw:
      return next(16, addr.a) && next(16, addr.b) && next(16, addr.c);
    case Address::kUsb:
      return next(10, addr.a) && next(10, addr.b);
  }
  return false;
}

void format_address(Buf &buf, const Address &addr) {
  char s[256];
  switch (addr.type) {
    case Address::kPci:
      std::snprintf(s, sizeof s,
                    "<address type='pci' domain='0x%04x' bus='0x%02x' slot='0x%02x' "
                    "function='0x%0x'",
                    addr.a, addr.b, addr.c, addr.d);
      buf.add(s);
      if (addr.multifunction) buf.add(" multifunction='on'");
      buf.add("/>\n");
      break;
    case Address::kSata:
    case Address::kIde:
    case Address::kScsi:
      std::snprintf(s, sizeof s, "<address type='drive' controller='%u' bus='%u' unit='%llu'/>\n",
                    addr.a, addr.b, addr.unit);
      buf.add(s);
      break;
    case Address::kCcw:
      std::snprintf(s, sizeof s,
                    "<address type='ccw' cssid='0x%02x' ssid='0x%01x' devno='0x%04x'/>\n", addr.a,
                    addr.b, addr.c);
      buf.add(s);
      break;
    case Address::kUsb:
      std::snprintf(s, sizeof s, "<address type='usb' bus='%u' port='%u'/>\n", addr.a, addr.b);
      buf.add(s);
      break;
  }
}

bool starts_with(const char *s, const char *prefix) {
  return std::strncmp(s, prefix, std::strlen(prefix)) == 0;
}

// The disk's <address>, checked against the target's bus as virsh does.
bool disk_address(Buf &buf, const char *straddr, const char *target, bool multifunction) {
  Address addr;
  if (!parse_address(straddr, multifunction, addr)) {
    error("Invalid address.");
    return false;
  }
  if (starts_with(target, "vd")) {
    if (addr.type != Address::kPci && addr.type != Address::kCcw) {
      error("%s", "expecting a pci:0000.00.00.00 or ccw:00.0.0000 address.");
      return false;
    }
  } else if (starts_with(target, "sd")) {
    if (addr.type != Address::kScsi && addr.type != Address::kUsb && addr.type != Address::kSata) {
      error("%s", "expecting a scsi:00.00.00 or usb:00.00 or sata:00.00.00 address.");
      return false;
    }
  } else if (starts_with(target, "hd")) {
    if (addr.type != Address::kIde) {
      error("%s", "expecting an ide:00.00.00 address.");
      return false;
    }
  }
  format_address(buf, addr);
  return true;
}

// virValidateWWN: 16 hex digits, optionally after "0x".
bool valid_wwn(const char *wwn) {
  const char *p = starts_with(wwn, "0x") ? wwn + 2 : wwn;
  size_t i = 0;
  while (p[i] && std::isxdigit(static_cast<unsigned char>(p[i]))) i++;
  if (i != 16 || p[i]) {
    error("internal error: Malformed wwn: %s", wwn);
    return false;
  }
  return true;
}

// Attach or detach XML as virsh does: the *Flags call when a flag or
// --current was given, the plain one otherwise; false after the error.
bool attach(const virtkit::Domain &d, const std::string &xml, unsigned flags, bool current) {
  return (flags || current ? d.try_attach_device_flags(xml, flags) : d.try_attach_device(xml))
      .has_value();
}

bool detach(const virtkit::Domain &d, const std::string &xml, unsigned flags, bool current) {
  return (flags || current ? d.try_detach_device_flags(xml, flags) : d.try_detach_device(xml))
      .has_value();
}

// virMacAddrCompare: MAC addresses equal up to case and leading zeros.
int mac_compare(const char *p, const char *q) {
  unsigned char a, b;
  do {
    while (*p == '0' && std::isxdigit(static_cast<unsigned char>(p[1]))) ++p;
    while (*q == '0' && std::isxdigit(static_cast<unsigned char>(q[1]))) ++q;
    a = static_cast<unsigned char>(std::tolower(static_cast<unsigned char>(*p)));
    b = static_cast<unsigned char>(std::tolower(static_cast<unsigned char>(*q)));
    if (a == 0 || b == 0) break;
    ++p;
    ++q;
  } while (a == b);
  return a - b;
}

bool parse_rate(const char *str, Rate &rate) {
  std::vector<std::string> tok;
  if (*str) {
    std::string s = str;
    size_t start = 0;
    for (;;) {
      auto comma = s.find(',', start);
      tok.push_back(s.substr(start, comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  if (tok.size() > 4) {
    error("Rate string '%s' has too many fields", str);
    return false;
  }
  unsigned long long *fields[] = {&rate.average, &rate.peak, &rate.burst, &rate.floor};
  static const char *const names[] = {"average", "peak", "burst", "floor"};
  for (size_t i = 0; i < tok.size(); i++) {
    if (!tok[i].empty() && !num::str_to_ullp(tok[i].c_str(), 10, *fields[i])) {
      error("field '%s' is malformed", names[i]);
      return false;
    }
  }
  return true;
}

const char *const kNetTypes[] = {"user",    "ethernet", "vhostuser", "server",   "client",
                                 "mcast",   "network",  "bridge",    "internal", "direct",
                                 "hostdev", "udp",      "vdpa",      "null",     "vds"};

std::string fmt(const char *f, const char *v) {
  std::string out(f);
  auto p = out.find("%s");
  out.replace(p, 2, v);
  return out;
}

// The domain's XML, or false after virsh's errors.
bool domain_xml(const virtkit::Domain &d, unsigned flags, domx::Doc &doc) {
  auto xml = d.try_xml(flags);
  if (!xml) {
    error("Failed to get domain description xml");
    return false;
  }
  if (!doc.parse(*xml)) {
    error("Failed to parse domain description xml");
    return false;
  }
  return true;
}

// virDomainGetXMLDesc as a string; nullopt after the libvirt error.
std::optional<std::string> xml_desc(const virtkit::Domain &d, unsigned flags) {
  auto xml = d.try_xml(flags);
  if (!xml) return std::nullopt;
  return std::move(xml).value();
}

// virshFindDisk: a copy of the disk whose target or source is PATH (only
// cdrom and floppy disks when changeable), without its backingStore.
xmlNodePtr find_disk(const std::string &xml, const char *path, bool changeable) {
  domx::Doc doc;
  if (!doc.parse(xml)) {
    error("%s", "Failed to get disk information");
    return nullptr;
  }
  auto disks = doc.nodes("/domain/devices/disk");
  if (!disks || disks->empty()) {
    error("%s", "Failed to get disk information");
    return nullptr;
  }
  for (xmlNodePtr n : *disks) {
    if (changeable) {
      auto device = domx::prop(n, "device");
      if (device && *device != "cdrom" && *device != "floppy") continue;
    }
    std::vector<std::optional<std::string>> names;
    for (xmlNodePtr ch = n->children; ch; ch = ch->next) {
      if (ch->type == XML_ELEMENT_NODE && xmlStrEqual(ch->name, BAD_CAST "source")) {
        for (const char *a : {"file", "dev", "dir", "name"}) names.push_back(domx::prop(ch, a));
        break;
      }
    }
    names.push_back(doc.string(n, "string(./target/@dev)"));
    for (auto &s : names) {
      if (s && *s == path) {
        xmlNodePtr copy = xmlCopyNode(n, 1);
        for (xmlNodePtr ch = copy->children; ch; ch = ch->next) {
          if (ch->type == XML_ELEMENT_NODE && xmlStrEqual(ch->name, BAD_CAST "backingStore")) {
            xmlUnlinkNode(ch);
            xmlFreeNode(ch);
            break;
          }
        }
        return copy;
      }
    }
  }
  error("No disk found whose source path or target is %s", path);
  return nullptr;
}

// virshUpdateDiskXML: the removable disk with its media ejected, inserted or
// replaced; nullopt after the error.
std::optional<std::string> update_disk(xmlNodePtr disk, const char *new_source, bool block,
                                       const char *target, MediaAction action) {
  auto device = domx::prop(disk, "device");
  if (!device || (*device != "cdrom" && *device != "floppy")) {
    error("The disk device '%s' is not removable", target);
    return std::nullopt;
  }
  xmlNodePtr source = nullptr, target_node = nullptr, text = nullptr;
  for (xmlNodePtr t = disk->children; t; t = t->next) {
    // The last text before <target/> indents the new <source/>.
    if (!target_node && t->type == XML_TEXT_NODE) text = t;
    if (t->type != XML_ELEMENT_NODE) continue;
    if (!source && xmlStrEqual(t->name, BAD_CAST "source"))
      source = t;
    else if (!target_node && xmlStrEqual(t->name, BAD_CAST "target"))
      target_node = t;
    if (source && target_node) break;
  }
  if (action == MediaAction::kEject) {
    if (!source) {
      error("The disk device '%s' doesn't have media", target);
      return std::nullopt;
    }
    block = false;
    new_source = nullptr;
  } else if (!new_source) {
    error("New disk media source was not specified");
    return std::nullopt;
  }
  std::optional<std::string> policy;
  if (source) {
    std::optional<std::string> path;
    for (const char *a : {"file", "dev", "dir", "pool", "name"})
      if (!path) path = domx::prop(source, a);
    if (path && action == MediaAction::kInsert) {
      error("The disk device '%s' already has media", target);
      return std::nullopt;
    }
    policy = domx::prop(source, "startupPolicy");
    xmlUnlinkNode(source);
    xmlFreeNode(source);
  }
  xmlSetProp(disk, BAD_CAST "type", BAD_CAST(block ? "block" : "file"));
  if (new_source) {
    xmlNodePtr s = xmlNewNode(nullptr, BAD_CAST "source");
    xmlNewProp(s, BAD_CAST(block ? "dev" : "file"), BAD_CAST new_source);
    if (policy) xmlNewProp(s, BAD_CAST "startupPolicy", BAD_CAST policy->c_str());
    if (target_node) {
      xmlAddPrevSibling(target_node, s);
      if (xmlNodePtr indent = xmlCopyNode(text, 0))
        if (!xmlAddPrevSibling(target_node, indent)) xmlFreeNode(indent);
    } else {
      xmlFreeNode(s);
    }
  }
  return domx::node_string(nullptr, disk);
}

}  // namespace dev

using namespace dev;

bool cmd_attach_device(Shell &sh, const Cmd &c) {
  unsigned flags;
  if (!domx::affect(c, true, flags)) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  const char *from;
  if (c.string("file", from) < 0) return false;
  if (c.has("persistent") && is_active(*d)) flags |= VIR_DOMAIN_AFFECT_LIVE;
  std::string xml;
  if (!read_file(from, xml)) return false;
  if (!attach(*d, xml, flags, c.has("current"))) {
    error("Failed to attach device from %s", from);
    return false;
  }
  extra("%s", "Device attached successfully\n");
  return true;
}

bool cmd_attach_disk(Shell &sh, const Cmd &c) {
  unsigned flags;
  if (!domx::affect(c, true, flags)) return false;
  if (!domx::requires_opt(c, "source-host-name", "source-protocol") ||
      !domx::requires_opt(c, "source-host-transport", "source-protocol") ||
      !domx::requires_opt(c, "source-host-socket", "source-protocol") ||
      !domx::requires_opt(c, "source-host-socket", "source-host-transport") ||
      !exclusive(c, "source-host-name", "source-host-socket"))
    return false;
  const char *source, *target, *driver, *subdriver, *device, *mode, *iothread, *cache, *io, *serial,
      *wwn, *straddr, *targetbus, *alias, *stype, *protocol, *host_name, *transport, *socket;
  std::pair<const char *, const char **> strs[] = {{"source", &source},
                                                   {"target", &target},
                                                   {"driver", &driver},
                                                   {"subdriver", &subdriver},
                                                   {"type", &device},
                                                   {"mode", &mode},
                                                   {"iothread", &iothread},
                                                   {"cache", &cache},
                                                   {"io", &io},
                                                   {"serial", &serial},
                                                   {"wwn", &wwn},
                                                   {"address", &straddr},
                                                   {"targetbus", &targetbus},
                                                   {"alias", &alias},
                                                   {"sourcetype", &stype},
                                                   {"source-protocol", &protocol},
                                                   {"source-host-name", &host_name},
                                                   {"source-host-transport", &transport},
                                                   {"source-host-socket", &socket}};
  for (auto &[name, ptr] : strs) *ptr = nullptr;
  for (auto &[name, ptr] : strs)
    if (c.string(name, *ptr) < 0) return false;

  enum { kNone, kFile, kBlock, kNetwork } type = kNone;
  if (stype) {
    if (!std::strcmp(stype, "file"))
      type = kFile;
    else if (!std::strcmp(stype, "block"))
      type = kBlock;
    else if (!std::strcmp(stype, "network"))
      type = kNetwork;
    else {
      error("Unknown source type: '%s'", stype);
      return false;
    }
  }
  if (type == kNone) {
    struct stat st;
    bool not_file_driver =
        !driver || (std::strcmp(driver, "file") != 0 && std::strcmp(driver, "tap") != 0);
    if (protocol)
      type = kNetwork;
    else if (not_file_driver && source && stat(source, &st) == 0 && S_ISBLK(st.st_mode))
      type = kBlock;
    else
      type = kFile;
  }
  if ((type == kNetwork) != (protocol != nullptr)) {
    error("--source-protocol option requires --sourcetype network");
    return false;
  }
  if (mode && std::strcmp(mode, "readonly") != 0 && std::strcmp(mode, "shareable") != 0) {
    error("No support for %s in command 'attach-disk'", mode);
    return false;
  }
  if (wwn && !valid_wwn(wwn)) return false;

  static const char *const type_names[] = {"", "file", "block", "network"};
  Buf disk_attrs, child(2), driver_attrs, source_attrs, source_child(4), host_attrs;
  disk_attrs.add(fmt(" type='%s'", type_names[type]));
  disk_attrs.esc(" device='%s'", device);
  if (c.has("rawio")) disk_attrs.add(" rawio='yes'");
  driver_attrs.esc(" name='%s'", driver);
  driver_attrs.esc(" type='%s'", subdriver);
  driver_attrs.esc(" iothread='%s'", iothread);
  driver_attrs.esc(" cache='%s'", cache);
  driver_attrs.esc(" io='%s'", io);
  domx::element(child, "driver", driver_attrs, nullptr);
  if (type == kFile) {
    source_attrs.esc(" file='%s'", source);
  } else if (type == kBlock) {
    source_attrs.esc(" dev='%s'", source);
  } else {
    source_attrs.esc(" protocol='%s'", protocol);
    source_attrs.esc(" name='%s'", source);
    host_attrs.esc(" transport='%s'", transport);
    host_attrs.esc(" socket='%s'", socket);
    if (host_name) {
      std::string name = host_name;
      auto colon = name.find(':');
      std::optional<std::string> port;
      if (colon != std::string::npos) {
        port = name.substr(colon + 1);
        name.resize(colon);
      }
      host_attrs.esc(" name='%s'", name.c_str());
      host_attrs.esc(" port='%s'", port ? port->c_str() : nullptr);
    }
    domx::element(source_child, "host", host_attrs, nullptr);
  }
  domx::element(child, "source", source_attrs, &source_child);
  child.add(fmt("<target dev='%s'", target));
  if (targetbus) child.add(fmt(" bus='%s'", targetbus));
  child.add("/>\n");
  if (mode) child.add(fmt("<%s/>\n", mode));
  if (serial) child.add(fmt("<serial>%s</serial>\n", serial));
  if (alias) child.add(fmt("<alias name='%s'/>\n", alias));
  if (wwn) child.add(fmt("<wwn>%s</wwn>\n", wwn));
  if (straddr && !disk_address(child, straddr, target, c.has("multifunction"))) return false;
  Buf out;
  domx::element(out, "disk", disk_attrs, &child);

  if (c.has("print-xml")) {
    std::printf("%s", out.str().c_str());
    return true;
  }
  auto d = sh.domain(c);
  if (!d) return false;
  if (c.has("persistent") && is_active(*d)) flags |= VIR_DOMAIN_AFFECT_LIVE;
  if (!attach(*d, out.str(), flags, c.has("current"))) {
    error("%s", "Failed to attach disk");
    return false;
  }
  extra("%s", "Disk attached successfully\n");
  return true;
}

bool cmd_attach_interface(Shell &sh, const Cmd &c) {
  unsigned flags;
  if (!domx::affect(c, true, flags)) return false;
  const char *type, *source, *target, *mac, *script, *model, *alias, *inbound_str, *outbound_str,
      *mode_str;
  std::pair<const char *, const char **> strs[] = {{"type", &type},
                                                   {"source", &source},
                                                   {"target", &target},
                                                   {"mac", &mac},
                                                   {"script", &script},
                                                   {"model", &model},
                                                   {"alias", &alias},
                                                   {"inbound", &inbound_str},
                                                   {"outbound", &outbound_str},
                                                   {"source-mode", &mode_str}};
  for (auto &[name, ptr] : strs)
    if (c.string(name, *ptr) < 0) return false;

  int typ = -1;
  for (int i = 0; i < static_cast<int>(std::size(kNetTypes)); i++)
    if (!std::strcmp(type, kNetTypes[i])) typ = i;
  if (typ < 0) {
    error("No support for %s in command 'attach-interface'", type);
    return false;
  }
  const char *mode = nullptr;
  if (mode_str) {
    if (std::strcmp(mode_str, "server") != 0 && std::strcmp(mode_str, "client") != 0) {
      error("Invalid source mode: %s", mode_str);
      return false;
    }
    mode = mode_str;
  }
  Rate in, out;
  if (inbound_str) {
    if (!parse_rate(inbound_str, in)) return false;
    if (!in.average && !in.floor) {
      error("either inbound average or floor is mandatory");
      return false;
    }
  }
  if (outbound_str) {
    if (!parse_rate(outbound_str, out)) return false;
    if (out.average == 0) {
      error("outbound average is mandatory");
      return false;
    }
    if (out.floor) {
      error("outbound floor is unsupported yet");
      return false;
    }
  }

  Buf buf;
  buf.add(fmt("<interface type='%s'", type));
  buf.add(c.has("managed") ? " managed='yes'>\n" : ">\n");
  buf.adjust(2);
  std::string t = type;
  if (t == "network" || t == "bridge") {
    buf.add("<source " + t + "='" + source + "'/>\n");
  } else if (t == "direct") {
    buf.add(fmt("<source dev='%s'/>\n", source));
  } else if (t == "hostdev") {
    Address addr;
    if (!parse_address(std::string("pci:") + source, false, addr)) {
      error("cannot parse pci address '%s' for network interface", source);
      return false;
    }
    buf.add("<source>\n");
    buf.adjust(2);
    format_address(buf, addr);
    buf.adjust(-2);
    buf.add("</source>\n");
  } else if (t == "vhostuser") {
    if (!mode) {
      error("source-mode is mandatory");
      return false;
    }
    buf.add(std::string("<source type='unix' path='") + source + "' mode='" + mode + "'/>\n");
  } else {
    error("No support for %s in command 'attach-interface'", type);
    return false;
  }
  if (target) buf.add(fmt("<target dev='%s'/>\n", target));
  if (mac) buf.add(fmt("<mac address='%s'/>\n", mac));
  if (script) buf.add(fmt("<script path='%s'/>\n", script));
  if (model) buf.add(fmt("<model type='%s'/>\n", model));
  if (alias) buf.add(fmt("<alias name='%s'/>\n", alias));
  if (inbound_str || outbound_str) {
    buf.add("<bandwidth>\n");
    buf.adjust(2);
    auto num_attr = [&](const char *name, unsigned long long v) {
      buf.add(std::string(" ") + name + "='" + std::to_string(v) + "'");
    };
    if (inbound_str && (in.average || in.floor)) {
      buf.add("<inbound");
      if (in.average > 0) num_attr("average", in.average);
      if (in.peak > 0) num_attr("peak", in.peak);
      if (in.burst > 0) num_attr("burst", in.burst);
      if (in.floor > 0) num_attr("floor", in.floor);
      buf.add("/>\n");
    }
    if (outbound_str && out.average > 0) {
      buf.add("<outbound");
      num_attr("average", out.average);
      if (out.peak > 0) num_attr("peak", out.peak);
      if (out.burst > 0) num_attr("burst", out.burst);
      buf.add("/>\n");
    }
    buf.adjust(-2);
    buf.add("</bandwidth>\n");
  }
  buf.adjust(-2);
  buf.add("</interface>\n");

  if (c.has("print-xml")) {
    std::printf("%s", buf.str().c_str());
    return true;
  }
  auto d = sh.domain(c);
  if (!d) return false;
  if (c.has("persistent") && is_active(*d)) flags |= VIR_DOMAIN_AFFECT_LIVE;
  if (!attach(*d, buf.str(), flags, c.has("current"))) {
    error("%s", "Failed to attach interface");
    return false;
  }
  extra("%s", "Interface attached successfully\n");
  return true;
}

bool cmd_detach_device(Shell &sh, const Cmd &c) {
  unsigned flags;
  if (!domx::affect(c, true, flags)) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  if (c.has("persistent") && is_active(*d)) flags |= VIR_DOMAIN_AFFECT_LIVE;
  const char *from;
  if (c.string("file", from) < 0) return false;
  std::string xml;
  if (!read_file(from, xml)) return false;
  if (!detach(*d, xml, flags, c.has("current"))) {
    error("Failed to detach device from %s", from);
    return false;
  }
  extra("%s", "Device detached successfully\n");
  return true;
}

bool cmd_detach_device_alias(Shell &sh, const Cmd &c) {
  unsigned flags;
  if (!domx::affect(c, false, flags)) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  const char *alias;
  if (c.string("alias", alias) < 0) return false;
  if (!d->try_detach_device_alias(alias, flags)) {
    error("Failed to detach device with alias %s", alias);
    return false;
  }
  extra("%s", "Device detach request sent successfully\n");
  return true;
}

bool cmd_update_device(Shell &sh, const Cmd &c) {
  unsigned flags;
  if (!domx::affect(c, true, flags)) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  const char *from;
  if (c.string("file", from) < 0) return false;
  if (c.has("persistent") && is_active(*d)) flags |= VIR_DOMAIN_AFFECT_LIVE;
  std::string xml;
  if (!read_file(from, xml)) return false;
  if (c.has("force")) flags |= VIR_DOMAIN_DEVICE_MODIFY_FORCE;
  if (!d->try_update_device(xml, flags)) {
    error("Failed to update device from %s", from);
    return false;
  }
  extra("%s", "Device updated successfully\n");
  return true;
}

bool cmd_detach_disk(Shell &sh, const Cmd &c) {
  unsigned flags;
  if (!domx::affect(c, true, flags)) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  const char *target;
  if (c.string("target", target) < 0) return false;
  auto doc = xml_desc(*d, flags == VIR_DOMAIN_AFFECT_CONFIG ? VIR_DOMAIN_XML_INACTIVE : 0);
  if (!doc) return false;
  if (c.has("persistent") && is_active(*d)) flags |= VIR_DOMAIN_AFFECT_LIVE;
  xmlNodePtr disk = find_disk(*doc, target, false);
  if (!disk) return false;
  std::string xml = domx::node_string(nullptr, disk);
  xmlFreeNode(disk);
  if (c.has("print-xml")) {
    std::printf("%s", xml.c_str());
    return true;
  }
  if (!detach(*d, xml, flags, c.has("current"))) {
    error("%s", "Failed to detach disk");
    return false;
  }
  extra("%s", "Disk detached successfully\n");
  return true;
}

}  // namespace virtkit_sh
