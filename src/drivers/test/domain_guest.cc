// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's guest operations (keys, NMI, time, passwords, disks
// and devices), guest file systems, rename and metadata (hypervisor.h).
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

namespace virtkit::drivers::test {

Result<int> TestHypervisor::domainSendKey(virDomainPtr dom, unsigned codeset, unsigned,
                                          unsigned *keycodes, int nkeycodes, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainSendKey", flags, 0));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  VK_TRY(check_active(*vm.obj));
  for (int i = 0; i < nkeycodes; i++)
    if (!valid_keycode(codeset, keycodes[i]))
      return error(kFrom, VIR_ERR_INTERNAL_ERROR, "invalid keycode %u of %s codeset", keycodes[i],
                   codeset_name(codeset));
  return 0;
}

Result<int> TestHypervisor::domainSendProcessSignal(virDomainPtr dom, long long pid,
                                                    unsigned signum, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainSendProcessSignal", flags, 0));
  if (pid != 1)
    return error(kFrom, VIR_ERR_INVALID_ARG, "%s", "only sending a signal to pid 1 is supported");
  if (signum > VIR_DOMAIN_PROCESS_SIGNAL_RT32)
    return error(kFrom, VIR_ERR_INVALID_ARG, "signum value %d is out of range",
                 static_cast<int>(signum));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  return 0;
}

Result<char *> TestHypervisor::domainGetHostname(virDomainPtr dom, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainGetHostname", flags, 0));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  VK_TRY(check_active(*vm_r->obj));
  return dup(dom->name + "host");
}

Result<int> TestHypervisor::domainGetLaunchSecurityInfo(virDomainPtr, virTypedParameterPtr *,
                                                        int *nparams, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainGetLaunchSecurityInfo", flags, 0));
  *nparams = 0;
  return 0;
}

Result<int> TestHypervisor::domainGetControlInfo(virDomainPtr dom, virDomainControlInfoPtr info,
                                                 unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainGetControlInfo", flags, 0));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  VK_TRY(check_active(*vm.obj));
  std::memset(info, 0, sizeof *info);
  long long s = vm->seconds;
  if (s > 0 && s < 10000) {
    info->state = VIR_DOMAIN_CONTROL_JOB;
    info->stateTime = static_cast<unsigned long long>(s);
  } else if (s >= 10000 && s < 30000) {
    info->state = VIR_DOMAIN_CONTROL_OCCUPIED;
    info->stateTime = static_cast<unsigned long long>(s - 10000);
  } else if (s >= 30000 && s < 60000) {
    info->state = VIR_DOMAIN_CONTROL_ERROR;
    static const unsigned reasons[] = {
        VIR_DOMAIN_CONTROL_ERROR_REASON_NONE, VIR_DOMAIN_CONTROL_ERROR_REASON_UNKNOWN,
        VIR_DOMAIN_CONTROL_ERROR_REASON_MONITOR, VIR_DOMAIN_CONTROL_ERROR_REASON_INTERNAL};
    info->details = reasons[s % 4];
    info->stateTime = static_cast<unsigned long long>(s - 30000);
  } else {
    info->state = VIR_DOMAIN_CONTROL_OK;
  }
  return 0;
}

Result<int> TestHypervisor::domainGetTime(virDomainPtr dom, long long *seconds, unsigned *nseconds,
                                          unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainGetTime", flags, 0));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  if (vm->state != VIR_DOMAIN_RUNNING)
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s", "domain is not running");
  *seconds = vm->seconds;
  *nseconds = vm->nseconds;
  return 0;
}

Result<int> TestHypervisor::domainSetTime(virDomainPtr dom, long long seconds, unsigned nseconds,
                                          unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainSetTime", flags, VIR_DOMAIN_TIME_SYNC));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  VK_TRY(check_active(*vm.obj));
  vm->seconds = seconds;
  vm->nseconds = nseconds;
  return 0;
}

Result<int> TestHypervisor::domainSetMemoryStatsPeriod(virDomainPtr dom, int period,
                                                       unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainSetMemoryStatsPeriod", flags, kLive | kConfig));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  auto def = one_def(*vm_r->obj, flags, nullptr);
  VK_TRY(def);
  if (!has_balloon(**def))
    return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s",
                 "No memory balloon device configured, can not set the collection period");
  (*def)->memballoon->stats.emplace().period = period;
  return 0;
}

Result<int> TestHypervisor::domainMemoryStats(virDomainPtr dom, virDomainMemoryStatPtr stats,
                                              unsigned nr_stats, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainMemoryStats", flags, 0));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  VK_TRY(check_active(*vm.obj));
  if (!has_balloon(*vm->def)) return 0;
  // libvirt keeps the current balloon in an int.
  auto cur = static_cast<long long>(static_cast<int>(vm->def->cur_balloon));
  const std::pair<int, long long> all[] = {{VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON, cur},
                                           {VIR_DOMAIN_MEMORY_STAT_SWAP_IN, 0},
                                           {VIR_DOMAIN_MEMORY_STAT_SWAP_OUT, 0},
                                           {VIR_DOMAIN_MEMORY_STAT_MAJOR_FAULT, 0},
                                           {VIR_DOMAIN_MEMORY_STAT_MINOR_FAULT, 0},
                                           {VIR_DOMAIN_MEMORY_STAT_UNUSED, cur / 2},
                                           {VIR_DOMAIN_MEMORY_STAT_AVAILABLE, cur},
                                           {VIR_DOMAIN_MEMORY_STAT_USABLE, cur / 2},
                                           {VIR_DOMAIN_MEMORY_STAT_LAST_UPDATE, 627319920},
                                           {VIR_DOMAIN_MEMORY_STAT_DISK_CACHES, cur / 8},
                                           {VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGALLOC, 0},
                                           {VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGFAIL, 0},
                                           {VIR_DOMAIN_MEMORY_STAT_RSS, cur / 2}};
  unsigned n = 0;
  for (const auto &[tag, val] : all) {
    if (n >= nr_stats) break;
    stats[n].tag = tag;
    stats[n].val = static_cast<unsigned long long>(val);
    n++;
  }
  return static_cast<int>(n);
}

Result<int> TestHypervisor::domainMemoryPeek(virDomainPtr dom, unsigned long long start,
                                             size_t size, void *buffer, unsigned flags) {
  VK_TRY(
      check_flags(kFrom, "testDomainMemoryPeek", flags, VIR_MEMORY_VIRTUAL | VIR_MEMORY_PHYSICAL));
  if (flags != VIR_MEMORY_VIRTUAL && flags != VIR_MEMORY_PHYSICAL)
    return error(kFrom, VIR_ERR_INVALID_ARG, "%s",
                 "flags parameter must be VIR_MEMORY_VIRTUAL or VIR_MEMORY_PHYSICAL");
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  VK_TRY(check_active(*vm_r->obj));
  auto b = static_cast<unsigned char>(start);
  auto *out = static_cast<unsigned char *>(buffer);
  for (size_t i = 0; i < size; i++) out[i] = b++;
  return 0;
}

Result<int> TestHypervisor::domainGetBlockInfo(virDomainPtr dom, const char *path,
                                               virDomainBlockInfoPtr info, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainGetBlockInfo", flags, 0));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  conf::Disk *disk = conf::disk_by_name(*(*vm_r)->def, path, false);
  if (!disk)
    return error(kFrom, VIR_ERR_INVALID_ARG, "invalid path %s not assigned to domain", path);
  if (disk_empty(*disk))
    return error(kFrom, VIR_ERR_INVALID_ARG, "disk '%s' does not currently have a source assigned",
                 path);
  info->capacity = 1099506450432ULL;
  info->allocation = 1099511627776ULL;
  info->physical = 1099511627776ULL;
  return 0;
}

Result<int> TestHypervisor::domainBlockStats(virDomainPtr dom, const char *path,
                                             virDomainBlockStatsPtr stats) {
  if (!*path)
    return error(kFrom, VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                 "summary statistics are not supported yet");
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  VK_TRY(check_active(*vm.obj));
  if (!conf::disk_by_name(*vm->def, path, false))
    return error(kFrom, VIR_ERR_INVALID_ARG, "invalid path: %s", path);
  auto base = static_cast<long long>(real_time_us());
  stats->rd_req = base / 10;
  stats->rd_bytes = base / 20;
  stats->wr_req = base / 30;
  stats->wr_bytes = base / 40;
  stats->errs = base / (1000LL * 1000LL * 2);
  return 0;
}

Result<int> TestHypervisor::domainInterfaceStats(virDomainPtr dom, const char *device,
                                                 virDomainInterfaceStatsPtr stats) {
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  VK_TRY(check_active(*vm.obj));
  VK_TRY(find_net(*vm->def, device));
  auto base = static_cast<long long>(real_time_us());
  stats->rx_bytes = base / 10;
  stats->rx_packets = base / 100;
  stats->rx_errs = base / (1000LL * 1000LL * 1);
  stats->rx_drop = base / (1000LL * 1000LL * 2);
  stats->tx_bytes = base / 20;
  stats->tx_packets = base / 110;
  stats->tx_errs = base / (1000LL * 1000LL * 3);
  stats->tx_drop = base / (1000LL * 1000LL * 4);
  return 0;
}

Result<int> TestHypervisor::domainGetDiskErrors(virDomainPtr dom, virDomainDiskErrorPtr errors,
                                                unsigned maxerrors, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainGetDiskErrors", flags, 0));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  VK_TRY(check_active(*vm.obj));
  const auto &disks = vm->def->disks;
  if (!errors) return static_cast<int>(disks.size());
  size_t n = std::min<size_t>(disks.size(), maxerrors);
  std::memset(errors, 0, sizeof(virDomainDiskError) * n);
  for (size_t i = 0; i < n; i++) {
    errors[i].disk = strdup(disks[i].dst ? disks[i].dst->c_str() : "");
    if (!errors[i].disk) {
      for (size_t j = 0; j < i; j++) std::free(errors[j].disk), errors[j].disk = nullptr;
      return no_memory();
    }
    errors[i].error = static_cast<int>(i % VIR_DOMAIN_DISK_ERROR_NO_SPACE) + 1;
  }
  return static_cast<int>(n);
}

Result<int> TestHypervisor::domainGetMessages(virDomainPtr dom, char ***msgs, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainGetMessages", flags,
                     VIR_DOMAIN_MESSAGE_DEPRECATION | VIR_DOMAIN_MESSAGE_TAINTING));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  static const char *const kTaintMessages[] = {"custom configuration parameters specified",
                                               "custom monitor control commands issued",
                                               "running with undesirable elevated privileges",
                                               "network configuration using opaque shell scripts",
                                               "potentially unsafe disk format probing",
                                               "managing externally launched configuration",
                                               "potentially unsafe use of host CPU passthrough",
                                               "configuration potentially modified by hook script",
                                               "use of host cdrom passthrough",
                                               "custom device tree blob used",
                                               "custom guest agent control commands issued",
                                               "hypervisor feature autodetection override",
                                               "use of deprecated configuration settings",
                                               "custom device configuration"};
  std::vector<std::string> out;
  bool any = false;
  if (!flags || (flags & VIR_DOMAIN_MESSAGE_TAINTING)) {
    any = true;
    for (unsigned i = 0; i < 14; i++)
      if (vm->taint & (1u << i)) out.push_back(std::string("tainted: ") + kTaintMessages[i]);
  }
  if (!flags || (flags & VIR_DOMAIN_MESSAGE_DEPRECATION)) {
    any = true;
    for (const std::string &d : vm->deprecations) out.push_back("deprecated configuration: " + d);
  }
  *msgs = nullptr;
  if (!any) return 0;
  auto *arr = static_cast<char **>(std::calloc(out.size() + 1, sizeof(char *)));
  if (!arr) return no_memory();
  for (size_t i = 0; i < out.size(); i++) {
    arr[i] = strdup(out[i].c_str());
    if (!arr[i]) {
      for (size_t j = 0; j < i; j++) std::free(arr[j]);
      std::free(arr);
      return no_memory();
    }
  }
  *msgs = arr;
  return static_cast<int>(out.size());
}

Result<int> TestHypervisor::domainSetLifecycleAction(virDomainPtr dom, unsigned type,
                                                     unsigned action, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainSetLifecycleAction", flags, kLive | kConfig));
  static const char *const kTypes[] = {"poweroff", "reboot", "crash"};
  static const char *const kActions[] = {"destroy",  "restart",          "rename-restart",
                                         "preserve", "coredump-destroy", "coredump-restart"};
  if ((type == VIR_DOMAIN_LIFECYCLE_POWEROFF || type == VIR_DOMAIN_LIFECYCLE_REBOOT) &&
      (action == VIR_DOMAIN_LIFECYCLE_ACTION_COREDUMP_DESTROY ||
       action == VIR_DOMAIN_LIFECYCLE_ACTION_COREDUMP_RESTART))
    return error(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                 "Lifecycle event '%s' doesn't support '%s' action", kTypes[type],
                 kActions[action]);
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  conf::DomainDef *live = nullptr, *pers = nullptr;
  VK_TRY(get_defs(*vm_r->obj, flags, &live, &pers));
  for (conf::DomainDef *d : {live, pers}) {
    if (!d || action >= 6) continue;
    auto a = static_cast<conf::LifecycleAction>(action);
    if (type == VIR_DOMAIN_LIFECYCLE_POWEROFF) d->on_poweroff = a;
    if (type == VIR_DOMAIN_LIFECYCLE_REBOOT) d->on_reboot = a;
    if (type == VIR_DOMAIN_LIFECYCLE_CRASH) d->on_crash = a;
  }
  return 0;
}

Result<int> TestHypervisor::domainFSTrim(virDomainPtr dom, const char *mountPoint,
                                         unsigned long long, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainFSTrim", flags, 0));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  VK_TRY(check_active(*vm_r->obj));
  if (mountPoint && std::strcmp(mountPoint, "/") != 0 && std::strcmp(mountPoint, "/boot") != 0)
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "mount point not found: %s", mountPoint);
  return 0;
}

Result<int> TestHypervisor::domainGetFSInfo(virDomainPtr dom, virDomainFSInfoPtr **info,
                                            unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainGetFSInfo", flags, 0));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  VK_TRY(check_active(*vm.obj));
  for (const conf::Disk &d : vm->def->disks) {
    if (d.device != conf::Disk::disk) continue;
    std::string name = d.dst ? *d.dst : std::string();
    auto *arr = static_cast<virDomainFSInfoPtr *>(std::calloc(2, sizeof(void *)));
    if (!arr) return no_memory();
    const char *mounts[] = {"/", "/boot"};
    for (int i = 0; i < 2; i++) {
      auto *fs = static_cast<virDomainFSInfoPtr>(std::calloc(1, sizeof(virDomainFSInfo)));
      arr[i] = fs;
      if (fs) {
        fs->mountpoint = strdup(mounts[i]);
        fs->fstype = strdup("ext4");
        fs->name = strdup((name + std::to_string(i + 1)).c_str());
        fs->devAlias = static_cast<char **>(std::calloc(1, sizeof(char *)));
        if (fs->devAlias) {
          fs->devAlias[0] = strdup(name.c_str());
          fs->ndevAlias = 1;
        }
      }
      if (!fs || !fs->mountpoint || !fs->fstype || !fs->name || !fs->devAlias || !fs->devAlias[0]) {
        virDomainFSInfoFree(arr[0]);
        if (i == 1) virDomainFSInfoFree(arr[1]);
        std::free(arr);
        return no_memory();
      }
    }
    *info = arr;
    return 2;
  }
  return 0;
}

Result<int> TestHypervisor::domainRename(virDomainPtr dom, const char *new_name, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainRename", flags, 0));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  if (vm->active())
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s", "cannot rename active domain");
  if (!vm->persistent)
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s", "cannot rename a transient domain");
  if (vm->state != VIR_DOMAIN_SHUTOFF)
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s",
                 "domain has to be shutoff before renaming");
  if (vm->name == new_name)
    return error(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID, "%s", "Can't rename domain to itself");
  if (st_->domains.find_by_name(new_name))
    return error(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID, "domain with name '%s' already exists",
                 new_name);
  if (std::strchr(new_name, '/'))
    return error(kFrom, VIR_ERR_XML_ERROR, "name %s cannot contain '/'", new_name);
  std::string old_name = vm->name;
  if (!st_->domains.rename(vm.shared(), new_name))
    return error(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID, "domain with name '%s' already exists",
                 new_name);
  st_->events->queue(lifecycle_event(EventClass::domain, VIR_DOMAIN_EVENT_ID_LIFECYCLE, old_name,
                                     vm->uuid, vm->def->id, VIR_DOMAIN_EVENT_UNDEFINED,
                                     VIR_DOMAIN_EVENT_UNDEFINED_RENAMED));
  emit(*vm.obj, VIR_DOMAIN_EVENT_DEFINED, VIR_DOMAIN_EVENT_DEFINED_RENAMED);
  return 0;
}

Result<char *> TestHypervisor::domainGetMetadata(virDomainPtr dom, int type, const char *uri,
                                                 unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainGetMetadata", flags, kLive | kConfig));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  VK_TRY(check_flags(VIR_FROM_DOMAIN, "virDomainObjGetMetadata", flags, kLive | kConfig));
  if (type >= VIR_DOMAIN_METADATA_ELEMENT + 1)
    return error(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, "unknown metadata type '%d'", type);
  auto defr = one_def(*vm_r->obj, flags, nullptr);
  VK_TRY(defr);
  const conf::DomainDef &def = **defr;
  std::optional<std::string> out;
  if (type == VIR_DOMAIN_METADATA_DESCRIPTION) out = def.description;
  if (type == VIR_DOMAIN_METADATA_TITLE) out = def.title;
  if (type == VIR_DOMAIN_METADATA_ELEMENT) {
    auto el = conf::metadata_element(def, uri);
    VK_TRY(el);
    out = std::move(*el);
  }
  if (!out)
    return error(VIR_FROM_DOMAIN, VIR_ERR_NO_DOMAIN_METADATA, "%s",
                 "Requested metadata element is not present");
  return dup(*out);
}

Result<int> TestHypervisor::domainSetMetadata(virDomainPtr dom, int type, const char *metadata,
                                              const char *key, const char *uri, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainSetMetadata", flags, kLive | kConfig));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  conf::DomainDef *live = nullptr, *pers = nullptr;
  VK_TRY(get_defs(*vm.obj, flags, &live, &pers));
  for (conf::DomainDef *d : {live, pers}) {
    if (!d) continue;
    if (type >= VIR_DOMAIN_METADATA_ELEMENT + 1)
      return error(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, "unknown metadata type '%d'", type);
    std::optional<std::string> value;
    if (metadata && *metadata) value = metadata;
    if (type == VIR_DOMAIN_METADATA_DESCRIPTION) d->description = value;
    if (type == VIR_DOMAIN_METADATA_TITLE) d->title = value;
    if (type == VIR_DOMAIN_METADATA_ELEMENT)
      VK_TRY(conf::set_metadata_element(*d, metadata, key, uri));
  }
  ObjectEvent ev = lifecycle_event(EventClass::domain, VIR_DOMAIN_EVENT_ID_METADATA_CHANGE,
                                   vm->name, vm->uuid, vm->def->id, type, 0);
  if (uri) ev.text = uri;
  ev.has_text = uri != nullptr;
  st_->events->queue(std::move(ev));
  return 0;
}

Result<int> TestHypervisor::active_noop(virDomainPtr dom, unsigned flags, unsigned allowed,
                                        const char *fn) {
  VK_TRY(check_flags(kFrom, fn, flags, allowed));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  VK_TRY(check_active(*vm_r->obj));
  return 0;
}

bool TestHypervisor::disk_empty(const conf::Disk &d) {
  using conf::StorageType;
  if (d.storage_type >= StorageType::file && d.storage_type <= StorageType::dir && !d.path)
    return true;
  if (d.storage_type == StorageType::none) return true;
  if (d.storage_type == StorageType::network && !d.protocol) return true;
  return false;
}

const char *TestHypervisor::codeset_name(unsigned codeset) {
  static const char *const names[] = {"linux", "xt",     "atset1", "atset2", "atset3",
                                      "os_x",  "xt_kbd", "usb",    "win32",  "qnum"};
  return codeset < 10 ? names[codeset] : "(null)";
}

bool TestHypervisor::valid_keycode(unsigned codeset, unsigned key) {
  switch (codeset) {
    case VIR_KEYCODE_SET_LINUX:
      return key < 0x300;
    case VIR_KEYCODE_SET_XT:
    case VIR_KEYCODE_SET_ATSET1:
    case VIR_KEYCODE_SET_XT_KBD:
    case VIR_KEYCODE_SET_QNUM:
      return key > 0 && key < 0xe080;
    case VIR_KEYCODE_SET_ATSET2:
    case VIR_KEYCODE_SET_ATSET3:
      return key > 0 && key < 0xe200;
    case VIR_KEYCODE_SET_OSX:
      return key < 0x80;
    case VIR_KEYCODE_SET_USB:
      return key < 0x100;
    case VIR_KEYCODE_SET_WIN32:
      return key > 0 && key < 0x100;
    default:
      return false;
  }
}

Result<int> TestHypervisor::fs_freeze(virDomainPtr dom, const char **mountpoints, unsigned n,
                                      unsigned flags, bool freeze) {
  VK_TRY(check_flags(kFrom, freeze ? "testDomainFSFreeze" : "testDomainFSThaw", flags, 0));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  VK_TRY(check_active(*vm.obj));
  bool *frozen = vm->frozen;
  if (n == 0) {
    int changed = 0;
    for (int i = 0; i < 2; i++) changed += frozen[i] != freeze;
    frozen[0] = frozen[1] = freeze;
    return changed;
  }
  bool next[2] = {frozen[0], frozen[1]};
  int changed = 0;
  for (unsigned i = 0; i < n; i++) {
    int idx = !std::strcmp(mountpoints[i], "/")       ? 0
              : !std::strcmp(mountpoints[i], "/boot") ? 1
                                                      : -1;
    if (idx < 0)
      return error(kFrom, VIR_ERR_OPERATION_INVALID, "mount point not found: %s", mountpoints[i]);
    if (next[idx] != freeze) {
      next[idx] = freeze;
      changed++;
    }
  }
  frozen[0] = next[0];
  frozen[1] = next[1];
  return changed;
}

}  // namespace virtkit::drivers::test
