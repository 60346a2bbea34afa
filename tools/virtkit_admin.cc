// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-admin: a virt-admin-compatible command line over a daemon's admin
// server. Options, parsing, help, output, errors and exit codes follow
// Debian's virt-admin 9.0.0; tests/cli/compare_admin.py diffs the two. This
// file is the connection, the usage and version texts, and main; the shared
// shell is vsh*.cc, the commands are admin_cmds.cc, their table
// admin_commands.txt.
#include "virtkit_admin.h"

#include <getopt.h>
#include <unistd.h>

#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace virtkit_admin {

namespace {

// vshAdmCatchDisconnect: the daemon closed the connection. It runs on the
// event loop's thread, whose last error the shell's error handler may still
// save after it returns: no libvirt call here may reset that error (virt-admin
// restores it; there is no public call to), so the connection's URI is the
// one noted when it opened.
void on_close(int reason, const std::string &uri) {
  const char *fmt;
  switch (reason) {
    case VIR_CONNECT_CLOSE_REASON_ERROR:
      fmt = "Disconnected from %s due to I/O error";
      break;
    case VIR_CONNECT_CLOSE_REASON_EOF:
      fmt = "Disconnected from %s due to end of file";
      break;
    case VIR_CONNECT_CLOSE_REASON_KEEPALIVE:
      fmt = "Disconnected from %s due to keepalive timeout";
      break;
    case VIR_CONNECT_CLOSE_REASON_CLIENT:
      return;
    default:
      fmt = "unknown reason";
  }
  error(fmt, uri.c_str());
}

}  // namespace

void Shell::open() {
  auto c = virtkit::admin::Connection::try_open(uri ? std::optional<std::string_view>(*uri)
                                                    : std::nullopt);
  if (!c) {
    error("%s", want_reconnect_ ? "Failed to reconnect to the admin server"
                                : "Failed to connect to the admin server");
    return;
  }
  conn = std::move(*c);
  conn_uri_ = conn.try_uri().value_or("<null>");
  if (!conn.try_set_close_callback([this](int reason) { on_close(reason, conn_uri_); }))
    error("%s", "Unable to register disconnect callback");
  if (want_reconnect_) std::printf("%s\n", "Reconnected to the admin server");
}

bool Shell::disconnect() {
  if (!conn) return true;
  (void)conn.try_unset_close_callback();
  auto r = conn.try_close();
  if (!r)
    error("%s", "Failed to disconnect from the admin server");
  else if (*r > 0)
    error("%s", "One or more references were leaked after disconnect from the hypervisor");
  return r && *r == 0;
}

void Shell::reconnect() {
  if (conn) want_reconnect_ = true;
  disconnect();
  open();
  want_reconnect_ = false;
}

// As virt-admin, only a connection known dead (not a failed check, as with
// none) is reopened.
bool Shell::connection() {
  auto alive = conn.try_is_alive();
  if (alive && !*alive) reconnect();
  alive = conn.try_is_alive();
  if (alive && !*alive) {
    error("%s", "no valid connection");
    return false;
  }
  return true;
}

Words Shell::complete_value(const char *completer, unsigned, const Partial &) {
  // vshAdmServerCompleter: the daemon's servers.
  if (std::strcmp(completer, "server-name") != 0) return std::nullopt;
  if (!conn || !conn.try_is_alive().value_or(false)) return std::nullopt;
  auto srvs = conn.try_list_servers();
  if (!srvs) return std::nullopt;
  std::vector<std::string> out;
  for (const virtkit::admin::Server &s : *srvs) out.push_back(s.try_name().value_or(""));
  return out;
}

namespace {

void usage() {
  std::printf(
      "\n%s [options]... [<command_string>]"
      "\n%s [options]... <command> [args...]\n\n"
      "  options:\n"
      "    -c | --connect=URI      daemon admin connection URI\n"
      "    -d | --debug=NUM        debug level [0-4]\n"
      "    -h | --help             this help\n"
      "    -l | --log=FILE         output logging to file\n"
      "    -q | --quiet            quiet mode\n"
      "    -v                      short version\n"
      "    -V                      long version\n"
      "         --version[=TYPE]   version, TYPE is short or long (default short)\n"
      "  commands (non interactive mode):\n\n",
      g_progname, g_progname);
  print_groups_usage();
}

// What Debian's virt-admin 9.0.0 says it was built with.
void long_version() {
  std::printf("Virt-admin command line tool of libvirt %s\n", "9.0.0");
  std::printf("See web site at %s\n\n", "https://libvirt.org/");
  std::printf("%s", "Compiled with support for:");
  std::printf(" Daemon Debug Readline\n");
}

}  // namespace

}  // namespace virtkit_admin

int main(int argc, char **argv) {
  using namespace virtkit_admin;
  std::setlocale(LC_ALL, "");
  g_identity = {"virt-admin", "VIRT_ADMIN"};
  const char *slash = std::strrchr(argv[0], '/');
  g_progname = slash ? slash + 1 : argv[0];
  if (!virtkit::admin::try_initialize()) {
    error("%s", "Failed to initialize libvirt");
    return EXIT_FAILURE;
  }
  init_debug();
  Shell sh;
  static const struct option longopts[] = {
      {"connect", required_argument, nullptr, 'c'},
      {"debug", required_argument, nullptr, 'd'},
      {"help", no_argument, nullptr, 'h'},
      {"log", required_argument, nullptr, 'l'},
      {"quiet", no_argument, nullptr, 'q'},
      {"version", optional_argument, nullptr, 'v'},
      {nullptr, 0, nullptr, 0},
  };
  int arg, longindex = -1;
  while ((arg = getopt_long(argc, argv, "+:c:d:hl:qvV", longopts, &longindex)) != -1) {
    switch (arg) {
      case 'c':
        sh.uri = optarg;
        break;
      case 'd':
        set_debug_option(optarg, longindex != -1);
        break;
      case 'h':
        usage();
        return EXIT_SUCCESS;
      case 'l':
        open_log(optarg);
        break;
      case 'q':
        g_quiet = true;
        break;
      case 'v':
        if (!optarg || std::strcmp(optarg, "long") != 0) {
          std::puts("9.0.0");
          return EXIT_SUCCESS;
        }
        [[fallthrough]];
      case 'V':
        long_version();
        return EXIT_SUCCESS;
      default:
        bad_option(arg, optopt, longopts, argv);
    }
    longindex = -1;
  }
  std::vector<Cmd> cmds;
  if (!parse_command_line(argv + optind, argv + argc, cmds)) return EXIT_FAILURE;
  // vshAdmInit: the settings again, the error handler, the event loop, and
  // a named connection, which must succeed before anything runs.
  init_debug();
  if (g_interactive) history_init(isatty(STDIN_FILENO));
  install_error_handler();
  if (!start_event_loop()) return EXIT_FAILURE;
  int rc = EXIT_SUCCESS;
  if (sh.uri) {
    sh.reconnect();
    if (!sh.conn) {
      report_last();
      rc = EXIT_FAILURE;
    }
  }
  if (rc == EXIT_SUCCESS) {
    if (g_interactive)
      sh.interactive("Welcome to %s, the administrating virtualization interactive terminal.\n\n");
    else
      rc = sh.run_all(cmds) ? EXIT_SUCCESS : EXIT_FAILURE;
  }
  sh.disconnect();
  virResetLastError();
  stop_event_loop();
  return rc;
}
