// SPDX-License-Identifier: LGPL-2.1-or-later
// The "test" driver: a mock host for applications' unit tests, behaving
// like libvirt 9.0.0's test driver. Here: the URIs it claims and opening a
// connection (state, authentication, the tables).
#include <memory>
#include <optional>
#include <string>

#include "driver/driver.h"
#include "drivers/test/hypervisor.h"
#include "drivers/test/interface.h"
#include "drivers/test/network.h"
#include "drivers/test/nodedev.h"
#include "drivers/test/storage.h"
#include "util/auth_conf.h"

namespace virtkit::drivers::test {

namespace {

// ---- the driver ----

class TestDriver final : public driver::Driver {
 public:
  const char *name() const override { return "Test"; }

  bool claims(const driver::Uri &uri) const override {
    // Local only: a URI naming a server belongs to the remote driver.
    return uri.scheme == "test" && !uri.has_server;
  }

  Result<driver::Tables> open(const driver::Uri &uri, virConnectAuthPtr auth,
                              unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testConnectOpen", flags, VIR_CONNECT_RO));
    const std::string &path = uri.path;
    if (path.empty() || path == "/")
      return error(kFrom, VIR_ERR_INVALID_ARG, "%s",
                   "testOpen: supply a path or use test:///default");
    Result<std::shared_ptr<DriverState>> st =
        path == "/default" ? open_default_state() : open_file_state(path);
    VK_TRY(st);
    VK_TRY(authenticate(**st, auth, uri));
    // libvirt's test driver has no secret or nwfilter tables.
    driver::Tables t;
    t.network = std::make_unique<TestNetwork>(*st);
    t.interface = std::make_unique<TestInterface>(*st);
    t.storage = std::make_unique<TestStorage>(*st);
    t.nodedev = std::make_unique<TestNodeDevice>(*st);
    t.hypervisor = std::make_unique<TestHypervisor>(std::move(*st));
    return t;
  }

 private:
  // testConnectAuthenticate: a configuration with <auth> users demands a
  // user name and, unless the user is known and has none, a password.
  static Status authenticate(const DriverState &st, virConnectAuthPtr auth,
                             const driver::Uri &uri) {
    if (st.auths.empty()) return Status();
    // auth.conf first, then the application's callback.
    const std::string conf = util::auth_file_path(uri.params);
    auto user = util::auth_username(conf, auth, "test", nullptr, "localhost");
    VK_TRY(user);
    if (!*user) return generic_failure();
    const AuthUser *found = nullptr;
    for (const AuthUser &u : st.auths)
      if (u.username == **user) {
        found = &u;
        break;
      }
    std::optional<std::string> password;
    if (!found || found->password) {
      auto pw = util::auth_password(conf, auth, "test", **user, "localhost");
      VK_TRY(pw);
      if (!*pw) return generic_failure();
      password = std::move(*pw);
    }
    if (!found || (password && *found->password != *password))
      return error(kFrom, VIR_ERR_AUTH_FAILED, "%s",
                   "authentication failed, see test XML for the correct username/password");
    return Status();
  }
};

}  // namespace

}  // namespace virtkit::drivers::test

namespace virtkit::driver {

Driver &test_driver() {
  static drivers::test::TestDriver d;
  return d;
}

}  // namespace virtkit::driver
