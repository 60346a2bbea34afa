// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's network commands (net-list, net-info, net-update, net-port-*,
// ...), printing what Debian's virsh 9.0.0 prints for each.
#include <strings.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <virtkit/events.hpp>
#include <virtkit/network.hpp>

#include "object_event.h"
#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

using virtkit::Network;
using virtkit::NetworkPort;

enum : unsigned { kByUuid = 1, kByName = 2 };

// virsh's network lookup: a UUID-long string by UUID first, then by name.
// The lookup's own error stays pending, as in virsh.
Network lookup_network(Shell &sh, const Cmd &c, const char **given = nullptr,
                       unsigned by = kByUuid | kByName) {
  const char *n = nullptr;
  if (c.string("network", n) < 0 || !n) return Network();
  if (given) *given = n;
  if ((by & kByUuid) && std::strlen(n) == VIR_UUID_STRING_BUFLEN - 1)
    if (auto net = Network::try_lookup_by_uuid_string(sh.conn, n)) return std::move(*net);
  if (by & kByName)
    if (auto net = Network::try_lookup_by_name(sh.conn, n)) return std::move(*net);
  error("failed to get network '%s'", n);
  return Network();
}

// The --port of a network, by UUID.
NetworkPort lookup_port(const Cmd &c, const Network &net) {
  const char *n = nullptr;
  if (c.string("port", n) < 0 || !n) return NetworkPort();
  auto port = NetworkPort::try_lookup_by_uuid_string(net, n);
  if (!port) {
    error("failed to get network port '%s'", n);
    return NetworkPort();
  }
  return std::move(*port);
}

// A file of XML for a create or define; false after the error, which virsh
// reports as the command's libvirt error (so nothing older stays pending).
bool read_xml(const char *path, std::string &out) {
  if (read_file(path, out)) return true;
  reset_error();
  return false;
}

// The name, or "(null)" where virsh prints C's NULL name (an empty handle
// after a failed edit).
std::string name_of(const Network &n) {
  return n.try_name().value_or("(null)");
}

// Networks the old way (before virConnectListAllNetworks), as virsh 9.0.0
// does it, oddities included: inactive names are fetched only with active
// ones, looked up from the start of the list, and the list is cut by the
// number of failed lookups.
bool collect_old(Shell &sh, unsigned flags, std::vector<Network> &nets, size_t &missing) {
  reset_error();
  bool active = flags & VIR_CONNECT_LIST_NETWORKS_ACTIVE;
  bool inactive = flags & VIR_CONNECT_LIST_NETWORKS_INACTIVE;
  size_t nact = 0, ninact = 0;
  if (active) {
    auto n = Network::try_count(sh.conn);
    if (!n) {
      error("Failed to get the number of active networks");
      return false;
    }
    nact = static_cast<size_t>(*n);
  }
  if (inactive) {
    auto n = Network::try_count_defined(sh.conn);
    if (!n) {
      error("Failed to get the number of inactive networks");
      return false;
    }
    ninact = static_cast<size_t>(*n);
  }
  size_t nall = nact + ninact;
  if (nall == 0) return true;
  // Names not fetched stay missing; their lookups fail.
  std::vector<std::optional<std::string>> names(nall);
  if (active) {
    auto got = Network::try_list_names(sh.conn);
    if (!got) {
      error("Failed to list active networks");
      return false;
    }
    for (size_t i = 0; i < got->size() && i < nact; i++) names[i] = (*got)[i];
    auto defined = Network::try_list_defined_names(sh.conn);
    if (!defined) {
      error("Failed to list inactive networks");
      return false;
    }
    for (size_t i = 0; i < defined->size() && i < ninact; i++) names[nact + i] = (*defined)[i];
  }
  auto look = [&](size_t i) {
    if (!names[i]) return;
    if (auto n = Network::try_lookup_by_name(sh.conn, *names[i])) nets.push_back(std::move(*n));
  };
  for (size_t i = 0; i < nact; i++) look(i);
  for (size_t i = 0; i < ninact; i++) look(i);
  missing = nall - nets.size();
  return true;
}

// virsh's list of networks for net-list: sorted by name; filters the server
// did not know are applied here. False after the error.
bool collect_networks(Shell &sh, unsigned flags, std::vector<Network> &out) {
  auto all = Network::try_list_all(sh.conn, flags);
  if (all) {
    out = std::move(*all);
    sort_by(out, name_of);
    return true;
  }
  int code = all.error().code();
  size_t missing = 0;
  std::vector<Network> nets;
  if (code == VIR_ERR_NO_SUPPORT) {
    if (!collect_old(sh, flags, nets, missing)) return false;
  } else if (code == VIR_ERR_INVALID_ARG) {
    reset_error();
    auto some = Network::try_list_all(
        sh.conn, flags & (VIR_CONNECT_LIST_NETWORKS_ACTIVE | VIR_CONNECT_LIST_NETWORKS_INACTIVE));
    if (!some) {
      error("Failed to list networks");
      return false;
    }
    nets = std::move(*some);
  } else {
    error("Failed to list networks");
    return false;
  }
  // The filters the server could not apply.
  constexpr unsigned kPersist =
      VIR_CONNECT_LIST_NETWORKS_PERSISTENT | VIR_CONNECT_LIST_NETWORKS_TRANSIENT;
  constexpr unsigned kAuto =
      VIR_CONNECT_LIST_NETWORKS_AUTOSTART | VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART;
  std::vector<Network> kept;
  for (Network &net : nets) {
    bool keep = true;
    if (flags & kPersist) {
      auto p = net.try_is_persistent();
      if (!p) {
        error("Failed to get network persistence info");
        return false;
      }
      keep = ((flags & VIR_CONNECT_LIST_NETWORKS_PERSISTENT) && *p) ||
             ((flags & VIR_CONNECT_LIST_NETWORKS_TRANSIENT) && !*p);
    }
    if (keep && (flags & kAuto)) {
      auto a = net.try_autostart();
      if (!a) {
        error("Failed to get network autostart state");
        return false;
      }
      keep = ((flags & VIR_CONNECT_LIST_NETWORKS_AUTOSTART) && *a) ||
             ((flags & VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART) && !*a);
    }
    if (keep) kept.push_back(std::move(net));
  }
  sort_by(kept, name_of);
  // virsh also drops as many entries from the end as lookups failed.
  kept.resize(kept.size() > missing ? kept.size() - missing : 0);
  out = std::move(kept);
  return true;
}

}  // namespace

bool cmd_net_autostart(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  Network net = lookup_network(sh, c, &name);
  if (!net) return false;
  bool on = !c.has("disable");
  if (!net.try_set_autostart(on)) {
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
  auto net = Network::try_create_xml(sh.conn, xml, flags);
  if (!net) {
    error("Failed to create network from %s", from);
    return false;
  }
  extra("Network %s created from %s\n", name_of(*net).c_str(), from);
  return true;
}

bool cmd_net_define(Shell &sh, const Cmd &c) {
  const char *from = nullptr;
  if (c.string("file", from) < 0 || !from) return false;
  unsigned flags = c.has("validate") ? VIR_NETWORK_DEFINE_VALIDATE : 0;
  std::string xml;
  if (!read_xml(from, xml)) return false;
  auto net = Network::try_define_xml(sh.conn, xml, flags);
  if (!net) {
    error("Failed to define network from %s", from);
    return false;
  }
  extra("Network %s defined from %s\n", name_of(*net).c_str(), from);
  return true;
}

bool cmd_net_destroy(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  Network net = lookup_network(sh, c, &name);
  if (!net) return false;
  if (!net.try_destroy()) {
    error("Failed to destroy network %s", name);
    return false;
  }
  extra("Network %s destroyed\n", name);
  return true;
}

bool cmd_net_start(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  Network net = lookup_network(sh, c, &name);
  if (!net) return false;
  if (!net.try_create()) {
    error("Failed to start network %s", name);
    return false;
  }
  extra("Network %s started\n", name);
  return true;
}

bool cmd_net_undefine(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  Network net = lookup_network(sh, c, &name);
  if (!net) return false;
  if (!net.try_undefine()) {
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
  Network net = lookup_network(sh, c, &name);
  if (!net) return false;
  auto leases = net.try_dhcp_leases(mac ? std::optional<std::string_view>(mac) : std::nullopt);
  if (!leases) {
    error("Failed to get leases info for %s", name);
    return false;
  }
  std::vector<virtkit::DHCPLease> &list = *leases;
  auto mac_of = [](const virtkit::DHCPLease &l) { return l.mac ? l.mac->c_str() : ""; };
  std::sort(list.begin(), list.end(),
            [&](const auto &a, const auto &b) { return strcasecmp(mac_of(a), mac_of(b)) < 0; });
  auto or_minus = [](const std::optional<std::string> &s) { return s ? *s : std::string("-"); };
  Table t(
      {"Expiry Time", "MAC address", "Protocol", "IP address", "Hostname", "Client ID or DUID"});
  for (const virtkit::DHCPLease &l : list) {
    time_t when = std::chrono::system_clock::to_time_t(l.expiry);
    struct tm tm {};
    char stamp[64] = "";
    if (localtime_r(&when, &tm)) std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
    const char *type = l.type == VIR_IP_ADDR_TYPE_IPV4   ? "ipv4"
                       : l.type == VIR_IP_ADDR_TYPE_IPV6 ? "ipv6"
                                                         : "-";
    // The C API's NULL address (printed "(null)" by virsh) reaches us empty.
    std::string ip = l.ip_address.empty() ? "(null)" : l.ip_address;
    std::string cidr = ip + "/" + std::to_string(static_cast<int>(l.prefix));
    t.add({stamp, or_minus(l.mac), type, cidr, or_minus(l.hostname), or_minus(l.client_id)});
  }
  t.print();
  return true;
}

bool cmd_net_dumpxml(Shell &sh, const Cmd &c) {
  Network net = lookup_network(sh, c);
  if (!net) return false;
  unsigned flags = c.has("inactive") ? VIR_NETWORK_XML_INACTIVE : 0;
  const char *xpath = nullptr;
  if (c.string_quiet("xpath", xpath) < 0) return false;
  auto xml = net.try_xml(flags);
  if (!xml) return false;
  return print_xml(xml->c_str(), xpath, c.has("wrap"));
}

bool cmd_net_info(Shell &sh, const Cmd &c) {
  Network net = lookup_network(sh, c);
  if (!net) return false;
  std::printf("%-15s %s\n", "Name:", name_of(net).c_str());
  if (auto uuid = net.try_uuid_string()) std::printf("%-15s %s\n", "UUID:", uuid->c_str());
  if (auto active = net.try_is_active())
    std::printf("%-15s %s\n", "Active:", *active ? "yes" : "no");
  auto persistent = net.try_is_persistent();
  std::printf("%-15s %s\n", "Persistent:", !persistent ? "unknown" : *persistent ? "yes" : "no");
  auto autostart = net.try_autostart();
  std::printf("%-15s %s\n", "Autostart:", !autostart ? "no autostart" : *autostart ? "yes" : "no");
  if (auto bridge = net.try_bridge_name()) std::printf("%-15s %s\n", "Bridge:", bridge->c_str());
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
  std::vector<Network> nets;
  if (!collect_networks(sh, flags, nets)) return false;
  Table t({"Name", "State", "Autostart", "Persistent"});
  for (const Network &n : nets) {
    if (table) {
      auto a = n.try_autostart();
      const char *autostart = !a ? "no autostart" : *a ? "yes" : "no";
      // As virsh: a failed check counts as true.
      std::string nm = name_of(n);
      bool active = n.try_is_active().value_or(true);
      bool persistent = n.try_is_persistent().value_or(true);
      t.add({nm, active ? "active" : "inactive", autostart, persistent ? "yes" : "no"});
    } else if (uuid) {
      auto u = n.try_uuid_string();
      if (!u) {
        error("Failed to get network's UUID");
        return false;
      }
      std::printf("%s\n", u->c_str());
    } else {
      std::printf("%s\n", name_of(n).c_str());
    }
  }
  if (table) t.print();
  return true;
}

bool cmd_net_name(Shell &sh, const Cmd &c) {
  Network net = lookup_network(sh, c, nullptr, kByUuid);
  if (!net) return false;
  std::printf("%s\n", name_of(net).c_str());
  return true;
}

bool cmd_net_uuid(Shell &sh, const Cmd &c) {
  Network net = lookup_network(sh, c, nullptr, kByName);
  if (!net) return false;
  auto u = net.try_uuid_string();
  if (!u)
    error("failed to get network UUID");
  else
    std::printf("%s\n", u->c_str());
  return true;
}

bool cmd_net_update(Shell &sh, const Cmd &c) {
  if (!exclusive(c, "current", "live") || !exclusive(c, "current", "config")) return false;
  bool config = c.has("config"), live = c.has("live");
  Network net = lookup_network(sh, c);
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
  std::string nm = name_of(net);
  const char *name = nm.c_str();
  if (!net.try_update(static_cast<unsigned>(command), static_cast<unsigned>(section), parent, xml,
                      flags)) {
    error("Failed to update network %s", name);
    return done(false);
  }
  // No newline: the shell's blank line after the command ends it.
  if (config)
    extra(live ? "Updated network %s persistent config and live state"
               : "Updated network %s persistent config",
          name);
  else if (live || net.try_is_active().value_or(true))
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
  Network net = lookup_network(sh, c);
  if (!net) return false;
  auto ports = NetworkPort::try_list_all(net);
  if (!ports) return false;
  std::sort(ports->begin(), ports->end(), [](const NetworkPort &a, const NetworkPort &b) {
    auto ua = a.try_uuid();
    if (!ua) return false;
    auto ub = b.try_uuid();
    if (!ub) return false;
    return *ua < *ub;
  });
  Table t({"UUID"});
  for (const NetworkPort &p : *ports) {
    auto u = p.try_uuid_string();
    if (!u) {
      error("Failed to get network's UUID");
      return false;
    }
    if (uuid)
      std::printf("%s\n", u->c_str());
    else
      t.add({*u});
  }
  if (!uuid) t.print();
  return true;
}

bool cmd_net_port_create(Shell &sh, const Cmd &c) {
  Network net = lookup_network(sh, c);
  if (!net) return false;
  const char *from = nullptr;
  if (c.string("file", from) < 0 || !from) return false;
  unsigned flags = c.has("validate") ? VIR_NETWORK_PORT_CREATE_VALIDATE : 0;
  std::string xml;
  if (!read_xml(from, xml)) return false;
  auto port = NetworkPort::try_create_xml(net, xml, flags);
  if (!port) {
    error("Failed to create network from %s", from);
    return false;
  }
  extra("Network port %s created from %s\n", port->try_uuid_string().value_or("").c_str(), from);
  return true;
}

// virsh 9.0.0 reports success when the network or port is not found, or the
// XML cannot be had; only an empty --xpath fails.
bool cmd_net_port_dumpxml(Shell &sh, const Cmd &c) {
  Network net = lookup_network(sh, c);
  if (!net) return true;
  NetworkPort port = lookup_port(c, net);
  if (!port) return true;
  const char *xpath = nullptr;
  if (c.string_quiet("xpath", xpath) < 0) return false;
  auto xml = port.try_xml();
  if (!xml) return true;
  return print_xml(xml->c_str(), xpath, c.has("wrap"));
}

// As net-port-dumpxml, virsh 9.0.0 reports success whatever happens.
bool cmd_net_port_delete(Shell &sh, const Cmd &c) {
  Network net = lookup_network(sh, c);
  if (!net) return true;
  NetworkPort port = lookup_port(c, net);
  if (!port) return true;
  auto u = port.try_uuid_string();
  if (!u) return true;
  if (!port.try_remove())
    error("Failed to delete network port %s", u->c_str());
  else
    extra("Network port %s deleted\n", u->c_str());
  return true;
}

bool cmd_net_edit(Shell &sh, const Cmd &c) {
  Network net = lookup_network(sh, c);
  if (!net) return false;
  Network edited;
  auto get = [&]() -> char * {
    auto doc = net.try_xml(VIR_NETWORK_XML_INACTIVE);
    // An old server without VIR_NETWORK_XML_INACTIVE: ask without it.
    if (!doc && doc.error().code() == VIR_ERR_INVALID_ARG) {
      reset_error();
      doc = net.try_xml();
    }
    return doc ? strdup(doc->c_str()) : nullptr;
  };
  auto r = edit_xml(get, [&](const char *xml) {
    auto d = Network::try_define_xml(sh.conn, xml);
    if (!d) return false;
    edited = std::move(*d);
    return true;
  });
  if (r == EditResult::kFailed) return false;
  if (r == EditResult::kUnchanged) {
    extra("Network %s XML configuration not changed.\n", name_of(net).c_str());
    return true;
  }
  extra("Network %s XML configuration edited.\n", name_of(edited).c_str());
  return true;
}

namespace {

// ObjectEvents' options and names; the wait is on a virtkit::Subscription.
struct NetEvents {
  using Obj = Network;
  static constexpr const char *kWhat = "network";
  static constexpr const char *kEvents[] = {"lifecycle"};
  static constexpr const char *kLifecycle[] = {"Defined", "Undefined", "Started", "Stopped"};
  static std::string name(const Obj &o) { return name_of(o); }
  template <int ID, class F>
  static auto subscribe(const virtkit::Connection &c, F cb, const Obj *only) {
    return virtkit::try_on_network_event<ID>(c, std::move(cb), only);
  }
};

}  // namespace

bool cmd_net_event(Shell &sh, const Cmd &c) {
  using E = ObjectEvents<NetEvents>;
  int id, timeout = 0;
  E::Watch w{};
  if (int r = E::prepare(c, id, w, timeout)) return r > 0;
  // As virsh: a network that is not found filters nothing.
  Network net;
  if (c.has("network")) net = lookup_network(sh, c);
  return E::wait(sh, net ? &net : nullptr, id, w, timeout);
}

}  // namespace virtkit_sh
