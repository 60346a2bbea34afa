// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's vCPUs, emulator and vCPU pinning, and IOThreads
// (hypervisor.h).
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <set>
#include <vector>

#include "core/handles.h"
#include "core/unwind.h"
#include "driver/driver.h"
#include "drivers/test/cpu.h"
#include "drivers/test/hypervisor.h"
#include "xml/domain_def.h"
#include "xml/xml.h"
#include "util/auth_conf.h"
#include "util/bitmap.h"

namespace virtkit::drivers::test {

Result<int> TestHypervisor::domainPinEmulator(virDomainPtr dom, unsigned char *cpumap, int maplen,
                                              unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainPinEmulator", flags, kLive | kConfig));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  auto def = one_def(*vm_r->obj, flags, nullptr);
  VK_TRY(def);
  auto mask = util::bitmap_from_data(cpumap, maplen);
  if (mask.empty()) return error(kFrom, VIR_ERR_INVALID_ARG, "%s", "Empty cpu list for pinning");
  (*def)->emulatorpin = std::move(mask);
  return 0;
}

Result<int> TestHypervisor::domainGetEmulatorPinInfo(virDomainPtr dom, unsigned char *cpumaps,
                                                     int maplen, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainGetEmulatorPinInfo", flags, kLive | kConfig));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  auto defr = one_def(*vm_r->obj, flags, nullptr);
  VK_TRY(defr);
  const conf::DomainDef &def = **defr;
  const std::set<unsigned> &mask = !def.emulatorpin.empty() ? def.emulatorpin
                                   : !def.cpumask.empty()   ? def.cpumask
                                                            : host_set();
  util::bitmap_to_data(mask, cpumaps, static_cast<size_t>(maplen));
  return 1;
}

Result<int> TestHypervisor::domainGetVcpus(virDomainPtr dom, virVcpuInfoPtr info, int maxinfo,
                                           unsigned char *cpumaps, int maplen) {
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  if (!vm->active())
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s",
                 "cannot list vcpus for an inactive domain");
  const conf::DomainDef &def = *vm->def;
  unsigned long long base = real_time_us();
  if (maxinfo > static_cast<int>(def.vcpus)) maxinfo = static_cast<int>(def.vcpus);
  std::memset(info, 0, sizeof(*info) * static_cast<size_t>(maxinfo));
  if (cpumaps) std::memset(cpumaps, 0, static_cast<size_t>(maxinfo) * static_cast<size_t>(maplen));
  for (int i = 0; i < maxinfo; i++) {
    auto pin = def.vcpupin.find(static_cast<unsigned>(i));
    const std::set<unsigned> &mask = pin != def.vcpupin.end() ? pin->second
                                     : !def.cpumask.empty()   ? def.cpumask
                                                              : host_set();
    if (cpumaps)
      util::bitmap_to_data(mask, cpumaps + static_cast<size_t>(i) * static_cast<size_t>(maplen),
                           static_cast<size_t>(maplen));
    info[i].number = static_cast<unsigned>(i);
    info[i].state = VIR_VCPU_RUNNING;
    info[i].cpu = mask.empty() ? -1 : static_cast<int>(*mask.rbegin());
    info[i].cpuTime = base / 10;
  }
  return maxinfo;
}

Result<int> TestHypervisor::domainPinVcpuFlags(virDomainPtr dom, unsigned vcpu,
                                               unsigned char *cpumap, int maplen, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainPinVcpuFlags", flags, 0));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  if (!vm->active())
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s", "cannot pin vcpus on an inactive domain");
  if (vcpu >= vm->def->vcpus)
    return error(kFrom, VIR_ERR_INVALID_ARG, "requested vcpu '%d' is not present in the domain",
                 static_cast<int>(vcpu));
  vm->def->vcpupin[vcpu] = util::bitmap_from_data(cpumap, maplen);
  return 0;
}

Result<int> TestHypervisor::domainGetVcpuPinInfo(virDomainPtr dom, int ncpumaps,
                                                 unsigned char *cpumaps, int maplen,
                                                 unsigned flags) {
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  auto defr = one_def(*vm_r->obj, flags, nullptr);
  VK_TRY(defr);
  const conf::DomainDef &def = **defr;
  int i = 0;
  for (; i < static_cast<int>(def.max_vcpus) && i < ncpumaps; i++) {
    auto pin = def.vcpupin.find(static_cast<unsigned>(i));
    const std::set<unsigned> &mask = pin != def.vcpupin.end() ? pin->second
                                     : !def.cpumask.empty()   ? def.cpumask
                                                              : host_set();
    util::bitmap_to_data(mask, cpumaps + static_cast<size_t>(i) * static_cast<size_t>(maplen),
                         static_cast<size_t>(maplen));
  }
  return i;
}

Result<int> TestHypervisor::domainGetIOThreadInfo(virDomainPtr dom, virDomainIOThreadInfoPtr **info,
                                                  unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainGetIOThreadInfo", flags, kLive | kConfig));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  auto defr = one_def(*vm_r->obj, flags, nullptr);
  VK_TRY(defr);
  const conf::DomainDef &def = **defr;
  if (def.iothreads.empty()) return 0;
  size_t n = def.iothreads.size();
  auto *arr = static_cast<virDomainIOThreadInfoPtr *>(std::calloc(n, sizeof(void *)));
  if (!arr) return no_memory();
  auto fail = [&]() -> Status {
    for (size_t i = 0; i < n; i++) virDomainIOThreadInfoFree(arr[i]);
    std::free(arr);
    return no_memory();
  };
  std::set<unsigned> all = all_cpus(def.vcpus);
  for (size_t i = 0; i < n; i++) {
    const conf::IOThreadId &t = def.iothreads[i];
    arr[i] = static_cast<virDomainIOThreadInfoPtr>(std::calloc(1, sizeof(virDomainIOThreadInfo)));
    if (!arr[i]) return fail();
    arr[i]->iothread_id = t.id;
    const std::set<unsigned> &mask = !t.cpumask.empty()     ? t.cpumask
                                     : !def.cpumask.empty() ? def.cpumask
                                                            : all;
    // virBitmapToData: up to the last set bit.
    size_t len = mask.empty() ? 1 : (*mask.rbegin() + 8) / 8;
    arr[i]->cpumap = static_cast<unsigned char *>(std::calloc(len, 1));
    if (!arr[i]->cpumap) return fail();
    util::bitmap_to_data(mask, arr[i]->cpumap, len);
    arr[i]->cpumaplen = static_cast<int>(len);
  }
  *info = arr;
  return static_cast<int>(n);
}

Result<int> TestHypervisor::domainAddIOThread(virDomainPtr dom, unsigned id, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainAddIOThread", flags, kLive | kConfig));
  if (id == 0) return error(kFrom, VIR_ERR_INVALID_ARG, "%s", "invalid value of 0 for iothread_id");
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  auto defr = one_def(*vm.obj, flags, nullptr);
  VK_TRY(defr);
  conf::DomainDef &def = **defr;
  if (find_iothread(def, id))
    return error(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG,
                 "an IOThread is already using iothread_id '%u'", id);
  conf::IOThreadId t;
  t.id = id;
  t.autofill = false;
  def.iothreads.push_back(std::move(t));
  vm->iothread_info.push_back({id, 32768, 0, 0});
  return 0;
}

Result<int> TestHypervisor::domainDelIOThread(virDomainPtr dom, unsigned id, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainDelIOThread", flags, kLive | kConfig));
  if (id == 0) return error(kFrom, VIR_ERR_INVALID_ARG, "%s", "invalid value of 0 for iothread_id");
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  auto defr = one_def(*vm.obj, flags, nullptr);
  VK_TRY(defr);
  conf::DomainDef &def = **defr;
  if (!find_iothread(def, id))
    return error(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG,
                 "cannot find IOThread '%u' in iothreadids list", id);
  for (size_t i = 0; i < def.iothreads.size(); i++)
    if (def.iothreads[i].id == id) {
      // virDomainIOThreadIDDel: later made-up ids no longer follow
      // their position, so they become explicit.
      for (size_t j = i + 1; j < def.iothreads.size(); j++)
        if (def.iothreads[j].autofill && def.iothreads[j].id != j + 1)
          def.iothreads[j].autofill = false;
      def.iothreads.erase(def.iothreads.begin() + static_cast<long>(i));
      break;
    }
  for (size_t i = 0; i < vm->iothread_info.size(); i++)
    if (vm->iothread_info[i].id == id) {
      vm->iothread_info.erase(vm->iothread_info.begin() + static_cast<long>(i));
      break;
    }
  return 0;
}

Result<int> TestHypervisor::domainPinIOThread(virDomainPtr dom, unsigned id, unsigned char *cpumap,
                                              int maplen, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainPinIOThread", flags, kLive | kConfig));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  auto defr = one_def(*vm_r->obj, flags, nullptr);
  VK_TRY(defr);
  auto mask = util::bitmap_from_data(cpumap, maplen);
  if (mask.empty())
    return error(kFrom, VIR_ERR_INVALID_ARG, "%s", "Empty iothread cpumap list for pinning");
  conf::IOThreadId *t = find_iothread(**defr, id);
  if (!t) return error(kFrom, VIR_ERR_INVALID_ARG, "iothreadid %d not found", static_cast<int>(id));
  t->cpumask = std::move(mask);
  t->autofill = false;
  return 0;
}

Result<int> TestHypervisor::domainSetIOThreadParams(virDomainPtr dom, unsigned id,
                                                    virTypedParameterPtr params, int nparams,
                                                    unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainSetIOThreadParams", flags, kLive));
  if (id == 0) return error(kFrom, VIR_ERR_INVALID_ARG, "%s", "invalid value of 0 for iothread_id");
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  auto defr = one_def(*vm.obj, flags, nullptr);
  VK_TRY(defr);
  if (!find_iothread(**defr, id))
    return error(kFrom, VIR_ERR_INVALID_ARG, "cannot find IOThread '%u' in iothreadids", id);
  for (auto &info : vm->iothread_info) {
    if (info.id != id) continue;
    VK_TRY(validate_params(params, nparams,
                           {{VIR_DOMAIN_IOTHREAD_POLL_MAX_NS, VIR_TYPED_PARAM_ULLONG},
                            {VIR_DOMAIN_IOTHREAD_POLL_GROW, VIR_TYPED_PARAM_UINT},
                            {VIR_DOMAIN_IOTHREAD_POLL_SHRINK, VIR_TYPED_PARAM_UINT}}));
    for (int i = 0; i < nparams; i++) {
      const virTypedParameter &p = params[i];
      if (!std::strcmp(p.field, VIR_DOMAIN_IOTHREAD_POLL_MAX_NS)) info.poll_max_ns = p.value.ul;
      if (!std::strcmp(p.field, VIR_DOMAIN_IOTHREAD_POLL_GROW)) info.poll_grow = p.value.ui;
      if (!std::strcmp(p.field, VIR_DOMAIN_IOTHREAD_POLL_SHRINK)) info.poll_shrink = p.value.ui;
    }
    return 0;
  }
  return generic_failure();
}

const std::set<unsigned> &TestHypervisor::host_set() const {
  static thread_local std::set<unsigned> s;
  unsigned n = host_cpus(st_->node_info);
  if (s.size() != n) s = all_cpus(n);
  return s;
}

conf::IOThreadId *TestHypervisor::find_iothread(conf::DomainDef &def, unsigned id) {
  for (conf::IOThreadId &t : def.iothreads)
    if (t.id == id) return &t;
  return nullptr;
}

}  // namespace virtkit::drivers::test
