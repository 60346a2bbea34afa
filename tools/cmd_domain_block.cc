// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's block device and guest filesystem commands (blkdeviotune,
// blockcommit, blockcopy, blockjob, blockpull, blockresize, domblkthreshold,
// domfs*), each printing what Debian's virsh 9.0.0 prints.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "cmd_domain_util.h"
#include "cmd_domain_xml.h"
#include "util/numbers.h"
#include "virtkit_sh.h"

namespace virtkit_sh {

namespace num = virtkit::util;

namespace {

// vshBlockJobOptionBandwidth: --bandwidth as a (wrapping) number, or else as
// a scaled size in bytes (turned into MiB unless BYTES). 0 when absent.
int bandwidth_opt(const Cmd &c, bool bytes, unsigned long &bw) {
  const std::string *s = c.get("bandwidth");
  if (!s) return 0;
  unsigned long long v;
  if (num::str_to_ull(s->c_str(), 10, v)) {
    bw = static_cast<unsigned long>(v);
    return 0;
  }
  const char *end;
  bool parsed = num::str_to_ullp(s->c_str(), &end, 10, v);
  auto e = parsed ? num::scale_integer(v, end, 1, ULONG_MAX) : num::ScaleError::kBadSuffix;
  if (!parsed || e != num::ScaleError::kNone) {
    error("Scaled numeric value '%s' for <--bandwidth> option is malformed or out of range",
          s->c_str());
    if (parsed) scale_error(e, v, end);  // scale_integer leaves v alone on failure
    return -1;
  }
  if (!bytes) v >>= 20;
  bw = static_cast<unsigned long>(v);
  return 0;
}

volatile sig_atomic_t g_interrupted = 0;

void on_sigint(int) {
  g_interrupted = 1;
}

enum JobResult { kJobError = -1, kJobCompleted = 0, kJobFailed, kJobCanceled, kJobReady };

// virshBlockJobWait without events: polls the job every half second until it
// vanishes (completed) or reaches 100% (ready); aborts it on Ctrl-C or after
// TIMEOUT_MS.
JobResult wait_block_job(const virtkit::Domain &d, const char *dev, const char *label, bool verbose,
                         int timeout_ms, bool async_abort) {
  struct sigaction sa {
  }, old{};
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &old);
  g_interrupted = 0;
  auto start = std::chrono::steady_clock::now();
  virDomainBlockJobInfo last{};
  JobResult ret = kJobError;
  for (;;) {
    sigset_t mask, oldmask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    pthread_sigmask(SIG_BLOCK, &mask, &oldmask);
    auto r = d.try_block_job_info(dev, 0);
    pthread_sigmask(SIG_SETMASK, &oldmask, nullptr);
    if (!r) {
      error("failed to query job for disk %s", dev);
      break;
    }
    if (!*r) {
      ret = kJobCompleted;
      break;
    }
    const virDomainBlockJobInfo &info = **r;
    if (info.end == info.cur) {
      ret = kJobReady;
      break;
    }
    if (verbose && (info.cur != last.cur || info.end != last.end))
      domx::print_progress(label, info.end - info.cur, info.end);
    last = info;
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now() - start)
                       .count();
    if (g_interrupted || (timeout_ms && elapsed > timeout_ms)) {
      if (!d.try_block_job_abort(dev, async_abort ? VIR_DOMAIN_BLOCK_JOB_ABORT_ASYNC : 0)) {
        error("failed to abort job for disk '%s'", dev);
        break;
      }
      ret = kJobCanceled;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  if (verbose && (ret == kJobCompleted || ret == kJobReady)) domx::print_progress(label, 0, 1);
  sigaction(SIGINT, &old, nullptr);
  return ret;
}

const char *job_type_name(int type) {
  static const char *const names[] = {"Unknown job",  "Block Pull",          "Block Copy",
                                      "Block Commit", "Active Block Commit", "Backup"};
  return type >= 0 && type < 6 ? names[type] : "Unknown job";
}

}  // namespace

bool cmd_blkdeviotune(Shell &sh, const Cmd &c) {
  unsigned flags;
  if (!domx::affect(c, false, flags)) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  const char *disk;
  if (c.string("device", disk) < 0) return false;
  virtkit::TypedParams set;
  auto field = [](const char *opt) {
    std::string f = opt;
    for (char &ch : f)
      if (ch == '-') ch = '_';
    return f;
  };
  bool ok = [&] {
    for (const char *o : {"total-bytes-sec", "read-bytes-sec", "write-bytes-sec",
                          "total-bytes-sec-max", "read-bytes-sec-max", "write-bytes-sec-max"}) {
      unsigned long long v;
      int r = c.opt_scaled(o, v, 1, ULLONG_MAX);
      if (r < 0) {
        error("%s", "Unable to parse integer parameter");
        return false;
      }
      if (r > 0) set.add(field(o), v);
    }
    for (const char *o :
         {"total-iops-sec", "read-iops-sec", "write-iops-sec", "total-iops-sec-max",
          "read-iops-sec-max", "write-iops-sec-max", "size-iops-sec", "total-bytes-sec-max-length",
          "read-bytes-sec-max-length", "write-bytes-sec-max-length", "total-iops-sec-max-length",
          "read-iops-sec-max-length", "write-iops-sec-max-length"}) {
      unsigned long long v;
      int r = c.opt_ull(o, v);
      if (r < 0) {
        error("%s", "Unable to parse integer parameter");
        return false;
      }
      if (r > 0) set.add(field(o), v);
    }
    const char *group;
    if (c.string("group-name", group) < 0) {
      error("%s", "Unable to parse group-name parameter");
      return false;
    }
    if (group) set.add(VIR_DOMAIN_BLOCK_IOTUNE_GROUP_NAME, group);
    if (!set.empty()) {
      if (!d->try_set_block_io_tune(disk, set, flags)) {
        error("%s", "Unable to change block I/O throttle");
        return false;
      }
      return true;
    }
    // C: virsh counts with no disk and reports between the count and the fill
    int nparams = 0;
    if (virDomainGetBlockIoTune(d->get(), nullptr, nullptr, &nparams, flags) != 0) {
      error("%s", "Unable to get number of block I/O throttle parameters");
      return false;
    }
    if (nparams == 0) return true;
    std::vector<virTypedParameter> got(static_cast<size_t>(nparams));
    int n = nparams;
    // C: the fill of the count above
    if (virDomainGetBlockIoTune(d->get(), disk, got.data(), &n, flags) != 0) {
      error("%s", "Unable to get block I/O throttle parameters");
      return false;
    }
    for (int i = 0; i < n; i++) {
      auto &p = got[static_cast<size_t>(i)];
      std::printf("%-15s: %s\n", p.field, typed_param_value(p).c_str());
    }
    virTypedParamsClear(got.data(), n);
    return true;
  }();
  return ok;
}

bool cmd_blockcommit(Shell &sh, const Cmd &c) {
  bool verbose = c.has("verbose"), pivot = c.has("pivot"), finish = c.has("keep-overlay");
  bool active = c.has("active") || pivot || finish;
  bool blocking = c.has("wait") || pivot || finish;
  bool async = c.has("async"), bytes = c.has("bytes");
  if (!exclusive(c, "pivot", "keep-overlay")) return false;
  const char *path, *base, *top;
  if (c.string("path", path) < 0 || c.string("base", base) < 0 || c.string("top", top) < 0)
    return false;
  unsigned long bandwidth = 0;
  if (bandwidth_opt(c, bytes, bandwidth) < 0) return false;
  unsigned flags = 0;
  if (bytes) flags |= VIR_DOMAIN_BLOCK_COMMIT_BANDWIDTH_BYTES;
  if (c.has("shallow")) flags |= VIR_DOMAIN_BLOCK_COMMIT_SHALLOW;
  if (c.has("delete")) flags |= VIR_DOMAIN_BLOCK_COMMIT_DELETE;
  if (active) flags |= VIR_DOMAIN_BLOCK_COMMIT_ACTIVE;
  if (c.has("keep-relative")) flags |= VIR_DOMAIN_BLOCK_COMMIT_RELATIVE;
  int timeout = 0;
  if (c.timeout_ms(timeout) < 0) return false;
  if (timeout) blocking = true;
  if (!blocking) {
    if (verbose) {
      error("%s",
            "--verbose requires at least one of --timeout, --wait, --pivot, or "
            "--keep-overlay");
      return false;
    }
    if (async) {
      error("%s",
            "--async requires at least one of --timeout, --wait, --pivot, or "
            "--keep-overlay");
      return false;
    }
  }
  unsigned abort_flags = async ? VIR_DOMAIN_BLOCK_JOB_ABORT_ASYNC : 0;
  auto d = sh.domain(c);
  if (!d) return false;
  if (!d->try_block_commit(path, dom::opt(base), dom::opt(top), bandwidth, flags)) return false;
  if (!blocking) {
    extra("%s", active ? "Active Block Commit started" : "Block Commit started");
    return true;
  }
  switch (wait_block_job(*d, path, "Block commit", verbose, timeout, async)) {
    case kJobError:
      return false;
    case kJobCanceled:
      extra("\n%s", "Commit aborted");
      return false;
    case kJobFailed:
      extra("\n%s", "Commit failed");
      return false;
    default:
      break;
  }
  if (!active) {
    extra("\n%s", "Commit complete");
  } else if (pivot) {
    if (!d->try_block_job_abort(path, abort_flags | VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT)) {
      error("failed to pivot job for disk %s", path);
      return false;
    }
    extra("\n%s", "Successfully pivoted");
  } else if (finish) {
    if (!d->try_block_job_abort(path, abort_flags)) {
      error("failed to finish job for disk %s", path);
      return false;
    }
    extra("\n%s", "Commit complete, overlay image kept");
  } else {
    extra("\n%s", "Now in synchronized phase");
  }
  return true;
}

bool cmd_blockcopy(Shell &sh, const Cmd &c) {
  bool verbose = c.has("verbose"), pivot = c.has("pivot"), finish = c.has("finish");
  bool blockdev = c.has("blockdev"), blocking = c.has("wait") || finish || pivot;
  bool async = c.has("async"), bytes = c.has("bytes"), transient_job = c.has("transient-job");
  bool sync_writes = c.has("synchronous-writes"), print = c.has("print-xml");
  const char *path, *dest, *xml, *format;
  if (c.string("path", path) < 0 || c.string("dest", dest) < 0 || c.string("xml", xml) < 0 ||
      c.string("format", format) < 0)
    return false;
  unsigned long bandwidth = 0;
  if (bandwidth_opt(c, bytes, bandwidth) < 0) return false;
  unsigned granularity = 0;
  unsigned long long buf_size = 0;
  if (c.opt_uint("granularity", granularity) < 0 || c.opt_ull("buf-size", buf_size) < 0)
    return false;
  // Some VIR_DOMAIN_BLOCK_REBASE_* and VIR_DOMAIN_BLOCK_COPY_* flags share values.
  unsigned flags = 0;
  if (c.has("shallow")) flags |= VIR_DOMAIN_BLOCK_REBASE_SHALLOW;
  if (c.has("reuse-external")) flags |= VIR_DOMAIN_BLOCK_REBASE_REUSE_EXT;
  if (transient_job) flags |= VIR_DOMAIN_BLOCK_COPY_TRANSIENT_JOB;
  if (sync_writes) flags |= VIR_DOMAIN_BLOCK_COPY_SYNCHRONOUS_WRITES;
  int timeout = 0;
  if (c.timeout_ms(timeout) < 0) return false;
  if (timeout) blocking = true;
  unsigned abort_flags = async ? VIR_DOMAIN_BLOCK_JOB_ABORT_ASYNC : 0;
  auto excl = [](bool a, const char *an, bool b, const char *bn) {
    if (a && b) {
      error("Options --%s and --%s are mutually exclusive", an, bn);
      return false;
    }
    return true;
  };
  if (!excl(dest, "dest", xml, "xml") || !excl(format, "format", xml, "xml") ||
      !excl(blockdev, "blockdev", xml, "xml") || !excl(pivot, "pivot", finish, "finish"))
    return false;
  if (!dest && !xml) {
    error("%s", "need either --dest or --xml");
    return false;
  }
  if (!blocking) {
    if (verbose) {
      error("%s", "--verbose requires at least one of --timeout, --wait, --pivot, or --finish");
      return false;
    }
    if (async) {
      error("%s", "--async requires at least one of --timeout, --wait, --pivot, or --finish");
      return false;
    }
  }
  auto d = sh.domain(c);
  if (!d) return false;
  std::string xmlstr;
  if (xml && !read_file(xml, xmlstr)) return false;
  bool new_api = granularity || buf_size || (format && std::strcmp(format, "raw") != 0) || xml ||
                 transient_job || sync_writes || print;
  if (new_api) {
    virtkit::TypedParams params;
    if (bandwidth) {
      unsigned long long bw = bandwidth;
      if (!bytes) {
        // MiB/s as bytes/s must not overflow.
        unsigned long long limit = ULLONG_MAX >> 20;
        if (bw > limit) {
          error("bandwidth must be less than %llu", limit);
          return false;
        }
        bw <<= 20;
      }
      params.add(VIR_DOMAIN_BLOCK_COPY_BANDWIDTH, bw);
    }
    if (granularity) params.add(VIR_DOMAIN_BLOCK_COPY_GRANULARITY, granularity);
    if (buf_size) params.add(VIR_DOMAIN_BLOCK_COPY_BUF_SIZE, buf_size);
    if (!xml) {
      domx::Buf out, attrs, child(2);
      if (blockdev) {
        attrs.add(" type='block'");
        child.esc("<source dev='%s'/>\n", dest);
      } else {
        attrs.add(" type='file'");
        child.esc("<source file='%s'/>\n", dest);
      }
      child.esc("<driver type='%s'/>\n", format);
      domx::element(out, "disk", attrs, &child);
      xmlstr = out.str();
    }
    if (print) {
      std::printf("%s", xmlstr.c_str());
      return true;
    }
    if (!d->try_block_copy(path, xmlstr, params, flags)) return false;
  } else {
    flags |= VIR_DOMAIN_BLOCK_REBASE_COPY;
    if (blockdev) flags |= VIR_DOMAIN_BLOCK_REBASE_COPY_DEV;
    if (format && !std::strcmp(format, "raw")) flags |= VIR_DOMAIN_BLOCK_REBASE_COPY_RAW;
    if (bytes) flags |= VIR_DOMAIN_BLOCK_REBASE_BANDWIDTH_BYTES;
    if (!d->try_block_rebase(path, dom::opt(dest), bandwidth, flags)) return false;
  }
  if (!blocking) {
    extra("%s", "Block Copy started");
    return true;
  }
  switch (wait_block_job(*d, path, "Block Copy", verbose, timeout, async)) {
    case kJobError:
      return false;
    case kJobCanceled:
      extra("\n%s", "Copy aborted");
      return false;
    case kJobFailed:
      extra("\n%s", "Copy failed");
      return false;
    default:
      break;
  }
  if (pivot) {
    if (!d->try_block_job_abort(path, abort_flags | VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT)) {
      error("failed to pivot job for disk %s", path);
      return false;
    }
    extra("\n%s", "Successfully pivoted");
  } else if (finish) {
    if (!d->try_block_job_abort(path, abort_flags)) {
      error("failed to finish job for disk %s", path);
      return false;
    }
    extra("\n%s", "Successfully copied");
  } else {
    extra("\n%s", "Now in mirroring phase");
  }
  return true;
}

namespace {

// Whether the daemon refused a bytes/s query once: then MiB/s is asked for.
bool g_job_no_bytes = false;

bool block_job_info(const virtkit::Domain &d, const char *path, bool raw, bool bytes) {
  virDomainBlockJobInfo info{};
  unsigned long long speed = 0;
  int rc = -1;
  // rc as virDomainGetBlockJobInfo's: 1 with a job, 0 without
  auto take = [&](const std::optional<virDomainBlockJobInfo> &job) {
    if (job) info = *job;
    rc = job ? 1 : 0;
  };
  if (bytes || !(raw || g_job_no_bytes)) {
    auto got = d.try_block_job_info(path, VIR_DOMAIN_BLOCK_JOB_INFO_BANDWIDTH_BYTES);
    if (got) {
      take(*got);
    } else {
      // Only these errors fall back to a MiB/s query.
      int code = got.error().code();
      if (code == VIR_ERR_INVALID_ARG) g_job_no_bytes = true;
      if ((code == VIR_ERR_INVALID_ARG || code == VIR_ERR_OVERFLOW) && !bytes && !raw)
        virResetLastError();
      else
        return false;
    }
    speed = info.bandwidth;
  }
  if (rc < 0) {
    auto got = d.try_block_job_info(path, 0);
    if (!got) return false;
    take(*got);
    speed = info.bandwidth;
    if (!raw) {
      speed <<= 20;
      if (speed >> 20 != info.bandwidth) {
        error("overflow in converting %ld MiB/s to bytes\n", info.bandwidth);
        return false;
      }
    }
  }
  if (rc == 0) {
    if (!raw) extra("No current block job for %s", path);
    return true;
  }
  if (raw) {
    // virsh prints the job's label here, and "(null)" for types it does not know.
    std::printf(" type=%s\n bandwidth=%lu\n cur=%llu\n end=%llu\n",
                info.type >= 0 && info.type < 6 ? job_type_name(info.type) : "(null)",
                info.bandwidth, info.cur, info.end);
  } else {
    domx::print_progress(job_type_name(info.type), info.end - info.cur, info.end);
    if (speed) {
      const char *unit;
      double val = pretty_capacity(speed, unit);
      std::printf("    Bandwidth limit: %llu bytes/s (%-.3lf %s/s)", speed, val, unit);
    }
    std::printf("\n");
  }
  return true;
}

}  // namespace

bool cmd_blockjob(Shell &sh, const Cmd &c) {
  bool raw = c.has("raw"), bytes = c.has("bytes"), abort = c.has("abort");
  bool pivot = c.has("pivot"), async = c.has("async");
  bool bandwidth = c.has("bandwidth");
  for (auto [a, b] :
       std::initializer_list<std::pair<const char *, const char *>>{{"raw", "abort"},
                                                                    {"raw", "pivot"},
                                                                    {"raw", "async"},
                                                                    {"raw", "bandwidth"},
                                                                    {"info", "abort"},
                                                                    {"info", "pivot"},
                                                                    {"info", "async"},
                                                                    {"info", "bandwidth"},
                                                                    {"bytes", "abort"},
                                                                    {"bytes", "pivot"},
                                                                    {"bytes", "async"}})
    if (!exclusive(c, a, b)) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  const char *path;
  if (c.string("path", path) < 0) return false;
  if (bandwidth) {
    unsigned long bw;
    if (bandwidth_opt(c, bytes, bw) < 0) return false;
    return d
        ->try_block_job_set_speed(path, bw, bytes ? VIR_DOMAIN_BLOCK_JOB_SPEED_BANDWIDTH_BYTES : 0)
        .has_value();
  }
  if (abort || pivot || async) {
    unsigned flags = 0;
    if (async) flags |= VIR_DOMAIN_BLOCK_JOB_ABORT_ASYNC;
    if (pivot) flags |= VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT;
    return d->try_block_job_abort(path, flags).has_value();
  }
  return block_job_info(*d, path, raw, bytes);
}

bool cmd_blockpull(Shell &sh, const Cmd &c) {
  bool blocking = c.has("wait"), verbose = c.has("verbose"), async = c.has("async");
  bool bytes = c.has("bytes");
  if (!domx::requires_opt(c, "verbose", "wait") || !domx::requires_opt(c, "async", "wait"))
    return false;
  const char *path, *base;
  if (c.string("path", path) < 0 || c.string("base", base) < 0) return false;
  unsigned long bandwidth = 0;
  if (bandwidth_opt(c, bytes, bandwidth) < 0) return false;
  int timeout = 0;
  if (c.timeout_ms(timeout) < 0) return false;
  unsigned flags = 0;
  if (c.has("keep-relative")) flags |= VIR_DOMAIN_BLOCK_REBASE_RELATIVE;
  auto d = sh.domain(c);
  if (!d) return false;
  if (base || flags) {
    if (bytes) flags |= VIR_DOMAIN_BLOCK_REBASE_BANDWIDTH_BYTES;
    if (!d->try_block_rebase(path, dom::opt(base), bandwidth, flags)) return false;
  } else {
    if (bytes) flags |= VIR_DOMAIN_BLOCK_PULL_BANDWIDTH_BYTES;
    if (!d->try_block_pull(path, bandwidth, flags)) return false;
  }
  if (!blocking) {
    extra("%s", "Block Pull started");
    return true;
  }
  switch (wait_block_job(*d, path, "Block Pull", verbose, timeout, async)) {
    case kJobError:
      return false;
    case kJobCanceled:
      extra("\n%s", "Pull aborted");
      return false;
    case kJobFailed:
      extra("\n%s", "Pull failed");
      return false;
    default:
      extra("\n%s", "Pull complete");
      return true;
  }
}

bool cmd_blockresize(Shell &sh, const Cmd &c) {
  const char *path;
  if (c.string("path", path) < 0) return false;
  unsigned long long size = 0;
  if (c.opt_scaled("size", size, 1024, ULLONG_MAX) < 0) return false;
  // KiB when it divides evenly, as older daemons expect.
  unsigned flags = 0;
  if (size % 1024 == 0)
    size /= 1024;
  else
    flags |= VIR_DOMAIN_BLOCK_RESIZE_BYTES;
  auto d = sh.domain(c);
  if (!d) return false;
  if (!d->try_block_resize(path, size, flags)) {
    error("Failed to resize block device '%s'", path);
    return false;
  }
  extra("Block device '%s' is resized", path);
  return true;
}

bool cmd_domblkthreshold(Shell &sh, const Cmd &c) {
  const char *dev;
  if (c.string("dev", dev)) return false;
  unsigned long long threshold = 0;
  if (c.opt_scaled("threshold", threshold, 1, ULLONG_MAX) < 0) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  return d->try_set_block_threshold(dev, threshold, 0).has_value();
}

bool cmd_domfstrim(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  unsigned long long minimum = 0;
  if (c.opt_ull("minimum", minimum) < 0) return false;
  const char *mountpoint;
  if (c.string("mountpoint", mountpoint) < 0) return false;
  if (!d->try_fs_trim(dom::opt(mountpoint), minimum, 0)) {
    error("Unable to invoke fstrim");
    return false;
  }
  return true;
}

namespace {

// domfsfreeze and domfsthaw: the mount points given, or all.
bool fs_freeze_thaw(Shell &sh, const Cmd &c, bool freeze) {
  auto d = sh.domain(c);
  if (!d) return false;
  std::vector<std::string> mps = c.argv();
  auto count = freeze ? d->try_fs_freeze(mps, 0) : d->try_fs_thaw(mps, 0);
  if (!count) {
    error(freeze ? "Unable to freeze filesystems" : "Unable to thaw filesystems");
    return false;
  }
  extra(freeze ? "Froze %d filesystem(s)\n" : "Thawed %d filesystem(s)\n", *count);
  return true;
}

}  // namespace

bool cmd_domfsfreeze(Shell &sh, const Cmd &c) {
  return fs_freeze_thaw(sh, c, true);
}

bool cmd_domfsthaw(Shell &sh, const Cmd &c) {
  return fs_freeze_thaw(sh, c, false);
}

bool cmd_domfsinfo(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  auto info = d->try_fs_info(0);
  if (!info) {
    error("Unable to get filesystem information");
    return false;
  }
  if (info->empty()) {
    extra("No filesystems are mounted in the domain");
  } else {
    Table t({"Mountpoint", "Name", "Type", "Target"});
    for (const auto &fs : *info) {
      std::string targets;
      for (size_t j = 0; j < fs.dev_aliases.size(); j++) {
        if (j) targets += ",";
        targets += fs.dev_aliases[j];
      }
      t.add({fs.mountpoint, fs.name, fs.fstype, targets});
    }
    t.print();
  }
  return true;
}

}  // namespace virtkit_sh
