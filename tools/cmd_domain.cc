// SPDX-License-Identifier: LGPL-2.1-or-later
// virsh's basic domain commands: domid, domname, domuuid, dumpxml, define,
// undefine (with its storage removal), start, destroy, suspend, resume,
// shutdown, reboot and setmem, each printing what Debian's virsh 9.0.0 prints.
#include "cmd_domain_util.h"
#include "cmd_domain_xml.h"
#include "virtkit_sh.h"

#include <cstdio>
#include <cstring>
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace virtkit_sh {

namespace {

// virsh's --mode list for shutdown and reboot; false after printing the error.
bool parse_modes(const Cmd &c, bool reboot, unsigned &flags) {
  const std::string *mode = c.get("mode");
  flags = 0;
  if (!mode) return true;
  if (mode->empty()) {
    error("Failed to get option 'mode': Option argument is empty");
    return false;
  }
  // The shutdown and reboot flags have the same values.
  static const std::pair<const char *, unsigned> modes[] = {
      {"acpi", VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN},
      {"agent", VIR_DOMAIN_SHUTDOWN_GUEST_AGENT},
      {"initctl", VIR_DOMAIN_SHUTDOWN_INITCTL},
      {"signal", VIR_DOMAIN_SHUTDOWN_SIGNAL},
      {"paravirt", VIR_DOMAIN_SHUTDOWN_PARAVIRT}};
  std::stringstream ss(*mode);
  for (std::string m; std::getline(ss, m, ',');) {
    auto it = std::find_if(std::begin(modes), std::end(modes),
                           [&](const auto &x) { return m == x.first; });
    if (it == std::end(modes)) {
      error(reboot ? "Unknown mode %s value, expecting 'acpi', 'agent', 'initctl', 'signal' or "
                     "'paravirt'"
                   : "Unknown mode %s value, expecting 'acpi', 'agent', 'initctl', 'signal', "
                     "or 'paravirt'",
            m.c_str());
      return false;
    }
    flags |= it->second;
  }
  return true;
}

// virsh's scaled integer: a number with an optional unit suffix, in KiB by default.
bool parse_scaled(const std::string &s, unsigned long long &out, std::string &bad_suffix) {
  if (s.empty() || s[0] == '-' || !std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  char *end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(s.c_str(), &end, 10);
  if (errno) return false;
  std::string unit(end);
  unsigned long long scale = 1024;
  if (!unit.empty()) {
    char u = static_cast<char>(std::tolower(static_cast<unsigned char>(unit[0])));
    std::string rest = unit.substr(1);
    bool si = rest == "B" || rest == "b";
    if (u == 'b' && rest.empty())
      scale = 1;
    else {
      const std::string units = "kmgtpe";
      auto p = units.find(u);
      if (p == std::string::npos || (!rest.empty() && !si && rest != "iB" && rest != "ib")) {
        bad_suffix = unit;
        return false;
      }
      if (rest == "iB" || rest == "ib" || rest.empty()) si = false;
      unsigned long long base = si ? 1000 : 1024;
      scale = 1;
      for (size_t i = 0; i <= p; i++) scale *= base;
    }
  }
  if (v > ~0ULL / scale) return false;
  out = v * scale;
  return true;
}

}  // namespace

bool cmd_domid(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c, true, false);
  if (!d) return false;
  auto id = d->id();
  if (!id)
    std::printf("-\n");
  else
    std::printf("%u\n", *id);
  return true;
}

bool cmd_domname(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c, false);
  if (!d) return false;
  std::printf("%s\n", d->name().c_str());
  return true;
}

bool cmd_domuuid(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c, true, true, "domain", false);
  if (!d) return false;
  auto u = d->try_uuid_string();
  if (!u) {
    error("failed to get domain UUID");
    return true;
  }
  std::printf("%s\n", u->c_str());
  return true;
}

bool cmd_dumpxml(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  const char *xpath = nullptr;
  if (c.string_quiet("xpath", xpath) < 0) return false;
  unsigned flags = 0;
  if (c.has("inactive")) flags |= VIR_DOMAIN_XML_INACTIVE;
  if (c.has("security-info")) flags |= VIR_DOMAIN_XML_SECURE;
  if (c.has("update-cpu")) flags |= VIR_DOMAIN_XML_UPDATE_CPU;
  if (c.has("migratable")) flags |= VIR_DOMAIN_XML_MIGRATABLE;
  auto x = d->try_xml(flags);
  if (!x) {
    report(x.error());
    return false;
  }
  return print_xml(x->c_str(), xpath, c.has("wrap"));
}

bool cmd_define(Shell &sh, const Cmd &c) {
  const std::string &file = *c.get("file");
  std::ifstream in(file);
  if (!in) {
    error("Failed to open file '%s': %s", file.c_str(), std::strerror(errno));
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto d = sh.conn.try_define_xml(ss.str(), c.has("validate") ? VIR_DOMAIN_DEFINE_VALIDATE : 0);
  if (!d) {
    error("Failed to define domain from %s", file.c_str());
    report(d.error());
    return false;
  }
  extra("Domain '%s' defined from %s\n", d->name().c_str(), file.c_str());
  return true;
}

namespace {

// A storage volume of a disk, to be removed after the domain.
struct DoomedVolume {
  virtkit::StorageVolume vol;
  std::string target, source;
};

// The domain's disks backed by libvirt's volumes: all, or those --storage
// names (by target or source). Disks outside libvirt's pools are reported
// and skipped; false when the XML fails or a name matches no disk.
bool undefine_volumes(Shell &sh, virtkit::Domain &d, const char *wanted,
                      std::vector<DoomedVolume> &out) {
  auto xml = d.try_xml(0);
  if (!xml) {
    error("Failed to get domain description xml");
    return false;
  }
  domx::Doc doc;
  if (!doc.parse(xml->c_str())) {
    error("Failed to parse domain description xml");
    return false;
  }
  std::vector<std::optional<std::string>> names;
  if (wanted)
    for (auto &n : string_to_array(wanted)) names.emplace_back(n);
  auto disks = doc.nodes("./devices/disk");
  if (!disks) {
    report_last();
    return false;
  }
  for (xmlNodePtr disk : *disks) {
    auto target = doc.string(disk, "string(./target/@dev)");
    if (!target) {
      report_last();
      return false;
    }
    auto source = doc.string(disk,
                             "string(./source/@file|./source/@dir|./source/@name|"
                             "./source/@dev|./source/@volume)");
    if (!source) continue;
    auto pool = doc.string(disk, "string(./source/@pool)");
    if (wanted) {
      auto hit = std::find_if(names.begin(), names.end(),
                              [&](auto &n) { return n && (*n == *target || *n == *source); });
      if (hit == names.end()) continue;
      hit->reset();
    }
    virtkit::Expected<virtkit::StorageVolume> vol = virtkit::StorageVolume();
    if (pool) {
      auto p = virtkit::StoragePool::try_lookup_by_name(sh.conn, *pool);
      if (!p) {
        error("Storage pool '%s' for volume '%s' not found.", pool->c_str(), target->c_str());
        reset_error();
        continue;
      }
      vol = virtkit::StorageVolume::try_lookup_by_name(*p, *source);
    } else {
      vol = virtkit::StorageVolume::try_lookup_by_path(sh.conn, *source);
    }
    if (!vol) {
      error("Storage volume '%s'(%s) is not managed by libvirt. Remove it manually.\n",
            target->c_str(), source->c_str());
      reset_error();
      continue;
    }
    out.push_back({std::move(vol).value(), *target, *source});
  }
  bool missing = false;
  for (auto &n : names)
    if (n) {
      error("Volume '%s' was not found in domain's definition.\n", n->c_str());
      missing = true;
    }
  return !missing;
}

}  // namespace

bool cmd_undefine(Shell &sh, const Cmd &c) {
  if (c.has("delete-storage-volume-snapshots") && !c.has("remove-all-storage")) {
    error("Option --%s is required by option --%s", "remove-all-storage",
          "delete-storage-volume-snapshots");
    return false;
  }
  if (!exclusive(c, "nvram", "keep-nvram") || !exclusive(c, "tpm", "keep-tpm")) return false;
  const char *vols = nullptr;
  c.string_quiet("storage", vols);
  bool remove_all = c.has("remove-all-storage");
  if (!(vols || remove_all) && c.has("wipe-storage")) {
    error("'--wipe-storage' requires '--storage <string>' or '--remove-all-storage'");
    return false;
  }
  bool managed_save = c.has("managed-save"), snapshots = c.has("snapshots-metadata");
  std::vector<DoomedVolume> doomed;
  unsigned flags = 0;
  if (managed_save) flags |= VIR_DOMAIN_UNDEFINE_MANAGED_SAVE;
  if (snapshots) flags |= VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA;
  if (c.has("checkpoints-metadata")) flags |= VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA;
  if (c.has("nvram")) flags |= VIR_DOMAIN_UNDEFINE_NVRAM;
  if (c.has("keep-nvram")) flags |= VIR_DOMAIN_UNDEFINE_KEEP_NVRAM;
  if (c.has("tpm")) flags |= VIR_DOMAIN_UNDEFINE_TPM;
  if (c.has("keep-tpm")) flags |= VIR_DOMAIN_UNDEFINE_KEEP_TPM;
  auto d = sh.domain(c);
  if (!d) return false;
  std::string name = *c.get("domain");
  auto active = d->try_is_active();
  if (!active) return false;
  bool running = *active;
  int has_managed = 0, has_snaps = 0, has_snap_meta = 0;
  bool managed_safe = managed_save, snaps_safe = snapshots;
  if (!running) {
    // Only an inactive domain has a managed save image or blocks on snapshots.
    auto managed = d->try_has_managed_save_image(0);
    if (!managed) {
      if (managed.error().code() != VIR_ERR_NO_SUPPORT) return false;
      reset_error();
    } else {
      has_managed = *managed;
    }
    auto snaps = virtkit::DomainSnapshot::try_count(*d, 0);
    if (!snaps) {
      if (snaps.error().code() != VIR_ERR_NO_SUPPORT) return false;
      reset_error();
    } else {
      has_snaps = *snaps;
    }
    if (has_snaps) {
      auto meta = virtkit::DomainSnapshot::try_count(*d, VIR_DOMAIN_SNAPSHOT_LIST_METADATA);
      if (!meta) {
        reset_error();
        has_snap_meta = has_snaps;
      } else {
        has_snap_meta = *meta;
        managed_safe = snaps_safe = true;
      }
    }
  }
  if (!has_managed) {
    flags &= ~VIR_DOMAIN_UNDEFINE_MANAGED_SAVE;
    managed_safe = true;
  }
  if (has_snaps == 0) snaps_safe = true;
  if (has_snap_meta == 0) {
    flags &= ~VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA;
    snaps_safe = true;
  }
  if (vols || remove_all) {
    if (running) {
      error("Storage volume deletion is supported only on stopped domains");
      return false;
    }
    if (vols && remove_all) {
      error("Specified both --storage and --remove-all-storage");
      return false;
    }
    if (!undefine_volumes(sh, *d, vols, doomed)) return false;
  }
  int rc = -1;
  bool done = false;
  if ((managed_safe && snaps_safe) || c.has("nvram")) {
    auto r = d->try_undefine_flags(flags);
    rc = r ? 0 : -1;
    int code = r ? VIR_ERR_OK : r.error().code();
    if (rc == 0 || c.has("nvram") || (code != VIR_ERR_NO_SUPPORT && code != VIR_ERR_INVALID_ARG))
      done = true;
    else
      reset_error();
  }
  if (!done) {
    // Piecewise, for servers without the flags.
    if (has_managed) {
      if (!managed_save) {
        error("%s", "Refusing to undefine while domain managed save image exists");
        return false;
      }
      if (!d->try_managed_save_remove(0)) return false;
    }
    if (has_snap_meta) {
      error(snapshots ? "Unable to remove metadata of %d snapshots"
                      : "Refusing to undefine while %d snapshots exist",
            has_snap_meta);
      return false;
    }
    rc = d->try_undefine() ? 0 : -1;
  }
  if (rc != 0) {
    error("Failed to undefine domain '%s'", name.c_str());
    return false;
  }
  extra("Domain '%s' has been undefined\n", name.c_str());
  bool ok = true;
  for (auto &v : doomed) {
    if (c.has("wipe-storage")) {
      extra("Wiping volume '%s'(%s) ... ", v.target.c_str(), v.source.c_str());
      std::fflush(stdout);
      if (!v.vol.try_wipe(0)) {
        error("Failed! Volume not removed.");
        ok = false;
        continue;
      }
      extra("Done.\n");
    }
    unsigned vol_flags =
        c.has("delete-storage-volume-snapshots") ? VIR_STORAGE_VOL_DELETE_WITH_SNAPSHOTS : 0;
    if (!v.vol.try_remove(vol_flags)) {
      error("Failed to remove storage volume '%s'(%s)", v.target.c_str(), v.source.c_str());
      ok = false;
    } else {
      extra("Volume '%s'(%s) removed.\n", v.target.c_str(), v.source.c_str());
    }
  }
  return ok;
}

bool cmd_start(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c, true, false);
  if (!d) return false;
  if (d->id()) {
    error("Domain is already active");
    return false;
  }
  std::vector<int> fds;
  if (!dom::pass_fds(c, fds)) return false;
  unsigned flags = 0;
  if (c.has("paused")) flags |= VIR_DOMAIN_START_PAUSED;
  if (c.has("autodestroy")) flags |= VIR_DOMAIN_START_AUTODESTROY;
  if (c.has("bypass-cache")) flags |= VIR_DOMAIN_START_BYPASS_CACHE;
  if (c.has("force-boot")) flags |= VIR_DOMAIN_START_FORCE_BOOT;
  if (c.has("reset-nvram")) flags |= VIR_DOMAIN_START_RESET_NVRAM;
  auto create = [&] {
    if (!fds.empty()) return d->try_create_with_files(fds, flags);
    return d->try_create(flags);
  };
  bool started = false;
  if (flags & VIR_DOMAIN_START_FORCE_BOOT) {
    // Older servers lack --force-boot: drop the managed save image instead.
    auto r = create();
    if (r) {
      started = true;
    } else {
      int code = r.error().code();
      if (code != VIR_ERR_NO_SUPPORT && code != VIR_ERR_INVALID_ARG) return false;
      reset_error();
      auto has = d->try_has_managed_save_image(0);
      if (!has)
        reset_error();
      else if (*has && !d->try_managed_save_remove(0))
        return false;
      flags &= ~VIR_DOMAIN_START_FORCE_BOOT;
    }
  }
  if (!started && !create()) {
    error("Failed to start domain '%s'", dom::name(*d).c_str());
    return false;
  }
  extra("Domain '%s' started\n", dom::name(*d).c_str());
  if (c.has("console") && !dom::run_console(sh, *d)) return false;
  return true;
}

bool cmd_destroy(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  const char *name = c.get("domain")->c_str();
  unsigned flags = 0;
  if (c.has("graceful")) flags |= VIR_DOMAIN_DESTROY_GRACEFUL;
  if (c.has("remove-logs")) flags |= VIR_DOMAIN_DESTROY_REMOVE_LOGS;
  auto r = flags ? d->try_destroy(flags) : d->try_destroy();
  if (!r) {
    error("Failed to destroy domain '%s'", name);
    return false;
  }
  extra("Domain '%s' destroyed\n", name);
  return true;
}

bool cmd_suspend(Shell &sh, const Cmd &c) {
  return sh.act(c, &virtkit::Domain::try_suspend, "suspended", "suspend");
}

bool cmd_resume(Shell &sh, const Cmd &c) {
  return sh.act(c, &virtkit::Domain::try_resume, "resumed", "resume");
}

bool cmd_shutdown(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (!parse_modes(c, false, flags)) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  const std::string &name = *c.get("domain");
  auto r = flags ? d->try_shutdown(flags) : d->try_shutdown();
  if (!r) {
    error("Failed to shutdown domain '%s'", name.c_str());
    report(r.error());
    return false;
  }
  extra("Domain '%s' is being shutdown\n", name.c_str());
  return true;
}

bool cmd_reboot(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (!parse_modes(c, true, flags)) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  const std::string &name = *c.get("domain");
  auto r = d->try_reboot(flags);
  if (!r) {
    error("Failed to reboot domain '%s'", name.c_str());
    report(r.error());
    return false;
  }
  extra("Domain '%s' is being rebooted\n", name.c_str());
  return true;
}

bool cmd_setmem(Shell &sh, const Cmd &c) {
  bool config = c.has("config"), live = c.has("live"), current = c.has("current");
  if (current && (config || live)) {
    error("Options --current and --%s are mutually exclusive", config ? "config" : "live");
    return false;
  }
  unsigned flags = 0;
  if (config) flags |= VIR_DOMAIN_AFFECT_CONFIG;
  if (live) flags |= VIR_DOMAIN_AFFECT_LIVE;
  auto d = sh.domain(c);
  if (!d) return false;
  const std::string &size = *c.get("size");
  unsigned long long bytes = 0;
  std::string bad_suffix;
  if (!parse_scaled(size, bytes, bad_suffix)) {
    error("Scaled numeric value '%s' for <size> option is malformed or out of range", size.c_str());
    // libvirt's own error from scaling, which virsh reports after the command
    if (!bad_suffix.empty()) error("invalid argument: unknown suffix '%s'", bad_suffix.c_str());
    return false;
  }
  unsigned long long kib = bytes / 1024 + (bytes % 1024 ? 1 : 0);
  if (kib > static_cast<unsigned long>(-1)) {
    error("Scaled numeric value '%s' for <size> option is malformed or out of range", size.c_str());
    return false;
  }
  auto r = d->try_set_memory(static_cast<unsigned long>(kib), flags);
  if (!r) {
    report(r.error());
    return false;
  }
  return true;
}

}  // namespace virtkit_sh
