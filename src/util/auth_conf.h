// SPDX-License-Identifier: LGPL-2.1-or-later
// libvirt's client credentials: auth.conf (a key file of [auth-SERVICE-HOST]
// groups naming [credentials-NAME] groups) read first, then the
// application's virConnectAuth callback asked, as virAuthGetUsernamePath and
// virAuthGetPasswordPath do.
#pragma once

#include <libvirt/libvirt.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "error/status.h"

namespace virtkit::util {

// The file libvirt reads: $LIBVIRT_AUTH_FILE, else the first authfile= of
// the URI's parameters, else $XDG_CONFIG_HOME/libvirt/auth.conf or
// /etc/libvirt/auth.conf when readable; "" for none.
std::string auth_file_path(const std::vector<std::pair<std::string, std::string>> &uri_params);

// One question to the application's callback: its return value and its
// answer (nullopt when it gave none), the callback's buffer erased.
struct Answer {
  int rc;
  std::optional<std::string> value;
};
Answer ask_credential(virConnectAuthPtr auth, int type, const std::string &prompt,
                      const char *challenge = nullptr, const char *default_result = nullptr);

// An auth.conf read once (libvirt's virAuthConfig), for several lookups.
class AuthConfig {
 public:
  // Reads the file at `path`: one that cannot be read or parsed fails
  // without an error of its own (libvirt's generic error follows).
  static Result<AuthConfig> load(const std::string &path);
  // `credname` ("username", "password", "authname", "realm") for `service`
  // on `host` (its [auth-SERVICE-HOST] group, else [auth-SERVICE-default]):
  // nullopt when there is none; a dangling reference is libvirt's CONF_SYNTAX.
  Result<std::optional<std::string>> lookup(const char *service, const std::string &host,
                                            const char *credname) const;

 private:
  std::string path_;
  std::map<std::string, std::map<std::string, std::string>> groups_;
};

// One lookup in the file at `path` ("" for none: nullopt), as above.
Result<std::optional<std::string>> auth_credential(const std::string &path, const char *service,
                                                   const std::string &host, const char *credname);

// The file's username for `service` on `host`, else the callback's answer
// to "Enter username for HOST [DEFAULT]" (nullopt: the callback gave none).
Result<std::optional<std::string>> auth_username(const std::string &path, virConnectAuthPtr auth,
                                                 const char *service, const char *default_user,
                                                 const std::string &host);

// The file's password, else the callback's answer to "Enter USER's password
// for HOST".
Result<std::optional<std::string>> auth_password(const std::string &path, virConnectAuthPtr auth,
                                                 const char *service, const std::string &user,
                                                 const std::string &host);

}  // namespace virtkit::util
