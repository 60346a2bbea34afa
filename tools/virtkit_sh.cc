// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh: a virsh-compatible command line over virtkit.
// Options, parsing, help, output, errors and exit codes follow Debian's virsh
// 9.0.0; tests/cli/compare.py diffs the two. This file is virsh's part of the
// shell: its connection, domain lookup and main. The shell it shares with
// virtkit-admin is vsh*.cc, shell_parse.cc and shell_events.cc; virsh's
// connect is in cmd_virsh.cc, the other commands in cmd_*.cc; the table of
// commands is commands.txt.
#include "virtkit_sh.h"

#include <getopt.h>
#include <unistd.h>

#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "util/numbers.h"

namespace virtkit_sh {

void report(const virtkit::Error &e) {
  error("%s", e.code() == VIR_ERR_OK ? "unknown error" : e.what());
  reset_error();
}

// ---- the shell ----

virtkit::Expected<virtkit::Connection> Shell::open_auth(const char *to, unsigned flags) const {
  auto c = virtkit::Connection::try_open_auth_default(to ? to : "", flags);
  if (!c) return c;
  // virsh's keepalive: every 5 s, 6 missed; a failure matters only when asked for.
  bool forced = keepalive_interval >= 0 || keepalive_count >= 0;
  int interval = keepalive_interval >= 0 ? keepalive_interval : 5;
  int count = keepalive_count >= 0 ? keepalive_count : 6;
  if (interval <= 0) return c;
  // 1 (the peer lacks keepalive) fails too, as in virsh
  auto k = c->try_set_keep_alive(interval, static_cast<unsigned>(count));
  if (k && !*k) return c;
  if (forced) {
    error("Cannot setup keepalive on connection as requested, disconnecting");
    return k ? virtkit::Error::last() : k.error();
  }
  debug(kInfo, "%s", "Failed to setup keepalive on connection\n");
  reset_error();
  return c;
}

bool Shell::connect() {
  if (conn && !g_disconnected) {
    if (auto alive = conn.try_is_alive(); alive && !*alive) {
      error("no valid connection");
      return false;
    }
    reset_error();
    return true;
  }
  conn = virtkit::Connection();
  auto c = open_auth(uri.empty() ? nullptr : uri.c_str(), readonly ? VIR_CONNECT_RO : 0);
  if (!c) {
    error(g_disconnected ? "Failed to reconnect to the hypervisor"
                         : "failed to connect to the hypervisor");
    return false;
  }
  conn = std::move(c).value();
  g_disconnected = 0;
  return true;
}

std::optional<virtkit::Domain> Shell::domain(const Cmd &c, bool by_name, bool by_id,
                                             const char *opt, bool by_uuid) {
  const char *n = nullptr;
  if (c.string(opt, n) < 0 || !n) return std::nullopt;
  debug(kInfo, "%s: found option <%s>: %s\n", c.def->name, opt, n);
  std::optional<virtkit::Domain> d;
  int id;
  if (by_id && virtkit::util::str_to_i(n, 10, id) && id >= 0) {
    debug(kDebug, "%s: <domain> looks like ID\n", c.def->name);
    if (auto r = conn.try_lookup_domain_by_id(id)) d = std::move(*r);
  }
  if (!d && by_uuid && std::strlen(n) == VIR_UUID_STRING_BUFLEN - 1) {
    debug(kDebug, "%s: <domain> trying as domain UUID\n", c.def->name);
    if (auto r = conn.try_lookup_domain_by_uuid_string(n)) d = std::move(*r);
  }
  if (!d && by_name) {
    debug(kDebug, "%s: <domain> trying as domain NAME\n", c.def->name);
    if (auto r = conn.try_lookup_domain_by_name(n)) d = std::move(*r);
  }
  reset_error();
  if (!d) error("failed to get domain '%s'", n);
  return d;
}

bool Shell::act(const Cmd &c, virtkit::Expected<void> (virtkit::Domain::*call)() const,
                const char *done, const char *failed) {
  auto d = domain(c);
  if (!d) return false;
  const std::string &name = *c.get("domain");  // as given, like virsh
  auto r = ((*d).*call)();
  if (!r) {
    error("Failed to %s domain '%s'", failed, name.c_str());
    report(r.error());
    return false;
  }
  extra("Domain '%s' %s\n", name.c_str(), done);
  return true;
}

}  // namespace virtkit_sh

namespace {

using namespace virtkit_sh;

bool escape_allowed(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '@' && c <= '_');
}

}  // namespace

int main(int argc, char **argv) {
  std::setlocale(LC_ALL, "");  // as virsh: multibyte names in tables
  if (const char *slash = std::strrchr(argv[0], '/'))
    g_progname = slash + 1;
  else
    g_progname = argv[0];
  install_error_handler();
  Shell sh;
  bool uri_given = false;
  static const struct option longopts[] = {
      {"connect", required_argument, nullptr, 'c'},
      {"debug", required_argument, nullptr, 'd'},
      {"escape", required_argument, nullptr, 'e'},
      {"help", no_argument, nullptr, 'h'},
      {"keepalive-interval", required_argument, nullptr, 'k'},
      {"keepalive-count", required_argument, nullptr, 'K'},
      {"log", required_argument, nullptr, 'l'},
      {"quiet", no_argument, nullptr, 'q'},
      {"readonly", no_argument, nullptr, 'r'},
      {"timing", no_argument, nullptr, 't'},
      {"version", optional_argument, nullptr, 'v'},
      {nullptr, 0, nullptr, 0},
  };
  init_debug();
  int arg, longindex = -1;
  while ((arg = getopt_long(argc, argv, "+:c:d:e:hk:K:l:qrtvV", longopts, &longindex)) != -1) {
    switch (arg) {
      case 'c':
        sh.uri = optarg;
        uri_given = true;
        break;
      case 'd':
        set_debug_option(optarg, longindex != -1);
        break;
      case 'e': {
        size_t len = std::strlen(optarg);
        if ((len == 2 && optarg[0] == '^' && escape_allowed(optarg[1])) ||
            (len == 1 && optarg[0] != '^')) {
          sh.escape = optarg;
        } else {
          error("Invalid string '%s' for escape sequence", optarg);
          return EXIT_FAILURE;
        }
        break;
      }
      case 'h':
        print_usage();
        return EXIT_SUCCESS;
      case 'k':
      case 'K': {
        const char *name = arg == 'k' ? (longindex == -1 ? "-k" : "--keepalive-interval")
                                      : (longindex == -1 ? "-K" : "--keepalive-count");
        int v;
        if (!virtkit::util::str_to_i(optarg, 0, v)) {
          error("Invalid value for option %s", name);
          return EXIT_FAILURE;
        }
        if (v < 0) {
          error("option %s requires a positive integer argument", name);
          return EXIT_FAILURE;
        }
        (arg == 'k' ? sh.keepalive_interval : sh.keepalive_count) = v;
        break;
      }
      case 'l':
        open_log(optarg);
        break;
      case 'q':
        g_quiet = true;
        break;
      case 't':
        g_timing = true;
        break;
      case 'r':
        sh.readonly = true;
        break;
      case 'v':
        if (!optarg || std::strcmp(optarg, "long") != 0) {
          std::puts("9.0.0");
          return EXIT_SUCCESS;
        }
        [[fallthrough]];
      case 'V':
        print_long_version();
        return EXIT_SUCCESS;
      default:
        bad_option(arg, optopt, longopts, argv);
    }
    longindex = -1;
  }

  // virsh parses the whole command line before connecting or running anything.
  std::vector<Cmd> cmds;
  if (!parse_command_line(argv + optind, argv + argc, cmds)) return EXIT_FAILURE;
  init_debug();
  // virsh checks $VIRSH_HISTSIZE but keeps no history of piped input.
  if (g_interactive) history_init(isatty(STDIN_FILENO));
  if (!start_event_loop()) return EXIT_FAILURE;
  int rc = EXIT_SUCCESS;
  // A named connection must succeed before anything runs.
  if (uri_given && !sh.connect()) {
    report_last();
    rc = EXIT_FAILURE;
  } else {
    if (!uri_given)
      if (const char *env = std::getenv("VIRSH_DEFAULT_CONNECT_URI")) sh.uri = env;
    if (g_interactive)
      sh.interactive("Welcome to %s, the virtualization interactive terminal.\n\n");
    else
      rc = sh.run_all(cmds) ? EXIT_SUCCESS : EXIT_FAILURE;
  }
  sh.conn = virtkit::Connection();
  stop_event_loop();
  return rc;
}
