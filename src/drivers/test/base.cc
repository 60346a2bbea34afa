// SPDX-License-Identifier: LGPL-2.1-or-later
#include "drivers/test/base.h"

#include "driver/uri.h"

namespace virtkit::drivers::test {

// virDomainObjUpdateModificationImpact.
Status update_modification_impact(const DomainObj &vm, unsigned &flags) {
  bool active = vm.active();
  if ((flags & (VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG)) == VIR_DOMAIN_AFFECT_CURRENT)
    flags |= active ? VIR_DOMAIN_AFFECT_LIVE : VIR_DOMAIN_AFFECT_CONFIG;
  if (!active && (flags & VIR_DOMAIN_AFFECT_LIVE))
    return error(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID, "%s", "domain is not running");
  if (!vm.persistent && (flags & VIR_DOMAIN_AFFECT_CONFIG))
    return error(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID, "%s",
                 "transient domains do not have any persistent config");
  return Status();
}

// virDomainObjGetOneDefState.
Result<conf::DomainDef *> one_def(DomainObj &vm, unsigned flags, bool *live) {
  if ((flags & VIR_DOMAIN_AFFECT_LIVE) && (flags & VIR_DOMAIN_AFFECT_CONFIG))
    return invalid_arg(VIR_FROM_DOMAIN, "virDomainObjGetOneDefState", "flags", "%s",
                       "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are "
                       "mutually exclusive");
  VK_TRY(update_modification_impact(vm, flags));
  if (live) *live = flags & VIR_DOMAIN_AFFECT_LIVE;
  if (vm.active() && (flags & VIR_DOMAIN_AFFECT_CONFIG)) return vm.new_def.get();
  return vm.def.get();
}

Status check_active(const DomainObj &vm) {
  if (!vm.active())
    return error(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID, "%s", "domain is not running");
  return Status();
}

// testDomObjFromDomain.
Result<Locked> TestCommon::get(virDomainPtr dom) {
  // The object the handle was made for, while it is still in the list.
  if (auto *cached = static_cast<DomainObj *>(dom->driver_obj.get())) {
    std::unique_lock g(cached->lock);
    if (!cached->removed) return Locked{cached, nullptr, &dom->driver_obj, std::move(g)};
  }
  if (DomainPtr obj = st_->domains.find_by_uuid(dom->uuid)) {
    std::unique_lock g(obj->lock);
    if (!obj->removed) {
      DomainObj *raw = obj.get();
      return Locked{raw, std::move(obj), nullptr, std::move(g)};
    }
  }
  return error(kFrom, VIR_ERR_NO_DOMAIN, "no domain with matching uuid '%s' (%s)",
               driver::format_uuid(dom->uuid).c_str(), dom->name.c_str());
}

}  // namespace virtkit::drivers::test
