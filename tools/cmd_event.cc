// SPDX-License-Identifier: LGPL-2.1-or-later
// virsh's "event": waits for domain events and prints each as virsh does.
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include <libvirt/libvirt-qemu.h>

#include "qemu_json.h"
#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

// One registration's state, shared by every callback of one wait.
struct Watch {
  const char *name;
  bool loop;
  bool timestamp;
  int *count;
};

// Prints one event (only the first unless --loop) and counts it.
void emit(void *opaque, const std::string &msg) {
  auto *w = static_cast<Watch *>(opaque);
  if (!w->loop && *w->count) return;
  if (w->timestamp)
    std::printf("%s: %s", timestamp_now().c_str(), msg.c_str());
  else
    std::printf("%s", msg.c_str());
  std::fflush(stdout);
  ++*w->count;
  if (!w->loop) event_done();
}

std::string fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char *f, ...) {
  va_list ap;
  va_start(ap, f);
  char *s = nullptr;
  int n = vasprintf(&s, f, ap);
  va_end(ap);
  if (n < 0) throw std::bad_alloc();
  std::string out(s, static_cast<size_t>(n));
  std::free(s);
  return out;
}

// Names by enum value; "unknown" (or `other`) past the end.
template <size_t N>
const char *name_of(const char *const (&names)[N], int v, const char *other = "unknown") {
  return v >= 0 && static_cast<size_t>(v) < N ? names[v] : other;
}

const char *const kLifecycle[] = {"Defined", "Undefined", "Started",     "Suspended", "Resumed",
                                  "Stopped", "Shutdown",  "PMSuspended", "Crashed"};

const char *lifecycle_detail(int event, int detail) {
  static const char *const defined[] = {"Added", "Updated", "Renamed", "Snapshot"};
  static const char *const undefined[] = {"Removed", "Renamed"};
  static const char *const started[] = {"Booted", "Migrated", "Restored", "Snapshot",
                                        "Event wakeup"};
  static const char *const suspended[] = {"Paused",    "Migrated",  "I/O Error",
                                          "Watchdog",  "Restored",  "Snapshot",
                                          "API error", "Post-copy", "Post-copy Error"};
  static const char *const resumed[] = {"Unpaused", "Migrated", "Snapshot", "Post-copy",
                                        "Post-copy Error"};
  static const char *const stopped[] = {"Shutdown", "Destroyed", "Crashed", "Migrated",
                                        "Saved",    "Failed",    "Snapshot"};
  static const char *const shutdown[] = {"Finished", "Finished after guest request",
                                         "Finished after host request"};
  static const char *const pmsuspended[] = {"Memory", "Disk"};
  static const char *const crashed[] = {"Panicked", "Crashloaded"};
  switch (event) {
    case VIR_DOMAIN_EVENT_DEFINED:
      return name_of(defined, detail);
    case VIR_DOMAIN_EVENT_UNDEFINED:
      return name_of(undefined, detail);
    case VIR_DOMAIN_EVENT_STARTED:
      return name_of(started, detail);
    case VIR_DOMAIN_EVENT_SUSPENDED:
      return name_of(suspended, detail);
    case VIR_DOMAIN_EVENT_RESUMED:
      return name_of(resumed, detail);
    case VIR_DOMAIN_EVENT_STOPPED:
      return name_of(stopped, detail);
    case VIR_DOMAIN_EVENT_SHUTDOWN:
      return name_of(shutdown, detail);
    case VIR_DOMAIN_EVENT_PMSUSPENDED:
      return name_of(pmsuspended, detail);
    case VIR_DOMAIN_EVENT_CRASHED:
      return name_of(crashed, detail);
    default:
      return "unknown";
  }
}

const char *const kIoErrorAction[] = {"none", "pause", "report"};
const char *const kBlockJobType[] = {"Unknown job",  "Block Pull",          "Block Copy",
                                     "Block Commit", "Active Block Commit", "Backup"};
const char *const kBlockJobStatus[] = {"completed", "failed", "canceled", "ready"};

const char *nullstr(const char *s) {
  return s ? s : "<null>";
}

// virTypedParameterToString: unlike virsh's own printer, %g and 0/1.
std::string param_string(const virTypedParameter &p) {
  switch (p.type) {
    case VIR_TYPED_PARAM_DOUBLE:
      return fmt("%g", p.value.d);
    case VIR_TYPED_PARAM_BOOLEAN:
      return fmt("%d", p.value.b);
    default:
      return typed_param_value(p);
  }
}

std::string params_lines(virTypedParameterPtr params, int n) {
  std::string out;
  for (int i = 0; i < n; i++)
    out += fmt("\t%s: %s\n", params[i].field, param_string(params[i]).c_str());
  return out;
}

const char *dn(virDomainPtr d) {
  return virDomainGetName(d);
}

void generic(virConnectPtr, virDomainPtr d, void *o) {
  emit(o, fmt("event '%s' for domain '%s'\n", static_cast<Watch *>(o)->name, dn(d)));
}

void lifecycle(virConnectPtr, virDomainPtr d, int event, int detail, void *o) {
  emit(o, fmt("event 'lifecycle' for domain '%s': %s %s\n", dn(d), name_of(kLifecycle, event),
              lifecycle_detail(event, detail)));
}

void rtc_change(virConnectPtr, virDomainPtr d, long long offset, void *o) {
  emit(o, fmt("event 'rtc-change' for domain '%s': %lld\n", dn(d), offset));
}

void watchdog(virConnectPtr, virDomainPtr d, int action, void *o) {
  static const char *const actions[] = {"none",     "pause", "reset",     "poweroff",
                                        "shutdown", "debug", "inject-nmi"};
  emit(o, fmt("event 'watchdog' for domain '%s': %s\n", dn(d), name_of(actions, action)));
}

void io_error(virConnectPtr, virDomainPtr d, const char *src, const char *alias, int action,
              void *o) {
  emit(o, fmt("event 'io-error' for domain '%s': %s (%s) %s\n", dn(d), nullstr(src), nullstr(alias),
              name_of(kIoErrorAction, action)));
}

void graphics(virConnectPtr, virDomainPtr d, int phase, const virDomainEventGraphicsAddress *local,
              const virDomainEventGraphicsAddress *remote, const char *auth,
              const virDomainEventGraphicsSubject *subject, void *o) {
  static const char *const phases[] = {"connect", "initialize", "disconnect"};
  static const char *const families[] = {"IPv4", "IPv6", "unix"};
  std::string s =
      fmt("event 'graphics' for domain '%s': %s local[%s %s %s] remote[%s %s %s] %s\n", dn(d),
          name_of(phases, phase), name_of(families, local->family), nullstr(local->node),
          nullstr(local->service), name_of(families, remote->family), nullstr(remote->node),
          nullstr(remote->service), nullstr(auth));
  for (int i = 0; i < subject->nidentity; i++)
    s += fmt("\t%s=%s\n", subject->identities[i].type, subject->identities[i].name);
  emit(o, s);
}

void io_error_reason(virConnectPtr, virDomainPtr d, const char *src, const char *alias, int action,
                     const char *reason, void *o) {
  emit(o, fmt("event 'io-error-reason' for domain '%s': %s (%s) %s due to %s\n", dn(d),
              nullstr(src), nullstr(alias), name_of(kIoErrorAction, action), nullstr(reason)));
}

void block_job(virConnectPtr, virDomainPtr d, const char *disk, int type, int status, void *o) {
  emit(o, fmt("event '%s' for domain '%s': %s for %s %s\n", static_cast<Watch *>(o)->name, dn(d),
              name_of(kBlockJobType, type), nullstr(disk), name_of(kBlockJobStatus, status)));
}

void disk_change(virConnectPtr, virDomainPtr d, const char *old_src, const char *new_src,
                 const char *alias, int reason, void *o) {
  static const char *const reasons[] = {"changed", "dropped"};
  emit(o, fmt("event 'disk-change' for domain '%s' disk %s: %s -> %s: %s\n", dn(d), nullstr(alias),
              nullstr(old_src), nullstr(new_src), name_of(reasons, reason)));
}

void tray_change(virConnectPtr, virDomainPtr d, const char *alias, int reason, void *o) {
  static const char *const reasons[] = {"opened", "closed"};
  emit(o, fmt("event 'tray-change' for domain '%s' disk %s: %s\n", dn(d), nullstr(alias),
              name_of(reasons, reason)));
}

// pm-wakeup, pm-suspend, pm-suspend-disk: no reasons are defined yet.
void pm_change(virConnectPtr c, virDomainPtr d, int, void *o) {
  generic(c, d, o);
}

void balloon_change(virConnectPtr, virDomainPtr d, unsigned long long actual, void *o) {
  emit(o, fmt("event 'balloon-change' for domain '%s': %lluKiB\n", dn(d), actual));
}

void device_removed(virConnectPtr, virDomainPtr d, const char *alias, void *o) {
  emit(o, fmt("event 'device-removed' for domain '%s': %s\n", dn(d), nullstr(alias)));
}

void tunable(virConnectPtr, virDomainPtr d, virTypedParameterPtr params, int n, void *o) {
  emit(o, fmt("event 'tunable' for domain '%s':\n", dn(d)) + params_lines(params, n));
}

void agent_lifecycle(virConnectPtr, virDomainPtr d, int state, int reason, void *o) {
  static const char *const states[] = {"unknown", "connected", "disconnected"};
  static const char *const reasons[] = {"unknown", "domain started", "channel event"};
  emit(o, fmt("event 'agent-lifecycle' for domain '%s': state: '%s' reason: '%s'\n", dn(d),
              name_of(states, state, "unsupported value"),
              name_of(reasons, reason, "unsupported value")));
}

void device_added(virConnectPtr, virDomainPtr d, const char *alias, void *o) {
  emit(o, fmt("event 'device-added' for domain '%s': %s\n", dn(d), nullstr(alias)));
}

void migration_iteration(virConnectPtr, virDomainPtr d, int iteration, void *o) {
  emit(o, fmt("event 'migration-iteration' for domain '%s': iteration: '%d'\n", dn(d), iteration));
}

void job_completed(virConnectPtr, virDomainPtr d, virTypedParameterPtr params, int n, void *o) {
  emit(o, fmt("event 'job-completed' for domain '%s':\n", dn(d)) + params_lines(params, n));
}

void device_removal_failed(virConnectPtr, virDomainPtr d, const char *alias, void *o) {
  emit(o, fmt("event 'device-removal-failed' for domain '%s': %s\n", dn(d), nullstr(alias)));
}

void metadata_change(virConnectPtr, virDomainPtr d, int type, const char *uri, void *o) {
  static const char *const types[] = {"description", "title", "element"};
  emit(o, fmt("event 'metadata-change' for domain '%s': type %s, uri %s\n", dn(d),
              name_of(types, type, "unsupported value"), nullstr(uri)));
}

void block_threshold(virConnectPtr, virDomainPtr d, const char *dev, const char *path,
                     unsigned long long threshold, unsigned long long excess, void *o) {
  emit(o, fmt("event 'block-threshold' for domain '%s': dev: %s(%s) %llu %llu\n", dn(d),
              nullstr(dev), nullstr(path), threshold, excess));
}

void memory_failure(virConnectPtr, virDomainPtr d, int recipient, int action, unsigned flags,
                    void *o) {
  static const char *const recipients[] = {"hypervisor", "guest"};
  static const char *const actions[] = {"ignore", "inject", "fatal", "reset"};
  emit(o, fmt("event 'memory-failure' for domain '%s':\nrecipient: %s\naction: %s\n", dn(d),
              name_of(recipients, recipient, "unsupported value"),
              name_of(actions, action, "unsupported value")) +
              fmt("flags:\n\taction required: %d\n\trecursive: %d\n",
                  !!(flags & VIR_DOMAIN_MEMORY_FAILURE_ACTION_REQUIRED),
                  !!(flags & VIR_DOMAIN_MEMORY_FAILURE_RECURSIVE)));
}

void memory_device_size_change(virConnectPtr, virDomainPtr d, const char *alias,
                               unsigned long long size, void *o) {
  emit(o, fmt("event 'memory-device-size-change' for domain '%s':\nalias: %s\nsize: %llu\n", dn(d),
              nullstr(alias), size));
}

// The API takes every callback as the generic type and calls it with the
// event's own signature (VIR_DOMAIN_EVENT_CALLBACK without the warning).
template <typename F>
virConnectDomainEventGenericCallback cb(F f) {
  return reinterpret_cast<virConnectDomainEventGenericCallback>(reinterpret_cast<void (*)()>(f));
}

struct EventType {
  const char *name;
  virConnectDomainEventGenericCallback cb;
};

// In VIR_DOMAIN_EVENT_ID_* order.
const EventType kEvents[] = {
    {"lifecycle", cb(lifecycle)},
    {"reboot", generic},
    {"rtc-change", cb(rtc_change)},
    {"watchdog", cb(watchdog)},
    {"io-error", cb(io_error)},
    {"graphics", cb(graphics)},
    {"io-error-reason", cb(io_error_reason)},
    {"control-error", generic},
    {"block-job", cb(block_job)},
    {"disk-change", cb(disk_change)},
    {"tray-change", cb(tray_change)},
    {"pm-wakeup", cb(pm_change)},
    {"pm-suspend", cb(pm_change)},
    {"balloon-change", cb(balloon_change)},
    {"pm-suspend-disk", cb(pm_change)},
    {"device-removed", cb(device_removed)},
    {"block-job-2", cb(block_job)},
    {"tunable", cb(tunable)},
    {"agent-lifecycle", cb(agent_lifecycle)},
    {"device-added", cb(device_added)},
    {"migration-iteration", cb(migration_iteration)},
    {"job-completed", cb(job_completed)},
    {"device-removal-failed", cb(device_removal_failed)},
    {"metadata-change", cb(metadata_change)},
    {"block-threshold", cb(block_threshold)},
    {"memory-failure", cb(memory_failure)},
    {"memory-device-size-change", cb(memory_device_size_change)},
};
static_assert(std::size(kEvents) == VIR_DOMAIN_EVENT_ID_MEMORY_DEVICE_SIZE_CHANGE + 1);

}  // namespace

// How a wait ended, as virsh prints it; false on an error or no events.
bool finish_wait(int end, int count) {
  switch (end) {
    case kEventInterrupt:
      std::printf("event loop interrupted\n");
      break;
    case kEventTimeout:
      std::printf("event loop timed out\n");
      break;
    case kEventDone:
      break;
    default:
      return false;
  }
  std::printf("events received: %d\n", count);
  return count > 0;
}

bool cmd_event(Shell &sh, const Cmd &c) {
  bool all = c.has("all"), loop = c.has("loop"), timestamp = c.has("timestamp");
  if (!exclusive(c, "all", "event") || !exclusive(c, "list", "all") ||
      !exclusive(c, "list", "event"))
    return false;
  if (c.has("list")) {
    for (auto &e : kEvents) std::printf("%s\n", e.name);
    return true;
  }
  const char *name = nullptr;
  if (c.string("event", name) < 0) return false;
  if (!name && !all) {
    error("%s", "one of --list, --all, or --event <type> is required");
    return false;
  }
  int count = 0;
  std::vector<std::pair<int, Watch>> watches;  // event ID, its state
  watches.reserve(std::size(kEvents));
  for (size_t i = 0; i < std::size(kEvents); i++)
    if (!name || std::strcmp(name, kEvents[i].name) == 0)
      watches.push_back({static_cast<int>(i), Watch{kEvents[i].name, loop, timestamp, &count}});
  if (watches.empty()) {
    error("unknown event type %s", name);
    return false;
  }
  int timeout = 0;
  if (c.timeout_ms(timeout) < 0) return false;
  std::optional<virtkit::Domain> dom;
  if (c.has("domain")) {
    dom = sh.domain(c);
    if (!dom) return false;
  }
  std::vector<int> ids;
  bool ok = false;
  if (event_start(timeout)) {
    bool registered = true;
    for (size_t i = 0; i < watches.size(); i++) {
      int id = virConnectDomainEventRegisterAny(sh.conn.get(), dom ? dom->get() : nullptr,
                                                watches[i].first, kEvents[watches[i].first].cb,
                                                &watches[i].second, nullptr);
      if (id >= 0) {
        ids.push_back(id);
      } else if (i == 0) {
        registered = false;  // later failures: an older server knows fewer events
        break;
      } else {
        reset_error();
      }
    }
    if (registered) ok = finish_wait(event_wait(), count);
  }
  event_cleanup();
  for (int id : ids)
    if (virConnectDomainEventDeregisterAny(sh.conn.get(), id) < 0) ok = false;
  return ok;
}

namespace {

struct QemuWatch {
  bool loop, pretty, timestamp;
  int count;
};

void qemu_event(virConnectPtr, virDomainPtr dom, const char *event, long long seconds,
                unsigned micros, const char *details, void *opaque) {
  auto *w = static_cast<QemuWatch *>(opaque);
  if (!w->loop && w->count) return;
  std::string text = details ? details : "<null>";  // NULLSTR
  if (w->pretty && details) {
    if (json_parses(details)) text = json_format(details, true);
  }
  if (w->timestamp)
    std::printf("%s: event %s for domain '%s': %s\n", timestamp_now().c_str(), event,
                virDomainGetName(dom), text.c_str());
  else
    std::printf("event %s at %lld.%06u for domain '%s': %s\n", event, seconds, micros,
                virDomainGetName(dom), text.c_str());
  std::fflush(stdout);
  w->count++;
  if (!w->loop) event_done();
}

}  // namespace

// virsh's qemu-monitor-event: its checks, then the registration and the wait.
bool cmd_qemu_monitor_event(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (c.has("regex")) flags |= VIR_CONNECT_DOMAIN_QEMU_MONITOR_EVENT_REGISTER_REGEX;
  if (c.has("no-case")) flags |= VIR_CONNECT_DOMAIN_QEMU_MONITOR_EVENT_REGISTER_NOCASE;
  QemuWatch w{c.has("loop"), c.has("pretty"), c.has("timestamp"), 0};
  int timeout = 0;
  if (c.timeout_ms(timeout) < 0) return false;
  const char *event = nullptr;
  if (c.string("event", event) < 0) return false;
  std::optional<virtkit::Domain> dom;
  if (c.has("domain")) {
    dom = sh.domain(c);
    if (!dom) return false;
  }
  bool ok = false;
  int id = -1;
  if (event_start(timeout)) {
    id = virConnectDomainQemuMonitorEventRegister(sh.conn.get(), dom ? dom->get() : nullptr, event,
                                                  qemu_event, &w, nullptr, flags);
    if (id >= 0) ok = finish_wait(event_wait(), w.count);
  }
  event_cleanup();
  if (id >= 0 && virConnectDomainQemuMonitorEventDeregister(sh.conn.get(), id) < 0) ok = false;
  return ok;
}

}  // namespace virtkit_sh
