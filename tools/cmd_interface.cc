// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's host interface commands (iface-list, iface-define,
// iface-bridge, ...), printing what Debian's virsh 9.0.0 prints for each.
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <strings.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

struct IfaceFree {
  void operator()(virInterfacePtr i) const { virInterfaceFree(i); }
};
using Iface = std::unique_ptr<virInterface, IfaceFree>;

struct DocFree {
  void operator()(xmlDocPtr d) const { xmlFreeDoc(d); }
};
using Doc = std::unique_ptr<xmlDoc, DocFree>;

struct XmlFree {
  void operator()(void *p) const { xmlFree(p); }
};
using XmlStr = std::unique_ptr<xmlChar, XmlFree>;

enum : unsigned { kByName = 1, kByMac = 2 };

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
  if (c.string(opt, n) < 0 || !n) return nullptr;
  debug(kInfo, "%s: found option <%s>: %s\n", c.def->name, opt, n);
  if (given) *given = n;
  bool mac = is_mac(n);
  Iface iface;
  if (!mac && (by & kByName)) {
    debug(kDebug, "%s: <%s> trying as interface NAME\n", c.def->name, opt);
    iface.reset(virInterfaceLookupByName(sh.conn.get(), n));
  } else if (mac && (by & kByMac)) {
    debug(kDebug, "%s: <%s> trying as interface MAC\n", c.def->name, opt);
    iface.reset(virInterfaceLookupByMACString(sh.conn.get(), n));
  }
  if (!iface) error("failed to get interface '%s'", n);
  return iface;
}

// virsh's list of interfaces: the newer call, or the older ones on a server
// without it; sorted by name.
bool collect_ifaces(Shell &sh, unsigned flags, std::vector<Iface> &out) {
  virConnectPtr conn = sh.conn.get();
  virInterfacePtr *list = nullptr;
  int n = virConnectListAllInterfaces(conn, &list, flags);
  if (n >= 0) {
    for (int i = 0; i < n; i++) out.emplace_back(list[i]);
    std::free(list);
  } else {
    virErrorPtr e = virGetLastError();
    if (!e || e->code != VIR_ERR_NO_SUPPORT) {
      error("Failed to list interfaces");
      return false;
    }
    reset_error();
    auto names = [&](int (*count)(virConnectPtr), int (*listf)(virConnectPtr, char **, int),
                     std::vector<std::string> &v) {
      int num = count(conn);
      if (num < 0) return false;
      if (num == 0) return true;
      std::vector<char *> buf(static_cast<size_t>(num), nullptr);
      num = listf(conn, buf.data(), num);
      if (num < 0) return false;
      for (int i = 0; i < num; i++) {
        v.emplace_back(buf[static_cast<size_t>(i)]);
        std::free(buf[static_cast<size_t>(i)]);
      }
      return true;
    };
    std::vector<std::string> all;
    if ((flags & VIR_CONNECT_LIST_INTERFACES_ACTIVE) &&
        !names(virConnectNumOfInterfaces, virConnectListInterfaces, all)) {
      error("Failed to list active interfaces");
      return false;
    }
    if ((flags & VIR_CONNECT_LIST_INTERFACES_INACTIVE) &&
        !names(virConnectNumOfDefinedInterfaces, virConnectListDefinedInterfaces, all)) {
      error("Failed to list inactive interfaces");
      return false;
    }
    for (auto &name : all) {
      if (virInterfacePtr i = virInterfaceLookupByName(conn, name.c_str()))
        out.emplace_back(i);
      else
        reset_error();
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Iface &a, const Iface &b) {
    return strcasecmp(virInterfaceGetName(a.get()), virInterfaceGetName(b.get())) < 0;
  });
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
Doc parse_config(virInterfacePtr iface, const char *url, const char *name) {
  char *xml = virInterfaceGetXMLDesc(iface, VIR_INTERFACE_XML_INACTIVE);
  if (!xml) return nullptr;
  Doc doc(xmlReadMemory(xml, static_cast<int>(std::strlen(xml)), url, nullptr,
                        XML_PARSE_NONET | XML_PARSE_NOWARNING));
  std::free(xml);
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
  for (auto &i : list) {
    const char *mac = virInterfaceGetMACString(i.get());
    if (!mac) {
      // virsh's row ends at the missing MAC, one cell short.
      save_error(VIR_ERR_INTERNAL_ERROR,
                 "internal error: Incorrect number of cells in a table row");
      return false;
    }
    t.add(
        {virInterfaceGetName(i.get()), virInterfaceIsActive(i.get()) ? "active" : "inactive", mac});
  }
  t.print();
  return true;
}

bool cmd_iface_name(Shell &sh, const Cmd &c) {
  Iface iface = lookup_iface(sh, c, "interface", nullptr, kByMac);
  if (!iface) return false;
  std::printf("%s\n", virInterfaceGetName(iface.get()));
  return true;
}

bool cmd_iface_mac(Shell &sh, const Cmd &c) {
  Iface iface = lookup_iface(sh, c, "interface", nullptr, kByName);
  if (!iface) return false;
  const char *mac = virInterfaceGetMACString(iface.get());
  std::printf("%s\n", mac ? mac : "(null)");
  return true;
}

bool cmd_iface_dumpxml(Shell &sh, const Cmd &c) {
  unsigned flags = c.has("inactive") ? VIR_INTERFACE_XML_INACTIVE : 0;
  Iface iface = lookup_iface(sh, c);
  if (!iface) return false;
  const char *xpath = nullptr;
  if (c.string_quiet("xpath", xpath) < 0) return false;
  char *xml = virInterfaceGetXMLDesc(iface.get(), flags);
  if (!xml) return false;
  bool ok = print_xml(xml, xpath, c.has("wrap"));
  std::free(xml);
  return ok;
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
  Iface iface(virInterfaceDefineXML(sh.conn.get(), xml.c_str(), flags));
  if (!iface) {
    error("Failed to define interface from %s", from);
    return false;
  }
  extra("Interface %s defined from %s\n", virInterfaceGetName(iface.get()), from);
  return true;
}

bool cmd_iface_undefine(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  Iface iface = lookup_iface(sh, c, "interface", &name);
  if (!iface) return false;
  if (virInterfaceUndefine(iface.get()) < 0) {
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
  if (virInterfaceCreate(iface.get(), 0) < 0) {
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
  if (virInterfaceDestroy(iface.get(), 0) < 0) {
    error("Failed to destroy interface %s", name);
    return false;
  }
  extra("Interface %s destroyed\n", name);
  // virsh 9.0.0 fails this command even when the interface was destroyed.
  return false;
}

bool cmd_iface_begin(Shell &sh, const Cmd &) {
  if (virInterfaceChangeBegin(sh.conn.get(), 0) < 0) {
    error("Failed to begin network config change transaction");
    return false;
  }
  extra("Network config change transaction started\n");
  return true;
}

bool cmd_iface_commit(Shell &sh, const Cmd &) {
  if (virInterfaceChangeCommit(sh.conn.get(), 0) < 0) {
    error("Failed to commit network config change transaction");
    return false;
  }
  extra("Network config change transaction committed\n");
  return true;
}

bool cmd_iface_rollback(Shell &sh, const Cmd &) {
  if (virInterfaceChangeRollback(sh.conn.get(), 0) < 0) {
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
  if (Iface(virInterfaceLookupByName(sh.conn.get(), br_name))) {
    error("Network device %s already exists", br_name);
    return false;
  }
  bool stp = !c.has("no-stp");
  unsigned delay = 0;
  if (c.opt_uint("delay", delay) < 0) return false;
  bool nostart = c.has("no-start");

  Doc doc = parse_config(iface.get(), "(interface definition)", if_name);
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
  Iface bridge(virInterfaceDefineXML(sh.conn.get(), xml.c_str(), 0));
  if (!bridge) {
    error("Failed to define new bridge interface %s", br_name);
    return false;
  }
  extra("Created bridge %s with attached device %s\n", br_name, if_name);
  if (!nostart) {
    if (virInterfaceCreate(bridge.get(), 0) < 0) {
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

  Doc doc = parse_config(bridge.get(), "(bridge interface definition)", br_name);
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
  if (virInterfaceDestroy(bridge.get(), 0) < 0) {
    error("Failed to destroy bridge interface %s", br_name);
    return false;
  }
  if (virInterfaceUndefine(bridge.get()) < 0) {
    error("Failed to undefine bridge interface %s", br_name);
    return false;
  }
  Iface iface(virInterfaceDefineXML(sh.conn.get(), xml.c_str(), 0));
  if (!iface) {
    error("Failed to define new interface %s", str(if_name));
    return false;
  }
  extra("Device %s un-attached from bridge %s\n", str(if_name), br_name);
  if (!nostart) {
    if (virInterfaceCreate(iface.get(), 0) < 0) {
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
  auto r = edit_xml([&] { return virInterfaceGetXMLDesc(iface.get(), VIR_INTERFACE_XML_INACTIVE); },
                    [&](const char *xml) {
                      edited.reset(virInterfaceDefineXML(sh.conn.get(), xml, 0));
                      return edited != nullptr;
                    });
  if (r == EditResult::kFailed) return false;
  if (r == EditResult::kUnchanged) {
    extra("Interface %s XML configuration not changed.\n", virInterfaceGetName(iface.get()));
    return true;
  }
  extra("Interface %s XML configuration edited.\n", virInterfaceGetName(edited.get()));
  return true;
}

}  // namespace virtkit_sh
