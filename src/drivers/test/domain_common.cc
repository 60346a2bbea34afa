// SPDX-License-Identifier: LGPL-2.1-or-later
#include "drivers/test/domain_common.h"

#include <netdb.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>

#include "util/numbers.h"

namespace virtkit::drivers::test {

Result<std::string> host_name() {
  char buf[HOST_NAME_MAX + 1] = {};
  if (gethostname(buf, sizeof buf - 1) < 0)
    return system_error(VIR_FROM_NONE, errno, "%s", "failed to determine host name");
  std::string name = buf;
  if (name.compare(0, 9, "localhost") == 0 || name.find('.') != std::string::npos) return name;
  struct addrinfo hints {};
  hints.ai_flags = AI_CANONNAME | AI_CANONIDN;
  hints.ai_family = AF_UNSPEC;
  struct addrinfo *info = nullptr;
  if (getaddrinfo(name.c_str(), nullptr, &hints, &info) != 0 || !info) return name;
  std::string canon = info->ai_canonname ? info->ai_canonname : "";
  freeaddrinfo(info);
  if (canon.empty() || canon.compare(0, 9, "localhost") == 0) return name;
  return canon;
}

unsigned host_cpus(const virNodeInfo &n) {
  return n.nodes * n.sockets * n.cores * n.threads;
}

std::set<unsigned> all_cpus(unsigned n) {
  std::set<unsigned> s;
  for (unsigned i = 0; i < n; i++) s.insert(i);
  return s;
}

const char *const kParamTypeNames[] = {"unknown", "int",    "uint",    "llong",
                                       "ullong",  "double", "boolean", "string"};

const char *param_type_name(int t) {
  return t >= 0 && t <= VIR_TYPED_PARAM_STRING ? kParamTypeNames[t] : kParamTypeNames[0];
}

Status validate_param_list(const virTypedParameter *params, int nparams,
                           const std::vector<ParamSpec> &specs) {
  std::vector<const virTypedParameter *> sorted;
  for (int i = 0; i < nparams; i++) sorted.push_back(&params[i]);
  std::sort(sorted.begin(), sorted.end(),
            [](const virTypedParameter *a, const virTypedParameter *b) {
              return std::strcmp(a->field, b->field) < 0;
            });
  std::vector<ParamSpec> keys = specs;
  std::sort(keys.begin(), keys.end(),
            [](const ParamSpec &a, const ParamSpec &b) { return std::strcmp(a.name, b.name) < 0; });
  size_t i = 0, j = 0;
  const char *last = nullptr;
  while (i < sorted.size() && j < keys.size()) {
    if (std::strcmp(sorted[i]->field, keys[j].name) != 0) {
      j++;
      continue;
    }
    if (last && std::strcmp(last, sorted[i]->field) == 0)
      return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "parameter '%s' occurs multiple times",
                   sorted[i]->field);
    if (sorted[i]->type != keys[j].type)
      return error(
          VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "invalid type '%s' for parameter '%s', expected '%s'",
          param_type_name(sorted[i]->type), sorted[i]->field, param_type_name(keys[j].type));
    last = sorted[i]->field;
    i++;
  }
  if (j == keys.size() && i != sorted.size())
    return error(VIR_FROM_NONE, VIR_ERR_ARGUMENT_UNSUPPORTED, "parameter '%s' not supported",
                 sorted[i]->field);
  return Status();
}

Status validate_params(const virTypedParameter *params, int nparams,
                       std::initializer_list<ParamSpec> specs) {
  return validate_param_list(params, nparams, std::vector<ParamSpec>(specs));
}

void set_field(virTypedParameterPtr p, const char *name, int type) {
  std::memset(p, 0, sizeof *p);
  std::snprintf(p->field, sizeof p->field, "%s", name);
  p->type = type;
}

void put_uint(virTypedParameterPtr p, const char *name, unsigned v) {
  set_field(p, name, VIR_TYPED_PARAM_UINT);
  p->value.ui = v;
}

void put_int(virTypedParameterPtr p, const char *name, int v) {
  set_field(p, name, VIR_TYPED_PARAM_INT);
  p->value.i = v;
}

void put_ull(virTypedParameterPtr p, const char *name, unsigned long long v) {
  set_field(p, name, VIR_TYPED_PARAM_ULLONG);
  p->value.ul = v;
}

Status put_str(virTypedParameterPtr p, const char *name, const std::string &v) {
  set_field(p, name, VIR_TYPED_PARAM_STRING);
  p->value.s = strdup(v.c_str());
  if (!p->value.s) return no_memory();
  return Status();
}

Status get_defs(DomainObj &vm, unsigned flags, conf::DomainDef **live, conf::DomainDef **pers) {
  *live = *pers = nullptr;
  VK_TRY(update_modification_impact(vm, flags));
  if (vm.active()) {
    if (flags & VIR_DOMAIN_AFFECT_LIVE) *live = vm.def.get();
    if (flags & VIR_DOMAIN_AFFECT_CONFIG) *pers = vm.new_def.get();
  } else {
    *pers = vm.def.get();
  }
  return Status();
}

Result<conf::Net *> find_net(conf::DomainDef &def, const char *device) {
  std::array<unsigned char, 6> mac{};
  bool is_mac = conf::parse_mac(device, mac);
  for (conf::Net &net : def.nets)
    if (is_mac ? net.mac == mac : (net.ifname && *net.ifname == device)) return &net;
  return error(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, "'%s' is not a known interface", device);
}

unsigned long long real_time_us() {
  struct timeval tv {};
  gettimeofday(&tv, nullptr);
  return static_cast<unsigned long long>(tv.tv_sec) * 1000000ULL +
         static_cast<unsigned long long>(tv.tv_usec);
}

Result<std::vector<conf::BlkioDevice>> parse_blkio_devices(const char *str, const char *type) {
  std::vector<conf::BlkioDevice> out;
  if (!*str) return out;
  size_t commas = 0;
  for (const char *p = str; *p; p++) commas += *p == ',';
  auto parse_error = [&]() -> Status {
    return error(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, "unable to parse blkio device '%s' '%s'",
                 type, str);
  };
  if (!(commas & 1)) return parse_error();
  const char *temp = str;
  while (temp) {
    const char *p = std::strchr(temp, ',');
    if (!p) return parse_error();
    conf::BlkioDevice d;
    d.path.assign(temp, static_cast<size_t>(p - temp));
    temp = p + 1;
    const char *end = temp;
    bool ok;
    if (!std::strcmp(type, VIR_DOMAIN_BLKIO_DEVICE_WEIGHT))
      ok = util::str_to_uip(temp, &end, 10, d.weight);
    else if (!std::strcmp(type, VIR_DOMAIN_BLKIO_DEVICE_READ_IOPS))
      ok = util::str_to_uip(temp, &end, 10, d.riops);
    else if (!std::strcmp(type, VIR_DOMAIN_BLKIO_DEVICE_WRITE_IOPS))
      ok = util::str_to_uip(temp, &end, 10, d.wiops);
    else if (!std::strcmp(type, VIR_DOMAIN_BLKIO_DEVICE_READ_BPS))
      ok = util::str_to_ullp(temp, &end, 10, d.rbps);
    else
      ok = util::str_to_ullp(temp, &end, 10, d.wbps);
    if (!ok)
      return error(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG,
                   "invalid value '%s' for parameter '%s' of device '%s'", temp, type,
                   d.path.c_str());
    out.push_back(std::move(d));
    if (*end == '\0') break;
    if (*end != ',') return parse_error();
    temp = end + 1;
  }
  return out;
}

void merge_blkio_devices(std::vector<conf::BlkioDevice> &dest,
                         const std::vector<conf::BlkioDevice> &src, const char *type) {
  auto copy_field = [&](conf::BlkioDevice &to, const conf::BlkioDevice &from) {
    if (!std::strcmp(type, VIR_DOMAIN_BLKIO_DEVICE_WEIGHT))
      to.weight = from.weight;
    else if (!std::strcmp(type, VIR_DOMAIN_BLKIO_DEVICE_READ_IOPS))
      to.riops = from.riops;
    else if (!std::strcmp(type, VIR_DOMAIN_BLKIO_DEVICE_WRITE_IOPS))
      to.wiops = from.wiops;
    else if (!std::strcmp(type, VIR_DOMAIN_BLKIO_DEVICE_READ_BPS))
      to.rbps = from.rbps;
    else
      to.wbps = from.wbps;
  };
  for (const conf::BlkioDevice &s : src) {
    bool found = false;
    for (conf::BlkioDevice &d : dest)
      if (d.path == s.path) {
        copy_field(d, s);
        found = true;
        break;
      }
    if (found || (!s.weight && !s.riops && !s.wiops && !s.rbps && !s.wbps)) continue;
    conf::BlkioDevice d;
    d.path = s.path;
    copy_field(d, s);
    dest.push_back(std::move(d));
  }
}

}  // namespace virtkit::drivers::test
