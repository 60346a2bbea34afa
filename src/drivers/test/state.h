// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's state: node information and the domain list.
//
// Locking: `DomainList::lock_` (a reader-biased BrLock) guards only the indexes
// (by UUID, by name, by id, and insertion order); each DomainObj has its own
// mutex for its definition and run state. A thread may take the list lock
// while holding a domain's lock (to update the indexes when a domain starts,
// stops or goes away), never the other way round: lookups copy the shared
// pointer out of the index, drop the list lock, then lock the domain and
// re-check that it is still what they looked for.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <mutex>
#include <array>
#include <cstring>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <libxml/xpath.h>

#include "public.h"
#include "error/status.h"
#include "driver/brlock.h"
#include "event/object_events.h"
#include "xml/domain_def.h"

namespace virtkit::drivers::test {

using event::EventClass;
using event::EventState;
using event::lifecycle_event;
using event::ObjectEvent;

// Per-kind state, defined by each kind's own source file.
struct NetworkState;
struct InterfaceState;
struct StorageState;
struct NodeDeviceState;
struct SnapshotList;
struct CheckpointList;

struct DomainObj {
  DomainObj(std::string n, const unsigned char u[VIR_UUID_BUFLEN], uint64_t s)
      : name(std::move(n)), seq(s) {
    std::copy(u, u + VIR_UUID_BUFLEN, uuid);
  }

  // Changed only by DomainList::rename (holding this object's lock).
  std::string name;
  unsigned char uuid[VIR_UUID_BUFLEN];
  uint64_t seq;  // insertion order, for listing (set when listed)

  std::mutex lock;
  // Guarded by `lock`.
  std::unique_ptr<conf::DomainDef> def;      // the live definition (the config when inactive)
  std::unique_ptr<conf::DomainDef> new_def;  // the persistent config while running
  int state = VIR_DOMAIN_SHUTOFF;
  int reason = 0;
  bool persistent = false;
  bool autostart = false;
  bool has_managed_save = false;
  bool removed = false;                         // taken out of the list; handles to it are stale
  std::shared_ptr<SnapshotList> snapshots;      // snapshot.cc; null: none yet
  std::shared_ptr<CheckpointList> checkpoints;  // snapshot.cc; null: none yet
  // testDomainObjPrivate: guest agent state of the mock (test_driver.cc).
  struct IOThreadInfo {
    unsigned id;
    unsigned long long poll_max_ns;
    unsigned poll_grow, poll_shrink;
  };
  bool frozen[2] = {false, false};  // "/" and "/boot"
  long long seconds = 627319920;
  unsigned nseconds = 0;
  std::vector<IOThreadInfo> iothread_info;
  unsigned taint = 0;                     // 1 << virDomainTaintFlags
  std::vector<std::string> deprecations;  // virDomainObjDeprecation

  // Guarded by the list's lock: the id under which the list indexes it.
  int indexed_id = -1;

  bool active() const { return def->id != -1; }
  void set_state(int st, int why);
};

using DomainPtr = std::shared_ptr<DomainObj>;

class DomainList {
 public:
  // Lookups return the object unlocked; callers lock it and check
  // `removed` (and, for ids, that the id still matches).
  DomainPtr find_by_uuid(const unsigned char *uuid) const;
  DomainPtr find_by_name(const std::string &name) const;
  DomainPtr find_by_id(int id) const;
  // All objects in insertion order.
  std::vector<DomainPtr> all() const;

  // virDomainObjListAdd. `flags`: kAddLive, kAddCheckLive. On success the
  // returned object is locked (the lock is handed over in `held`), its
  // definition replaced or set, and `old_def` receives a replaced config.
  enum : unsigned { kAddLive = 1u << 0, kAddCheckLive = 1u << 1 };
  Result<DomainPtr> add(std::unique_ptr<conf::DomainDef> &def, unsigned flags,
                        std::unique_lock<std::mutex> &held, bool *replaced);

  // Index maintenance; the caller holds the object's lock.
  void set_id(const DomainPtr &obj, int new_id);
  void remove(const DomainPtr &obj);  // marks it removed
  // virDomainObjListRename: re-indexes the object under a new name (false:
  // the name is taken). Also sets obj->name and obj->def->name.
  bool rename(const DomainPtr &obj, const std::string &new_name);

 private:
  // A UUID as a hash key (no allocation per lookup).
  struct UuidKey {
    std::array<unsigned char, VIR_UUID_BUFLEN> bytes;
    bool operator==(const UuidKey &) const = default;
  };
  struct UuidHash {
    size_t operator()(const UuidKey &k) const noexcept {
      uint64_t a, b;
      std::memcpy(&a, k.bytes.data(), 8);
      std::memcpy(&b, k.bytes.data() + 8, 8);
      return std::hash<uint64_t>()(a ^ (b * 0x9e3779b97f4a7c15ULL));
    }
  };
  static UuidKey key(const unsigned char *uuid);
  mutable driver::BrLock lock_;  // lookups do not contend with each other
  std::unordered_map<UuidKey, DomainPtr, UuidHash> by_uuid_;
  std::unordered_map<std::string, DomainPtr> by_name_;
  std::unordered_map<int, DomainPtr> by_id_;
  std::map<uint64_t, DomainPtr> ordered_;
  uint64_t next_seq_ = 0;
};

struct Cell {
  unsigned long mem = 0;  // KiB
  unsigned long free_mem = 0;
  int num_cpus = 0;
};

struct AuthUser {
  std::string username;
  std::optional<std::string> password;
};

// One driver state: shared by all test:///default connections, private to
// each connection opened on a custom file.
struct DriverState {
  // Set up at open, read-only afterwards.
  virNodeInfo node_info{};
  std::vector<Cell> cells;
  std::string capabilities;
  std::vector<AuthUser> auths;

  std::atomic<int> next_dom_id{1};
  DomainList domains;
  std::shared_ptr<NetworkState> networks;         // network.cc
  std::shared_ptr<InterfaceState> interfaces;     // interface.cc
  std::shared_ptr<StorageState> storage;          // storage.cc
  std::shared_ptr<NodeDeviceState> node_devices;  // nodedev.cc
  // Shared with the event loop's timer (which only keeps a weak reference).
  std::shared_ptr<EventState> events = std::make_shared<EventState>();
};

// The state of test:///default, created by the first open and freed when
// the last connection using it closes.
Result<std::shared_ptr<DriverState>> open_default_state();
// A fresh state from a configuration file.
Result<std::shared_ptr<DriverState>> open_file_state(const std::string &path);

// Each object kind fills its part of a new state (defined in its own file):
// the default host's objects, or those of a configuration file.
Status init_default_networks(DriverState &st);
Status init_default_interfaces(DriverState &st);
Status init_default_storage(DriverState &st);
Status init_default_node_devices(DriverState &st);
Status load_networks(DriverState &st, const std::string &config_path, xmlXPathContextPtr ctxt);
Status load_interfaces(DriverState &st, const std::string &config_path, xmlXPathContextPtr ctxt);
Status load_storage(DriverState &st, const std::string &config_path, xmlXPathContextPtr ctxt);
Status load_node_devices(DriverState &st, const std::string &config_path, xmlXPathContextPtr ctxt);
// testParseXMLDocFromFile: an element with a file='...' attribute (relative
// to the configuration's directory) is replaced by that file's root element.
Result<xmlNodePtr> resolve_file_node(xmlNodePtr node, const std::string &config_path);
// Snapshot and checkpoint counts of a domain (caller holds its lock).
int snapshot_count(const DomainObj &vm);
int checkpoint_count(const DomainObj &vm);
// testParseDomainSnapshots: a custom file's <test:domainsnapshot> elements
// of the domain just loaded from `domain_node` (snapshot.cc).
Status load_domain_snapshots(DriverState &st, const std::string &name,
                             const std::string &config_path, xmlNodePtr domain_node);

// Runtime helpers used by the driver operations (caller holds obj->lock).
Status start_domain(DriverState &st, const DomainPtr &obj, int reason);
void shutdown_domain(DriverState &st, const DomainPtr &obj, virDomainPtr handle, int reason);
// testDomainGenerateIfnames.
Status generate_ifnames(conf::DomainDef &def);
// The capabilities document for a state's cells.
std::string build_capabilities(const std::vector<Cell> &cells);

}  // namespace virtkit::drivers::test
