// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's tuning parameters (memory, NUMA, interfaces, blkio,
// block I/O), performance events and scheduler (hypervisor.h).
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
#include <optional>
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

namespace virtkit::drivers::test {

Result<int> TestHypervisor::domainSetMemoryParameters(virDomainPtr dom, virTypedParameterPtr params,
                                                      int nparams, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainSetMemoryParameters", flags, kLive | kConfig));
  VK_TRY(validate_params(params, nparams,
                         {{VIR_DOMAIN_MEMORY_HARD_LIMIT, VIR_TYPED_PARAM_ULLONG},
                          {VIR_DOMAIN_MEMORY_SOFT_LIMIT, VIR_TYPED_PARAM_ULLONG},
                          {VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT, VIR_TYPED_PARAM_ULLONG}}));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  auto defr = one_def(*vm.obj, flags, nullptr);
  VK_TRY(defr);
  conf::DomainDef &def = **defr;
  unsigned long long swap = 0, hard = 0, soft = 0;
  bool set_swap =
      virTypedParamsGetULLong(params, nparams, VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT, &swap) == 1;
  bool set_hard =
      virTypedParamsGetULLong(params, nparams, VIR_DOMAIN_MEMORY_HARD_LIMIT, &hard) == 1;
  bool set_soft =
      virTypedParamsGetULLong(params, nparams, VIR_DOMAIN_MEMORY_SOFT_LIMIT, &soft) == 1;
  if (set_swap || set_hard) {
    // libvirt compares against the live definition's limits.
    unsigned long long mem = set_hard ? hard : vm->def->memtune.hard_limit;
    unsigned long long sw = set_swap ? swap : vm->def->memtune.swap_hard_limit;
    if (mem > sw)
      return error(kFrom, VIR_ERR_INVALID_ARG, "%s",
                   "memory hard_limit tunable value must be lower than or equal to "
                   "swap_hard_limit");
  }
  if (set_soft) def.memtune.soft_limit = soft;
  if (set_hard) def.memtune.hard_limit = hard;
  if (set_swap) def.memtune.swap_hard_limit = swap;
  return 0;
}

Result<int> TestHypervisor::domainGetMemoryParameters(virDomainPtr dom, virTypedParameterPtr params,
                                                      int *nparams, unsigned flags) {
  return get_params(dom, "testDomainGetMemoryParameters", flags, 3, nparams,
                    [&](const conf::DomainDef &def, int n) -> Status {
                      const auto &m = def.memtune;
                      if (n > 0) put_ull(&params[0], VIR_DOMAIN_MEMORY_HARD_LIMIT, m.hard_limit);
                      if (n > 1) put_ull(&params[1], VIR_DOMAIN_MEMORY_SOFT_LIMIT, m.soft_limit);
                      if (n > 2)
                        put_ull(&params[2], VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT, m.swap_hard_limit);
                      return Status();
                    });
}

Result<int> TestHypervisor::domainSetNumaParameters(virDomainPtr dom, virTypedParameterPtr params,
                                                    int nparams, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainSetNumaParameters", flags, kLive | kConfig));
  VK_TRY(validate_params(params, nparams,
                         {{VIR_DOMAIN_NUMA_MODE, VIR_TYPED_PARAM_INT},
                          {VIR_DOMAIN_NUMA_NODESET, VIR_TYPED_PARAM_STRING}}));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  bool live = false;
  auto defr = one_def(*vm_r->obj, flags, &live);
  VK_TRY(defr);
  conf::DomainDef &def = **defr;
  int mode = -1;
  std::optional<std::set<unsigned>> nodeset;
  for (int i = 0; i < nparams; i++) {
    const virTypedParameter &p = params[i];
    if (!std::strcmp(p.field, VIR_DOMAIN_NUMA_MODE)) {
      mode = p.value.i;
      if (mode < 0 || mode >= 4)
        return error(kFrom, VIR_ERR_INVALID_ARG, "unsupported numatune mode: '%d'", mode);
    } else if (!std::strcmp(p.field, VIR_DOMAIN_NUMA_NODESET)) {
      auto bits = conf::parse_bitmap(p.value.s, conf::kCpumaskLen);
      VK_TRY(bits);
      if (bits->empty())
        return error(kFrom, VIR_ERR_OPERATION_INVALID, "Invalid nodeset of 'numatune': %s",
                     p.value.s);
      nodeset = std::move(*bits);
    }
  }
  auto &nt = def.numatune;
  bool specified = nt.specified || def.placement == conf::Placement::auto_;
  static_assert(static_cast<int>(conf::NumatuneMemMode::restrictive) ==
                VIR_DOMAIN_NUMATUNE_MEM_RESTRICTIVE);
  int cur_mode = nt.specified ? static_cast<int>(nt.mode) : 0;
  if (live && mode != -1 && specified && cur_mode != mode)
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s",
                 "can't change numatune mode for running domain");
  // virDomainNumatuneSet (placement -1).
  if (mode == -1 && !nodeset) return 0;
  using conf::NumatunePlacement;
  if (!nt.specified && def.placement == conf::Placement::auto_) {
    nt.mode = conf::NumatuneMemMode::strict;
    nt.placement = NumatunePlacement::auto_;
    nt.specified = true;
  }
  std::optional<NumatunePlacement> placement;  // libvirt's -1: left as it is
  if (!nt.specified) {
    if (mode == -1) mode = 0;
    placement = NumatunePlacement::default_;
  }
  if (mode != -1) nt.mode = static_cast<conf::NumatuneMemMode>(mode);  // 0..3, checked above
  if (nodeset) {
    nt.nodeset = *nodeset;
    if (!placement) placement = NumatunePlacement::static_;
  }
  if (placement == NumatunePlacement::default_)
    placement = !nt.nodeset.empty() || def.placement == conf::Placement::static_
                    ? NumatunePlacement::static_
                    : NumatunePlacement::auto_;
  if (placement == NumatunePlacement::static_ && nt.nodeset.empty())
    return error(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "nodeset for NUMA memory tuning must be set if 'placement' is 'static'");
  if (placement == NumatunePlacement::auto_) nt.nodeset.clear();
  if (placement) nt.placement = *placement;
  nt.specified = true;
  return 0;
}

Result<int> TestHypervisor::domainGetNumaParameters(virDomainPtr dom, virTypedParameterPtr params,
                                                    int *nparams, unsigned flags) {
  return get_params(dom, "testDomainGetNumaParameters", flags, 2, nparams,
                    [&](const conf::DomainDef &def, int n) -> Status {
                      const auto &nt = def.numatune;
                      int mode = nt.specified ? static_cast<int>(nt.mode) : 0;
                      std::string nodeset =
                          nt.specified && nt.placement == conf::NumatunePlacement::static_
                              ? conf::format_bitmap(nt.nodeset)
                              : "";
                      if (n > 0) put_int(&params[0], VIR_DOMAIN_NUMA_MODE, mode);
                      if (n > 1) VK_TRY(put_str(&params[1], VIR_DOMAIN_NUMA_NODESET, nodeset));
                      return Status();
                    });
}

Result<int> TestHypervisor::domainSetInterfaceParameters(virDomainPtr dom, const char *device,
                                                         virTypedParameterPtr params, int nparams,
                                                         unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainSetInterfaceParameters", flags, kLive | kConfig));
  VK_TRY(validate_params(params, nparams,
                         {{VIR_DOMAIN_BANDWIDTH_IN_AVERAGE, VIR_TYPED_PARAM_UINT},
                          {VIR_DOMAIN_BANDWIDTH_IN_PEAK, VIR_TYPED_PARAM_UINT},
                          {VIR_DOMAIN_BANDWIDTH_IN_BURST, VIR_TYPED_PARAM_UINT},
                          {VIR_DOMAIN_BANDWIDTH_IN_FLOOR, VIR_TYPED_PARAM_UINT},
                          {VIR_DOMAIN_BANDWIDTH_OUT_AVERAGE, VIR_TYPED_PARAM_UINT},
                          {VIR_DOMAIN_BANDWIDTH_OUT_PEAK, VIR_TYPED_PARAM_UINT},
                          {VIR_DOMAIN_BANDWIDTH_OUT_BURST, VIR_TYPED_PARAM_UINT}}));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  auto defr = one_def(*vm_r->obj, flags, nullptr);
  VK_TRY(defr);
  auto netr = find_net(**defr, device);
  VK_TRY(netr);
  conf::Net &net = **netr;
  conf::BandwidthRate in, out;
  bool in_given = false, out_given = false;
  for (int i = 0; i < nparams; i++) {
    const virTypedParameter &p = params[i];
    unsigned v = p.value.ui;
    if (!std::strcmp(p.field, VIR_DOMAIN_BANDWIDTH_IN_AVERAGE)) {
      in.average = v;
      in_given = true;
    } else if (!std::strcmp(p.field, VIR_DOMAIN_BANDWIDTH_IN_PEAK)) {
      in.peak = v;
    } else if (!std::strcmp(p.field, VIR_DOMAIN_BANDWIDTH_IN_BURST)) {
      in.burst = v;
    } else if (!std::strcmp(p.field, VIR_DOMAIN_BANDWIDTH_IN_FLOOR)) {
      in.floor = v;
      in_given = true;
    } else if (!std::strcmp(p.field, VIR_DOMAIN_BANDWIDTH_OUT_AVERAGE)) {
      out.average = v;
      out_given = true;
    } else if (!std::strcmp(p.field, VIR_DOMAIN_BANDWIDTH_OUT_PEAK)) {
      out.peak = v;
    } else if (!std::strcmp(p.field, VIR_DOMAIN_BANDWIDTH_OUT_BURST)) {
      out.burst = v;
    }
  }
  std::optional<conf::BandwidthRate> new_in, new_out;
  if (in.average || in.floor) new_in = in;
  if (out.average) new_out = out;
  if (!net.bandwidth) {
    net.bandwidth = conf::Bandwidth{new_in, new_out};
  } else {
    if (new_in || in_given) net.bandwidth->in = new_in;
    if (new_out || out_given) net.bandwidth->out = new_out;
  }
  return 0;
}

Result<int> TestHypervisor::domainGetInterfaceParameters(virDomainPtr dom, const char *device,
                                                         virTypedParameterPtr params, int *nparams,
                                                         unsigned flags) {
  return get_params(dom, "testDomainGetInterfaceParameters", flags, 7, nparams,
                    [&](conf::DomainDef &def, int n) -> Status {
                      auto netr = find_net(def, device);
                      VK_TRY(netr);
                      conf::BandwidthRate in, out;
                      if (const auto &bw = (*netr)->bandwidth) {
                        if (bw->in) in = *bw->in;
                        if (bw->out) out = *bw->out;
                      }
                      const std::pair<const char *, unsigned long long> values[] = {
                          {VIR_DOMAIN_BANDWIDTH_IN_AVERAGE, in.average},
                          {VIR_DOMAIN_BANDWIDTH_IN_PEAK, in.peak},
                          {VIR_DOMAIN_BANDWIDTH_IN_BURST, in.burst},
                          {VIR_DOMAIN_BANDWIDTH_IN_FLOOR, in.floor},
                          {VIR_DOMAIN_BANDWIDTH_OUT_AVERAGE, out.average},
                          {VIR_DOMAIN_BANDWIDTH_OUT_PEAK, out.peak},
                          {VIR_DOMAIN_BANDWIDTH_OUT_BURST, out.burst}};
                      for (int i = 0; i < n; i++)
                        put_uint(&params[i], values[i].first,
                                 static_cast<unsigned>(values[i].second));
                      return Status();
                    });
}

Result<int> TestHypervisor::domainSetBlockIoTune(virDomainPtr dom, const char *path,
                                                 virTypedParameterPtr params, int nparams,
                                                 unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainSetBlockIoTune", flags, kLive | kConfig));
  {
    std::vector<ParamSpec> specs;
    for (int i = 0; i < conf::IoTune::kCount; i++)
      specs.push_back({conf::IoTune::kNames[i], VIR_TYPED_PARAM_ULLONG});
    specs.push_back({VIR_DOMAIN_BLOCK_IOTUNE_GROUP_NAME, VIR_TYPED_PARAM_STRING});
    VK_TRY(validate_param_list(params, nparams, specs));
  }
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  auto defr = one_def(*vm_r->obj, flags, nullptr);
  VK_TRY(defr);
  conf::Disk *disk = conf::disk_by_name(**defr, path, true);
  if (!disk)
    return error(kFrom, VIR_ERR_INVALID_ARG, "missing persistent configuration for disk '%s'",
                 path);
  conf::IoTune info = disk->iotune;
  for (int i = 0; i < nparams; i++) {
    const virTypedParameter &p = params[i];
    if (p.value.ul > kBlockIoTuneMax)
      return error(kFrom, VIR_ERR_ARGUMENT_UNSUPPORTED,
                   "block I/O throttle limit value must be no more than %llu", kBlockIoTuneMax);
    if (!std::strcmp(p.field, VIR_DOMAIN_BLOCK_IOTUNE_GROUP_NAME)) {
      info.group_name = p.value.s;
      continue;
    }
    for (int k = 0; k < conf::IoTune::kCount; k++)
      if (!std::strcmp(p.field, conf::IoTune::kNames[k]))
        info.v[static_cast<size_t>(k)] = p.value.ul;
  }
  auto v = [&](int k) { return info.v[static_cast<size_t>(k)]; };
  static const char *const kKinds[] = {"bytes_sec", "iops_sec", "bytes_sec_max", "iops_sec_max"};
  static const int kTotals[] = {0, 3, 6, 9};
  for (int k = 0; k < 4; k++) {
    int t = kTotals[k];
    if ((v(t) && v(t + 1)) || (v(t) && v(t + 2)))
      return error(kFrom, VIR_ERR_INVALID_ARG,
                   "total and read/write of %s cannot be set at the same time", kKinds[k]);
  }
  for (int k = 0; k < 6; k++)
    if (v(k) > v(k + 6))
      return error(kFrom, VIR_ERR_INVALID_ARG, "%s cannot be set higher than %s ",
                   conf::IoTune::kNames[k], conf::IoTune::kNames[k + 6]);
  // virDomainDiskSetBlockIOTune.
  disk->iotune = std::move(info);
  return 0;
}

Result<int> TestHypervisor::domainGetBlockIoTune(virDomainPtr dom, const char *path,
                                                 virTypedParameterPtr params, int *nparams,
                                                 unsigned flags) {
  return get_params(dom, "testDomainGetBlockIoTune", flags, 20, nparams,
                    [&](conf::DomainDef &def, int n) -> Status {
                      conf::Disk *disk = conf::disk_by_name(def, path, true);
                      if (!disk)
                        return error(kFrom, VIR_ERR_INVALID_ARG,
                                     "disk '%s' was not found in the domain config", path);
                      const conf::IoTune &io = disk->iotune;
                      for (int i = 0, k = 0; i < n; i++) {
                        if (i == 13) {
                          VK_TRY(put_str(&params[i], VIR_DOMAIN_BLOCK_IOTUNE_GROUP_NAME,
                                         io.group_name ? *io.group_name : std::string()));
                          continue;
                        }
                        put_ull(&params[i], conf::IoTune::kNames[k], io.v[static_cast<size_t>(k)]);
                        k++;
                      }
                      return Status();
                    });
}

Result<int> TestHypervisor::domainSetBlkioParameters(virDomainPtr dom, virTypedParameterPtr params,
                                                     int nparams, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainSetBlkioParameters", flags, kLive | kConfig));
  VK_TRY(validate_params(params, nparams,
                         {{VIR_DOMAIN_BLKIO_WEIGHT, VIR_TYPED_PARAM_UINT},
                          {VIR_DOMAIN_BLKIO_DEVICE_WEIGHT, VIR_TYPED_PARAM_STRING},
                          {VIR_DOMAIN_BLKIO_DEVICE_READ_IOPS, VIR_TYPED_PARAM_STRING},
                          {VIR_DOMAIN_BLKIO_DEVICE_WRITE_IOPS, VIR_TYPED_PARAM_STRING},
                          {VIR_DOMAIN_BLKIO_DEVICE_READ_BPS, VIR_TYPED_PARAM_STRING},
                          {VIR_DOMAIN_BLKIO_DEVICE_WRITE_BPS, VIR_TYPED_PARAM_STRING}}));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  auto defr = one_def(*vm_r->obj, flags, nullptr);
  VK_TRY(defr);
  conf::DomainDef &def = **defr;
  // virDomainDriverSetupPersistentDefBlkioParams: applies what it can,
  // fails at the end if anything failed (the last error stays).
  Status failed;
  for (int i = 0; i < nparams; i++) {
    const virTypedParameter &p = params[i];
    if (!std::strcmp(p.field, VIR_DOMAIN_BLKIO_WEIGHT)) {
      def.blkio.weight = p.value.ui;
      continue;
    }
    auto devs = parse_blkio_devices(p.value.s, p.field);
    if (!devs.ok()) {
      failed = as_status(devs);
      continue;
    }
    merge_blkio_devices(def.blkio.devices, *devs, p.field);
  }
  if (!failed.ok()) return failed;
  return 0;
}

Result<int> TestHypervisor::domainGetBlkioParameters(virDomainPtr dom, virTypedParameterPtr params,
                                                     int *nparams, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainGetBlkioParameters", flags,
                     kLive | kConfig | VIR_TYPED_PARAM_STRING_OKAY));
  int maxparams = 6;
  if (*nparams == 0) {
    *nparams = 6;
    return 0;
  }
  if (*nparams < maxparams) maxparams = *nparams;
  *nparams = 0;
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  auto defr = one_def(*vm_r->obj, flags, nullptr);
  VK_TRY(defr);
  const conf::DomainDef &def = **defr;
  put_uint(&params[(*nparams)++], VIR_DOMAIN_BLKIO_WEIGHT, def.blkio.weight);
  auto list = [&](auto field) {
    std::string out;
    for (const conf::BlkioDevice &d : def.blkio.devices) {
      unsigned long long v = field(d);
      if (!v) continue;
      out += d.path + "," + std::to_string(v) + ",";
    }
    while (!out.empty() && out.back() == ',') out.pop_back();
    return out;
  };
  const std::pair<const char *, std::string> devs[] = {
      {VIR_DOMAIN_BLKIO_DEVICE_WEIGHT, list([](const auto &d) { return d.weight; })},
      {VIR_DOMAIN_BLKIO_DEVICE_READ_IOPS, list([](const auto &d) { return d.riops; })},
      {VIR_DOMAIN_BLKIO_DEVICE_WRITE_IOPS, list([](const auto &d) { return d.wiops; })},
      {VIR_DOMAIN_BLKIO_DEVICE_READ_BPS, list([](const auto &d) { return d.rbps; })},
      {VIR_DOMAIN_BLKIO_DEVICE_WRITE_BPS, list([](const auto &d) { return d.wbps; })}};
  for (const auto &[name, value] : devs) {
    if (*nparams >= maxparams) break;
    Status s = put_str(&params[*nparams], name, value);
    if (!s.ok()) {
      virTypedParamsClear(params, *nparams);
      return s;
    }
    (*nparams)++;
  }
  return 0;
}

Result<int> TestHypervisor::domainSetPerfEvents(virDomainPtr dom, virTypedParameterPtr params,
                                                int nparams, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainSetPerfEvents", flags, kLive | kConfig));
  std::vector<ParamSpec> specs;
  for (const char *name : conf::kPerfEventNames) specs.push_back({name, VIR_TYPED_PARAM_BOOLEAN});
  VK_TRY(validate_param_list(params, nparams, specs));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  auto defr = one_def(*vm_r->obj, flags, nullptr);
  VK_TRY(defr);
  for (int i = 0; i < nparams; i++)
    for (int k = 0; k < conf::kPerfEventCount; k++)
      if (!std::strcmp(params[i].field, conf::kPerfEventNames[k]))
        (*defr)->perf[static_cast<size_t>(k)] = params[i].value.b ? 1 : 2;
  return 0;
}

Result<int> TestHypervisor::domainGetPerfEvents(virDomainPtr dom, virTypedParameterPtr *params,
                                                int *nparams, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainGetPerfEvents", flags,
                     kLive | kConfig | VIR_TYPED_PARAM_STRING_OKAY));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  auto defr = one_def(*vm_r->obj, flags, nullptr);
  VK_TRY(defr);
  virTypedParameterPtr par = nullptr;
  int npar = 0, maxpar = 0;
  for (int k = 0; k < conf::kPerfEventCount; k++)
    if (virTypedParamsAddBoolean(&par, &npar, &maxpar, conf::kPerfEventNames[k],
                                 (*defr)->perf[static_cast<size_t>(k)] == 1) < 0) {
      virTypedParamsFree(par, npar);
      return no_memory();
    }
  *params = par;
  *nparams = npar;
  return 0;
}

Result<char *> TestHypervisor::domainGetSchedulerType(virDomainPtr, int *nparams) {
  if (nparams) *nparams = 1;
  return dup("fair");
}

Result<int> TestHypervisor::domainGetSchedulerParametersFlags(virDomainPtr dom,
                                                              virTypedParameterPtr params,
                                                              int *nparams, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainGetSchedulerParametersFlags", flags, 0));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  put_uint(params, VIR_DOMAIN_SCHEDULER_WEIGHT, 50);
  *nparams = 1;
  return 0;
}

Result<int> TestHypervisor::domainSetSchedulerParametersFlags(virDomainPtr dom,
                                                              virTypedParameterPtr params,
                                                              int nparams, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainSetSchedulerParametersFlags", flags, 0));
  VK_TRY(validate_params(params, nparams, {{VIR_DOMAIN_SCHEDULER_WEIGHT, VIR_TYPED_PARAM_UINT}}));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  return 0;  // libvirt's test driver does not keep the weight
}

Result<int> TestHypervisor::domainGetCPUStats(virDomainPtr dom, virTypedParameterPtr params,
                                              unsigned nparams, int start_cpu, unsigned ncpus,
                                              unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainGetCPUStats", flags, VIR_TYPED_PARAM_STRING_OKAY));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  VK_TRY(check_active(*vm_r->obj));
  if (start_cpu == -1) {
    if (nparams == 0) return 3;
    put_ull(&params[0], VIR_DOMAIN_CPU_STATS_CPUTIME, kTotalCpuTime);
    if (nparams > 1) put_ull(&params[1], VIR_DOMAIN_CPU_STATS_USERTIME, 5540000000ULL);
    if (nparams > 2) put_ull(&params[2], VIR_DOMAIN_CPU_STATS_SYSTEMTIME, 6460000000ULL);
    return static_cast<int>(std::min(nparams, 3u));
  }
  int total = static_cast<int>(st_->node_info.cores);
  if (nparams == 0 && ncpus != 0) return 2;
  if (ncpus == 0) return total;
  if (start_cpu >= total)
    return error(kFrom, VIR_ERR_INVALID_ARG, "start_cpu %d larger than maximum of %d", start_cpu,
                 total - 1);
  unsigned long long percpu = kTotalCpuTime / static_cast<unsigned long long>(total);
  int need = std::min(total, start_cpu + static_cast<int>(ncpus));
  for (int i = start_cpu; i < need; i++)
    put_ull(&params[static_cast<unsigned>(i - start_cpu) * nparams], VIR_DOMAIN_CPU_STATS_CPUTIME,
            percpu + static_cast<unsigned long long>(i));
  if (nparams > 1) {
    for (int i = start_cpu; i < need; i++)
      put_ull(&params[static_cast<unsigned>(i - start_cpu) * nparams + 1],
              VIR_DOMAIN_CPU_STATS_VCPUTIME,
              percpu + static_cast<unsigned long long>(i) - 1234567890ULL);
    return 2;
  }
  return 1;
}

}  // namespace virtkit::drivers::test
