// SPDX-License-Identifier: LGPL-2.1-or-later
// virsh's completers: the option values TAB offers (from the connection:
// domain, network, pool, volume ... names, and fixed lists). Commands and
// options are completed by the shared shell (vsh_cmds.cc).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

using List = std::optional<std::vector<std::string>>;
using Completer = List (*)(Shell &, const Partial &, unsigned flags);

const std::string *value_of(const Partial &p, const char *name) {
  for (auto &o : p.opts)
    if (std::strcmp(o.def->name, name) == 0) return &o.data;
  return nullptr;
}

bool alive(Shell &sh) {
  return sh.conn && virConnectIsAlive(sh.conn.get()) > 0;
}

// Every object a virConnectListAll*-style call lists under parent (the
// connection, a pool or a domain), each as name() gives it.
template <typename Parent, typename Obj>
List list_all(Parent parent, int (*list)(Parent, Obj **, unsigned), std::string (*name)(Obj),
              int (*free_obj)(Obj), unsigned flags) {
  Obj *objs = nullptr;
  int n = list(parent, &objs, flags);
  if (n < 0) {
    reset_error();
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (int i = 0; i < n; i++) {
    out.push_back(name(objs[i]));
    free_obj(objs[i]);
  }
  std::free(objs);
  return out;
}

// Names and UUIDs as completion words.
template <typename Obj, const char *(*Get)(Obj)>
std::string get_name(Obj o) {
  const char *n = Get(o);
  return n ? n : "";
}

template <typename Obj, int (*Get)(Obj, char *)>
std::string get_uuid(Obj o) {
  char b[VIR_UUID_STRING_BUFLEN];
  return Get(o, b) == 0 ? b : "";
}

// A completer listing the connection's objects of one kind.
template <typename Obj, int (*ListAll)(virConnectPtr, Obj **, unsigned), std::string (*Name)(Obj),
          int (*Free)(Obj)>
List conn_objects(Shell &sh, const Partial &, unsigned flags) {
  if (!alive(sh)) return std::nullopt;
  return list_all(sh.conn.get(), ListAll, Name, Free, flags);
}

// The pool named by --pool (by UUID, then name), for volume completers.
virStoragePoolPtr pool_of(Shell &sh, const Partial &p) {
  const std::string *name = value_of(p, "pool");
  if (!name) return nullptr;
  virStoragePoolPtr pool = nullptr;
  if (name->size() == VIR_UUID_STRING_BUFLEN - 1)
    pool = virStoragePoolLookupByUUIDString(sh.conn.get(), name->c_str());
  if (!pool) pool = virStoragePoolLookupByName(sh.conn.get(), name->c_str());
  // As virsh, even while completing: the lookup's error follows.
  if (!pool) error("failed to get pool '%s'", name->c_str());
  return pool;
}

template <std::string (*Name)(virStorageVolPtr)>
List volumes(Shell &sh, const Partial &p, unsigned flags) {
  if (!alive(sh)) return std::nullopt;
  virStoragePoolPtr pool = pool_of(sh, p);
  if (!pool) return std::nullopt;
  List l = list_all(pool, virStoragePoolListAllVolumes, Name, virStorageVolFree, flags);
  virStoragePoolFree(pool);
  return l;
}

// The domain named by --domain, for the completers that look inside one.
virDomainPtr domain_of(Shell &sh, const Partial &p) {
  const std::string *name = value_of(p, "domain");
  if (!name) return nullptr;
  virDomainPtr d = nullptr;
  char *end = nullptr;
  long v = std::strtol(name->c_str(), &end, 10);
  if (!name->empty() && *end == '\0' && v >= 0 && v <= 0x7fffffff)
    d = virDomainLookupByID(sh.conn.get(), static_cast<int>(v));
  if (!d && name->size() == VIR_UUID_STRING_BUFLEN - 1)
    d = virDomainLookupByUUIDString(sh.conn.get(), name->c_str());
  if (!d) d = virDomainLookupByName(sh.conn.get(), name->c_str());
  reset_error();
  return d;
}

// A completer listing one kind of object inside the --domain.
template <typename Obj, int (*ListAll)(virDomainPtr, Obj **, unsigned), std::string (*Name)(Obj),
          int (*Free)(Obj)>
List domain_objects(Shell &sh, const Partial &p, unsigned flags) {
  if (!alive(sh)) return std::nullopt;
  virDomainPtr d = domain_of(sh, p);
  if (!d) return std::nullopt;
  List l = list_all(d, ListAll, Name, Free, flags);
  virDomainFree(d);
  return l;
}

// virshCommaStringListComplete: the next item of a comma-separated list.
List comma_list(const std::string *input, std::vector<const char *> options) {
  std::string done;
  std::vector<std::string> given;
  if (input && *input != " ") {
    auto comma = input->rfind(',');
    if (comma != std::string::npos) {
      done = input->substr(0, comma);
      size_t start = 0;
      for (;;) {
        size_t c = done.find(',', start);
        given.push_back(done.substr(start, c == std::string::npos ? std::string::npos : c - start));
        if (c == std::string::npos) break;
        start = c + 1;
      }
    }
  }
  std::vector<std::string> out;
  for (const char *o : options) {
    if (std::find(given.begin(), given.end(), o) != given.end()) continue;
    out.push_back(done.empty() ? std::string(o) : done + "," + o);
  }
  return out;
}

List shutdown_modes(Shell &, const Partial &p, unsigned) {
  return comma_list(value_of(p, "mode"), {"acpi", "agent", "initctl", "signal", "paravirt"});
}

List fixed(std::vector<std::string> v) {
  return v;
}

List domain_event_names(Shell &, const Partial &, unsigned) {
  return fixed({"lifecycle",
                "reboot",
                "rtc-change",
                "watchdog",
                "io-error",
                "graphics",
                "io-error-reason",
                "control-error",
                "block-job",
                "disk-change",
                "tray-change",
                "pm-wakeup",
                "pm-suspend",
                "balloon-change",
                "pm-suspend-disk",
                "device-removed",
                "block-job-2",
                "tunable",
                "agent-lifecycle",
                "device-added",
                "migration-iteration",
                "job-completed",
                "device-removal-failed",
                "metadata-change",
                "block-threshold",
                "memory-failure",
                "memory-device-size-change"});
}

List network_event_names(Shell &, const Partial &, unsigned) {
  return fixed({"lifecycle"});
}

List pool_event_names(Shell &, const Partial &, unsigned) {
  return fixed({"lifecycle", "refresh"});
}

List node_device_event_names(Shell &, const Partial &, unsigned) {
  return fixed({"lifecycle", "update"});
}

List secret_event_names(Shell &, const Partial &, unsigned) {
  return fixed({"lifecycle", "value-changed"});
}

List pool_types(Shell &, const Partial &p, unsigned) {
  return comma_list(value_of(p, "type"),
                    {"dir", "fs", "netfs", "logical", "disk", "iscsi", "iscsi-direct", "scsi",
                     "mpath", "rbd", "sheepdog", "gluster", "zfs", "vstorage"});
}

List wipe_algorithms(Shell &, const Partial &, unsigned) {
  return fixed({"zero", "nnsa", "dod", "bsi", "gutmann", "schneier", "pfitzner7", "pfitzner33",
                "random", "trim"});
}

List node_suspend_targets(Shell &, const Partial &, unsigned) {
  return fixed({"mem", "disk", "hybrid"});
}

List nodedev_caps(Shell &, const Partial &p, unsigned) {
  return comma_list(value_of(p, "cap"),
                    {"system",      "pci",        "usb_device", "usb",     "net",    "scsi_host",
                     "scsi_target", "scsi",       "storage",    "fc_host", "vports", "scsi_generic",
                     "drm",         "mdev_types", "mdev",       "ccw",     "css",    "vdpa",
                     "ap_card",     "ap_queue",   "ap_matrix",  "vpd"});
}

const std::map<std::string, Completer> &completers() {
  static const std::map<std::string, Completer> m = {
      {"domain-name", conn_objects<virDomainPtr, virConnectListAllDomains,
                                   get_name<virDomainPtr, virDomainGetName>, virDomainFree>},
      {"domain-uuid", conn_objects<virDomainPtr, virConnectListAllDomains,
                                   get_uuid<virDomainPtr, virDomainGetUUIDString>, virDomainFree>},
      {"network-name", conn_objects<virNetworkPtr, virConnectListAllNetworks,
                                    get_name<virNetworkPtr, virNetworkGetName>, virNetworkFree>},
      {"network-uuid",
       conn_objects<virNetworkPtr, virConnectListAllNetworks,
                    get_uuid<virNetworkPtr, virNetworkGetUUIDString>, virNetworkFree>},
      {"storage-pool-name",
       conn_objects<virStoragePoolPtr, virConnectListAllStoragePools,
                    get_name<virStoragePoolPtr, virStoragePoolGetName>, virStoragePoolFree>},
      {"storage-vol-name", volumes<get_name<virStorageVolPtr, virStorageVolGetName>>},
      {"storage-vol-key", volumes<get_name<virStorageVolPtr, virStorageVolGetKey>>},
      {"interface-name",
       conn_objects<virInterfacePtr, virConnectListAllInterfaces,
                    get_name<virInterfacePtr, virInterfaceGetName>, virInterfaceFree>},
      {"interface-mac",
       conn_objects<virInterfacePtr, virConnectListAllInterfaces,
                    get_name<virInterfacePtr, virInterfaceGetMACString>, virInterfaceFree>},
      {"node-device-name",
       conn_objects<virNodeDevicePtr, virConnectListAllNodeDevices,
                    get_name<virNodeDevicePtr, virNodeDeviceGetName>, virNodeDeviceFree>},
      {"nwfilter-name",
       conn_objects<virNWFilterPtr, virConnectListAllNWFilters,
                    get_name<virNWFilterPtr, virNWFilterGetName>, virNWFilterFree>},
      {"nwfilter-binding-name",
       conn_objects<virNWFilterBindingPtr, virConnectListAllNWFilterBindings,
                    get_name<virNWFilterBindingPtr, virNWFilterBindingGetPortDev>,
                    virNWFilterBindingFree>},
      {"secret-uuid", conn_objects<virSecretPtr, virConnectListAllSecrets,
                                   get_uuid<virSecretPtr, virSecretGetUUIDString>, virSecretFree>},
      {"snapshot-name", domain_objects<virDomainSnapshotPtr, virDomainListAllSnapshots,
                                       get_name<virDomainSnapshotPtr, virDomainSnapshotGetName>,
                                       virDomainSnapshotFree>},
      {"checkpoint-name",
       domain_objects<virDomainCheckpointPtr, virDomainListAllCheckpoints,
                      get_name<virDomainCheckpointPtr, virDomainCheckpointGetName>,
                      virDomainCheckpointFree>},
      {"domain-shutdown-mode", shutdown_modes},
      {"domain-event-name", domain_event_names},
      {"network-event-name", network_event_names},
      {"pool-event-name", pool_event_names},
      {"node-device-event-name", node_device_event_names},
      {"secret-event-name", secret_event_names},
      {"pool-type", pool_types},
      {"storage-vol-wipe-algorithm", wipe_algorithms},
      {"node-suspend-target", node_suspend_targets},
      {"node-device-capability-name", nodedev_caps},
  };
  return m;
}

}  // namespace

Words Shell::complete_value(const char *completer, unsigned flags, const Partial &p) {
  auto it = completers().find(completer);
  if (it == completers().end()) return std::nullopt;
  return it->second(*this, p, flags);
}

}  // namespace virtkit_sh
