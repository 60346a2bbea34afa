// SPDX-License-Identifier: LGPL-2.1-or-later
// The trees of "moments" (libvirt's name for snapshots and checkpoints)
// the test driver keeps per domain, guarded by the domain's lock: shared
// by snapshot.cc and checkpoint.cc.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "drivers/test/hypervisor.h"
#include "xml/checkpoint_def.h"
#include "xml/snapshot_def.h"

namespace virtkit::drivers::test {

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

struct SnapshotList : MomentList<conf::SnapshotDef> {};
struct CheckpointList : MomentList<conf::CheckpointDef> {};

inline SnapshotList &snaps_of(DomainObj &vm) {
  if (!vm.snapshots) vm.snapshots = std::make_shared<SnapshotList>();
  return *vm.snapshots;
}
inline CheckpointList &chks_of(DomainObj &vm) {
  if (!vm.checkpoints) vm.checkpoints = std::make_shared<CheckpointList>();
  return *vm.checkpoints;
}

// virDomainSnapshotObjListGetNames: public flags to common flags plus the
// snapshot filter.
inline std::vector<SnapNode *> select_snapshots(SnapshotList &list, SnapNode *from, bool want_names,
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

inline std::vector<ChkNode *> select_checkpoints(CheckpointList &list, ChkNode *from,
                                                 bool want_names, unsigned flags) {
  return list.select(from, want_names, flags, [](const conf::CheckpointDef &) { return true; });
}

inline Result<SnapNode *> find_snapshot(DomainObj &vm, const char *name) {
  if (SnapNode *n = snaps_of(vm).find(std::string(name))) return n;
  return error(kFrom, VIR_ERR_NO_DOMAIN_SNAPSHOT, "no domain snapshot with matching name '%s'",
               name);
}
inline Result<ChkNode *> find_checkpoint(DomainObj &vm, const char *name) {
  if (ChkNode *n = chks_of(vm).find(std::string(name))) return n;
  return error(kFrom, VIR_ERR_NO_DOMAIN_CHECKPOINT, "no domain checkpoint with matching name '%s'",
               name);
}

inline virDomainSnapshotPtr snapshot_handle(virDomainPtr dom, const std::string &name) {
  return handles::make<_virDomainSnapshot>(dom, [&](_virDomainSnapshot &s) { s.name = name; });
}
inline virDomainCheckpointPtr checkpoint_handle(virDomainPtr dom, const std::string &name) {
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

}  // namespace virtkit::drivers::test
