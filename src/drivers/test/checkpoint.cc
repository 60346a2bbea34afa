// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's domain checkpoints (moments.h: the trees).
#include "drivers/test/moments.h"

#include <cstdlib>
#include <cstring>

#include "xml/xml.h"

namespace virtkit::drivers::test {

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
