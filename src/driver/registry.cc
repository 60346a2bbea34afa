#include "driver/registry.h"

#include <cstdlib>
#include <mutex>
#include <vector>

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

Result<Opened> open(const char *name, virConnectAuthPtr auth, unsigned flags) {
  if (name && !*name) name = nullptr;
  const char *uristr = name;
  if (!uristr) uristr = std::getenv("LIBVIRT_DEFAULT_URI");
  if (uristr && !*uristr) uristr = nullptr;
  if (!uristr) {
    // No URI: as libvirt's client, ask the local daemon which driver it serves.
    Uri none;
    auto hv = remote_driver().open(none, auth, flags);
    if (!hv.ok()) return std::move(hv).status();
    std::string probed = (*hv)->probed_uri();
    return Opened{std::move(hv).value(), std::move(probed)};
  }

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
    auto hv = d->open(*uri, auth, flags);
    if (!hv.ok()) return std::move(hv).status();
    return Opened{std::move(hv).value(), format_uri(*uri)};
  }
  return error(VIR_FROM_NONE, VIR_ERR_NO_CONNECT, "%s", name ? name : "(null)");
}

}  // namespace virtkit::driver
