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
  return sh.conn && sh.conn.try_is_alive().value_or(false);
}

// Every object H::try_list_all lists under parent (the connection, a pool or
// a domain), each as its member Get gives it.
template <class H, auto Get, class Parent>
List list_all(const Parent &parent, unsigned flags) {
  auto objs = H::try_list_all(parent, flags);
  if (!objs) {
    reset_error();
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const H &o : *objs) out.push_back((o.*Get)().value_or(""));
  return out;
}

// A completer listing the connection's objects of one kind.
template <class H, auto Get>
List conn_objects(Shell &sh, const Partial &, unsigned flags) {
  if (!alive(sh)) return std::nullopt;
  return list_all<H, Get>(sh.conn, flags);
}

// The pool named by --pool (by UUID, then name), for volume completers.
std::optional<virtkit::StoragePool> pool_of(Shell &sh, const Partial &p) {
  const std::string *name = value_of(p, "pool");
  if (!name) return std::nullopt;
  if (name->size() == VIR_UUID_STRING_BUFLEN - 1)
    if (auto pool = virtkit::StoragePool::try_lookup_by_uuid_string(sh.conn, *name)) return *pool;
  auto pool = virtkit::StoragePool::try_lookup_by_name(sh.conn, *name);
  // As virsh, even while completing: the lookup's error follows.
  if (!pool) {
    error("failed to get pool '%s'", name->c_str());
    return std::nullopt;
  }
  return std::move(pool).value();
}

template <auto Get>
List volumes(Shell &sh, const Partial &p, unsigned flags) {
  if (!alive(sh)) return std::nullopt;
  auto pool = pool_of(sh, p);
  if (!pool) return std::nullopt;
  return list_all<virtkit::StorageVolume, Get>(*pool, flags);
}

// The domain named by --domain, for the completers that look inside one.
std::optional<virtkit::Domain> domain_of(Shell &sh, const Partial &p) {
  const std::string *name = value_of(p, "domain");
  if (!name) return std::nullopt;
  std::optional<virtkit::Domain> d;
  char *end = nullptr;
  long v = std::strtol(name->c_str(), &end, 10);
  if (!name->empty() && *end == '\0' && v >= 0 && v <= 0x7fffffff)
    if (auto got = virtkit::Domain::try_lookup_by_id(sh.conn, static_cast<int>(v))) d = *got;
  if (!d && name->size() == VIR_UUID_STRING_BUFLEN - 1)
    if (auto got = virtkit::Domain::try_lookup_by_uuid_string(sh.conn, *name)) d = *got;
  if (!d)
    if (auto got = virtkit::Domain::try_lookup_by_name(sh.conn, *name)) d = *got;
  reset_error();
  return d;
}

// A completer listing one kind of object inside the --domain.
template <class H, auto Get>
List domain_objects(Shell &sh, const Partial &p, unsigned flags) {
  if (!alive(sh)) return std::nullopt;
  auto d = domain_of(sh, p);
  if (!d) return std::nullopt;
  return list_all<H, Get>(*d, flags);
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
      {"domain-name", conn_objects<virtkit::Domain, &virtkit::Domain::try_name>},
      {"domain-uuid", conn_objects<virtkit::Domain, &virtkit::Domain::try_uuid_string>},
      {"network-name", conn_objects<virtkit::Network, &virtkit::Network::try_name>},
      {"network-uuid", conn_objects<virtkit::Network, &virtkit::Network::try_uuid_string>},
      {"storage-pool-name", conn_objects<virtkit::StoragePool, &virtkit::StoragePool::try_name>},
      {"storage-vol-name", volumes<&virtkit::StorageVolume::try_name>},
      {"storage-vol-key", volumes<&virtkit::StorageVolume::try_key>},
      {"interface-name", conn_objects<virtkit::Interface, &virtkit::Interface::try_name>},
      {"interface-mac", conn_objects<virtkit::Interface, &virtkit::Interface::try_mac_string>},
      {"node-device-name", conn_objects<virtkit::NodeDevice, &virtkit::NodeDevice::try_name>},
      {"nwfilter-name", conn_objects<virtkit::NWFilter, &virtkit::NWFilter::try_name>},
      {"nwfilter-binding-name",
       conn_objects<virtkit::NWFilterBinding, &virtkit::NWFilterBinding::try_port_dev>},
      {"secret-uuid", conn_objects<virtkit::Secret, &virtkit::Secret::try_uuid_string>},
      {"snapshot-name",
       domain_objects<virtkit::DomainSnapshot, &virtkit::DomainSnapshot::try_name>},
      {"checkpoint-name",
       domain_objects<virtkit::DomainCheckpoint, &virtkit::DomainCheckpoint::try_name>},
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
