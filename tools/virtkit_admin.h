// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-admin's shell: the shared shell (vsh.h) on a connection to a
// daemon's admin server, as virt-admin's vshAdmControl.
#pragma once

#include <virtkit/admin.hpp>

#include <optional>
#include <string>

#include "vsh.h"

namespace virtkit_admin {

using namespace vsh;  // NOLINT: the shared shell is this program's too

class Shell : public Control {
 public:
  ~Shell() override { disconnect(); }

  std::optional<std::string> uri;  // -c or connect's; none: the library's default
  virtkit::admin::Connection conn;

  // vshAdmReconnect: closes the connection, if any, and opens uri's.
  void reconnect();
  // vshAdmDisconnect: false after the error.
  bool disconnect();

  bool connection() override;
  Words complete_value(const char *completer, unsigned flags, const Partial &p) override;
  const char *prompt() const override { return "virt-admin # "; }

 private:
  bool want_reconnect_ = false;
  std::string conn_uri_;  // the open connection's, for the close callback
  void open();
};

// The server named by the command's --server (empty after the error, which
// the library raised).
virtkit::admin::Server server(Shell &sh, const Cmd &c);

}  // namespace virtkit_admin
