// SPDX-License-Identifier: LGPL-2.1-or-later
#include "api/extra_checks.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/handles.h"
#include "driver/driver.h"

namespace virtkit::api::extra {

Result<int> supports_feature(virConnectPtr conn, int feature) {
  switch (feature) {
    // Properties of libvirt's RPC layer: a local driver never has them.
    case kRemote:
    case kProgramKeepalive:
    case kRemoteCloseCallback:
    case kRemoteEventCallback:
      return 0;
    // Every driver has these.
    case kTypedParamString:
    case kNetworkUpdateHasCorrectOrder:
    case kFdPassing:
      return 1;
    default:
      break;
  }
  auto r = handles::hv(conn).connectSupportsFeature(conn, feature);
  if (r.status().unsupported()) return 0;
  return r;
}

Status fd_passing(virConnectPtr conn, int from) {
  auto rc = supports_feature(conn, kFdPassing);
  VK_TRY(rc);
  if (!*rc)
    return error(from, VIR_ERR_ARGUMENT_UNSUPPORTED, "%s",
                 "fd passing is not supported by this connection");
  return Status();
}

Result<unsigned> with_string_okay(virConnectPtr conn, unsigned flags) {
  auto rc = supports_feature(conn, kTypedParamString);
  VK_TRY(rc);
  return *rc ? flags | VIR_TYPED_PARAM_STRING_OKAY : flags;
}

Status validate_set(virConnectPtr conn, const virTypedParameter *params, int nparams) {
  static constexpr const char *kFunc = "virTypedParameterValidateSet";
  auto string_okay = supports_feature(conn, kTypedParamString);
  VK_TRY(string_okay);
  for (int i = 0; i < nparams; i++) {
    const virTypedParameter &p = params[i];
    if (strnlen(p.field, VIR_TYPED_PARAM_FIELD_LENGTH) == VIR_TYPED_PARAM_FIELD_LENGTH)
      return invalid_arg(VIR_FROM_NONE, kFunc, "params", "string parameter name '%.*s' too long",
                         VIR_TYPED_PARAM_FIELD_LENGTH, p.field);
    if (p.type != VIR_TYPED_PARAM_STRING) continue;
    if (!*string_okay)
      return invalid_arg(VIR_FROM_NONE, kFunc, "params", "string parameter '%s' unsupported",
                         p.field);
    if (!p.value.s)
      return invalid_arg(VIR_FROM_NONE, kFunc, "params", "NULL string parameter '%s'", p.field);
  }
  return Status();
}

namespace {

// The working directory as GLib reports it: $PWD when that names the same
// directory (keeping the caller's symbolic links), else getcwd(), else "/".
std::string working_directory() {
  if (const char *pwd = std::getenv("PWD")) {
    struct stat dot, named;
    if (stat(".", &dot) == 0 && stat(pwd, &named) == 0 && dot.st_dev == named.st_dev &&
        dot.st_ino == named.st_ino)
      return pwd;
  }
  std::vector<char> buf(4096);
  for (;;) {
    if (getcwd(buf.data(), buf.size())) return buf.data();
    if (errno != ERANGE) return "/";
    buf.resize(buf.size() * 2);
  }
}

}  // namespace

std::optional<std::string> absolute_path(const char *path) {
  std::string full;
  if (path[0] == '/') {
    full = path;
  } else {
    full = working_directory();
    // No usable directory: the root. (assign, not = "/": GCC 12's -Wrestrict
    // false positive at -O3, bug 105651.)
    if (full.empty() || full[0] != '/') full.assign(1, '/');
    if (*path) {
      if (full.back() != '/') full += '/';
      full += path;
    }
  }

  // Exactly two leading separators keep their POSIX meaning; more are one.
  size_t lead = full.find_first_not_of('/');
  if (lead == std::string::npos) lead = full.size();
  std::string out = lead == 2 ? "//" : "/";
  const size_t root = out.size();

  size_t pos = lead;
  while (pos < full.size()) {
    size_t end = full.find('/', pos);
    if (end == std::string::npos) end = full.size();
    std::string_view comp(full.data() + pos, end - pos);
    pos = end + 1;
    if (comp.empty() || comp == ".") continue;
    if (comp == "..") {
      if (out.size() > root) {
        size_t cut = out.rfind('/', out.size() - 1);
        out.resize(cut < root ? root : cut);
      }
      continue;
    }
    if (out.size() > root) out += '/';
    out.append(comp);
  }
  return out;
}

}  // namespace virtkit::api::extra
