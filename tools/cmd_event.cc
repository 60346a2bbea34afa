// SPDX-License-Identifier: LGPL-2.1-or-later
// virsh's "event": waits for domain events and prints each as virsh does.
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <virtkit/qemu.hpp>

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

std::string params_lines(const virtkit::TypedParams &params) {
  std::string out;
  auto c = params.to_c();
  for (int i = 0; i < c.size(); i++)
    out += fmt("\t%s: %s\n", c.data()[i].field, param_string(c.data()[i]).c_str());
  return out;
}

// A C string the event carried (a view with data() == nullptr for NULL).
const char *cs(std::string_view s) {
  return s.data();
}

std::string dn(const virtkit::Domain &d) {
  return d.try_name().value_or("");
}

using Dom = const virtkit::Domain &;

void generic(Watch *w, Dom d) {
  emit(w, fmt("event '%s' for domain '%s'\n", w->name, dn(d).c_str()));
}

void lifecycle(Watch *w, Dom d, int event, int detail) {
  emit(w, fmt("event 'lifecycle' for domain '%s': %s %s\n", dn(d).c_str(),
              name_of(kLifecycle, event), lifecycle_detail(event, detail)));
}

void rtc_change(Watch *w, Dom d, long long offset) {
  emit(w, fmt("event 'rtc-change' for domain '%s': %lld\n", dn(d).c_str(), offset));
}

void watchdog(Watch *w, Dom d, int action) {
  static const char *const actions[] = {"none",     "pause", "reset",     "poweroff",
                                        "shutdown", "debug", "inject-nmi"};
  emit(w, fmt("event 'watchdog' for domain '%s': %s\n", dn(d).c_str(), name_of(actions, action)));
}

void io_error(Watch *w, Dom d, std::string_view src, std::string_view alias, int action) {
  emit(w, fmt("event 'io-error' for domain '%s': %s (%s) %s\n", dn(d).c_str(), nullstr(cs(src)),
              nullstr(cs(alias)), name_of(kIoErrorAction, action)));
}

void graphics(Watch *w, Dom d, int phase, const virDomainEventGraphicsAddress *local,
              const virDomainEventGraphicsAddress *remote, std::string_view auth,
              const virDomainEventGraphicsSubject *subject) {
  static const char *const phases[] = {"connect", "initialize", "disconnect"};
  static const char *const families[] = {"IPv4", "IPv6", "unix"};
  std::string s =
      fmt("event 'graphics' for domain '%s': %s local[%s %s %s] remote[%s %s %s] %s\n",
          dn(d).c_str(), name_of(phases, phase), name_of(families, local->family),
          nullstr(local->node), nullstr(local->service), name_of(families, remote->family),
          nullstr(remote->node), nullstr(remote->service), nullstr(cs(auth)));
  for (int i = 0; i < subject->nidentity; i++)
    s += fmt("\t%s=%s\n", subject->identities[i].type, subject->identities[i].name);
  emit(w, s);
}

void io_error_reason(Watch *w, Dom d, std::string_view src, std::string_view alias, int action,
                     std::string_view reason) {
  emit(w, fmt("event 'io-error-reason' for domain '%s': %s (%s) %s due to %s\n", dn(d).c_str(),
              nullstr(cs(src)), nullstr(cs(alias)), name_of(kIoErrorAction, action),
              nullstr(cs(reason))));
}

void block_job(Watch *w, Dom d, std::string_view disk, int type, int status) {
  emit(w, fmt("event '%s' for domain '%s': %s for %s %s\n", w->name, dn(d).c_str(),
              name_of(kBlockJobType, type), nullstr(cs(disk)), name_of(kBlockJobStatus, status)));
}

void disk_change(Watch *w, Dom d, std::string_view old_src, std::string_view new_src,
                 std::string_view alias, int reason) {
  static const char *const reasons[] = {"changed", "dropped"};
  emit(w, fmt("event 'disk-change' for domain '%s' disk %s: %s -> %s: %s\n", dn(d).c_str(),
              nullstr(cs(alias)), nullstr(cs(old_src)), nullstr(cs(new_src)),
              name_of(reasons, reason)));
}

void tray_change(Watch *w, Dom d, std::string_view alias, int reason) {
  static const char *const reasons[] = {"opened", "closed"};
  emit(w, fmt("event 'tray-change' for domain '%s' disk %s: %s\n", dn(d).c_str(),
              nullstr(cs(alias)), name_of(reasons, reason)));
}

// pm-wakeup, pm-suspend, pm-suspend-disk: no reasons are defined yet.
void pm_change(Watch *w, Dom d, int) {
  generic(w, d);
}

void balloon_change(Watch *w, Dom d, unsigned long long actual) {
  emit(w, fmt("event 'balloon-change' for domain '%s': %lluKiB\n", dn(d).c_str(), actual));
}

void device_removed(Watch *w, Dom d, std::string_view alias) {
  emit(w, fmt("event 'device-removed' for domain '%s': %s\n", dn(d).c_str(), nullstr(cs(alias))));
}

void tunable(Watch *w, Dom d, const virtkit::TypedParams &params) {
  emit(w, fmt("event 'tunable' for domain '%s':\n", dn(d).c_str()) + params_lines(params));
}

void agent_lifecycle(Watch *w, Dom d, int state, int reason) {
  static const char *const states[] = {"unknown", "connected", "disconnected"};
  static const char *const reasons[] = {"unknown", "domain started", "channel event"};
  emit(w, fmt("event 'agent-lifecycle' for domain '%s': state: '%s' reason: '%s'\n", dn(d).c_str(),
              name_of(states, state, "unsupported value"),
              name_of(reasons, reason, "unsupported value")));
}

void device_added(Watch *w, Dom d, std::string_view alias) {
  emit(w, fmt("event 'device-added' for domain '%s': %s\n", dn(d).c_str(), nullstr(cs(alias))));
}

void migration_iteration(Watch *w, Dom d, int iteration) {
  emit(w, fmt("event 'migration-iteration' for domain '%s': iteration: '%d'\n", dn(d).c_str(),
              iteration));
}

void job_completed(Watch *w, Dom d, const virtkit::TypedParams &params) {
  emit(w, fmt("event 'job-completed' for domain '%s':\n", dn(d).c_str()) + params_lines(params));
}

void device_removal_failed(Watch *w, Dom d, std::string_view alias) {
  emit(w, fmt("event 'device-removal-failed' for domain '%s': %s\n", dn(d).c_str(),
              nullstr(cs(alias))));
}

void metadata_change(Watch *w, Dom d, int type, std::string_view uri) {
  static const char *const types[] = {"description", "title", "element"};
  emit(w, fmt("event 'metadata-change' for domain '%s': type %s, uri %s\n", dn(d).c_str(),
              name_of(types, type, "unsupported value"), nullstr(cs(uri))));
}

void block_threshold(Watch *w, Dom d, std::string_view dev, std::string_view path,
                     unsigned long long threshold, unsigned long long excess) {
  emit(w, fmt("event 'block-threshold' for domain '%s': dev: %s(%s) %llu %llu\n", dn(d).c_str(),
              nullstr(cs(dev)), nullstr(cs(path)), threshold, excess));
}

void memory_failure(Watch *w, Dom d, int recipient, int action, unsigned flags) {
  static const char *const recipients[] = {"hypervisor", "guest"};
  static const char *const actions[] = {"ignore", "inject", "fatal", "reset"};
  emit(w, fmt("event 'memory-failure' for domain '%s':\nrecipient: %s\naction: %s\n", dn(d).c_str(),
              name_of(recipients, recipient, "unsupported value"),
              name_of(actions, action, "unsupported value")) +
              fmt("flags:\n\taction required: %d\n\trecursive: %d\n",
                  !!(flags & VIR_DOMAIN_MEMORY_FAILURE_ACTION_REQUIRED),
                  !!(flags & VIR_DOMAIN_MEMORY_FAILURE_RECURSIVE)));
}

void memory_device_size_change(Watch *w, Dom d, std::string_view alias, unsigned long long size) {
  emit(w, fmt("event 'memory-device-size-change' for domain '%s':\nalias: %s\nsize: %llu\n",
              dn(d).c_str(), nullstr(cs(alias)), size));
}

using Subscribe = virtkit::Expected<virtkit::Subscription> (*)(const virtkit::Connection &,
                                                               const virtkit::Domain &, Watch *);

// Subscribes printer P to event ID (the C++ API's subscription, as virsh's).
template <int ID, auto P>
virtkit::Expected<virtkit::Subscription> subscribe(const virtkit::Connection &c,
                                                   const virtkit::Domain &only, Watch *w) {
  return virtkit::try_on_domain_event<ID>(
      c, [w](const virtkit::Domain &d, auto... args) { P(w, d, args...); }, only);
}

struct EventType {
  const char *name;
  Subscribe subscribe;
};

// In VIR_DOMAIN_EVENT_ID_* order.
const EventType kEvents[] = {
    {"lifecycle", subscribe<VIR_DOMAIN_EVENT_ID_LIFECYCLE, lifecycle>},
    {"reboot", subscribe<VIR_DOMAIN_EVENT_ID_REBOOT, generic>},
    {"rtc-change", subscribe<VIR_DOMAIN_EVENT_ID_RTC_CHANGE, rtc_change>},
    {"watchdog", subscribe<VIR_DOMAIN_EVENT_ID_WATCHDOG, watchdog>},
    {"io-error", subscribe<VIR_DOMAIN_EVENT_ID_IO_ERROR, io_error>},
    {"graphics", subscribe<VIR_DOMAIN_EVENT_ID_GRAPHICS, graphics>},
    {"io-error-reason", subscribe<VIR_DOMAIN_EVENT_ID_IO_ERROR_REASON, io_error_reason>},
    {"control-error", subscribe<VIR_DOMAIN_EVENT_ID_CONTROL_ERROR, generic>},
    {"block-job", subscribe<VIR_DOMAIN_EVENT_ID_BLOCK_JOB, block_job>},
    {"disk-change", subscribe<VIR_DOMAIN_EVENT_ID_DISK_CHANGE, disk_change>},
    {"tray-change", subscribe<VIR_DOMAIN_EVENT_ID_TRAY_CHANGE, tray_change>},
    {"pm-wakeup", subscribe<VIR_DOMAIN_EVENT_ID_PMWAKEUP, pm_change>},
    {"pm-suspend", subscribe<VIR_DOMAIN_EVENT_ID_PMSUSPEND, pm_change>},
    {"balloon-change", subscribe<VIR_DOMAIN_EVENT_ID_BALLOON_CHANGE, balloon_change>},
    {"pm-suspend-disk", subscribe<VIR_DOMAIN_EVENT_ID_PMSUSPEND_DISK, pm_change>},
    {"device-removed", subscribe<VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED, device_removed>},
    {"block-job-2", subscribe<VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2, block_job>},
    {"tunable", subscribe<VIR_DOMAIN_EVENT_ID_TUNABLE, tunable>},
    {"agent-lifecycle", subscribe<VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE, agent_lifecycle>},
    {"device-added", subscribe<VIR_DOMAIN_EVENT_ID_DEVICE_ADDED, device_added>},
    {"migration-iteration",
     subscribe<VIR_DOMAIN_EVENT_ID_MIGRATION_ITERATION, migration_iteration>},
    {"job-completed", subscribe<VIR_DOMAIN_EVENT_ID_JOB_COMPLETED, job_completed>},
    {"device-removal-failed",
     subscribe<VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED, device_removal_failed>},
    {"metadata-change", subscribe<VIR_DOMAIN_EVENT_ID_METADATA_CHANGE, metadata_change>},
    {"block-threshold", subscribe<VIR_DOMAIN_EVENT_ID_BLOCK_THRESHOLD, block_threshold>},
    {"memory-failure", subscribe<VIR_DOMAIN_EVENT_ID_MEMORY_FAILURE, memory_failure>},
    {"memory-device-size-change",
     subscribe<VIR_DOMAIN_EVENT_ID_MEMORY_DEVICE_SIZE_CHANGE, memory_device_size_change>},
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
  std::vector<virtkit::Subscription> subs;
  bool ok = false;
  if (event_start(timeout)) {
    bool registered = true;
    for (size_t i = 0; i < watches.size(); i++) {
      auto sub = kEvents[watches[i].first].subscribe(sh.conn, dom ? *dom : virtkit::Domain(),
                                                     &watches[i].second);
      if (sub) {
        subs.push_back(std::move(*sub));
      } else if (i == 0) {
        registered = false;  // later failures: an older server knows fewer events
        break;
      } else {
        reset_error();
      }
    }
    if (registered) {
      int end = event_wait();  // before reading the count it changes
      ok = finish_wait(end, count);
    }
  }
  event_cleanup();
  for (auto &sub : subs)
    if (!sub.try_cancel()) ok = false;
  return ok;
}

namespace {

struct QemuWatch {
  bool loop, pretty, timestamp;
  int count;
};

void qemu_event(QemuWatch &w, const virtkit::Domain &dom, std::string_view event,
                std::chrono::system_clock::time_point when, std::string_view details) {
  if (!w.loop && w.count) return;
  std::string text = details.data() ? std::string(details) : "<null>";  // NULLSTR
  if (w.pretty && details.data()) {
    if (json_parses(text)) text = json_format(text, true);
  }
  std::string ev(event);
  if (w.timestamp) {
    std::printf("%s: event %s for domain '%s': %s\n", timestamp_now().c_str(), ev.c_str(),
                dn(dom).c_str(), text.c_str());
  } else {
    long long us =
        std::chrono::duration_cast<std::chrono::microseconds>(when.time_since_epoch()).count();
    std::printf("event %s at %lld.%06u for domain '%s': %s\n", ev.c_str(), us / 1000000,
                static_cast<unsigned>(us % 1000000), dn(dom).c_str(), text.c_str());
  }
  std::fflush(stdout);
  w.count++;
  if (!w.loop) event_done();
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
  virtkit::Subscription sub;
  if (event_start(timeout)) {
    auto got = virtkit::qemu::try_on_monitor_event(
        sh.conn, event ? std::optional<std::string_view>(event) : std::nullopt,
        [&w](const virtkit::Domain &d, std::string_view ev, auto when, std::string_view details) {
          qemu_event(w, d, ev, when, details);
        },
        dom ? *dom : virtkit::Domain(), flags);
    if (got) {
      sub = std::move(got).value();
      int end = event_wait();  // before reading the count it changes
      ok = finish_wait(end, w.count);
    }
  }
  event_cleanup();
  if (!sub.try_cancel()) ok = false;
  return ok;
}

}  // namespace virtkit_sh
