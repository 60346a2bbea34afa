// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's host interface commands (iface-list, iface-define,
// iface-bridge, ...), printing what Debian's virsh 9.0.0 prints for each.
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <strings.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include <virtkit/interface.hpp>

#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

using Iface = virtkit::Interface;

struct DocFree {
  void operator()(xmlDocPtr d) const { xmlFreeDoc(d); }
};
using Doc = std::unique_ptr<xmlDoc, DocFree>;

struct XmlFree {
  void operator()(void *p) const { xmlFree(p); }
};
using XmlStr = std::unique_ptr<xmlChar, XmlFree>;

enum : unsigned { kByName = 1, kByMac = 2 };

// The name, or "(null)" where virsh prints C's NULL name (an empty handle
// after a failed edit).
std::string name_of(const Iface &i) {
  return i.try_name().value_or("(null)");
}

// virMacAddrParse: six ':' separated hex octets of one or two digits, then
// the end or any character up to ' '.
bool is_mac(const char *s) {
  for (int i = 0; i < 6; i++) {
    if (!std::isxdigit(static_cast<unsigned char>(*s))) return false;
    char *end = nullptr;
    errno = 0;
    unsigned long v = std::strtoul(s, &end, 16);
    if (end - s < 1 || end - s > 2 || errno || v > 0xff) return false;
    if (i == 5 && *end <= ' ') return true;  // signed, as libvirt compares it
    if (*end != ':') return false;
    s = end + 1;
  }
  return false;
}

// virsh's interface lookup: by MAC when the value looks like one, else by
// name, as the command allows.
Iface lookup_iface(Shell &sh, const Cmd &c, const char *opt = "interface",
                   const char **given = nullptr, unsigned by = kByName | kByMac) {
  const char *n = nullptr;
  if (c.string(opt, n) < 0 || !n) return Iface();
  debug(kInfo, "%s: found option <%s>: %s\n", c.def->name, opt, n);
  if (given) *given = n;
  bool mac = is_mac(n);
  virtkit::Expected<Iface> iface = Iface();
  if (!mac && (by & kByName)) {
    debug(kDebug, "%s: <%s> trying as interface NAME\n", c.def->name, opt);
    iface = Iface::try_lookup_by_name(sh.conn, n);
  } else if (mac && (by & kByMac)) {
    debug(kDebug, "%s: <%s> trying as interface MAC\n", c.def->name, opt);
    iface = Iface::try_lookup_by_mac_string(sh.conn, n);
  }
  if (!iface || !*iface) {
    error("failed to get interface '%s'", n);
    return Iface();
  }
  return std::move(*iface);
}

// virsh's list of interfaces: the newer call, or the older ones on a server
// without it; sorted by name.
bool collect_ifaces(Shell &sh, unsigned flags, std::vector<Iface> &out) {
  auto all = Iface::try_list_all(sh.conn, flags);
  if (all) {
    out = std::move(*all);
  } else {
    if (all.error().code() != VIR_ERR_NO_SUPPORT) {
      error("Failed to list interfaces");
      return false;
    }
    reset_error();
    std::vector<std::string> names;
    if (flags & VIR_CONNECT_LIST_INTERFACES_ACTIVE) {
      auto active = Iface::try_list_names(sh.conn);
      if (!active) {
        error("Failed to list active interfaces");
        return false;
      }
      names = std::move(*active);
    }
    if (flags & VIR_CONNECT_LIST_INTERFACES_INACTIVE) {
      auto inactive = Iface::try_list_defined_names(sh.conn);
      if (!inactive) {
        error("Failed to list inactive interfaces");
        return false;
      }
      names.insert(names.end(), inactive->begin(), inactive->end());
    }
    for (const std::string &name : names) {
      if (auto i = Iface::try_lookup_by_name(sh.conn, name))
        out.push_back(std::move(*i));
      else
        reset_error();
    }
  }
  sort_by(out, name_of);
  return true;
}

// The root element's attribute, or nullptr.
XmlStr prop(xmlNodePtr node, const char *name) {
  return XmlStr(xmlGetProp(node, BAD_CAST name));
}

const char *str(const XmlStr &s) {
  return reinterpret_cast<const char *>(s.get());
}

// The interface's inactive XML parsed; false after the error.
Doc parse_config(const Iface &iface, const char *url, const char *name) {
  auto xml = iface.try_xml(VIR_INTERFACE_XML_INACTIVE);
  if (!xml) return nullptr;
  Doc doc(xmlReadMemory(xml->c_str(), static_cast<int>(xml->size()), url, nullptr,
                        XML_PARSE_NONET | XML_PARSE_NOWARNING));
  if (!doc || !xmlDocGetRootElement(doc.get())) {
    error("Failed to parse configuration of %s", name);
    return nullptr;
  }
  return doc;
}

// Moves the <mac>, <bond> and <vlan> children of from under to, in order.
void move_device_nodes(xmlNodePtr from, xmlNodePtr to) {
  for (xmlNodePtr cur = from->children; cur;) {
    xmlNodePtr node = cur;
    cur = cur->next;
    if (node->type != XML_ELEMENT_NODE) continue;
    const char *n = reinterpret_cast<const char *>(node->name);
    if (std::strcmp(n, "mac") && std::strcmp(n, "bond") && std::strcmp(n, "vlan")) continue;
    xmlUnlinkNode(node);
    xmlAddChild(to, node);
  }
}

std::string dump(xmlDocPtr doc) {
  xmlChar *mem = nullptr;
  int size = 0;
  xmlDocDumpMemory(doc, &mem, &size);
  std::string s = mem && size > 0 ? std::string(reinterpret_cast<char *>(mem), size) : "";
  xmlFree(mem);
  return s;
}

}  // namespace

bool cmd_iface_list(Shell &sh, const Cmd &c) {
  if (!exclusive(c, "all", "inactive")) return false;
  unsigned flags = VIR_CONNECT_LIST_INTERFACES_ACTIVE;
  if (c.has("inactive")) flags = VIR_CONNECT_LIST_INTERFACES_INACTIVE;
  if (c.has("all"))
    flags = VIR_CONNECT_LIST_INTERFACES_ACTIVE | VIR_CONNECT_LIST_INTERFACES_INACTIVE;
  std::vector<Iface> list;
  if (!collect_ifaces(sh, flags, list)) return false;
  Table t({"Name", "State", "MAC Address"});
  for (const Iface &i : list) {
    auto mac = i.try_mac_string();
    if (!mac) {
      // virsh's row ends at the missing MAC, one cell short.
      save_error(VIR_ERR_INTERNAL_ERROR,
                 "internal error: Incorrect number of cells in a table row");
      return false;
    }
    // As virsh: a failed check counts as active.
    std::string name = name_of(i);
    bool active = i.try_is_active().value_or(true);
    t.add({name, active ? "active" : "inactive", *mac});
  }
  t.print();
  return true;
}

bool cmd_iface_name(Shell &sh, const Cmd &c) {
  Iface iface = lookup_iface(sh, c, "interface", nullptr, kByMac);
  if (!iface) return false;
  std::printf("%s\n", name_of(iface).c_str());
  return true;
}

bool cmd_iface_mac(Shell &sh, const Cmd &c) {
  Iface iface = lookup_iface(sh, c, "interface", nullptr, kByName);
  if (!iface) return false;
  auto mac = iface.try_mac_string();
  std::printf("%s\n", mac ? mac->c_str() : "(null)");
  return true;
}

bool cmd_iface_dumpxml(Shell &sh, const Cmd &c) {
  unsigned flags = c.has("inactive") ? VIR_INTERFACE_XML_INACTIVE : 0;
  Iface iface = lookup_iface(sh, c);
  if (!iface) return false;
  const char *xpath = nullptr;
  if (c.string_quiet("xpath", xpath) < 0) return false;
  auto xml = iface.try_xml(flags);
  if (!xml) return false;
  return print_xml(xml->c_str(), xpath, c.has("wrap"));
}

bool cmd_iface_define(Shell &sh, const Cmd &c) {
  const char *from = nullptr;
  if (c.string("file", from) < 0) return false;
  unsigned flags = c.has("validate") ? VIR_INTERFACE_DEFINE_VALIDATE : 0;
  std::string xml;
  if (!read_file(from, xml)) {
    reset_error();
    return false;
  }
  auto iface = Iface::try_define_xml(sh.conn, xml, flags);
  if (!iface) {
    error("Failed to define interface from %s", from);
    return false;
  }
  extra("Interface %s defined from %s\n", name_of(*iface).c_str(), from);
  return true;
}

bool cmd_iface_undefine(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  Iface iface = lookup_iface(sh, c, "interface", &name);
  if (!iface) return false;
  if (!iface.try_undefine()) {
    error("Failed to undefine interface %s", name);
    return false;
  }
  extra("Interface %s undefined\n", name);
  return true;
}

bool cmd_iface_start(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  Iface iface = lookup_iface(sh, c, "interface", &name);
  if (!iface) return false;
  if (!iface.try_create()) {
    error("Failed to start interface %s", name);
    return false;
  }
  extra("Interface %s started\n", name);
  return true;
}

bool cmd_iface_destroy(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  Iface iface = lookup_iface(sh, c, "interface", &name);
  if (!iface) return false;
  if (!iface.try_destroy()) {
    error("Failed to destroy interface %s", name);
    return false;
  }
  extra("Interface %s destroyed\n", name);
  // virsh 9.0.0 fails this command even when the interface was destroyed.
  return false;
}

bool cmd_iface_begin(Shell &sh, const Cmd &) {
  if (!Iface::try_change_begin(sh.conn)) {
    error("Failed to begin network config change transaction");
    return false;
  }
  extra("Network config change transaction started\n");
  return true;
}

bool cmd_iface_commit(Shell &sh, const Cmd &) {
  if (!Iface::try_change_commit(sh.conn)) {
    error("Failed to commit network config change transaction");
    return false;
  }
  extra("Network config change transaction committed\n");
  return true;
}

bool cmd_iface_rollback(Shell &sh, const Cmd &) {
  if (!Iface::try_change_rollback(sh.conn)) {
    error("Failed to rollback network config change transaction");
    return false;
  }
  extra("Network config change transaction rolled back\n");
  return true;
}

bool cmd_iface_bridge(Shell &sh, const Cmd &c) {
  const char *if_name = nullptr, *br_name = nullptr;
  Iface iface = lookup_iface(sh, c, "interface", &if_name, kByName);
  if (!iface) return false;
  if (c.string("bridge", br_name) < 0) return false;
  // The lookup's error, when the bridge is new, stays pending as in virsh.
  if (Iface::try_lookup_by_name(sh.conn, br_name)) {
    error("Network device %s already exists", br_name);
    return false;
  }
  bool stp = !c.has("no-stp");
  unsigned delay = 0;
  if (c.opt_uint("delay", delay) < 0) return false;
  bool nostart = c.has("no-start");

  Doc doc = parse_config(iface, "(interface definition)", if_name);
  if (!doc) return false;
  xmlNodePtr top = xmlDocGetRootElement(doc.get());
  XmlStr type = prop(top, "type");
  if (!type) {
    error("Existing device %s has no type", if_name);
    return false;
  }
  if (std::strcmp(str(type), "bridge") == 0) {
    error("Existing device %s is already a bridge", if_name);
    return false;
  }
  XmlStr name2 = prop(top, "name");
  if (!name2 || std::strcmp(str(name2), if_name) != 0) {
    error("Interface name from config %s doesn't match given supplied name %s",
          name2 ? str(name2) : "(null)", if_name);
    return false;
  }
  // <interface type='bridge' name=BR><bridge stp delay><interface type name>
  // holding the device's <mac>, <bond> and <vlan>.
  xmlNodePtr br = xmlNewChild(top, nullptr, BAD_CAST "bridge", nullptr);
  xmlSetProp(br, BAD_CAST "stp", BAD_CAST(stp ? "on" : "off"));
  if (stp)
    xmlSetProp(br, BAD_CAST "delay", BAD_CAST std::to_string(static_cast<int>(delay)).c_str());
  xmlSetProp(top, BAD_CAST "type", BAD_CAST "bridge");
  xmlSetProp(top, BAD_CAST "name", BAD_CAST br_name);
  xmlNodePtr inner = xmlNewChild(br, nullptr, BAD_CAST "interface", nullptr);
  xmlSetProp(inner, BAD_CAST "type", type.get());
  xmlSetProp(inner, BAD_CAST "name", BAD_CAST if_name);
  move_device_nodes(top, inner);

  std::string xml = dump(doc.get());
  if (xml.empty()) {
    error("Failed to format new xml document for bridge %s", br_name);
    return false;
  }
  auto bridge = Iface::try_define_xml(sh.conn, xml);
  if (!bridge) {
    error("Failed to define new bridge interface %s", br_name);
    return false;
  }
  extra("Created bridge %s with attached device %s\n", br_name, if_name);
  if (!nostart) {
    if (!bridge->try_create()) {
      error("Failed to start bridge interface %s", br_name);
      return false;
    }
    extra("Bridge interface %s started\n", br_name);
  }
  return true;
}

bool cmd_iface_unbridge(Shell &sh, const Cmd &c) {
  const char *br_name = nullptr;
  Iface bridge = lookup_iface(sh, c, "bridge", &br_name, kByName);
  if (!bridge) return false;
  bool nostart = c.has("no-start");

  Doc doc = parse_config(bridge, "(bridge interface definition)", br_name);
  if (!doc) return false;
  xmlNodePtr top = xmlDocGetRootElement(doc.get());
  XmlStr type = prop(top, "type");
  if (!type) {
    error("Existing device %s has no type", br_name);
    return false;
  }
  if (std::strcmp(str(type), "bridge") != 0) {
    error("Device %s is not a bridge", br_name);
    return false;
  }
  XmlStr name = prop(top, "name");
  if (!name || std::strcmp(str(name), br_name) != 0) {
    error("Interface name from config %s doesn't match given supplied name %s",
          name ? str(name) : "(null)", br_name);
    return false;
  }
  // The <bridge> and its single <interface>, as virsh's XPaths find them.
  xmlNodePtr br_node = nullptr;
  for (xmlNodePtr n = top->children; n && !br_node; n = n->next)
    if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "bridge")) br_node = n;
  if (!br_node) {
    error("No bridge node in xml document");
    return false;
  }
  // ./bridge/interface[2]: some <bridge> with a second <interface>;
  // ./bridge/interface: the first <interface> of any <bridge>.
  xmlNodePtr if_node = nullptr;
  bool multiple = false;
  for (xmlNodePtr b = top->children; b; b = b->next) {
    if (b->type != XML_ELEMENT_NODE || !xmlStrEqual(b->name, BAD_CAST "bridge")) continue;
    int count = 0;
    for (xmlNodePtr n = b->children; n; n = n->next) {
      if (n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, BAD_CAST "interface")) continue;
      if (!if_node) if_node = n;
      if (++count == 2) multiple = true;
    }
  }
  if (multiple) {
    error("Multiple interfaces attached to bridge");
    return false;
  }
  if (!if_node) {
    error("No interface attached to bridge");
    return false;
  }
  XmlStr if_name = prop(if_node, "name");
  if (!if_name) {
    error("Device attached to bridge %s has no name", br_name);
    return false;
  }
  XmlStr if_type = prop(if_node, "type");
  if (!if_type) {
    error("Attached device %s has no type", str(if_name));
    return false;
  }
  xmlSetProp(top, BAD_CAST "type", if_type.get());
  xmlSetProp(top, BAD_CAST "name", if_name.get());
  move_device_nodes(if_node, top);
  // The <bridge> stays; the driver ignores it on a non-bridge interface.
  std::string xml = dump(doc.get());
  if (xml.empty()) {
    error("Failed to format new xml document for detached interface %s", str(if_name));
    return false;
  }
  if (!bridge.try_destroy()) {
    error("Failed to destroy bridge interface %s", br_name);
    return false;
  }
  if (!bridge.try_undefine()) {
    error("Failed to undefine bridge interface %s", br_name);
    return false;
  }
  auto iface = Iface::try_define_xml(sh.conn, xml);
  if (!iface) {
    error("Failed to define new interface %s", str(if_name));
    return false;
  }
  extra("Device %s un-attached from bridge %s\n", str(if_name), br_name);
  if (!nostart) {
    if (!iface->try_create()) {
      error("Failed to start interface %s", str(if_name));
      return false;
    }
    extra("Interface %s started\n", str(if_name));
  }
  return true;
}

bool cmd_iface_edit(Shell &sh, const Cmd &c) {
  Iface iface = lookup_iface(sh, c);
  if (!iface) return false;
  Iface edited;
  auto get = [&]() -> char * {
    auto doc = iface.try_xml(VIR_INTERFACE_XML_INACTIVE);
    return doc ? strdup(doc->c_str()) : nullptr;
  };
  auto r = edit_xml(get, [&](const char *xml) {
    auto d = Iface::try_define_xml(sh.conn, xml);
    if (!d) return false;
    edited = std::move(*d);
    return true;
  });
  if (r == EditResult::kFailed) return false;
  if (r == EditResult::kUnchanged) {
    extra("Interface %s XML configuration not changed.\n", name_of(iface).c_str());
    return true;
  }
  extra("Interface %s XML configuration edited.\n", name_of(edited).c_str());
  return true;
}

}  // namespace virtkit_sh
