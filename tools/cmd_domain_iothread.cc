// SPDX-License-Identifier: LGPL-2.1-or-later
// virsh's IOThread commands and cpu-stats.
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <algorithm>
#include <climits>
#include <cstdlib>
#include <utility>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cmd_domain_tune.h"
#include "cmd_domain_util.h"
#include "util/numbers.h"

namespace virtkit_sh {

using namespace tune;

// ---- IOThreads ----

bool cmd_iothreadinfo(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (!domx::affect(c, false, flags)) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  auto info = d->try_iothread_info(flags);
  if (!info) {
    error("%s", "Unable to get domain IOThreads information");
    return false;
  }
  if (info->empty()) {
    extra("%s", "No IOThreads found for the domain");
  } else {
    Table t({"IOThread ID", "CPU Affinity"});
    for (const auto &i : *info) t.add({std::to_string(i.id), format_map(i.affinity)});
    t.print();
  }
  return true;
}

bool cmd_iothreadpin(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (!domx::affect(c, false, flags)) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  unsigned id = 0;
  if (c.opt_uint("iothread", id) < 0) return false;
  const char *list = nullptr;
  if (c.string("cpulist", list) < 0) return false;
  int maxcpu = host_cpus(sh);
  if (maxcpu < 0) return false;
  auto map = cpu_list(list, maxcpu);
  if (map.empty()) return false;
  return d->try_pin_iothread(id, map, flags).has_value();
}

namespace {

// The --id of iothreadadd/set/del: positive; false after the error.
bool iothread_id(const Cmd &c, int &id) {
  id = 0;
  if (c.opt_int("id", id) < 0) return false;
  if (id <= 0) {
    error("Invalid IOThread id value: '%d'", id);
    return false;
  }
  return true;
}

}  // namespace

bool cmd_iothreadadd(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (!domx::affect(c, false, flags)) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  int id;
  if (!iothread_id(c, id)) return false;
  return d->try_add_iothread(static_cast<unsigned>(id), flags).has_value();
}

bool cmd_iothreadset(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (!domx::affect(c, false, flags)) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  int id;
  if (!iothread_id(c, id)) return false;
  virtkit::TypedParams ps;
  unsigned long long max_ns;
  int rc = c.opt_ull("poll-max-ns", max_ns);
  if (rc < 0) return false;
  if (rc > 0) ps.add(VIR_DOMAIN_IOTHREAD_POLL_MAX_NS, max_ns);
  for (auto [opt, field] : {std::pair{"poll-grow", VIR_DOMAIN_IOTHREAD_POLL_GROW},
                            std::pair{"poll-shrink", VIR_DOMAIN_IOTHREAD_POLL_SHRINK}}) {
    unsigned v = 0;
    if ((rc = c.opt_uint(opt, v)) < 0) return false;
    if (rc > 0) ps.add(field, v);
  }
  for (auto [opt, field] : {std::pair{"thread-pool-min", VIR_DOMAIN_IOTHREAD_THREAD_POOL_MIN},
                            std::pair{"thread-pool-max", VIR_DOMAIN_IOTHREAD_THREAD_POOL_MAX}}) {
    int v = -1;
    if ((rc = c.opt_int(opt, v)) < 0) return false;
    if (rc > 0) ps.add(field, v);
  }
  if (ps.empty()) {
    error("%s", "Not enough arguments passed, nothing to set");
    return false;
  }
  return d->try_set_iothread_params(static_cast<unsigned>(id), ps, flags).has_value();
}

bool cmd_iothreaddel(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (!domx::affect(c, false, flags)) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  int id;
  if (!iothread_id(c, id)) return false;
  return d->try_del_iothread(static_cast<unsigned>(id), flags).has_value();
}

// ---- cpu-stats ----

namespace {

// One statistic: times in seconds with nanoseconds, the rest as virsh
// prints typed parameters.
void print_cpu_stat(const virTypedParameter &p) {
  std::printf("\t%-12s ", p.field);
  std::string_view f = p.field;
  if ((f == VIR_DOMAIN_CPU_STATS_CPUTIME || f == VIR_DOMAIN_CPU_STATS_VCPUTIME ||
       f == VIR_DOMAIN_CPU_STATS_USERTIME || f == VIR_DOMAIN_CPU_STATS_SYSTEMTIME) &&
      p.type == VIR_TYPED_PARAM_ULLONG)
    std::printf("%9lld.%09lld seconds\n", static_cast<long long>(p.value.ul / 1000000000),
                static_cast<long long>(p.value.ul % 1000000000));
  else
    std::printf("%s\n", typed_param_value(p).c_str());
}

}  // namespace

bool cmd_cpu_stats(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  bool total = c.has("total"), per_cpu = false;
  int cpu = 0, count = -1, rc;
  if ((rc = c.opt_int("start", cpu)) < 0) return false;
  if (rc > 0) {
    if (cpu < 0) {
      error("%s", "Invalid value for start CPU");
      return false;
    }
    per_cpu = true;
  }
  if ((rc = c.opt_int("count", count)) < 0) return false;
  if (rc > 0) {
    if (count < 0) {
      error("%s", "Invalid value for number of CPUs to show");
      return false;
    }
    per_cpu = true;
  }
  if (!total && !per_cpu) total = per_cpu = true;
  auto failed = [&] {
    error("Failed to retrieve CPU statistics for domain '%s'", dom::name(*d).c_str());
    return false;
  };
  // C: each virDomainGetCPUStats below as virsh makes it: it reports between
  // the counts and the fills, and asks for per-CPU counts with start 0.
  if (per_cpu) {
    int max_id = virDomainGetCPUStats(d->get(), nullptr, 0, 0, 0, 0);
    if (max_id < 0) return failed();
    if (cpu >= max_id) {
      error("Start CPU %d is out of range (min: 0, max: %d)", cpu, max_id - 1);
      return false;
    }
    if (count < 0 || count > max_id) {
      if (count > max_id) std::printf("Only %d CPUs available to show\n", max_id);
      count = max_id - cpu;
    }
    int nparams = virDomainGetCPUStats(d->get(), nullptr, 0, 0, 1, 0);
    if (nparams < 0) return failed();
    if (nparams == 0) {
      std::printf("%s", "No per-CPU stats available");
      if (!total) return false;
    } else {
      // At most 128 CPUs a call.
      std::vector<virTypedParameter> ps(static_cast<size_t>(nparams) * std::min(count, 128));
      while (count > 0) {
        int n = std::min(count, 128);
        if (virDomainGetCPUStats(d->get(), ps.data(), static_cast<unsigned>(nparams), cpu,
                                 static_cast<unsigned>(n), 0) < 0)
          return failed();
        for (int i = 0; i < n; i++) {
          const virTypedParameter *row = ps.data() + static_cast<size_t>(i) * nparams;
          if (row[0].type == 0) continue;  // a CPU outside the domain's map
          std::printf("CPU%d:\n", cpu + i);
          for (int j = 0; j < nparams; j++) print_cpu_stat(row[j]);
        }
        virTypedParamsClear(ps.data(), nparams * n);
        cpu += n;
        count -= n;
      }
      if (!total) return true;
    }
  }
  int nparams = virDomainGetCPUStats(d->get(), nullptr, 0, -1, 1, 0);
  if (nparams < 0) return failed();
  if (nparams == 0) {
    std::printf("%s", "No total stats available");
    return false;
  }
  Params ps;
  ps.p = static_cast<virTypedParameterPtr>(std::calloc(static_cast<size_t>(nparams), sizeof *ps.p));
  ps.n = nparams;
  int got = virDomainGetCPUStats(d->get(), ps.p, static_cast<unsigned>(nparams), -1, 1, 0);
  if (got < 0) return failed();
  std::printf("Total:\n");
  for (int i = 0; i < got; i++) print_cpu_stat(ps.p[i]);
  return true;
}

}  // namespace virtkit_sh
