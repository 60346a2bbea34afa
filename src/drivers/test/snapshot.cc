// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's domain snapshots (moments.h: the trees), and loading
// them from a custom configuration.
#include "drivers/test/moments.h"

#include <cstdlib>
#include <cstring>
#include <map>
#include <unordered_map>

#include "driver/uri.h"
#include "xml/checkpoint_def.h"
#include "xml/snapshot_def.h"
#include "xml/xml.h"

namespace virtkit::drivers::test {

int snapshot_count(const DomainObj &vm) {
  return vm.snapshots ? static_cast<int>(vm.snapshots->size()) : 0;
}
int checkpoint_count(const DomainObj &vm) {
  return vm.checkpoints ? static_cast<int>(vm.checkpoints->size()) : 0;
}

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
