// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's network commands (net-list, net-info, net-update, net-port-*,
// ...), printing what Debian's virsh 9.0.0 prints for each.
#include <strings.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "object_event.h"
#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

struct NetFree {
  void operator()(virNetworkPtr n) const { virNetworkFree(n); }
};
struct PortFree {
  void operator()(virNetworkPortPtr p) const { virNetworkPortFree(p); }
};
using Net = std::unique_ptr<virNetwork, NetFree>;
using Port = std::unique_ptr<virNetworkPort, PortFree>;

enum : unsigned { kByUuid = 1, kByName = 2 };

// virsh's network lookup: a UUID-long string by UUID first, then by name.
// The lookup's own error stays pending, as in virsh.
Net lookup_network(Shell &sh, const Cmd &c, const char **given = nullptr,
                   unsigned by = kByUuid | kByName) {
  const char *n = nullptr;
  if (c.string("network", n) < 0 || !n) return nullptr;
  if (given) *given = n;
  Net net;
  if ((by & kByUuid) && std::strlen(n) == VIR_UUID_STRING_BUFLEN - 1)
    net.reset(virNetworkLookupByUUIDString(sh.conn.get(), n));
  if (!net && (by & kByName)) net.reset(virNetworkLookupByName(sh.conn.get(), n));
  if (!net) error("failed to get network '%s'", n);
  return net;
}

// The --port of a network, by UUID.
Port lookup_port(const Cmd &c, virNetworkPtr net) {
  const char *n = nullptr;
  if (c.string("port", n) < 0 || !n) return nullptr;
  Port port(virNetworkPortLookupByUUIDString(net, n));
  if (!port) error("failed to get network port '%s'", n);
  return port;
}

// A file of XML for a create or define; false after the error, which virsh
// reports as the command's libvirt error (so nothing older stays pending).
bool read_xml(const char *path, std::string &out) {
  if (read_file(path, out)) return true;
  reset_error();
  return false;
}

std::string uuid_of(virNetworkPtr n) {
  char buf[VIR_UUID_STRING_BUFLEN];
  if (virNetworkGetUUIDString(n, buf) < 0) return {};
  return buf;
}

bool name_less(virNetworkPtr a, virNetworkPtr b) {
  return strcasecmp(virNetworkGetName(a), virNetworkGetName(b)) < 0;
}

// Networks the old way (before virConnectListAllNetworks), as virsh 9.0.0
// does it, oddities included: inactive names are fetched only with active
// ones, looked up from the start of the list, and the list is cut by the
// number of failed lookups.
bool collect_old(Shell &sh, unsigned flags, std::vector<virNetworkPtr> &nets, size_t &missing) {
  reset_error();
  virConnectPtr conn = sh.conn.get();
  bool active = flags & VIR_CONNECT_LIST_NETWORKS_ACTIVE;
  bool inactive = flags & VIR_CONNECT_LIST_NETWORKS_INACTIVE;
  int nact = 0, ninact = 0;
  if (active && (nact = virConnectNumOfNetworks(conn)) < 0) {
    error("Failed to get the number of active networks");
    return false;
  }
  if (inactive && (ninact = virConnectNumOfDefinedNetworks(conn)) < 0) {
    error("Failed to get the number of inactive networks");
    return false;
  }
  size_t nall = static_cast<size_t>(nact) + static_cast<size_t>(ninact);
  if (nall == 0) return true;
  std::vector<char *> names(nall, nullptr);
  auto free_names = [&] {
    for (char *s : names) std::free(s);
  };
  if (active && virConnectListNetworks(conn, names.data(), nact) < 0) {
    error("Failed to list active networks");
    free_names();
    return false;
  }
  if (active && virConnectListDefinedNetworks(conn, names.data() + nact, ninact) < 0) {
    error("Failed to list inactive networks");
    free_names();
    return false;
  }
  for (int i = 0; i < nact; i++)
    if (virNetworkPtr n = virNetworkLookupByName(conn, names[static_cast<size_t>(i)]))
      nets.push_back(n);
  for (int i = 0; i < ninact; i++)
    if (virNetworkPtr n = virNetworkLookupByName(conn, names[static_cast<size_t>(i)]))
      nets.push_back(n);
  missing = nall - nets.size();
  free_names();
  return true;
}

// virsh's list of networks for net-list: sorted by name; filters the server
// did not know are applied here. False after the error.
bool collect_networks(Shell &sh, unsigned flags, std::vector<virNetworkPtr> &out) {
  virNetworkPtr *list = nullptr;
  int n = virConnectListAllNetworks(sh.conn.get(), &list, flags);
  if (n >= 0) {
    out.assign(list, list + n);
    std::free(list);
    std::sort(out.begin(), out.end(), name_less);
    return true;
  }
  virErrorPtr e = virGetLastError();
  int code = e ? e->code : VIR_ERR_OK;
  size_t missing = 0;
  std::vector<virNetworkPtr> nets;
  if (code == VIR_ERR_NO_SUPPORT) {
    if (!collect_old(sh, flags, nets, missing)) {
      for (auto *x : nets) virNetworkFree(x);
      return false;
    }
  } else if (code == VIR_ERR_INVALID_ARG) {
    reset_error();
    n = virConnectListAllNetworks(
        sh.conn.get(), &list,
        flags & (VIR_CONNECT_LIST_NETWORKS_ACTIVE | VIR_CONNECT_LIST_NETWORKS_INACTIVE));
    if (n < 0) {
      error("Failed to list networks");
      return false;
    }
    nets.assign(list, list + n);
    std::free(list);
  } else {
    error("Failed to list networks");
    return false;
  }
  // The filters the server could not apply.
  constexpr unsigned kPersist =
      VIR_CONNECT_LIST_NETWORKS_PERSISTENT | VIR_CONNECT_LIST_NETWORKS_TRANSIENT;
  constexpr unsigned kAuto =
      VIR_CONNECT_LIST_NETWORKS_AUTOSTART | VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART;
  std::vector<virNetworkPtr> kept;
  bool ok = true;
  for (size_t i = 0; i < nets.size(); i++) {
    virNetworkPtr net = nets[i];
    bool keep = true;
    if (ok && (flags & kPersist)) {
      int p = virNetworkIsPersistent(net);
      if (p < 0) {
        error("Failed to get network persistence info");
        ok = false;
      } else {
        keep = ((flags & VIR_CONNECT_LIST_NETWORKS_PERSISTENT) && p) ||
               ((flags & VIR_CONNECT_LIST_NETWORKS_TRANSIENT) && !p);
      }
    }
    if (ok && keep && (flags & kAuto)) {
      int a = 0;
      if (virNetworkGetAutostart(net, &a) < 0) {
        error("Failed to get network autostart state");
        ok = false;
      } else {
        keep = ((flags & VIR_CONNECT_LIST_NETWORKS_AUTOSTART) && a) ||
               ((flags & VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART) && !a);
      }
    }
    if (ok && keep)
      kept.push_back(net);
    else
      virNetworkFree(net);
  }
  if (!ok) {
    for (auto *x : kept) virNetworkFree(x);
    return false;
  }
  std::sort(kept.begin(), kept.end(), name_less);
  // virsh also drops as many entries from the end as lookups failed.
  size_t keep = kept.size() > missing ? kept.size() - missing : 0;
  for (size_t i = keep; i < kept.size(); i++) virNetworkFree(kept[i]);
  kept.resize(keep);
  out = std::move(kept);
  return true;
}

}  // namespace

bool cmd_net_autostart(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  Net net = lookup_network(sh, c, &name);
  if (!net) return false;
  bool on = !c.has("disable");
  if (virNetworkSetAutostart(net.get(), on) < 0) {
    error(on ? "failed to mark network %s as autostarted"
             : "failed to unmark network %s as autostarted",
          name);
    return false;
  }
  extra(on ? "Network %s marked as autostarted\n" : "Network %s unmarked as autostarted\n", name);
  return true;
}

bool cmd_net_create(Shell &sh, const Cmd &c) {
  const char *from = nullptr;
  if (c.string("file", from) < 0 || !from) return false;
  unsigned flags = c.has("validate") ? VIR_NETWORK_CREATE_VALIDATE : 0;
  std::string xml;
  if (!read_xml(from, xml)) return false;
  Net net(flags ? virNetworkCreateXMLFlags(sh.conn.get(), xml.c_str(), flags)
                : virNetworkCreateXML(sh.conn.get(), xml.c_str()));
  if (!net) {
    error("Failed to create network from %s", from);
    return false;
  }
  extra("Network %s created from %s\n", virNetworkGetName(net.get()), from);
  return true;
}

bool cmd_net_define(Shell &sh, const Cmd &c) {
  const char *from = nullptr;
  if (c.string("file", from) < 0 || !from) return false;
  unsigned flags = c.has("validate") ? VIR_NETWORK_DEFINE_VALIDATE : 0;
  std::string xml;
  if (!read_xml(from, xml)) return false;
  Net net(flags ? virNetworkDefineXMLFlags(sh.conn.get(), xml.c_str(), flags)
                : virNetworkDefineXML(sh.conn.get(), xml.c_str()));
  if (!net) {
    error("Failed to define network from %s", from);
    return false;
  }
  extra("Network %s defined from %s\n", virNetworkGetName(net.get()), from);
  return true;
}

bool cmd_net_destroy(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  Net net = lookup_network(sh, c, &name);
  if (!net) return false;
  if (virNetworkDestroy(net.get()) != 0) {
    error("Failed to destroy network %s", name);
    return false;
  }
  extra("Network %s destroyed\n", name);
  return true;
}

bool cmd_net_start(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  Net net = lookup_network(sh, c, &name);
  if (!net) return false;
  if (virNetworkCreate(net.get()) != 0) {
    error("Failed to start network %s", name);
    return false;
  }
  extra("Network %s started\n", name);
  return true;
}

bool cmd_net_undefine(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  Net net = lookup_network(sh, c, &name);
  if (!net) return false;
  if (virNetworkUndefine(net.get()) != 0) {
    error("Failed to undefine network %s", name);
    return false;
  }
  extra("Network %s has been undefined\n", name);
  return true;
}

bool cmd_net_dhcp_leases(Shell &sh, const Cmd &c) {
  const char *mac = nullptr;
  if (c.string("mac", mac) < 0) return false;
  const char *name = nullptr;
  Net net = lookup_network(sh, c, &name);
  if (!net) return false;
  virNetworkDHCPLeasePtr *leases = nullptr;
  int n = virNetworkGetDHCPLeases(net.get(), mac, &leases, 0);
  if (n < 0) {
    error("Failed to get leases info for %s", name);
    return false;
  }
  std::vector<virNetworkDHCPLeasePtr> list(leases, leases + n);
  std::free(leases);
  std::sort(list.begin(), list.end(), [](virNetworkDHCPLeasePtr a, virNetworkDHCPLeasePtr b) {
    return strcasecmp(a->mac ? a->mac : "", b->mac ? b->mac : "") < 0;
  });
  auto or_minus = [](const char *s) { return std::string(s ? s : "-"); };
  Table t(
      {"Expiry Time", "MAC address", "Protocol", "IP address", "Hostname", "Client ID or DUID"});
  for (virNetworkDHCPLeasePtr l : list) {
    time_t when = static_cast<time_t>(l->expirytime);
    struct tm tm {};
    char stamp[64] = "";
    if (localtime_r(&when, &tm)) std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
    const char *type = l->type == VIR_IP_ADDR_TYPE_IPV4   ? "ipv4"
                       : l->type == VIR_IP_ADDR_TYPE_IPV6 ? "ipv6"
                                                          : nullptr;
    std::string cidr = std::string(l->ipaddr ? l->ipaddr : "(null)") + "/" +
                       std::to_string(static_cast<int>(l->prefix));
    t.add({stamp, or_minus(l->mac), or_minus(type), cidr, or_minus(l->hostname),
           or_minus(l->clientid)});
    virNetworkDHCPLeaseFree(l);
  }
  t.print();
  return true;
}

bool cmd_net_dumpxml(Shell &sh, const Cmd &c) {
  Net net = lookup_network(sh, c);
  if (!net) return false;
  unsigned flags = c.has("inactive") ? VIR_NETWORK_XML_INACTIVE : 0;
  const char *xpath = nullptr;
  if (c.string_quiet("xpath", xpath) < 0) return false;
  char *xml = virNetworkGetXMLDesc(net.get(), flags);
  if (!xml) return false;
  bool ok = print_xml(xml, xpath, c.has("wrap"));
  std::free(xml);
  return ok;
}

bool cmd_net_info(Shell &sh, const Cmd &c) {
  Net net = lookup_network(sh, c);
  if (!net) return false;
  virNetworkPtr n = net.get();
  std::printf("%-15s %s\n", "Name:", virNetworkGetName(n));
  char uuid[VIR_UUID_STRING_BUFLEN];
  if (virNetworkGetUUIDString(n, uuid) == 0) std::printf("%-15s %s\n", "UUID:", uuid);
  int active = virNetworkIsActive(n);
  if (active >= 0) std::printf("%-15s %s\n", "Active:", active ? "yes" : "no");
  int persistent = virNetworkIsPersistent(n);
  std::printf("%-15s %s\n", "Persistent:", persistent < 0 ? "unknown" : persistent ? "yes" : "no");
  int autostart = 0;
  if (virNetworkGetAutostart(n, &autostart) < 0)
    std::printf("%-15s %s\n", "Autostart:", "no autostart");
  else
    std::printf("%-15s %s\n", "Autostart:", autostart ? "yes" : "no");
  if (char *bridge = virNetworkGetBridgeName(n)) {
    std::printf("%-15s %s\n", "Bridge:", bridge);
    std::free(bridge);
  }
  return true;
}

bool cmd_net_list(Shell &sh, const Cmd &c) {
  bool name = c.has("name"), table = c.has("table"), uuid = c.has("uuid");
  unsigned flags = VIR_CONNECT_LIST_NETWORKS_ACTIVE;
  if (c.has("inactive")) flags = VIR_CONNECT_LIST_NETWORKS_INACTIVE;
  if (c.has("all")) flags = VIR_CONNECT_LIST_NETWORKS_ACTIVE | VIR_CONNECT_LIST_NETWORKS_INACTIVE;
  if (c.has("persistent")) flags |= VIR_CONNECT_LIST_NETWORKS_PERSISTENT;
  if (c.has("transient")) flags |= VIR_CONNECT_LIST_NETWORKS_TRANSIENT;
  if (c.has("autostart")) flags |= VIR_CONNECT_LIST_NETWORKS_AUTOSTART;
  if (c.has("no-autostart")) flags |= VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART;
  if (table + name + uuid > 1) {
    error("Only one argument from --table, --name and --uuid may be specified.");
    return false;
  }
  if (!uuid && !name) table = true;
  std::vector<virNetworkPtr> nets;
  if (!collect_networks(sh, flags, nets)) return false;
  std::vector<Net> owned(nets.begin(), nets.end());
  Table t({"Name", "State", "Autostart", "Persistent"});
  for (virNetworkPtr n : nets) {
    if (table) {
      int a = 0;
      const char *autostart = virNetworkGetAutostart(n, &a) < 0 ? "no autostart" : a ? "yes" : "no";
      t.add({virNetworkGetName(n), virNetworkIsActive(n) ? "active" : "inactive", autostart,
             virNetworkIsPersistent(n) ? "yes" : "no"});
    } else if (uuid) {
      std::string u = uuid_of(n);
      if (u.empty()) {
        error("Failed to get network's UUID");
        return false;
      }
      std::printf("%s\n", u.c_str());
    } else {
      std::printf("%s\n", virNetworkGetName(n));
    }
  }
  if (table) t.print();
  return true;
}

bool cmd_net_name(Shell &sh, const Cmd &c) {
  Net net = lookup_network(sh, c, nullptr, kByUuid);
  if (!net) return false;
  std::printf("%s\n", virNetworkGetName(net.get()));
  return true;
}

bool cmd_net_uuid(Shell &sh, const Cmd &c) {
  Net net = lookup_network(sh, c, nullptr, kByName);
  if (!net) return false;
  std::string u = uuid_of(net.get());
  if (u.empty())
    error("failed to get network UUID");
  else
    std::printf("%s\n", u.c_str());
  return true;
}

bool cmd_net_update(Shell &sh, const Cmd &c) {
  if (!exclusive(c, "current", "live") || !exclusive(c, "current", "config")) return false;
  bool config = c.has("config"), live = c.has("live");
  Net net = lookup_network(sh, c);
  if (!net) return false;
  // virsh reports the pending libvirt error at the end, even on success.
  auto done = [](bool ok) {
    report_last();
    return ok;
  };
  static const char *const commands[] = {"none", "modify", "delete", "add-last", "add-first"};
  static const char *const sections[] = {
      "none",         "bridge",        "domain",   "ip",
      "ip-dhcp-host", "ip-dhcp-range", "forward",  "forward-interface",
      "forward-pf",   "portgroup",     "dns-host", "dns-txt",
      "dns-srv"};
  auto index = [](const auto &names, const char *s) {
    for (size_t i = 0; i < std::size(names); i++)
      if (std::strcmp(names[i], s) == 0) return static_cast<int>(i);
    return -1;
  };
  const char *cmd = nullptr;
  if (c.string("command", cmd) < 0 || !cmd) return done(false);
  int command =
      std::strcmp(cmd, "add") == 0 ? VIR_NETWORK_UPDATE_COMMAND_ADD_LAST : index(commands, cmd);
  if (command <= 0) {
    error("unrecognized command name '%s'", cmd);
    return done(false);
  }
  const char *sec = nullptr;
  if (c.string("section", sec) < 0 || !sec) return done(false);
  int section = index(sections, sec);
  if (section <= 0) {
    error("unrecognized section name '%s'", sec);
    return done(false);
  }
  int parent = -1;
  if (c.opt_int("parent-index", parent) < 0) return done(false);
  const char *xml = nullptr;
  if (c.string("xml", xml) < 0 || !xml) return done(false);
  // Inline XML starts with '<'; anything else names a file holding it.
  std::string from_file;
  if (*xml != '<') {
    if (!read_file(xml, from_file)) {
      reset_error();
      return done(false);
    }
    xml = from_file.c_str();
  }
  unsigned flags = VIR_NETWORK_UPDATE_AFFECT_CURRENT;
  if (config) flags |= VIR_NETWORK_UPDATE_AFFECT_CONFIG;
  if (live) flags |= VIR_NETWORK_UPDATE_AFFECT_LIVE;
  const char *name = virNetworkGetName(net.get());
  if (virNetworkUpdate(net.get(), static_cast<unsigned>(command), static_cast<unsigned>(section),
                       parent, xml, flags) < 0) {
    error("Failed to update network %s", name);
    return done(false);
  }
  // No newline: the shell's blank line after the command ends it.
  if (config)
    extra(live ? "Updated network %s persistent config and live state"
               : "Updated network %s persistent config",
          name);
  else if (live || virNetworkIsActive(net.get()))
    extra("Updated network %s live state", name);
  else
    extra("Updated network %s persistent config", name);
  return done(true);
}

bool cmd_net_port_list(Shell &sh, const Cmd &c) {
  bool table = c.has("table"), uuid = c.has("uuid");
  if (table && uuid) {
    error("Only one argument from --table and --uuid may be specified.");
    return false;
  }
  Net net = lookup_network(sh, c);
  if (!net) return false;
  virNetworkPortPtr *list = nullptr;
  int n = virNetworkListAllPorts(net.get(), &list, 0);
  if (n < 0) return false;
  std::vector<Port> ports;
  for (int i = 0; i < n; i++) ports.emplace_back(list[i]);
  std::free(list);
  std::sort(ports.begin(), ports.end(), [](const Port &a, const Port &b) {
    unsigned char ua[VIR_UUID_BUFLEN], ub[VIR_UUID_BUFLEN];
    if (virNetworkPortGetUUID(a.get(), ua) < 0 || virNetworkPortGetUUID(b.get(), ub) < 0)
      return false;
    return std::memcmp(ua, ub, VIR_UUID_BUFLEN) < 0;
  });
  Table t({"UUID"});
  for (auto &p : ports) {
    char u[VIR_UUID_STRING_BUFLEN];
    if (virNetworkPortGetUUIDString(p.get(), u) < 0) {
      error("Failed to get network's UUID");
      return false;
    }
    if (uuid)
      std::printf("%s\n", u);
    else
      t.add({u});
  }
  if (!uuid) t.print();
  return true;
}

bool cmd_net_port_create(Shell &sh, const Cmd &c) {
  Net net = lookup_network(sh, c);
  if (!net) return false;
  const char *from = nullptr;
  if (c.string("file", from) < 0 || !from) return false;
  unsigned flags = c.has("validate") ? VIR_NETWORK_PORT_CREATE_VALIDATE : 0;
  std::string xml;
  if (!read_xml(from, xml)) return false;
  Port port(virNetworkPortCreateXML(net.get(), xml.c_str(), flags));
  if (!port) {
    error("Failed to create network from %s", from);
    return false;
  }
  char u[VIR_UUID_STRING_BUFLEN] = "";
  virNetworkPortGetUUIDString(port.get(), u);
  extra("Network port %s created from %s\n", u, from);
  return true;
}

// virsh 9.0.0 reports success when the network or port is not found, or the
// XML cannot be had; only an empty --xpath fails.
bool cmd_net_port_dumpxml(Shell &sh, const Cmd &c) {
  Net net = lookup_network(sh, c);
  if (!net) return true;
  Port port = lookup_port(c, net.get());
  if (!port) return true;
  const char *xpath = nullptr;
  if (c.string_quiet("xpath", xpath) < 0) return false;
  char *xml = virNetworkPortGetXMLDesc(port.get(), 0);
  if (!xml) return true;
  bool ok = print_xml(xml, xpath, c.has("wrap"));
  std::free(xml);
  return ok;
}

// As net-port-dumpxml, virsh 9.0.0 reports success whatever happens.
bool cmd_net_port_delete(Shell &sh, const Cmd &c) {
  Net net = lookup_network(sh, c);
  if (!net) return true;
  Port port = lookup_port(c, net.get());
  if (!port) return true;
  char u[VIR_UUID_STRING_BUFLEN];
  if (virNetworkPortGetUUIDString(port.get(), u) < 0) return true;
  if (virNetworkPortDelete(port.get(), 0) < 0)
    error("Failed to delete network port %s", u);
  else
    extra("Network port %s deleted\n", u);
  return true;
}

bool cmd_net_edit(Shell &sh, const Cmd &c) {
  Net net = lookup_network(sh, c);
  if (!net) return false;
  Net edited;
  auto get = [&]() -> char * {
    char *doc = virNetworkGetXMLDesc(net.get(), VIR_NETWORK_XML_INACTIVE);
    // An old server without VIR_NETWORK_XML_INACTIVE: ask without it.
    if (!doc && virGetLastErrorCode() == VIR_ERR_INVALID_ARG) {
      reset_error();
      doc = virNetworkGetXMLDesc(net.get(), 0);
    }
    return doc;
  };
  auto r = edit_xml(get, [&](const char *xml) {
    edited.reset(virNetworkDefineXML(sh.conn.get(), xml));
    return edited != nullptr;
  });
  if (r == EditResult::kFailed) return false;
  if (r == EditResult::kUnchanged) {
    extra("Network %s XML configuration not changed.\n", virNetworkGetName(net.get()));
    return true;
  }
  extra("Network %s XML configuration edited.\n", virNetworkGetName(edited.get()));
  return true;
}

namespace {

struct NetEvents {
  using Obj = virNetworkPtr;
  using Callback = virConnectNetworkEventGenericCallback;
  static constexpr const char *kWhat = "network";
  static constexpr const char *kEvents[] = {"lifecycle"};
  static constexpr const char *kLifecycle[] = {"Defined", "Undefined", "Started", "Stopped"};
  static std::string name(Obj o) { return virNetworkGetName(o); }
  static constexpr auto Register = virConnectNetworkEventRegisterAny;
  static constexpr auto Deregister = virConnectNetworkEventDeregisterAny;
};

}  // namespace

bool cmd_net_event(Shell &sh, const Cmd &c) {
  using E = ObjectEvents<NetEvents>;
  int id, timeout = 0;
  E::Watch w{};
  if (int r = E::prepare(c, id, w, timeout)) return r > 0;
  // As virsh: a network that is not found filters nothing.
  Net net;
  if (c.has("network")) net = lookup_network(sh, c);
  return E::wait(sh, net.get(), id, w, timeout);
}

}  // namespace virtkit_sh
