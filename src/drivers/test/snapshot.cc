// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's domain snapshots and checkpoints: per-domain trees of
// "moments" (libvirt's name for both), guarded by the domain's lock.
#include "drivers/test/hypervisor.h"

#include <cstdlib>
#include <cstring>
#include <map>
#include <unordered_map>

#include "driver/uri.h"
#include "xml/checkpoint_def.h"
#include "xml/snapshot_def.h"
#include "xml/xml.h"

namespace virtkit::drivers::test {

namespace {

// One snapshot or checkpoint in its tree. Children are kept newest first
// (a singly linked sibling list), as libvirt keeps them.
template <class Def>
struct Moment {
  std::unique_ptr<Def> def;  // null for the tree's meta-root
  Moment *parent = nullptr;
  Moment *first_child = nullptr;
  Moment *sibling = nullptr;
  int nchildren = 0;
  uint64_t seq = 0;
};

// Common list flags (libvirt's VIR_DOMAIN_MOMENT_LIST_*).
enum : unsigned {
  kRoots = 1u << 0,
  kDescendants = 1u << 0,
  kTopological = 1u << 1,
  kLeaves = 1u << 2,
  kNoLeaves = 1u << 3,
  kMetadata = 1u << 4,
  kNoMetadata = 1u << 5,
};

template <class Def>
struct MomentList {
  using Node = Moment<Def>;
  std::unordered_map<std::string, std::unique_ptr<Node>> objs;
  std::map<uint64_t, Node *> order;  // the order of a full listing
  uint64_t next_seq = 0;
  Node metaroot;
  Node *current = nullptr;

  Node *find(const std::optional<std::string> &name) {
    if (!name) return nullptr;
    auto it = objs.find(*name);
    return it == objs.end() ? nullptr : it->second.get();
  }
  Node *find(const std::string &name) {
    auto it = objs.find(name);
    return it == objs.end() ? nullptr : it->second.get();
  }
  size_t size() const { return objs.size(); }

  // virDomainMomentAssignDef.
  Result<Node *> assign(std::unique_ptr<Def> &def) {
    const std::string &name = *def->name;
    if (objs.count(name))
      return error(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_FAILED, "domain moment %s already exists",
                   name.c_str());
    auto node = std::make_unique<Node>();
    node->def = std::move(def);
    node->seq = next_seq++;
    Node *raw = node.get();
    order.emplace(raw->seq, raw);
    objs.emplace(name, std::move(node));
    return raw;
  }
  // Removes (and frees) a moment; true when it was the current one.
  bool remove(Node *m) {
    bool was_current = current == m;
    if (was_current) current = nullptr;
    order.erase(m->seq);
    objs.erase(*m->def->name);
    return was_current;
  }

  static void set_parent(Node *m, Node *parent) {
    m->parent = parent;
    parent->nchildren++;
    m->sibling = parent->first_child;
    parent->first_child = m;
  }
  static void drop_parent(Node *m) {
    Node *p = m->parent;
    if (!p) return;
    p->nchildren--;
    Node *prev = nullptr, *cur = p->first_child;
    while (cur && cur != m) {
      prev = cur;
      cur = cur->sibling;
    }
    if (cur) {
      if (prev)
        prev->sibling = m->sibling;
      else
        p->first_child = m->sibling;
    }
    m->sibling = nullptr;
    m->parent = nullptr;
  }
  static void drop_children(Node *m) {
    m->nchildren = 0;
    m->first_child = nullptr;
  }
  void link_parent(Node *m) {
    Node *parent = find(m->def->parent_name);
    set_parent(m, parent ? parent : &metaroot);
  }
  static void move_children(Node *from, Node *to) {
    if (!from->nchildren) return;
    Node *child = from->first_child;
    while (child) {
      child->parent = to;
      if (!child->sibling) {
        child->sibling = to->first_child;
        break;
      }
      child = child->sibling;
    }
    to->nchildren += from->nchildren;
    to->first_child = from->first_child;
    from->first_child = nullptr;
    from->nchildren = 0;
  }
  static void descendants(Node *m, std::vector<Node *> &out) {
    for (Node *c = m->first_child; c; c = c->sibling) {
      out.push_back(c);
      descendants(c, out);
    }
  }

  // virDomainMomentObjListGetNames: the moments selected by common
  // `flags`, further filtered by `keep`.
  template <class Keep>
  std::vector<Node *> select(Node *from, bool want_names, unsigned flags, Keep &&keep) {
    std::vector<Node *> out;
    if (!from) {
      flags ^= kRoots;
      from = &metaroot;
    }
    unsigned f = flags & ~(kDescendants | kTopological);
    if ((f & (kMetadata | kNoMetadata)) == kNoMetadata) return out;
    f &= ~(kMetadata | kNoMetadata);
    std::vector<Node *> candidates;
    if (flags & kDescendants) {
      if (from->def || (want_names && (flags & kTopological)))
        descendants(from, candidates);
      else
        for (auto &[seq, n] : order) candidates.push_back(n);
    } else {
      for (Node *c = from->first_child; c; c = c->sibling) candidates.push_back(c);
    }
    for (Node *n : candidates) {
      if ((f & kLeaves) && n->nchildren) continue;
      if ((f & kNoLeaves) && !n->nchildren) continue;
      if (!keep(*n->def)) continue;
      out.push_back(n);
    }
    return out;
  }

  // virDomainMomentCheckCycles.
  Status check_cycles(const Def &def, int from_code) {
    (void)from_code;
    if (!def.parent_name) return Status();
    if (*def.name == *def.parent_name)
      return error(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, "cannot set moment %s as its own parent",
                   def.name->c_str());
    Node *other = find(*def.parent_name);
    if (!other)
      return error(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, "parent %s for moment %s not found",
                   def.parent_name->c_str(), def.name->c_str());
    while (other && other->def->parent_name) {
      if (*other->def->parent_name == *def.name)
        return error(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, "parent %s would create cycle to %s",
                     other->def->name->c_str(), def.name->c_str());
      other = find(*other->def->parent_name);
    }
    return Status();
  }

  // Deletes `m` (and its descendants with `children`, or only them with
  // `children_only`), keeping the current moment as libvirt does.
  void erase(Node *m, bool children, bool children_only) {
    if (children || children_only) {
      std::vector<Node *> all;
      descendants(m, all);
      bool had_current = false;
      for (Node *d : all) had_current |= remove(d);
      if (had_current) current = m;
    } else if (m->nchildren) {
      for (Node *c = m->first_child; c; c = c->sibling) {
        if (m->parent && m->parent->def)
          c->def->parent_name = *m->parent->def->name;
        else
          c->def->parent_name.reset();
      }
      move_children(m, m->parent);
    }
    if (children_only) {
      drop_children(m);
    } else {
      drop_parent(m);
      if (m == current) current = find(m->def->parent_name);
      remove(m);
    }
  }
};

using SnapNode = Moment<conf::SnapshotDef>;
using ChkNode = Moment<conf::CheckpointDef>;

// Public snapshot list flags.
constexpr unsigned kSnapFiltersStatus = VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE |
                                        VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE |
                                        VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY;
constexpr unsigned kSnapFiltersLocation =
    VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL | VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL;
constexpr unsigned kSnapFiltersAll =
    VIR_DOMAIN_SNAPSHOT_LIST_METADATA | VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA |
    VIR_DOMAIN_SNAPSHOT_LIST_LEAVES | VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES | kSnapFiltersStatus |
    kSnapFiltersLocation;
constexpr unsigned kSnapListFlags =
    VIR_DOMAIN_SNAPSHOT_LIST_ROOTS | VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL | kSnapFiltersAll;
constexpr unsigned kSnapChildFlags =
    VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS | VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL | kSnapFiltersAll;
constexpr unsigned kChkListFlags =
    VIR_DOMAIN_CHECKPOINT_LIST_ROOTS | VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL |
    VIR_DOMAIN_CHECKPOINT_LIST_LEAVES | VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES;
constexpr unsigned kChkChildFlags =
    VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS | VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL |
    VIR_DOMAIN_CHECKPOINT_LIST_LEAVES | VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES;

}  // namespace

struct SnapshotList : MomentList<conf::SnapshotDef> {};
struct CheckpointList : MomentList<conf::CheckpointDef> {};

int snapshot_count(const DomainObj &vm) {
  return vm.snapshots ? static_cast<int>(vm.snapshots->size()) : 0;
}
int checkpoint_count(const DomainObj &vm) {
  return vm.checkpoints ? static_cast<int>(vm.checkpoints->size()) : 0;
}

namespace {

SnapshotList &snaps_of(DomainObj &vm) {
  if (!vm.snapshots) vm.snapshots = std::make_shared<SnapshotList>();
  return *vm.snapshots;
}
CheckpointList &chks_of(DomainObj &vm) {
  if (!vm.checkpoints) vm.checkpoints = std::make_shared<CheckpointList>();
  return *vm.checkpoints;
}

// virDomainSnapshotObjListGetNames: public flags to common flags plus the
// snapshot filter.
std::vector<SnapNode *> select_snapshots(SnapshotList &list, SnapNode *from, bool want_names,
                                         unsigned flags) {
  static constexpr std::pair<unsigned, unsigned> kMap[] = {
      {VIR_DOMAIN_SNAPSHOT_LIST_ROOTS, kRoots},
      {VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL, kTopological},
      {VIR_DOMAIN_SNAPSHOT_LIST_LEAVES, kLeaves},
      {VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES, kNoLeaves},
      {VIR_DOMAIN_SNAPSHOT_LIST_METADATA, kMetadata},
      {VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA, kNoMetadata},
  };
  unsigned common = 0;
  for (auto [pub, com] : kMap) {
    if (flags & pub) {
      flags &= ~pub;
      common |= com;
    }
  }
  if ((flags & kSnapFiltersStatus) == kSnapFiltersStatus) flags &= ~kSnapFiltersStatus;
  if ((flags & kSnapFiltersLocation) == kSnapFiltersLocation) flags &= ~kSnapFiltersLocation;
  return list.select(from, want_names, common, [flags](const conf::SnapshotDef &def) {
    if (flags & kSnapFiltersStatus) {
      if (!(flags & VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE) && def.state == conf::kSnapShutoff)
        return false;
      if (!(flags & VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY) && def.state == conf::kSnapDiskSnapshot)
        return false;
      if (!(flags & VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE) && def.state != conf::kSnapShutoff &&
          def.state != conf::kSnapDiskSnapshot)
        return false;
    }
    if ((flags & VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL) && def.is_external()) return false;
    if ((flags & VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL) && !def.is_external()) return false;
    return true;
  });
}

std::vector<ChkNode *> select_checkpoints(CheckpointList &list, ChkNode *from, bool want_names,
                                          unsigned flags) {
  return list.select(from, want_names, flags, [](const conf::CheckpointDef &) { return true; });
}

Result<SnapNode *> find_snapshot(DomainObj &vm, const char *name) {
  if (SnapNode *n = snaps_of(vm).find(std::string(name))) return n;
  return error(kFrom, VIR_ERR_NO_DOMAIN_SNAPSHOT, "no domain snapshot with matching name '%s'",
               name);
}
Result<ChkNode *> find_checkpoint(DomainObj &vm, const char *name) {
  if (ChkNode *n = chks_of(vm).find(std::string(name))) return n;
  return error(kFrom, VIR_ERR_NO_DOMAIN_CHECKPOINT, "no domain checkpoint with matching name '%s'",
               name);
}

virDomainSnapshotPtr snapshot_handle(virDomainPtr dom, const std::string &name) {
  return handles::make<_virDomainSnapshot>(dom, [&](_virDomainSnapshot &s) { s.name = name; });
}
virDomainCheckpointPtr checkpoint_handle(virDomainPtr dom, const std::string &name) {
  return handles::make<_virDomainCheckpoint>(dom, [&](_virDomainCheckpoint &c) { c.name = name; });
}

// Fills a caller's name array (strdup'ed names, at most `max`); returns
// the number selected, as libvirt does.
template <class Node>
Result<int> copy_names(const std::vector<Node *> &sel, char **names, int max) {
  int n = 0;
  for (Node *m : sel) {
    if (names && n < max) {
      names[n] = strdup(m->def->name->c_str());
      if (!names[n]) {
        for (int i = 0; i < n; i++) std::free(names[i]);
        return no_memory();
      }
    }
    n++;
  }
  return n;
}

// The handles of the selected entries (all counted, made only if wanted).
template <class H, class Node, class Make>
Result<int> make_list(const std::vector<Node *> &sel, H ***out, Make &&make) {
  HandleList<H> list(out != nullptr);
  for (Node *m : sel) list.add([&] { return make(*m->def->name); });
  return list.give(out);
}

}  // namespace

// ---- snapshots ----

Result<int> TestHypervisor::domainSnapshotNum(virDomainPtr dom, unsigned int flags) {
  VK_TRY(check_flags(kFrom, "testDomainSnapshotNum", flags, kSnapListFlags));
  auto vm = get(dom);
  VK_TRY(vm);
  return static_cast<int>(select_snapshots(snaps_of(*vm->obj), nullptr, false, flags).size());
}

Result<int> TestHypervisor::domainSnapshotListNames(virDomainPtr dom, char **names, int nameslen,
                                                    unsigned int flags) {
  VK_TRY(check_flags(kFrom, "testDomainSnapshotListNames", flags, kSnapListFlags));
  auto vm = get(dom);
  VK_TRY(vm);
  return copy_names(select_snapshots(snaps_of(*vm->obj), nullptr, true, flags), names, nameslen);
}

Result<int> TestHypervisor::domainListAllSnapshots(virDomainPtr dom, virDomainSnapshotPtr **snaps,
                                                   unsigned int flags) {
  VK_TRY(check_flags(kFrom, "testDomainListAllSnapshots", flags, kSnapListFlags));
  auto vm = get(dom);
  VK_TRY(vm);
  auto sel = select_snapshots(snaps_of(*vm->obj), nullptr, snaps != nullptr, flags);
  return make_list(sel, snaps, [&](const std::string &n) { return snapshot_handle(dom, n); });
}

Result<int> TestHypervisor::domainSnapshotNumChildren(virDomainSnapshotPtr snapshot,
                                                      unsigned int flags) {
  VK_TRY(check_flags(kFrom, "testDomainSnapshotNumChildren", flags, kSnapChildFlags));
  auto vm = get(snapshot->domain);
  VK_TRY(vm);
  auto snap = find_snapshot(*vm->obj, snapshot->name.c_str());
  VK_TRY(snap);
  return static_cast<int>(select_snapshots(snaps_of(*vm->obj), *snap, false, flags).size());
}

Result<int> TestHypervisor::domainSnapshotListChildrenNames(virDomainSnapshotPtr snapshot,
                                                            char **names, int nameslen,
                                                            unsigned int flags) {
  VK_TRY(check_flags(kFrom, "testDomainSnapshotListChildrenNames", flags, kSnapChildFlags));
  auto vm = get(snapshot->domain);
  VK_TRY(vm);
  auto snap = find_snapshot(*vm->obj, snapshot->name.c_str());
  VK_TRY(snap);
  return copy_names(select_snapshots(snaps_of(*vm->obj), *snap, true, flags), names, nameslen);
}

Result<int> TestHypervisor::domainSnapshotListAllChildren(virDomainSnapshotPtr snapshot,
                                                          virDomainSnapshotPtr **snaps,
                                                          unsigned int flags) {
  VK_TRY(check_flags(kFrom, "testDomainSnapshotListAllChildren", flags, kSnapChildFlags));
  auto vm = get(snapshot->domain);
  VK_TRY(vm);
  auto snap = find_snapshot(*vm->obj, snapshot->name.c_str());
  VK_TRY(snap);
  auto sel = select_snapshots(snaps_of(*vm->obj), *snap, snaps != nullptr, flags);
  return make_list(sel, snaps,
                   [&](const std::string &n) { return snapshot_handle(snapshot->domain, n); });
}

Result<virDomainSnapshotPtr> TestHypervisor::domainSnapshotLookupByName(virDomainPtr dom,
                                                                        const char *name,
                                                                        unsigned int flags) {
  VK_TRY(check_flags(kFrom, "testDomainSnapshotLookupByName", flags, 0));
  auto vm = get(dom);
  VK_TRY(vm);
  auto snap = find_snapshot(*vm->obj, name);
  VK_TRY(snap);
  return snapshot_handle(dom, *(*snap)->def->name);
}

Result<int> TestHypervisor::domainHasCurrentSnapshot(virDomainPtr dom, unsigned int flags) {
  VK_TRY(check_flags(kFrom, "testDomainHasCurrentSnapshot", flags, 0));
  auto vm = get(dom);
  VK_TRY(vm);
  return snaps_of(*vm->obj).current != nullptr ? 1 : 0;
}

Result<virDomainSnapshotPtr> TestHypervisor::domainSnapshotGetParent(virDomainSnapshotPtr snapshot,
                                                                     unsigned int flags) {
  VK_TRY(check_flags(kFrom, "testDomainSnapshotGetParent", flags, 0));
  auto vm = get(snapshot->domain);
  VK_TRY(vm);
  auto snap = find_snapshot(*vm->obj, snapshot->name.c_str());
  VK_TRY(snap);
  const auto &def = *(*snap)->def;
  if (!def.parent_name)
    return error(kFrom, VIR_ERR_NO_DOMAIN_SNAPSHOT, "snapshot '%s' does not have a parent",
                 def.name->c_str());
  return snapshot_handle(snapshot->domain, *def.parent_name);
}

Result<virDomainSnapshotPtr> TestHypervisor::domainSnapshotCurrent(virDomainPtr dom,
                                                                   unsigned int flags) {
  VK_TRY(check_flags(kFrom, "testDomainSnapshotCurrent", flags, 0));
  auto vm = get(dom);
  VK_TRY(vm);
  SnapNode *cur = snaps_of(*vm->obj).current;
  if (!cur)
    return error(kFrom, VIR_ERR_NO_DOMAIN_SNAPSHOT, "%s",
                 "the domain does not have a current snapshot");
  return snapshot_handle(dom, *cur->def->name);
}

Result<char *> TestHypervisor::domainSnapshotGetXMLDesc(virDomainSnapshotPtr snapshot,
                                                        unsigned int flags) {
  VK_TRY(check_flags(kFrom, "testDomainSnapshotGetXMLDesc", flags, VIR_DOMAIN_SNAPSHOT_XML_SECURE));
  auto vm = get(snapshot->domain);
  VK_TRY(vm);
  auto snap = find_snapshot(*vm->obj, snapshot->name.c_str());
  VK_TRY(snap);
  std::string uuid = driver::format_uuid(snapshot->domain->uuid);
  unsigned fmt = (flags & VIR_DOMAIN_SNAPSHOT_XML_SECURE) ? unsigned(conf::kSnapFormatSecure) : 0u;
  return dup(conf::format_snapshot(*(*snap)->def, uuid.c_str(), fmt));
}

Result<int> TestHypervisor::domainSnapshotIsCurrent(virDomainSnapshotPtr snapshot,
                                                    unsigned int flags) {
  VK_TRY(check_flags(kFrom, "testDomainSnapshotIsCurrent", flags, 0));
  auto vm = get(snapshot->domain);
  VK_TRY(vm);
  auto snap = find_snapshot(*vm->obj, snapshot->name.c_str());
  VK_TRY(snap);
  return *snap == snaps_of(*vm->obj).current ? 1 : 0;
}

Result<int> TestHypervisor::domainSnapshotHasMetadata(virDomainSnapshotPtr snapshot,
                                                      unsigned int flags) {
  VK_TRY(check_flags(kFrom, "testDomainSnapshotHasMetadata", flags, 0));
  auto vm = get(snapshot->domain);
  VK_TRY(vm);
  VK_TRY(find_snapshot(*vm->obj, snapshot->name.c_str()));
  return 1;
}

Result<virDomainSnapshotPtr> TestHypervisor::domainSnapshotCreateXML(virDomainPtr dom,
                                                                     const char *xml,
                                                                     unsigned int flags) {
  VK_TRY(check_flags(kFrom, "testDomainSnapshotCreateXML", flags,
                     VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE | VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT |
                         VIR_DOMAIN_SNAPSHOT_CREATE_HALT | VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE |
                         VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC | VIR_DOMAIN_SNAPSHOT_CREATE_LIVE |
                         VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE));
  bool redefine = flags & VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE;
  bool update_current = !(redefine && !(flags & VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT));
  unsigned parse_flags = redefine ? unsigned(conf::kSnapParseRedefine) : 0u;
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  SnapshotList &list = snaps_of(*vm.obj);
  if (checkpoint_count(*vm.obj) > 0)
    return error(kFrom, VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                 "cannot create snapshot while checkpoint exists");
  if (!vm->persistent && (flags & VIR_DOMAIN_SNAPSHOT_CREATE_HALT))
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s",
                 "cannot halt after transient domain snapshot");
  if (flags & VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE) parse_flags |= conf::kSnapParseValidate;
  auto parsed = conf::parse_snapshot(xml, parse_flags);
  VK_TRY(parsed);
  std::unique_ptr<conf::SnapshotDef> def = std::move(*parsed);
  SnapNode *snap = nullptr;

  if (redefine) {
    // virDomainSnapshotRedefinePrep.
    VK_TRY(list.check_cycles(*def, VIR_FROM_DOMAIN));
    SnapNode *other = list.find(def->name);
    if (def->dom && std::memcmp(def->dom->uuid, vm->uuid, VIR_UUID_BUFLEN) != 0)
      return error(VIR_FROM_DOMAIN_SNAPSHOT, VIR_ERR_INVALID_ARG,
                   "definition for snapshot %s must use uuid %s", def->name->c_str(),
                   driver::format_uuid(vm->uuid).c_str());
    if (other) {
      auto online = [](int s) { return s == conf::kSnapRunning || s == conf::kSnapPaused; };
      if (online(other->def->state) != online(def->state))
        return error(VIR_FROM_DOMAIN_SNAPSHOT, VIR_ERR_INVALID_ARG,
                     "cannot change between online and offline snapshot state in snapshot %s",
                     def->name->c_str());
      if ((other->def->state == conf::kSnapDiskSnapshot) != (def->state == conf::kSnapDiskSnapshot))
        return error(VIR_FROM_DOMAIN_SNAPSHOT, VIR_ERR_INVALID_ARG,
                     "cannot change between disk only and full system in snapshot %s",
                     def->name->c_str());
      if (other->def->dom && def->dom)
        VK_TRY(conf::check_abi_stability(*other->def->dom, *def->dom));
    }
    int location = (def->state == conf::kSnapDiskSnapshot || def->is_external())
                       ? conf::kLocExternal
                       : conf::kLocInternal;
    VK_TRY(
        conf::align_snapshot_disks(*def, other ? other->def->dom.get() : nullptr, location, true));
    if (other) {
      // virDomainSnapshotReplaceDef: keep the children, rebuild the parent link.
      if (!def->dom) def->dom = std::move(other->def->dom);
      SnapshotList::drop_parent(other);
      other->def = std::move(def);
      snap = other;
    } else {
      auto added = list.assign(def);
      VK_TRY(added);
      snap = *added;
    }
  } else {
    auto copy = conf::copy_domain_def(*vm->def);
    VK_TRY(copy);
    def->dom = std::move(*copy);
    // testDomainSnapshotAlignDisks.
    for (const auto &d : def->disks)
      if (d.snapshot == conf::kLocManual)
        return error(kFrom, VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                     "'manual' snapshot mode is not supported by the test driver");
    int location = conf::kLocInternal;
    def->state = vm->state;
    if (def->memory == conf::kLocExternal)
      location = conf::kLocExternal;
    else
      def->memory = def->state == conf::kSnapShutoff ? conf::kLocNo : conf::kLocInternal;
    VK_TRY(conf::align_snapshot_disks(*def, nullptr, location, true));
    auto added = list.assign(def);
    VK_TRY(added);
    snap = *added;
    if (list.current) snap->def->parent_name = *list.current->def->name;
    if ((flags & VIR_DOMAIN_SNAPSHOT_CREATE_HALT) && vm->active()) {
      shutdown_domain(*st_, vm.shared(), dom, VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT);
      emit(*vm.obj, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT);
    }
  }
  virDomainSnapshotPtr handle = snapshot_handle(dom, *snap->def->name);
  if (update_current) list.current = snap;
  list.link_parent(snap);
  return handle;
}

Result<int> TestHypervisor::domainRevertToSnapshot(virDomainSnapshotPtr snapshot,
                                                   unsigned int flags) {
  VK_TRY(check_flags(kFrom, "testDomainRevertToSnapshot", flags,
                     VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING | VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED |
                         VIR_DOMAIN_SNAPSHOT_REVERT_FORCE));
  virDomainPtr dom = snapshot->domain;
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  auto snap_r = find_snapshot(*vm.obj, snapshot->name.c_str());
  VK_TRY(snap_r);
  SnapNode *snap = *snap_r;
  SnapshotList &list = snaps_of(*vm.obj);
  const conf::SnapshotDef &sdef = *snap->def;
  bool online = sdef.state == conf::kSnapRunning || sdef.state == conf::kSnapPaused;
  const unsigned run_or_pause =
      VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING | VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED;
  if (!vm->persistent && !online && !(flags & run_or_pause))
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s",
                 "transient domain needs to request run or pause to revert to inactive snapshot");
  if (!sdef.dom)
    return error(kFrom, VIR_ERR_SNAPSHOT_REVERT_RISKY,
                 "snapshot '%s' lacks domain '%s' rollback info", sdef.name->c_str(),
                 vm->def->name.c_str());
  list.current = nullptr;
  auto config = conf::copy_domain_def(*sdef.dom);
  VK_TRY(config);

  // Events are queued in order: a pending one and a second one (a
  // suspension) that goes only with it.
  std::optional<std::pair<int, int>> event, event2;
  auto flush = [&] {
    if (event) emit(*vm.obj, event->first, event->second);
    event.reset();
  };
  if (online) {
    if (vm->active()) {
      shutdown_domain(*st_, vm.shared(), dom, VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT);
      emit(*vm.obj, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT);
    }
    vm->def = std::move(*config);
    VK_TRY(start_domain(*st_, vm.shared(), VIR_DOMAIN_RUNNING_FROM_SNAPSHOT));
    event = {VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_FROM_SNAPSHOT};
    if (!(flags & VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING) &&
        (sdef.state == conf::kSnapPaused || (flags & VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED))) {
      vm->set_state(VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_FROM_SNAPSHOT);
      event2 = {VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_FROM_SNAPSHOT};
    }
  } else {
    // virDomainObjAssignDef (not live).
    if (vm->active())
      vm->new_def = std::move(*config);
    else
      vm->def = std::move(*config);
    if (vm->active()) {
      shutdown_domain(*st_, vm.shared(), dom, VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT);
      event = {VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT};
    }
    if (flags & run_or_pause) {
      // libvirt's test driver announces a start here without starting.
      flush();
      event = {VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_FROM_SNAPSHOT};
      if (flags & VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED)
        event2 = {VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_FROM_SNAPSHOT};
    }
  }
  list.current = snap;
  if (event) {
    flush();
    if (event2) emit(*vm.obj, event2->first, event2->second);
  }
  return 0;
}

Result<int> TestHypervisor::domainSnapshotDelete(virDomainSnapshotPtr snapshot,
                                                 unsigned int flags) {
  VK_TRY(
      check_flags(kFrom, "testDomainSnapshotDelete", flags,
                  VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN | VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY));
  auto vm = get(snapshot->domain);
  VK_TRY(vm);
  auto snap = find_snapshot(*vm->obj, snapshot->name.c_str());
  VK_TRY(snap);
  snaps_of(*vm->obj).erase(*snap, flags & VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN,
                           flags & VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY);
  return 0;
}

// ---- checkpoints ----

Result<virDomainCheckpointPtr> TestHypervisor::domainCheckpointCreateXML(virDomainPtr dom,
                                                                         const char *xml,
                                                                         unsigned int flags) {
  VK_TRY(check_flags(kFrom, "testDomainCheckpointCreateXML", flags,
                     VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE | VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE));
  bool redefine = flags & VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE;
  bool update_current = !redefine;
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  CheckpointList &list = chks_of(*vm.obj);
  if (snapshot_count(*vm.obj) > 0)
    return error(kFrom, VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                 "cannot create checkpoint while snapshot exists");
  if (!vm->active())
    return error(kFrom, VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                 "cannot create checkpoint for inactive domain");
  auto parsed = conf::parse_checkpoint(xml, redefine ? unsigned(conf::kChkParseRedefine) : 0u);
  VK_TRY(parsed);
  std::unique_ptr<conf::CheckpointDef> def = std::move(*parsed);
  ChkNode *chk = nullptr;
  if (redefine) {
    // virDomainCheckpointRedefinePrep.
    VK_TRY(list.check_cycles(*def, VIR_FROM_DOMAIN));
    if (def->dom) {
      if (std::memcmp(def->dom->uuid, vm->uuid, VIR_UUID_BUFLEN) != 0)
        return error(VIR_FROM_DOMAIN_CHECKPOINT, VIR_ERR_INVALID_ARG,
                     "definition for checkpoint %s must use uuid %s", def->name->c_str(),
                     driver::format_uuid(vm->uuid).c_str());
      VK_TRY(conf::align_checkpoint_disks(*def));
    } else {
      conf::assign_bitmap_names(*def);
    }
    if (ChkNode *parent = list.find(def->parent_name))
      if (parent == list.current) update_current = true;
    if (!list.current) update_current = true;
    // virDomainCheckpointRedefineCommit.
    if (ChkNode *other = list.find(def->name)) {
      CheckpointList::drop_parent(other);
      other->def = std::move(def);
      chk = other;
    } else {
      auto added = list.assign(def);
      VK_TRY(added);
      chk = *added;
    }
  } else {
    auto copy = conf::copy_domain_def(*vm->def);
    VK_TRY(copy);
    def->dom = std::move(*copy);
    VK_TRY(conf::align_checkpoint_disks(*def));
    auto added = list.assign(def);
    VK_TRY(added);
    chk = *added;
  }
  if (list.current) {
    if (!redefine) chk->def->parent_name = *list.current->def->name;
    if (update_current) list.current = nullptr;
  }
  virDomainCheckpointPtr handle = checkpoint_handle(dom, *chk->def->name);
  if (update_current) list.current = chk;
  list.link_parent(chk);
  return handle;
}

Result<char *> TestHypervisor::domainCheckpointGetXMLDesc(virDomainCheckpointPtr checkpoint,
                                                          unsigned int flags) {
  VK_TRY(check_flags(kFrom, "testDomainCheckpointGetXMLDesc", flags,
                     VIR_DOMAIN_CHECKPOINT_XML_SECURE | VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN |
                         VIR_DOMAIN_CHECKPOINT_XML_SIZE));
  auto vm = get(checkpoint->domain);
  VK_TRY(vm);
  auto chk = find_checkpoint(*vm->obj, checkpoint->name.c_str());
  VK_TRY(chk);
  if (flags & VIR_DOMAIN_CHECKPOINT_XML_SIZE) {
    VK_TRY(check_active(*vm->obj));
    // libvirt's test driver sets a size without marking it valid, so it
    // is never shown.
    for (auto &d : (*chk)->def->disks)
      if (d.type == conf::kChkBitmap) d.size = 1024;
  }
  unsigned fmt = 0;
  if (flags & VIR_DOMAIN_CHECKPOINT_XML_SECURE) fmt |= conf::kChkFormatSecure;
  if (flags & VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN) fmt |= conf::kChkFormatNoDomain;
  if (flags & VIR_DOMAIN_CHECKPOINT_XML_SIZE) fmt |= conf::kChkFormatSize;
  return dup(conf::format_checkpoint(*(*chk)->def, fmt));
}

Result<int> TestHypervisor::domainListAllCheckpoints(virDomainPtr dom,
                                                     virDomainCheckpointPtr **chks,
                                                     unsigned int flags) {
  VK_TRY(check_flags(kFrom, "testDomainListAllCheckpoints", flags, kChkListFlags));
  auto vm = get(dom);
  VK_TRY(vm);
  auto sel = select_checkpoints(chks_of(*vm->obj), nullptr, chks != nullptr, flags);
  return make_list(sel, chks, [&](const std::string &n) { return checkpoint_handle(dom, n); });
}

Result<int> TestHypervisor::domainCheckpointListAllChildren(virDomainCheckpointPtr checkpoint,
                                                            virDomainCheckpointPtr **chks,
                                                            unsigned int flags) {
  VK_TRY(check_flags(kFrom, "testDomainCheckpointListAllChildren", flags, kChkChildFlags));
  auto vm = get(checkpoint->domain);
  VK_TRY(vm);
  auto chk = find_checkpoint(*vm->obj, checkpoint->name.c_str());
  VK_TRY(chk);
  auto sel = select_checkpoints(chks_of(*vm->obj), *chk, chks != nullptr, flags);
  return make_list(sel, chks,
                   [&](const std::string &n) { return checkpoint_handle(checkpoint->domain, n); });
}

Result<virDomainCheckpointPtr> TestHypervisor::domainCheckpointLookupByName(virDomainPtr dom,
                                                                            const char *name,
                                                                            unsigned int flags) {
  VK_TRY(check_flags(kFrom, "testDomainCheckpointLookupByName", flags, 0));
  auto vm = get(dom);
  VK_TRY(vm);
  auto chk = find_checkpoint(*vm->obj, name);
  VK_TRY(chk);
  return checkpoint_handle(dom, *(*chk)->def->name);
}

Result<virDomainCheckpointPtr> TestHypervisor::domainCheckpointGetParent(
    virDomainCheckpointPtr checkpoint, unsigned int flags) {
  VK_TRY(check_flags(kFrom, "testDomainCheckpointGetParent", flags, 0));
  auto vm = get(checkpoint->domain);
  VK_TRY(vm);
  auto chk = find_checkpoint(*vm->obj, checkpoint->name.c_str());
  VK_TRY(chk);
  const auto &def = *(*chk)->def;
  if (!def.parent_name)
    return error(kFrom, VIR_ERR_NO_DOMAIN_CHECKPOINT, "checkpoint '%s' does not have a parent",
                 def.name->c_str());
  return checkpoint_handle(checkpoint->domain, *def.parent_name);
}

Result<int> TestHypervisor::domainCheckpointDelete(virDomainCheckpointPtr checkpoint,
                                                   unsigned int flags) {
  VK_TRY(check_flags(kFrom, "testDomainCheckpointDelete", flags,
                     VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN |
                         VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY |
                         VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY));
  auto vm = get(checkpoint->domain);
  VK_TRY(vm);
  auto chk = find_checkpoint(*vm->obj, checkpoint->name.c_str());
  VK_TRY(chk);
  chks_of(*vm->obj).erase(*chk, flags & VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN,
                          flags & VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY);
  return 0;
}

}  // namespace virtkit::drivers::test

namespace virtkit::drivers::test {

// testParseDomainSnapshots: <test:domainsnapshot> children of a domain in
// a custom configuration file, each a redefinition with <active>.
Status load_domain_snapshots(DriverState &st, const std::string &name,
                             const std::string &config_path, xmlNodePtr domain_node) {
  static const char *kTestNs = "http://libvirt.org/schemas/domain/test/1.0";
  DomainPtr obj = st.domains.find_by_name(name);
  if (!obj) return Status();
  std::lock_guard g(obj->lock);
  SnapshotList &list = snaps_of(*obj);
  bool any = false;
  for (xmlNodePtr n = domain_node->children; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE || !xml::name_is(n, "domainsnapshot") || !n->ns ||
        !n->ns->href || std::strcmp(reinterpret_cast<const char *>(n->ns->href), kTestNs) != 0)
      continue;
    any = true;
    auto resolved = resolve_file_node(n, config_path);
    VK_TRY(resolved);
    xmlXPathContextPtr ctxt = xmlXPathNewContext((*resolved)->doc);
    if (!ctxt) return no_memory();
    ctxt->node = *resolved;
    bool cur = false;
    auto def =
        conf::parse_snapshot_node(ctxt, conf::kSnapParseRedefine | conf::kSnapParseInternal, &cur);
    xmlXPathFreeContext(ctxt);
    VK_TRY(def);
    auto added = list.assign(*def);
    VK_TRY(added);
    if (cur) {
      if (list.current)
        return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s",
                     "more than one snapshot claims to be active");
      list.current = *added;
    }
  }
  if (!any) return Status();
  // virDomainSnapshotUpdateRelations.
  bool bad = false;
  SnapshotList::drop_children(&list.metaroot);
  for (auto &[seq, m] : list.order) {
    SnapNode *parent = list.find(m->def->parent_name);
    if (!parent) {
      parent = &list.metaroot;
      if (m->def->parent_name) bad = true;
    } else {
      for (SnapNode *t = parent; t && t->def; t = t->parent) {
        if (t == m) {
          bad = true;
          parent = &list.metaroot;
          break;
        }
      }
    }
    SnapshotList::set_parent(m, parent);
  }
  if (bad) {
    list.current = nullptr;
    return error(kFrom, VIR_ERR_INTERNAL_ERROR,
                 "Snapshots have inconsistent relations for domain %s", name.c_str());
  }
  return Status();
}

}  // namespace virtkit::drivers::test
