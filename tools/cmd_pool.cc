// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's storage pool commands (pool-list, pool-info, pool-define-as,
// find-storage-pool-sources, ...), printing what Debian's virsh 9.0.0 prints
// for each.
#include <strings.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cmd_storage.h"
#include "object_event.h"

namespace virtkit_sh {

namespace storage {

Pool lookup_pool(Shell &sh, const Cmd &c, const char *opt, const char **given, unsigned by) {
  const char *n = nullptr;
  if (c.string(opt, n) < 0 || !n) return Pool();
  debug(kInfo, "%s: found option <%s>: %s\n", c.def->name, opt, n);
  if (given) *given = n;
  Pool pool;
  if ((by & kByUuid) && std::strlen(n) == VIR_UUID_STRING_BUFLEN - 1) {
    debug(kDebug, "%s: <%s> trying as pool UUID\n", c.def->name, opt);
    if (auto p = Pool::try_lookup_by_uuid_string(sh.conn, n)) pool = std::move(*p);
  }
  if (!pool && (by & kByName)) {
    debug(kDebug, "%s: <%s> trying as pool NAME\n", c.def->name, opt);
    if (auto p = Pool::try_lookup_by_name(sh.conn, n)) pool = std::move(*p);
  }
  if (!pool) error("failed to get pool '%s'", n);
  return pool;
}

}  // namespace storage

using namespace storage;

namespace {

// A file of XML (or a source description); false after the error, which
// virsh reports as the command's libvirt error.
bool read_xml(const char *path, std::string &out) {
  if (read_file(path, out)) return true;
  reset_error();
  return false;
}

const char *pool_state(int state) {
  static const char *const names[] = {"inactive", "building", "running", "degraded",
                                      "inaccessible"};
  return state >= 0 && state < 5 ? names[state] : "unknown";
}

// --build, --overwrite and --no-overwrite of pool-create, pool-create-as and
// pool-start as virStoragePoolCreate* flags; false after the error.
bool create_flags(const Cmd &c, unsigned &flags) {
  if (!exclusive(c, "overwrite", "no-overwrite")) return false;
  flags = 0;
  if (c.has("build")) flags |= VIR_STORAGE_POOL_CREATE_WITH_BUILD;
  if (c.has("overwrite")) flags |= VIR_STORAGE_POOL_CREATE_WITH_BUILD_OVERWRITE;
  if (c.has("no-overwrite")) flags |= VIR_STORAGE_POOL_CREATE_WITH_BUILD_NO_OVERWRITE;
  return true;
}

// The <pool> document pool-define-as and pool-create-as make of their
// options (values as given, unescaped, as virsh does). False after the error.
bool build_pool_xml(const Cmd &c, const char *&name, std::string &xml) {
  if (!exclusive(c, "secret-usage", "secret-uuid")) return false;
  const char *type = nullptr;
  if (c.string("name", name) < 0 || c.string("type", type) < 0) return false;
  static const char *const keys[] = {"source-host",
                                     "source-path",
                                     "source-dev",
                                     "source-name",
                                     "source-format",
                                     "target",
                                     "auth-type",
                                     "auth-username",
                                     "secret-usage",
                                     "secret-uuid",
                                     "adapter-name",
                                     "adapter-wwnn",
                                     "adapter-wwpn",
                                     "adapter-parent",
                                     "adapter-parent-wwnn",
                                     "adapter-parent-wwpn",
                                     "adapter-parent-fabric-wwn",
                                     "source-protocol-ver",
                                     "source-initiator"};
  const char *v[std::size(keys)] = {};
  for (size_t i = 0; i < std::size(keys); i++)
    if (c.string(keys[i], v[i]) < 0) return false;
  const char *host = v[0], *path = v[1], *dev = v[2], *src_name = v[3], *format = v[4],
             *target = v[5], *auth_type = v[6], *auth_user = v[7], *secret_usage = v[8],
             *secret_uuid = v[9], *adapter_name = v[10], *wwnn = v[11], *wwpn = v[12],
             *parent = v[13], *parent_wwnn = v[14], *parent_wwpn = v[15], *parent_fabric = v[16],
             *proto_ver = v[17], *initiator = v[18];
  auto s = [](const char *x) { return std::string(x); };
  xml = "<pool type='" + s(type) + "'>\n  <name>" + s(name) + "</name>\n";
  if (host || path || dev || initiator || format || src_name || (wwnn && wwpn) || adapter_name) {
    xml += "  <source>\n";
    if (host) xml += "    <host name='" + s(host) + "'/>\n";
    if (path) xml += "    <dir path='" + s(path) + "'/>\n";
    if (dev) xml += "    <device path='" + s(dev) + "'/>\n";
    if (initiator)
      xml += "    <initiator>\n      <iqn name='" + s(initiator) + "'/>\n    </initiator>\n";
    if (wwnn && wwpn) {
      xml += "    <adapter type='fc_host'";
      if (parent)
        xml += " parent='" + s(parent) + "'";
      else if (parent_wwnn && parent_wwpn)
        xml += " parent_wwnn='" + s(parent_wwnn) + "' parent_wwpn='" + s(parent_wwpn) + "'";
      else if (parent_fabric)
        xml += " parent_fabric_wwn='" + s(parent_fabric) + "'";
      xml += " wwnn='" + s(wwnn) + "' wwpn='" + s(wwpn) + "'/>\n";
    } else if (adapter_name) {
      xml += "    <adapter type='scsi_host' name='" + s(adapter_name) + "'/>\n";
    }
    if (auth_type && auth_user && (secret_usage || secret_uuid)) {
      xml += "    <auth type='" + s(auth_type) + "' username='" + s(auth_user) + "'>\n";
      if (secret_usage)
        xml += "      <secret usage='" + s(secret_usage) + "'/>\n";
      else
        xml += "      <secret uuid='" + s(secret_uuid) + "'/>\n";
      xml += "    </auth>\n";
    }
    if (format) xml += "    <format type='" + s(format) + "'/>\n";
    if (src_name) xml += "    <name>" + s(src_name) + "</name>\n";
    if (proto_ver) xml += "    <protocol ver='" + s(proto_ver) + "'/>\n";
    xml += "  </source>\n";
  }
  if (target) xml += "  <target>\n    <path>" + s(target) + "</path>\n  </target>\n";
  xml += "</pool>\n";
  return true;
}

bool name_less(const Pool &a, const Pool &b) {
  return strcasecmp(name_of(a).c_str(), name_of(b).c_str()) < 0;
}

// Pools the old way (before virConnectListAllStoragePools), as virsh 9.0.0
// does it, oddities included: inactive names are fetched only when active
// ones are, and the sorted list is cut by the number of failed lookups.
bool collect_old(Shell &sh, unsigned flags, std::vector<Pool> &pools, size_t &missing) {
  reset_error();
  if (flags &
      (VIR_CONNECT_LIST_STORAGE_POOLS_DIR | VIR_CONNECT_LIST_STORAGE_POOLS_FS |
       VIR_CONNECT_LIST_STORAGE_POOLS_NETFS | VIR_CONNECT_LIST_STORAGE_POOLS_LOGICAL |
       VIR_CONNECT_LIST_STORAGE_POOLS_DISK | VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI |
       VIR_CONNECT_LIST_STORAGE_POOLS_SCSI | VIR_CONNECT_LIST_STORAGE_POOLS_MPATH |
       VIR_CONNECT_LIST_STORAGE_POOLS_RBD | VIR_CONNECT_LIST_STORAGE_POOLS_SHEEPDOG |
       VIR_CONNECT_LIST_STORAGE_POOLS_GLUSTER | VIR_CONNECT_LIST_STORAGE_POOLS_ZFS |
       VIR_CONNECT_LIST_STORAGE_POOLS_VSTORAGE | VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI_DIRECT)) {
    error("Filtering using --type is not supported by this libvirt");
    return false;
  }
  constexpr unsigned kBoth =
      VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE | VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE;
  bool active = !(flags & kBoth) || (flags & VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);
  bool inactive = !(flags & kBoth) || (flags & VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE);
  int nact = 0, ninact = 0;
  if (active) {
    auto n = Pool::try_count(sh.conn);
    if (!n) {
      error("Failed to get the number of active pools ");
      return false;
    }
    nact = *n;
  }
  if (inactive) {
    auto n = Pool::try_count_defined(sh.conn);
    if (!n) {
      error("Failed to get the number of inactive pools");
      return false;
    }
    ninact = *n;
  }
  size_t nall = static_cast<size_t>(nact) + static_cast<size_t>(ninact);
  if (nall == 0) return true;
  std::vector<std::string> act, inact;
  if (active) {
    auto a = Pool::try_list_names(sh.conn);
    if (!a) {
      error("Failed to list active pools");
      return false;
    }
    act = std::move(*a);
    auto d = Pool::try_list_defined_names(sh.conn);
    if (!d) {
      error("Failed to list inactive pools");
      return false;
    }
    inact = std::move(*d);
  }
  // Both loops look names up from the start of the (active, then inactive)
  // list, as virsh does.
  std::vector<std::string> names = act;
  names.insert(names.end(), inact.begin(), inact.end());
  auto look = [&](size_t i) {
    if (i >= names.size()) {
      // C: virsh looks up a name it never fetched (NULL), for that call's error.
      if (virStoragePoolPtr p = virStoragePoolLookupByName(sh.conn.get(), nullptr))
        virStoragePoolFree(p);
      return;
    }
    if (auto p = Pool::try_lookup_by_name(sh.conn, names[i])) pools.push_back(std::move(*p));
  };
  for (int i = 0; i < nact; i++) look(static_cast<size_t>(i));
  for (int i = 0; i < ninact; i++) look(static_cast<size_t>(i));
  missing = nall - pools.size();
  return true;
}

// virsh's virshStoragePoolListCollect: the pools matching flags, sorted by
// name; filters the server did not know are applied here. False after the
// error.
bool collect_pools(Shell &sh, unsigned flags, std::vector<Pool> &out) {
  auto all = Pool::try_list_all(sh.conn, flags);
  if (all) {
    out = std::move(*all);
    std::sort(out.begin(), out.end(), name_less);
    return true;
  }
  int code = all.error().code();
  size_t missing = 0;
  std::vector<Pool> pools;
  if (code == VIR_ERR_NO_SUPPORT) {
    if (!collect_old(sh, flags, pools, missing)) return false;
  } else if (code == VIR_ERR_INVALID_ARG) {
    reset_error();
    auto some = Pool::try_list_all(sh.conn, flags & (VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE |
                                                     VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE));
    if (!some) {
      error("Failed to list pools");
      return false;
    }
    pools = std::move(*some);
  } else {
    error("Failed to list pools");
    return false;
  }
  constexpr unsigned kPersist =
      VIR_CONNECT_LIST_STORAGE_POOLS_PERSISTENT | VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT;
  constexpr unsigned kAuto =
      VIR_CONNECT_LIST_STORAGE_POOLS_AUTOSTART | VIR_CONNECT_LIST_STORAGE_POOLS_NO_AUTOSTART;
  std::vector<Pool> kept;
  for (Pool &p : pools) {
    bool keep = true;
    if (flags & kPersist) {
      auto persistent = p.try_is_persistent();
      if (!persistent) {
        error("Failed to get pool persistence info");
        return false;
      }
      keep = ((flags & VIR_CONNECT_LIST_STORAGE_POOLS_PERSISTENT) && *persistent) ||
             ((flags & VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT) && !*persistent);
    }
    if (keep && (flags & kAuto)) {
      auto autostart = p.try_autostart();
      if (!autostart) {
        error("Failed to get pool autostart state");
        return false;
      }
      keep = ((flags & VIR_CONNECT_LIST_STORAGE_POOLS_AUTOSTART) && *autostart) ||
             ((flags & VIR_CONNECT_LIST_STORAGE_POOLS_NO_AUTOSTART) && !*autostart);
    }
    if (keep) kept.push_back(std::move(p));
  }
  // virsh also drops as many entries from the end as lookups failed.
  std::sort(kept.begin(), kept.end(), name_less);
  kept.resize(kept.size() > missing ? kept.size() - missing : 0);
  out = std::move(kept);
  return true;
}

struct PoolTexts {
  std::string state, autostart, persistent, capacity, allocation, available;
};

std::string capacity_text(unsigned long long v) {
  const char *unit;
  double val = pretty_capacity(v, unit);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2lf %s", val, unit);
  return buf;
}

}  // namespace

bool cmd_pool_autostart(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  Pool pool = lookup_pool(sh, c, "pool", &name);
  if (!pool) return false;
  bool autostart = !c.has("disable");
  if (!pool.try_set_autostart(autostart)) {
    error(autostart ? "failed to mark pool %s as autostarted"
                    : "failed to unmark pool %s as autostarted",
          name);
    return false;
  }
  extra(autostart ? "Pool %s marked as autostarted\n" : "Pool %s unmarked as autostarted\n", name);
  return true;
}

bool cmd_pool_create(Shell &sh, const Cmd &c) {
  const char *from = nullptr;
  if (c.string("file", from) < 0) return false;
  unsigned flags = 0;
  if (!create_flags(c, flags)) return false;
  std::string xml;
  if (!read_xml(from, xml)) return false;
  auto pool = Pool::try_create_xml(sh.conn, xml, flags);
  if (!pool) {
    error("Failed to create pool from %s", from);
    return false;
  }
  extra("Pool %s created from %s\n", name_of(*pool).c_str(), from);
  return true;
}

bool cmd_pool_create_as(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (!create_flags(c, flags)) return false;
  const char *name = nullptr;
  std::string xml;
  if (!build_pool_xml(c, name, xml)) return false;
  if (c.has("print-xml")) {
    std::printf("%s", xml.c_str());
    return true;
  }
  if (!Pool::try_create_xml(sh.conn, xml, flags)) {
    error("Failed to create pool %s", name);
    return false;
  }
  extra("Pool %s created\n", name);
  return true;
}

bool cmd_pool_define(Shell &sh, const Cmd &c) {
  const char *from = nullptr;
  if (c.string("file", from) < 0) return false;
  unsigned flags = c.has("validate") ? VIR_STORAGE_POOL_DEFINE_VALIDATE : 0;
  std::string xml;
  if (!read_xml(from, xml)) return false;
  auto pool = Pool::try_define_xml(sh.conn, xml, flags);
  if (!pool) {
    error("Failed to define pool from %s", from);
    return false;
  }
  extra("Pool %s defined from %s\n", name_of(*pool).c_str(), from);
  return true;
}

bool cmd_pool_define_as(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  std::string xml;
  if (!build_pool_xml(c, name, xml)) return false;
  if (c.has("print-xml")) {
    std::printf("%s", xml.c_str());
    return true;
  }
  if (!Pool::try_define_xml(sh.conn, xml)) {
    error("Failed to define pool %s", name);
    return false;
  }
  extra("Pool %s defined\n", name);
  return true;
}

bool cmd_pool_build(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  Pool pool = lookup_pool(sh, c, "pool", &name);
  if (!pool) return false;
  unsigned flags = 0;
  if (c.has("no-overwrite")) flags |= VIR_STORAGE_POOL_BUILD_NO_OVERWRITE;
  if (c.has("overwrite")) flags |= VIR_STORAGE_POOL_BUILD_OVERWRITE;
  if (!pool.try_build(flags)) {
    error("Failed to build pool %s", name);
    return false;
  }
  extra("Pool %s built\n", name);
  return true;
}

namespace {

// The commands that call one function on a pool and say how it went.
bool pool_action(Shell &sh, const Cmd &c,
                 const std::function<virtkit::Expected<void>(const Pool &)> &call, const char *done,
                 const char *failed) {
  const char *name = nullptr;
  Pool pool = lookup_pool(sh, c, "pool", &name);
  if (!pool) return false;
  if (!call(pool)) {
    error("Failed to %s pool %s", failed, name);
    return false;
  }
  extra("Pool %s %s\n", name, done);
  return true;
}

}  // namespace

bool cmd_pool_destroy(Shell &sh, const Cmd &c) {
  return pool_action(sh, c, &Pool::try_destroy, "destroyed", "destroy");
}

bool cmd_pool_delete(Shell &sh, const Cmd &c) {
  return pool_action(
      sh, c, [](const Pool &p) { return p.try_remove(); }, "deleted", "delete");
}

bool cmd_pool_refresh(Shell &sh, const Cmd &c) {
  return pool_action(
      sh, c, [](const Pool &p) { return p.try_refresh(); }, "refreshed", "refresh");
}

bool cmd_pool_undefine(Shell &sh, const Cmd &c) {
  return pool_action(sh, c, &Pool::try_undefine, "has been undefined", "undefine");
}

bool cmd_pool_start(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  Pool pool = lookup_pool(sh, c, "pool", &name);
  if (!pool) return false;
  unsigned flags = 0;
  if (!create_flags(c, flags)) return false;
  if (!pool.try_create(flags)) {
    error("Failed to start pool %s", name);
    return false;
  }
  extra("Pool %s started\n", name);
  return true;
}

bool cmd_pool_dumpxml(Shell &sh, const Cmd &c) {
  unsigned flags = c.has("inactive") ? VIR_STORAGE_XML_INACTIVE : 0;
  Pool pool = lookup_pool(sh, c, "pool");
  if (!pool) return false;
  const char *xpath = nullptr;
  if (c.string_quiet("xpath", xpath) < 0) return false;
  auto xml = pool.try_xml(flags);
  if (!xml) return false;
  return print_xml(xml->c_str(), xpath, c.has("wrap"));
}

bool cmd_pool_list(Shell &sh, const Cmd &c) {
  bool details = c.has("details"), uuid = c.has("uuid"), name = c.has("name");
  if (!exclusive(c, "all", "inactive")) return false;
  unsigned flags = VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE;
  if (c.has("inactive")) flags = VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE;
  if (c.has("all"))
    flags = VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE | VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE;
  if (c.has("autostart")) flags |= VIR_CONNECT_LIST_STORAGE_POOLS_AUTOSTART;
  if (c.has("no-autostart")) flags |= VIR_CONNECT_LIST_STORAGE_POOLS_NO_AUTOSTART;
  if (c.has("persistent")) flags |= VIR_CONNECT_LIST_STORAGE_POOLS_PERSISTENT;
  if (c.has("transient")) flags |= VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT;
  const char *type = nullptr;
  if (c.string("type", type) < 0) return false;
  if (!exclusive(c, "details", "uuid") || !exclusive(c, "details", "name")) return false;
  if (type) {
    // virStoragePoolType's names, in order, and the filter of each.
    static const std::pair<const char *, unsigned> types[] = {
        {"dir", VIR_CONNECT_LIST_STORAGE_POOLS_DIR},
        {"fs", VIR_CONNECT_LIST_STORAGE_POOLS_FS},
        {"netfs", VIR_CONNECT_LIST_STORAGE_POOLS_NETFS},
        {"logical", VIR_CONNECT_LIST_STORAGE_POOLS_LOGICAL},
        {"disk", VIR_CONNECT_LIST_STORAGE_POOLS_DISK},
        {"iscsi", VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI},
        {"iscsi-direct", VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI_DIRECT},
        {"scsi", VIR_CONNECT_LIST_STORAGE_POOLS_SCSI},
        {"mpath", VIR_CONNECT_LIST_STORAGE_POOLS_MPATH},
        {"rbd", VIR_CONNECT_LIST_STORAGE_POOLS_RBD},
        {"sheepdog", VIR_CONNECT_LIST_STORAGE_POOLS_SHEEPDOG},
        {"gluster", VIR_CONNECT_LIST_STORAGE_POOLS_GLUSTER},
        {"zfs", VIR_CONNECT_LIST_STORAGE_POOLS_ZFS},
        {"vstorage", VIR_CONNECT_LIST_STORAGE_POOLS_VSTORAGE}};
    for (const std::string &t : string_to_array(type)) {
      auto it = std::find_if(std::begin(types), std::end(types),
                             [&](const auto &x) { return t == x.first; });
      if (it == std::end(types)) {
        error("Invalid pool type '%s'", t.c_str());
        return false;
      }
      flags |= it->second;
    }
  }
  std::vector<Pool> pools;
  if (!collect_pools(sh, flags, pools)) return false;
  std::vector<PoolTexts> texts(pools.size());
  for (size_t i = 0; i < pools.size(); i++) {
    const Pool &p = pools[i];
    PoolTexts &t = texts[i];
    auto autostart = p.try_autostart();
    if (!autostart)
      t.autostart = "no autostart";
    else
      t.autostart = *autostart ? "yes" : "no";
    if (details) {
      auto persistent = p.try_is_persistent();
      debug(kDebug, "Persistent flag value: %d\n", persistent ? int(*persistent) : -1);
      t.persistent = !persistent ? "unknown" : *persistent ? "yes" : "no";
    }
    auto info = p.try_info();
    if (!info) {
      error("Could not retrieve pool information");
      t.state = "unknown";
      if (details) t.capacity = t.allocation = t.available = "unknown";
    } else if (details) {
      t.state = pool_state(info->state);
      if (info->state == VIR_STORAGE_POOL_RUNNING || info->state == VIR_STORAGE_POOL_DEGRADED) {
        t.capacity = capacity_text(info->capacity);
        t.allocation = capacity_text(info->allocation);
        t.available = capacity_text(info->available);
      } else {
        t.capacity = t.allocation = t.available = "-";
      }
    } else {
      // As virsh: a failed check (-1) counts as active.
      auto active = p.try_is_active();
      t.state = !active || *active ? "active" : "inactive";
    }
  }
  if (!details) {
    if (uuid || name) {
      for (const Pool &p : pools) {
        if (uuid) {
          std::string u = p.try_uuid_string().value_or(std::string());
          std::printf("%-36s%c", u.c_str(), name ? ' ' : '\n');
        }
        if (name) std::printf("%-20s\n", name_of(p).c_str());
      }
      return true;
    }
    Table table({"Name", "State", "Autostart"});
    for (size_t i = 0; i < pools.size(); i++)
      table.add({name_of(pools[i]), texts[i].state, texts[i].autostart});
    table.print();
    return true;
  }
  Table table({"Name", "State", "Autostart", "Persistent", "Capacity", "Allocation", "Available"});
  for (size_t i = 0; i < pools.size(); i++) {
    const PoolTexts &t = texts[i];
    table.add({name_of(pools[i]), t.state, t.autostart, t.persistent, t.capacity, t.allocation,
               t.available});
  }
  table.print();
  return true;
}

bool cmd_find_storage_pool_sources_as(Shell &sh, const Cmd &c) {
  const char *type = nullptr, *host = nullptr, *initiator = nullptr;
  if (c.string("type", type) < 0 || c.string("host", host) < 0 ||
      c.string("initiator", initiator) < 0)
    return false;
  std::string spec;
  if (host) {
    const char *port = nullptr;
    if (c.string("port", port) < 0) {
      error("missing argument");
      return false;
    }
    spec = "<source>\n  <host name='" + std::string(host) + "'";
    if (port) spec += " port='" + std::string(port) + "'";
    spec += "/>\n";
    if (initiator)
      spec += "  <initiator>\n    <iqn name='" + std::string(initiator) + "'/>\n  </initiator>\n";
    spec += "</source>\n";
  }
  auto list = Pool::try_find_sources(sh.conn, type,
                                     host ? std::optional<std::string_view>(spec) : std::nullopt);
  if (!list) {
    error("Failed to find any %s pool sources", type);
    return false;
  }
  std::printf("%s", list->c_str());
  return true;
}

bool cmd_find_storage_pool_sources(Shell &sh, const Cmd &c) {
  const char *type = nullptr, *file = nullptr;
  if (c.string("type", type) < 0 || c.string("srcSpec", file) < 0) return false;
  std::string spec;
  if (file && !read_xml(file, spec)) return false;
  auto list = Pool::try_find_sources(sh.conn, type,
                                     file ? std::optional<std::string_view>(spec) : std::nullopt);
  if (!list) {
    error("Failed to find any %s pool sources", type);
    return false;
  }
  std::printf("%s", list->c_str());
  return true;
}

bool cmd_pool_info(Shell &sh, const Cmd &c) {
  Pool p = lookup_pool(sh, c, "pool");
  if (!p) return false;
  bool bytes = c.has("bytes");
  std::printf("%-15s %s\n", "Name:", name_of(p).c_str());
  if (auto uuid = p.try_uuid_string()) std::printf("%-15s %s\n", "UUID:", uuid->c_str());
  auto info = p.try_info();
  if (!info) return false;
  std::printf("%-15s %s\n", "State:", pool_state(info->state));
  auto persistent = p.try_is_persistent();
  debug(kDebug, "Pool persistent flag value: %d\n", persistent ? int(*persistent) : -1);
  std::printf("%-15s %s\n", "Persistent:", !persistent ? "unknown" : *persistent ? "yes" : "no");
  auto autostart = p.try_autostart();
  if (!autostart)
    std::printf("%-15s %s\n", "Autostart:", "no autostart");
  else
    std::printf("%-15s %s\n", "Autostart:", *autostart ? "yes" : "no");
  if (info->state == VIR_STORAGE_POOL_RUNNING || info->state == VIR_STORAGE_POOL_DEGRADED) {
    const std::pair<const char *, unsigned long long> rows[] = {{"Capacity:", info->capacity},
                                                                {"Allocation:", info->allocation},
                                                                {"Available:", info->available}};
    for (auto &[label, v] : rows) {
      if (bytes) {
        std::printf("%-15s %llu\n", label, v);
      } else {
        const char *unit;
        double val = pretty_capacity(v, unit);
        std::printf("%-15s %2.2lf %s\n", label, val, unit);
      }
    }
  }
  return true;
}

bool cmd_pool_name(Shell &sh, const Cmd &c) {
  Pool pool = lookup_pool(sh, c, "pool", nullptr, kByUuid);
  if (!pool) return false;
  std::printf("%s\n", name_of(pool).c_str());
  return true;
}

bool cmd_pool_uuid(Shell &sh, const Cmd &c) {
  Pool pool = lookup_pool(sh, c, "pool", nullptr, kByName);
  if (!pool) return false;
  if (auto uuid = pool.try_uuid_string())
    std::printf("%s\n", uuid->c_str());
  else
    error("failed to get pool UUID");
  return true;
}

bool cmd_pool_capabilities(Shell &sh, const Cmd &) {
  auto caps = Pool::try_capabilities(sh.conn);
  if (!caps) {
    error("failed to get storage pool capabilities");
    return false;
  }
  std::printf("%s\n", caps->c_str());
  return true;
}

bool cmd_pool_edit(Shell &sh, const Cmd &c) {
  Pool pool = lookup_pool(sh, c, "pool");
  if (!pool) return false;
  unsigned flags = VIR_STORAGE_XML_INACTIVE;
  // Some old daemons lack VIR_STORAGE_XML_INACTIVE.
  if (auto probe = pool.try_xml(flags); !probe) {
    if (probe.error().code() != VIR_ERR_INVALID_ARG) return false;
    flags &= ~VIR_STORAGE_XML_INACTIVE;
    reset_error();
  }
  Pool edited;
  auto r = edit_xml([&] { return edit_copy(pool.try_xml(flags)); },
                    [&](const char *xml) {
                      auto p = Pool::try_define_xml(sh.conn, xml);
                      if (!p) return false;
                      edited = std::move(*p);
                      return true;
                    });
  if (r == EditResult::kFailed) return false;
  if (r == EditResult::kUnchanged) {
    extra("Pool %s XML configuration not changed.\n", name_of(pool).c_str());
    return true;
  }
  extra("Pool %s XML configuration edited.\n", name_of(edited).c_str());
  return true;
}

namespace {

struct PoolEvents {
  using Obj = Pool;
  static constexpr const char *kWhat = "storage pool";
  static constexpr const char *kEvents[] = {"lifecycle", "refresh"};
  static constexpr const char *kLifecycle[] = {"Defined", "Undefined", "Started",
                                               "Stopped", "Created",   "Deleted"};
  static std::string name(const Obj &o) { return o.try_name().value_or(""); }
  template <int ID, class F>
  static auto subscribe(const virtkit::Connection &c, F cb, const Obj *only) {
    return virtkit::try_on_storage_pool_event<ID>(c, std::move(cb), only);
  }
};

}  // namespace

bool cmd_pool_event(Shell &sh, const Cmd &c) {
  using E = ObjectEvents<PoolEvents>;
  int id, timeout = 0;
  E::Watch w{};
  if (int r = E::prepare(c, id, w, timeout)) return r > 0;
  // As virsh: a pool that is not found filters nothing.
  Pool pool;
  if (c.has("pool")) pool = lookup_pool(sh, c, "pool");
  return E::wait(sh, pool ? &pool : nullptr, id, w, timeout);
}

}  // namespace virtkit_sh
