// SPDX-License-Identifier: LGPL-2.1-or-later
#include "driver/registry.h"

#include <strings.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/unwind.h"
#include "util/conf.h"
#include "util/user_dirs.h"

namespace virtkit::driver {

Driver &test_driver();    // src/drivers/test
Driver &remote_driver();  // src/drivers/remote: after the local drivers

namespace {

struct Registry {
  std::mutex lock;
  std::vector<Driver *> drivers;
  Registry() {
    drivers.push_back(&test_driver());
    drivers.push_back(&remote_driver());
  }
};

Registry &registry() {
  static Registry r;
  return r;
}

}  // namespace

// Local drivers go before the remote one, which takes every URI left.
void register_driver(Driver &driver) {
  Registry &r = registry();
  std::lock_guard g(r.lock);
  r.drivers.insert(r.drivers.end() - 1, &driver);
}

Result<std::optional<util::Conf>> load_client_conf(const char *name) {
  std::string path = geteuid() == 0 ? std::string("/etc/libvirt/") + name
                                    : util::user_config_dir() + "/" + name;
  if (access(path.c_str(), F_OK) != 0) return std::optional<util::Conf>();
  auto conf = util::Conf::read_file(path);
  VK_TRY(conf);
  return std::optional<util::Conf>(std::move(conf).value());
}

// uri_aliases: the URI an alias names (whole-string, case-sensitive match of
// the text before the first '='), checking entries up to the match only.
Status resolve_alias(const util::Conf &conf, std::string *uristr) {
  std::vector<std::string> aliases;
  auto have = conf.get_string_list("uri_aliases", &aliases);
  VK_TRY(have);
  if (!*have) return Status();
  static const char kAliasChars[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  for (const std::string &entry : aliases) {
    size_t eq = entry.find('=');
    if (eq == std::string::npos)
      return error(VIR_FROM_URI, VIR_ERR_CONF_SYNTAX,
                   "Malformed 'uri_aliases' config entry '%s', expected 'alias=uri://host/path'",
                   entry.c_str());
    if (strspn(entry.c_str(), kAliasChars) < eq)
      return error(VIR_FROM_URI, VIR_ERR_CONF_SYNTAX,
                   "Malformed 'uri_aliases' config entry '%s', aliases may only contain "
                   "'a-Z, 0-9, _, -'",
                   entry.c_str());
    if (entry.compare(0, eq, *uristr) == 0 && eq == uristr->size()) {
      *uristr = entry.substr(eq + 1);
      return Status();
    }
  }
  return Status();
}

namespace {

thread_local const util::Conf *t_open_conf = nullptr;

}  // namespace

const util::Conf *client_conf() {
  return t_open_conf;
}

Result<Opened> open(const char *name, virConnectAuthPtr auth, unsigned flags) {
  auto conf = load_client_conf("libvirt.conf");  // read on every open, as libvirt does
  VK_TRY(conf);
  const util::Conf *outer = t_open_conf;
  t_open_conf = *conf ? &**conf : nullptr;
  ScopeExit restore([outer] { t_open_conf = outer; });
  if (name && !*name) name = nullptr;
  // libvirt's compatibility spellings of the Xen URI.
  if (name && (strcasecmp(name, "xen") == 0 || strcmp(name, "xen://") == 0)) name = "xen:///system";
  std::optional<std::string> chosen;
  if (name) {
    chosen = name;
  } else if (const char *env = std::getenv("LIBVIRT_DEFAULT_URI"); env && *env) {
    chosen = env;
  } else if (*conf) {
    std::string def;
    auto have = (*conf)->get_string("uri_default", &def);
    VK_TRY(have);
    if (*have) chosen = def;
  }
  if (chosen && *conf && !(flags & VIR_CONNECT_NO_ALIASES)) VK_TRY(resolve_alias(**conf, &*chosen));
  if (!chosen) {
    // No URI: as libvirt's client, ask the local daemon which driver it serves.
    Uri none;
    auto drv = remote_driver().open(none, auth, flags);
    if (!drv.ok()) return std::move(drv).status();
    std::string probed = drv->hypervisor->probed_uri();
    return Opened{std::move(drv).value(), std::move(probed)};
  }
  const char *uristr = chosen->c_str();

  auto uri = parse_uri(uristr);
  if (!uri.ok()) return std::move(uri).status();
  if (!uri->has_scheme)
    return error(VIR_FROM_NONE, VIR_ERR_NO_CONNECT, "URI '%s' does not include a driver name",
                 name ? name : "(null)");

  std::vector<Driver *> drivers;
  {
    Registry &r = registry();
    std::lock_guard g(r.lock);
    drivers = r.drivers;
  }
  for (Driver *d : drivers) {
    if (!d->claims(*uri)) continue;
    auto drv = d->open(*uri, auth, flags);
    if (!drv.ok()) return std::move(drv).status();
    return Opened{std::move(drv).value(), format_uri(*uri)};
  }
  return error(VIR_FROM_NONE, VIR_ERR_NO_CONNECT, "%s", name ? name : "(null)");
}

}  // namespace virtkit::driver
