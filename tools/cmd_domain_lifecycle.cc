// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's domain lifecycle commands: autostart, create, save and
// restore, managed save, core dumps, screenshots, jobs, renaming and XML
// conversion, each as Debian's virsh 9.0.0 prints it.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "cmd_domain_util.h"
#include "util/numbers.h"

namespace virtkit_sh {

namespace {

// What virsh's job watcher prints once a job with --verbose has finished.
void job_done(const Cmd &c, bool ok, const char *label) {
  if (ok && c.has("verbose")) {
    std::fflush(stdout);
    std::fprintf(stderr, "\r%s: [100 %%]", label);
    std::fflush(stderr);
  }
}

unsigned save_flags(const Cmd &c) {
  unsigned flags = 0;
  if (c.has("bypass-cache")) flags |= VIR_DOMAIN_SAVE_BYPASS_CACHE;
  if (c.has("running")) flags |= VIR_DOMAIN_SAVE_RUNNING;
  if (c.has("paused")) flags |= VIR_DOMAIN_SAVE_PAUSED;
  return flags;
}

const char *job_type(int t) {
  static const char *const names[] = {"None",   "Bounded",   "Unbounded", "Completed",
                                      "Failed", "Cancelled", nullptr};
  return t >= 0 && t < 6 ? names[t] : "unknown";
}

const char *job_operation(int op) {
  static const char *const names[] = {
      "Unknown",  "Start",           "Save", "Restore", "Incoming migration", "Outgoing migration",
      "Snapshot", "Snapshot revert", "Dump", "Backup",  "Snapshot delete"};
  return op >= 0 && op < 11 ? names[op] : "unknown";
}

// libvirt's virTypedParameterToString, for --rawstats.
std::string raw_param(const virTypedParameter &p) {
  char b[64];
  switch (p.type) {
    case VIR_TYPED_PARAM_INT:
      std::snprintf(b, sizeof b, "%d", p.value.i);
      break;
    case VIR_TYPED_PARAM_UINT:
      std::snprintf(b, sizeof b, "%u", p.value.ui);
      break;
    case VIR_TYPED_PARAM_LLONG:
      std::snprintf(b, sizeof b, "%lld", p.value.l);
      break;
    case VIR_TYPED_PARAM_ULLONG:
      std::snprintf(b, sizeof b, "%llu", p.value.ul);
      break;
    case VIR_TYPED_PARAM_DOUBLE:
      std::snprintf(b, sizeof b, "%g", p.value.d);
      break;
    case VIR_TYPED_PARAM_BOOLEAN:
      std::snprintf(b, sizeof b, "%d", p.value.b);
      break;
    case VIR_TYPED_PARAM_STRING:
      return p.value.s ? p.value.s : "(null)";
    default:
      return "(null)";
  }
  return b;
}

}  // namespace

bool cmd_autostart(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  bool on = !c.has("disable");
  const char *n = dom::given(c);
  if (!d->try_set_autostart(on)) {
    error(on ? "Failed to mark domain '%s' as autostarted"
             : "Failed to unmark domain '%s' as autostarted",
          n);
    return false;
  }
  extra(on ? "Domain '%s' marked as autostarted\n" : "Domain '%s' unmarked as autostarted\n", n);
  return true;
}

bool cmd_create(Shell &sh, const Cmd &c) {
  const char *from = nullptr;
  if (c.string("file", from) < 0) return false;
  std::string xml;
  if (!read_file(from, xml)) return false;
  std::vector<int> fds;
  if (!dom::pass_fds(c, fds)) return false;
  unsigned flags = 0;
  if (c.has("paused")) flags |= VIR_DOMAIN_START_PAUSED;
  if (c.has("autodestroy")) flags |= VIR_DOMAIN_START_AUTODESTROY;
  if (c.has("validate")) flags |= VIR_DOMAIN_START_VALIDATE;
  if (c.has("reset-nvram")) flags |= VIR_DOMAIN_START_RESET_NVRAM;
  auto d = fds.empty() ? virtkit::Domain::try_create_xml(sh.conn, xml, flags)
                       : virtkit::Domain::try_create_xml_with_files(sh.conn, xml, fds, flags);
  if (!d) {
    error("Failed to create domain from %s", from);
    return false;
  }
  extra("Domain '%s' created from %s\n", dom::name(*d).c_str(), from);
  if (c.has("console")) dom::run_console(sh, *d);  // its failure does not fail create
  return true;
}

bool cmd_domrename(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  const char *to = nullptr;
  if (c.string("new-name", to) < 0) return false;
  if (!d->try_rename(to, 0)) return false;
  extra("Domain successfully renamed\n");
  return true;
}

bool cmd_dompmsuspend(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  unsigned long long duration = 0;
  if (c.opt_ull("duration", duration) < 0) return false;
  const char *target = nullptr;
  if (c.string("target", target) < 0) return false;
  static const char *const targets[] = {"mem", "disk", "hybrid", nullptr};
  int t = dom::index_of(targets, target);
  if (t < 0) {
    error("%s", "Invalid target");
    return false;
  }
  if (!d->try_pm_suspend(static_cast<unsigned>(t), duration, 0)) {
    error("Domain '%s' could not be suspended", dom::name(*d).c_str());
    return false;
  }
  extra("Domain '%s' successfully suspended", dom::name(*d).c_str());
  return true;
}

bool cmd_dompmwakeup(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  if (!d->try_pm_wakeup(0)) {
    error("Domain '%s' could not be woken up", dom::name(*d).c_str());
    return false;
  }
  extra("Domain '%s' successfully woken up", dom::name(*d).c_str());
  return true;
}

bool cmd_dump(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  const char *to = nullptr;
  if (c.string("file", to) < 0) return false;
  const char *n = dom::given(c);
  unsigned flags = 0;
  if (c.has("live")) flags |= VIR_DUMP_LIVE;
  if (c.has("crash")) flags |= VIR_DUMP_CRASH;
  if (c.has("bypass-cache")) flags |= VIR_DUMP_BYPASS_CACHE;
  if (c.has("reset")) flags |= VIR_DUMP_RESET;
  if (c.has("memory-only")) flags |= VIR_DUMP_MEMORY_ONLY;
  int format = VIR_DOMAIN_CORE_DUMP_FORMAT_RAW;
  if (c.has("format")) {
    if (!(flags & VIR_DUMP_MEMORY_ONLY)) {
      error("%s", "--format only works with --memory-only");
      return false;
    }
    const char *f = nullptr;
    if (c.string_quiet("format", f) > 0) {
      static const char *const formats[] = {"elf",          "kdump-zlib", "kdump-lzo",
                                            "kdump-snappy", "win-dmp",    nullptr};
      format = dom::index_of(formats, f);
      if (format < 0) {
        error(
            "format '%s' is not supported, expecting 'kdump-zlib', 'kdump-lzo', "
            "'kdump-snappy', 'win-dmp' or 'elf'",
            f);
        return false;
      }
    }
  }
  auto r = format != VIR_DOMAIN_CORE_DUMP_FORMAT_RAW
               ? d->try_core_dump(to, static_cast<unsigned>(format), flags)
               : d->try_core_dump(to, flags);
  if (!r) {
    error("Failed to core dump domain '%s' to %s", n, to);
    return false;
  }
  job_done(c, true, "Dump");
  extra("\nDomain '%s' dumped to %s\n", n, to);
  return true;
}

bool cmd_inject_nmi(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  return d->try_inject_nmi(0).has_value();
}

bool cmd_managedsave(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  const char *n = dom::given(c);
  if (!d->try_managed_save(save_flags(c))) {
    error("Failed to save domain '%s' state", n);
    return false;
  }
  job_done(c, true, "Managedsave");
  extra("\nDomain '%s' state saved by libvirt\n", n);
  return true;
}

bool cmd_managedsave_remove(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  const char *n = dom::given(c);
  auto has = d->try_has_managed_save_image(0);
  if (!has) {
    error("%s", "Failed to check for domain managed save image");
    return false;
  }
  if (!*has) {
    extra("Domain '%s' has no manage save image; removal skipped", n);
    return true;
  }
  if (!d->try_managed_save_remove(0)) {
    error("Failed to remove managed save image for domain '%s'", n);
    return false;
  }
  extra("Removed managedsave image for domain '%s'", n);
  return true;
}

bool cmd_managedsave_dumpxml(Shell &sh, const Cmd &c) {
  unsigned flags = c.has("security-info") ? VIR_DOMAIN_XML_SECURE : 0;
  auto d = sh.domain(c);
  if (!d) return false;
  const char *xpath = nullptr;
  if (c.string_quiet("xpath", xpath) < 0) return false;
  auto xml = d->try_managed_save_xml(flags);
  if (!xml) return false;
  return print_xml(xml->c_str(), xpath, c.has("wrap"));
}

bool cmd_managedsave_define(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (c.has("running")) flags |= VIR_DOMAIN_SAVE_RUNNING;
  if (c.has("paused")) flags |= VIR_DOMAIN_SAVE_PAUSED;
  if (!exclusive(c, "running", "paused")) return false;
  const char *file = nullptr;
  if (c.string("xml", file) < 0) return false;
  std::string xml;
  if (!read_file(file, xml)) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  if (!d->try_managed_save_define_xml(xml, flags)) {
    error("Failed to update %s XML configuration", dom::name(*d).c_str());
    return false;
  }
  extra("Managed save state file of domain '%s' updated.\n", dom::name(*d).c_str());
  return true;
}

bool cmd_reset(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  if (!d->try_reset(0)) {
    error("Failed to reset domain '%s'", dom::given(c));
    return false;
  }
  extra("Domain '%s' was reset\n", dom::given(c));
  return true;
}

bool cmd_restore(Shell &sh, const Cmd &c) {
  const char *from = nullptr;
  if (c.string("file", from) < 0) return false;
  unsigned flags = save_flags(c);
  if (c.has("reset-nvram")) flags |= VIR_DOMAIN_SAVE_RESET_NVRAM;
  const char *file = nullptr;
  if (c.string("xml", file) < 0) return false;
  std::string xml;
  if (file && !read_file(file, xml)) return false;
  std::optional<std::string_view> dxml;
  if (file) dxml = xml;
  if (!virtkit::Domain::try_restore(sh.conn, from, dxml, flags)) {
    error("Failed to restore domain from %s", from);
    return false;
  }
  extra("Domain restored from %s\n", from);
  return true;
}

bool cmd_save(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  const char *to = nullptr;
  if (c.string("file", to) < 0) return false;
  const char *n = dom::given(c);
  unsigned flags = save_flags(c);
  const char *file = nullptr;
  if (c.string("xml", file) < 0) return false;
  std::string xml;
  if (file && !read_file(file, xml)) return false;
  std::optional<std::string_view> dxml;
  if (file) dxml = xml;
  if (!d->try_save(to, dxml, flags)) {
    error("Failed to save domain '%s' to %s", n, to);
    return false;
  }
  job_done(c, true, "Save");
  extra("\nDomain '%s' saved to %s\n", n, to);
  return true;
}

bool cmd_save_image_define(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (c.has("running")) flags |= VIR_DOMAIN_SAVE_RUNNING;
  if (c.has("paused")) flags |= VIR_DOMAIN_SAVE_PAUSED;
  const char *file = nullptr, *xmlfile = nullptr;
  if (c.string("file", file) < 0 || c.string("xml", xmlfile) < 0) return false;
  std::string xml;
  if (!read_file(xmlfile, xml)) return false;
  if (!virtkit::Domain::try_save_image_define_xml(sh.conn, file, xml, flags)) {
    error("Failed to update %s", file);
    return false;
  }
  extra("State file %s updated.\n", file);
  return true;
}

bool cmd_save_image_dumpxml(Shell &sh, const Cmd &c) {
  unsigned flags = c.has("security-info") ? VIR_DOMAIN_XML_SECURE : 0;
  const char *file = nullptr, *xpath = nullptr;
  if (c.string("file", file) < 0) return false;
  if (c.string_quiet("xpath", xpath) < 0) return false;
  auto xml = virtkit::Domain::try_save_image_xml(sh.conn, file, flags);
  if (!xml) return false;
  return print_xml(xml->c_str(), xpath, c.has("wrap"));
}

bool cmd_screenshot(Shell &sh, const Cmd &c) {
  const char *file = nullptr;
  if (c.string("file", file) < 0) return false;
  unsigned screen = 0;
  if (c.opt_uint("screen", screen) < 0) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  const char *n = dom::given(c);
  auto st = virtkit::Stream::try_create(sh.conn, 0);
  if (!st) return false;
  auto mime = d->try_screenshot(*st, screen, 0);
  if (!mime) {
    error("could not take a screenshot of %s", n);
    return false;
  }
  const std::string &mime_s = *mime;
  std::string path;
  if (file) {
    path = file;
  } else {
    // NAME-YYYY-MM-DD-HH:MM:SS.ext in local time
    char now[64];
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    std::strftime(now, sizeof now, "%Y-%m-%d-%H:%M:%S", &tm);
    const char *ext = mime_s == "image/x-portable-pixmap" ? ".ppm"
                      : mime_s == "image/png"             ? ".png"
                                                          : "";
    path = std::string(dom::name(*d).c_str()) + "-" + now + ext;
  }
  bool created = false;
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0666);
  if (fd < 0) {
    if (errno != EEXIST || (fd = open(path.c_str(), O_WRONLY | O_TRUNC, 0666)) < 0) {
      error("cannot create file %s", path.c_str());
      return false;
    }
  } else {
    created = true;
  }
  auto fail = [&](const char *fmt, const char *arg) {
    error(fmt, arg);
    if (fd >= 0) close(fd);
    if (created) unlink(path.c_str());
    return false;
  };
  struct WriteFailed {};
  auto sink = [&](std::span<const std::byte> data) {
    size_t done = 0;
    while (done < data.size()) {
      ssize_t w = write(fd, data.data() + done, data.size() - done);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) throw WriteFailed{};
      done += static_cast<size_t>(w);
    }
  };
  bool received;
  try {
    received = st->try_recv_all(sink).has_value();
  } catch (const WriteFailed &) {
    received = false;
  }
  if (!received) return fail("could not receive data from domain '%s'", n);
  int rc = close(fd);
  fd = -1;
  if (rc < 0) return fail("cannot close file %s", path.c_str());
  if (!st->try_finish()) return fail("cannot close stream on domain '%s'", n);
  extra("Screenshot saved to %s, with type of %s", path.c_str(), mime_s.c_str());
  return true;
}

bool cmd_set_lifecycle_action(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (!domx::affect(c, false, flags)) return false;
  const char *type = nullptr, *action = nullptr;
  if (c.string("type", type) < 0 || c.string("action", action) < 0) return false;
  static const char *const types[] = {"poweroff", "reboot", "crash", nullptr};
  static const char *const actions[] = {"destroy",  "restart",          "rename-restart",
                                        "preserve", "coredump-destroy", "coredump-restart",
                                        nullptr};
  int t = dom::index_of(types, type);
  if (t < 0) {
    error("Invalid lifecycle type '%s'.", type);
    return false;
  }
  int a = dom::index_of(actions, action);
  if (a < 0) {
    error("Invalid lifecycle action '%s'.", action);
    return false;
  }
  auto d = sh.domain(c);
  if (!d) return false;
  if (!d->try_set_lifecycle_action(static_cast<unsigned>(t), static_cast<unsigned>(a), flags)) {
    error("%s", "Unable to change lifecycle action.");
    return false;
  }
  return true;
}

bool cmd_domjobabort(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  unsigned flags = c.has("postcopy") ? VIR_DOMAIN_ABORT_JOB_POSTCOPY : 0;
  return (flags ? d->try_abort_job(flags) : d->try_abort_job()).has_value();
}

bool cmd_domjobinfo(Shell &sh, const Cmd &c) {
  if (c.has("keep-completed") && !c.has("completed")) {
    error("Option --%s is required by option --%s", "completed", "keep-completed");
    return false;
  }
  auto d = sh.domain(c);
  if (!d) return false;
  unsigned flags = 0;
  if (c.has("completed")) flags |= VIR_DOMAIN_JOB_STATS_COMPLETED;
  if (c.has("keep-completed")) flags |= VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED;
  bool raw = c.has("rawstats");
  virDomainJobInfo info{};
  // The statistics as a C array, read with virTypedParamsGet* as virsh does.
  virtkit::TypedParams::CArray stats;
  auto js = d->try_job_stats(flags);
  int rc = js ? 0 : -1;
  if (js) {
    auto arr = js->params.try_to_c();
    if (!arr) return false;
    stats = std::move(arr).value();
    info.type = js->type;
  }
  virTypedParameterPtr params = stats.data();
  int n = stats.size();
  if (rc == 0) {
    static const std::pair<const char *, unsigned long long virDomainJobInfo::*> fields[] = {
        {VIR_DOMAIN_JOB_TIME_ELAPSED, &virDomainJobInfo::timeElapsed},
        {VIR_DOMAIN_JOB_TIME_REMAINING, &virDomainJobInfo::timeRemaining},
        {VIR_DOMAIN_JOB_DATA_TOTAL, &virDomainJobInfo::dataTotal},
        {VIR_DOMAIN_JOB_DATA_PROCESSED, &virDomainJobInfo::dataProcessed},
        {VIR_DOMAIN_JOB_DATA_REMAINING, &virDomainJobInfo::dataRemaining},
        {VIR_DOMAIN_JOB_MEMORY_TOTAL, &virDomainJobInfo::memTotal},
        {VIR_DOMAIN_JOB_MEMORY_PROCESSED, &virDomainJobInfo::memProcessed},
        {VIR_DOMAIN_JOB_MEMORY_REMAINING, &virDomainJobInfo::memRemaining},
        {VIR_DOMAIN_JOB_DISK_TOTAL, &virDomainJobInfo::fileTotal},
        {VIR_DOMAIN_JOB_DISK_PROCESSED, &virDomainJobInfo::fileProcessed},
        {VIR_DOMAIN_JOB_DISK_REMAINING, &virDomainJobInfo::fileRemaining}};
    for (auto &f : fields)
      if (virTypedParamsGetULLong(params, n, f.first, &(info.*f.second)) < 0) return false;
  } else if (js.error().code() == VIR_ERR_NO_SUPPORT) {
    if (flags || raw) {
      error("%s", "Optional flags or --rawstats are not supported by the daemon");
      return false;
    }
    reset_error();
    auto ji = d->try_job_info();
    if (ji) {
      rc = 0;
      info = {ji->type,
              static_cast<unsigned long long>(ji->elapsed.count()),
              static_cast<unsigned long long>(ji->remaining.count()),
              ji->data_total,
              ji->data_processed,
              ji->data_remaining,
              ji->mem_total,
              ji->mem_processed,
              ji->mem_remaining,
              ji->file_total,
              ji->file_processed,
              ji->file_remaining};
    }
  }
  if (rc < 0) return false;
  if (raw) {
    std::printf("Job type: %d\n\n", info.type);
    for (int i = 0; i < n; i++)
      std::printf("%s: %s\n", params[i].field, raw_param(params[i]).c_str());
    return true;
  }
  std::printf("%-17s %-12s\n", "Job type:", job_type(info.type));
  if (info.type == VIR_DOMAIN_JOB_NONE) return true;
  int op = VIR_DOMAIN_JOB_OPERATION_UNKNOWN;
  if (virTypedParamsGetInt(params, n, VIR_DOMAIN_JOB_OPERATION, &op) < 0) return false;
  std::printf("%-17s %-12s\n", "Operation:", job_operation(op));
  if (!c.has("anystats") && info.type != VIR_DOMAIN_JOB_BOUNDED &&
      info.type != VIR_DOMAIN_JOB_UNBOUNDED &&
      (!(flags & VIR_DOMAIN_JOB_STATS_COMPLETED) || info.type != VIR_DOMAIN_JOB_COMPLETED))
    return true;
  unsigned long long v;
  const char *unit;
  double val;
  // 1 with the value, 0 without, -1 on a libvirt error
  auto ull = [&](const char *f) { return virTypedParamsGetULLong(params, n, f, &v); };
  auto pretty = [&](const char *label, unsigned long long x, const char *suffix = "") {
    val = pretty_capacity(x, unit);
    std::printf("%-17s %-.3lf %s%s\n", label, val, unit, suffix);
  };
  std::printf("%-17s %-12llu ms\n", "Time elapsed:", info.timeElapsed);
  int r;
  if ((r = ull(VIR_DOMAIN_JOB_TIME_ELAPSED_NET)) < 0) return false;
  if (r) std::printf("%-17s %-12llu ms\n", "Time elapsed w/o network:", v);
  if (info.type == VIR_DOMAIN_JOB_BOUNDED)
    std::printf("%-17s %-12llu ms\n", "Time remaining:", info.timeRemaining);
  if (info.dataTotal || info.dataRemaining || info.dataProcessed) {
    pretty("Data processed:", info.dataProcessed);
    pretty("Data remaining:", info.dataRemaining);
    pretty("Data total:", info.dataTotal);
  }
  if (info.memTotal || info.memRemaining || info.memProcessed) {
    pretty("Memory processed:", info.memProcessed);
    pretty("Memory remaining:", info.memRemaining);
    pretty("Memory total:", info.memTotal);
    if ((r = ull(VIR_DOMAIN_JOB_MEMORY_BPS)) < 0) return false;
    if (r && v) pretty("Memory bandwidth:", v, "/s");
    if ((r = ull(VIR_DOMAIN_JOB_MEMORY_DIRTY_RATE)) < 0) return false;
    if (r) std::printf("%-17s %-12llu pages/s\n", "Dirty rate:", v);
    if ((r = ull(VIR_DOMAIN_JOB_MEMORY_PAGE_SIZE)) < 0) return false;
    if (r) std::printf("%-17s %-12llu bytes\n", "Page size:", v);
    if ((r = ull(VIR_DOMAIN_JOB_MEMORY_ITERATION)) < 0) return false;
    if (r) std::printf("%-17s %-12llu\n", "Iteration:", v);
    if ((r = ull(VIR_DOMAIN_JOB_MEMORY_POSTCOPY_REQS)) < 0) return false;
    if (r) std::printf("%-17s %-12llu\n", "Postcopy requests:", v);
  }
  if (info.fileTotal || info.fileRemaining || info.fileProcessed) {
    pretty("File processed:", info.fileProcessed);
    pretty("File remaining:", info.fileRemaining);
    pretty("File total:", info.fileTotal);
    if ((r = ull(VIR_DOMAIN_JOB_DISK_BPS)) < 0) return false;
    if (r && v) pretty("File bandwidth:", v, "/s");
  }
  if ((r = ull(VIR_DOMAIN_JOB_MEMORY_CONSTANT)) < 0) return false;
  if (r) std::printf("%-17s %-12llu\n", "Constant pages:", v);
  if ((r = ull(VIR_DOMAIN_JOB_MEMORY_NORMAL)) < 0) return false;
  if (r) std::printf("%-17s %-12llu\n", "Normal pages:", v);
  if ((r = ull(VIR_DOMAIN_JOB_MEMORY_NORMAL_BYTES)) < 0) return false;
  if (r) pretty("Normal data:", v);
  if ((r = ull(VIR_DOMAIN_JOB_DOWNTIME)) < 0) return false;
  if (r)
    std::printf(
        "%-17s %-12llu ms\n",
        info.type == VIR_DOMAIN_JOB_COMPLETED ? "Total downtime:" : "Expected downtime:", v);
  if ((r = ull(VIR_DOMAIN_JOB_DOWNTIME_NET)) < 0) return false;
  if (r) std::printf("%-17s %-12llu ms\n", "Downtime w/o network:", v);
  if ((r = ull(VIR_DOMAIN_JOB_SETUP_TIME)) < 0) return false;
  if (r) std::printf("%-17s %-12llu ms\n", "Setup time:", v);
  if ((r = ull(VIR_DOMAIN_JOB_COMPRESSION_CACHE)) < 0) return false;
  if (r) pretty("Compression cache:", v);
  if ((r = ull(VIR_DOMAIN_JOB_COMPRESSION_BYTES)) < 0) return false;
  if (r) pretty("Compressed data:", v);
  if ((r = ull(VIR_DOMAIN_JOB_COMPRESSION_PAGES)) < 0) return false;
  if (r) std::printf("%-17s %-13llu\n", "Compressed pages:", v);
  if ((r = ull(VIR_DOMAIN_JOB_COMPRESSION_CACHE_MISSES)) < 0) return false;
  if (r) std::printf("%-17s %-13llu\n", "Compression cache misses:", v);
  if ((r = ull(VIR_DOMAIN_JOB_COMPRESSION_OVERFLOW)) < 0) return false;
  if (r) std::printf("%-17s %-13llu\n", "Compression overflows:", v);
  int iv;
  if ((r = virTypedParamsGetInt(params, n, VIR_DOMAIN_JOB_AUTO_CONVERGE_THROTTLE, &iv)) < 0)
    return false;
  if (r) std::printf("%-17s %-13d\n", "Auto converge throttle:", iv);
  if ((r = ull(VIR_DOMAIN_JOB_DISK_TEMP_USED)) < 0) return false;
  if (r) pretty("Temporary disk space use:", v);
  if ((r = ull(VIR_DOMAIN_JOB_DISK_TEMP_TOTAL)) < 0) return false;
  if (r) pretty("Temporary disk space total:", v);
  const char *msg = nullptr;
  if ((r = virTypedParamsGetString(params, n, VIR_DOMAIN_JOB_ERRMSG, &msg)) < 0) return false;
  if (r == 1) std::printf("%-17s %s\n", "Error message:", msg);
  return true;
}

bool cmd_domxml_from_native(Shell &sh, const Cmd &c) {
  const char *format = nullptr, *config = nullptr;
  if (c.string("format", format) < 0 || c.string("config", config) < 0) return false;
  std::string data;
  if (!read_file(config, data)) return false;
  auto xml = sh.conn.try_domain_xml_from_native(format, data, 0);
  if (!xml) return false;
  std::printf("%s", xml->c_str());
  return true;
}

bool cmd_domxml_to_native(Shell &sh, const Cmd &c) {
  const char *format = nullptr, *file = nullptr;
  if (c.string("format", format) < 0 || c.string("xml", file) < 0) return false;
  if (!exclusive(c, "domain", "xml")) return false;
  std::optional<virtkit::Domain> d;
  if (c.has("domain") && !(d = sh.domain(c))) return false;
  std::string xml;
  bool have = false;
  if (d) {
    if (auto x = d->try_xml(0)) {
      xml = std::move(x).value();
      have = true;
    }
  } else if (file) {
    if (!read_file(file, xml)) return false;
    have = true;
  } else {
    error("%s", "need either domain or domain XML");
    return false;
  }
  if (!have) {
    error("%s", "failed to retrieve XML");
    return false;
  }
  auto native = sh.conn.try_domain_xml_to_native(format, xml, 0);
  if (!native) return false;
  std::printf("%s", native->c_str());
  return true;
}

}  // namespace virtkit_sh
