// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's Domain Monitoring commands (list, dominfo, domstate, domstats, ...)
// as Debian's virsh 9.0.0 prints them.
#include "virtkit_sh.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace virtkit_sh {

namespace {

const char *state_name(int state) {
  static const char *names[] = {"no state",    "running",  "idle",    "paused",
                                "in shutdown", "shut off", "crashed", "pmsuspended"};
  return state >= 0 && state < 8 ? names[state] : "no state";
}

const char *reason_name(int state, int reason) {
  static const std::vector<std::vector<const char *>> reasons = {
      {"unknown"},
      {"unknown", "booted", "migrated", "restored", "from snapshot", "unpaused",
       "migration canceled", "save canceled", "event wakeup", "crashed", "post-copy",
       "post-copy failed"},
      {"unknown"},
      {"unknown", "user", "migrating", "saving", "dumping", "I/O error", "watchdog",
       "from snapshot", "shutting down", "creating snapshot", "crashed", "starting up", "post-copy",
       "post-copy failed"},
      {"unknown", "user"},
      {"unknown", "shutdown", "destroyed", "crashed", "migrated", "saved", "failed",
       "from snapshot", "daemon"},
      {"unknown", "panicked"},
      {"unknown", "unknown"}};
  if (state < 0 || state >= static_cast<int>(reasons.size())) return "unknown";
  auto &r = reasons[static_cast<size_t>(state)];
  return reason >= 0 && reason < static_cast<int>(r.size()) ? r[static_cast<size_t>(reason)]
                                                            : "unknown";
}

}  // namespace

bool cmd_list(Shell &sh, const Cmd &c) {
  bool table = c.has("table"), uuid = c.has("uuid"), name = c.has("name"), id = c.has("id");
  for (const char *o : {"name", "uuid", "id"})
    if (table && c.has(o)) {
      error("Options --table and --%s are mutually exclusive", o);
      return false;
    }
  if (!uuid && !name && !id) table = true;
  unsigned flags = VIR_CONNECT_LIST_DOMAINS_ACTIVE;
  if (c.has("inactive")) flags = VIR_CONNECT_LIST_DOMAINS_INACTIVE;
  if (c.has("all")) flags = VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_INACTIVE;
  static const std::pair<const char *, unsigned> filters[] = {
      {"persistent", VIR_CONNECT_LIST_DOMAINS_PERSISTENT},
      {"transient", VIR_CONNECT_LIST_DOMAINS_TRANSIENT},
      {"with-managed-save", VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE},
      {"without-managed-save", VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE},
      {"autostart", VIR_CONNECT_LIST_DOMAINS_AUTOSTART},
      {"no-autostart", VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART},
      {"with-snapshot", VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT},
      {"without-snapshot", VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT},
      {"with-checkpoint", VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT},
      {"without-checkpoint", VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT},
      {"state-running", VIR_CONNECT_LIST_DOMAINS_RUNNING},
      {"state-paused", VIR_CONNECT_LIST_DOMAINS_PAUSED},
      {"state-shutoff", VIR_CONNECT_LIST_DOMAINS_SHUTOFF},
      {"state-other", VIR_CONNECT_LIST_DOMAINS_OTHER}};
  for (auto &f : filters)
    if (c.has(f.first)) flags |= f.second;
  auto r = sh.conn.try_list_all_domains(flags);
  if (!r) {
    error("Failed to list domains");
    report(r.error());
    return false;
  }
  auto &doms = *r;
  // Active domains by ID first, then inactive ones by name.
  auto key = [](const virtkit::Domain &d) {
    return static_cast<unsigned>(virDomainGetID(d.get()));
  };
  std::sort(doms.begin(), doms.end(), [&](const virtkit::Domain &a, const virtkit::Domain &b) {
    if (key(a) != key(b)) return key(a) < key(b);
    return std::strcmp(virDomainGetName(a.get()), virDomainGetName(b.get())) < 0;
  });
  if (!table) {
    for (auto &d : doms) {
      auto did = d.id();
      std::string id_buf = did ? std::to_string(*did) : "-";
      const char *sep = "";
      std::string line;
      if (uuid) {
        line += d.uuid_string();
        sep = " ";
      }
      if (id) {
        if (!did && !uuid && !name) continue;
        line += sep + id_buf;
        sep = " ";
      }
      if (name) line += sep + d.name();
      std::printf("%s\n", line.c_str());
    }
    return true;
  }
  Table t({"Id", "Name", "State"});
  for (auto &d : doms) {
    auto did = d.id();
    auto st = d.try_state();
    t.add({did ? std::to_string(*did) : "-", d.name(), st ? state_name(st->state) : "no state"});
  }
  t.print();
  return true;
}

bool cmd_dominfo(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  bool ok = true;
  auto id = d->id();
  if (!id)
    std::printf("%-15s %s\n", "Id:", "-");
  else
    std::printf("%-15s %u\n", "Id:", *id);
  std::printf("%-15s %s\n", "Name:", d->name().c_str());
  if (auto u = d->try_uuid_string()) std::printf("%-15s %s\n", "UUID:", u->c_str());
  if (auto os = d->try_os_type()) std::printf("%-15s %s\n", "OS Type:", os->c_str());
  if (auto r = d->try_info()) {
    const virDomainInfo &info = *r;
    std::printf("%-15s %s\n", "State:", state_name(info.state));
    std::printf("%-15s %d\n", "CPU(s):", info.nrVirtCpu);
    if (info.cpuTime != 0) std::printf("%-15s %.1lfs\n", "CPU time:", info.cpuTime / 1e9);
    if (info.maxMem != static_cast<unsigned long>(-1) && info.maxMem != 0xffffffffUL)
      std::printf("%-15s %lu KiB\n", "Max memory:", info.maxMem);
    else
      std::printf("%-15s %s\n", "Max memory:", "no limit");
    std::printf("%-15s %lu KiB\n", "Used memory:", info.memory);
  } else {
    ok = false;
  }
  auto persistent = d->try_is_persistent();
  std::printf("%-15s %s\n", "Persistent:", !persistent ? "unknown" : *persistent ? "yes" : "no");
  if (auto a = d->try_autostart())
    std::printf("%-15s %s\n", "Autostart:", *a ? "enable" : "disable");
  int managed = virDomainHasManagedSaveImage(d->get(), 0);
  std::printf("%-15s %s\n", "Managed save:", managed < 0 ? "unknown" : managed ? "yes" : "no");
  virSecurityModel model;
  std::memset(&model, 0, sizeof model);
  if (virNodeGetSecurityModel(sh.conn.get(), &model) == -1) {
    auto e = virtkit::Error::last();
    if (e.code() != VIR_ERR_NO_SUPPORT) {
      report(e);
      return false;
    }
    virResetLastError();
  } else if (model.model[0] != '\0') {
    std::printf("%-15s %s\n", "Security model:", model.model);
    std::printf("%-15s %s\n", "Security DOI:", model.doi);
    virSecurityLabel label;
    std::memset(&label, 0, sizeof label);
    if (virDomainGetSecurityLabel(d->get(), &label) == -1) {
      report(virtkit::Error::last());
      return false;
    }
    if (label.label[0] != '\0')
      std::printf("%-15s %s (%s)\n", "Security label:", label.label,
                  label.enforcing ? "enforcing" : "permissive");
  }
  if (!ok) report(virtkit::Error::last());
  return ok;
}

bool cmd_domstate(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  auto st = d->try_state();
  if (!st) {
    report(st.error());
    return false;
  }
  if (c.has("reason"))
    std::printf("%s (%s)\n", state_name(st->state), reason_name(st->state, st->reason));
  else
    std::printf("%s\n", state_name(st->state));
  return true;
}

}  // namespace virtkit_sh
