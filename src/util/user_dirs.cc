// SPDX-License-Identifier: LGPL-2.1-or-later
#include "util/user_dirs.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

namespace virtkit::util {
namespace {

const char *nonempty_env(const char *name) {
  const char *v = std::getenv(name);
  return v && *v ? v : nullptr;
}

// The base directory of an XDG variable, without libvirt's "/libvirt".
std::string xdg_base(const char *var, const char *fallback) {
  if (const char *v = nonempty_env(var)) return v;
  return home_dir() + fallback;
}

}  // namespace

std::string home_dir() {
  if (const char *h = nonempty_env("HOME")) return h;
  long size = sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buf(size > 0 ? static_cast<size_t>(size) : 16384);
  passwd pw, *found = nullptr;
  if (getpwuid_r(geteuid(), &pw, buf.data(), buf.size(), &found) == 0 && found && found->pw_dir)
    return found->pw_dir;
  return "/";
}

std::string user_config_dir() {
  return xdg_base("XDG_CONFIG_HOME", "/.config") + "/libvirt";
}

std::string user_cache_dir() {
  return xdg_base("XDG_CACHE_HOME", "/.cache") + "/libvirt";
}

std::string user_runtime_dir() {
  if (const char *v = nonempty_env("XDG_RUNTIME_DIR")) return std::string(v) + "/libvirt";
  return user_cache_dir();
}

}  // namespace virtkit::util
