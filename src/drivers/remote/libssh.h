// SPDX-License-Identifier: LGPL-2.1-or-later
// The libssh transport (`+libssh`) as libvirt 9.0.0's: a TCP connection,
// an ssh session verified against a known_hosts file, authenticated by the
// methods of `sshauth` (credentials asked through the application's
// virConnectAuth), and a channel running the same remote command as the ssh
// transport. A thread of the connection moves bytes between the channel and
// one end of a socket pair; the client reads and writes the other end.
#pragma once

#include <libvirt/libvirt.h>

#include <memory>
#include <optional>
#include <string>

#include "error/status.h"

namespace virtkit::remote {

struct LibsshParams {
  std::string host = "localhost";
  std::string port = "22";
  std::string user = "root";  // libvirt's default for this transport
  std::string keyfile;        // "" : the first of ~/.ssh/identity, id_dsa...
  bool has_keyfile = false;
  std::string known_hosts;  // "" : $XDG_CONFIG_HOME/libvirt/known_hosts
  bool has_known_hosts = false;
  std::string verify = "normal";  // normal, auto or ignore
  std::string auth_methods;       // "" : libvirt's default list
  bool has_auth_methods = false;
  std::string command;    // the remote shell command
  std::string auth_file;  // auth.conf for passwords ("" for none)
  virConnectAuthPtr auth = nullptr;
};

// The bytes of a connected channel, behind a socket.
class LibsshTransport {
 public:
  virtual ~LibsshTransport() = default;
  // The client's end of the socket pair, given up to the caller.
  virtual int take_fd() = 0;
  // Why the channel ended, once the client reads the end of the socket:
  // libvirt's error, or nullopt when libvirt reports none of its own.
  virtual std::optional<Status> failure() = 0;
  // Ends the session and joins the thread.
  virtual void end() = 0;
};

Result<std::unique_ptr<LibsshTransport>> connect_libssh(const LibsshParams &p);

}  // namespace virtkit::remote
