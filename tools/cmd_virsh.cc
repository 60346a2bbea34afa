// SPDX-License-Identifier: LGPL-2.1-or-later
// virsh's own commands (help, cd, pwd, echo, quit, exit, connect,
// self-test) and the help texts, usage and version the shell prints.
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

// ---- help ----

void list_group(const GroupDef &g, const char *title_fmt) {
  std::printf(title_fmt, g.name, g.keyword);
  for (auto &c : g.cmds) {
    if (c.flags & (kCmdAlias | kCmdHidden)) continue;
    std::printf("    %-30s %s\n", c.name, c.help);
  }
}

void command_help(const CmdDef &def) {
  std::printf("  NAME\n    %s - %s\n", def.name, def.help);
  std::printf("\n  SYNOPSIS\n    %s", def.name);
  bool shortopt = false;  // 'arg' works instead of '--opt arg'
  for (auto &o : def.opts) {
    bool req = o.flags & kOptReq, req_opt = o.flags & kOptReqOpt;
    std::string s;
    switch (o.type) {
      case OptType::Bool:
        s = std::string("[--") + o.name + "]";
        break;
      case OptType::Int:
        s = req ? std::string("<") + o.name + ">" : std::string("[--") + o.name + " <number>]";
        if (!req_opt) shortopt = true;
        break;
      case OptType::String:
        s = std::string("[--") + o.name + " <string>]";
        if (!req_opt) shortopt = true;
        break;
      case OptType::Data:
        s = req ? std::string("<") + o.name + ">" : std::string("[<") + o.name + ">]";
        if (!req_opt) shortopt = true;
        break;
      case OptType::Argv:
        if (shortopt)
          s = req ? std::string("{[--") + o.name + "] <string>}..."
                  : std::string("[[--") + o.name + "] <string>]...";
        else
          s = req ? std::string("<") + o.name + ">..." : std::string("[<") + o.name + ">]...";
        break;
      case OptType::Alias:
        continue;  // undocumented, as in virsh
    }
    std::printf(" %s", s.c_str());
  }
  std::printf("\n");
  if (def.desc && *def.desc) std::printf("\n  DESCRIPTION\n    %s\n", def.desc);
  if (!def.opts.empty()) {
    std::printf("\n  OPTIONS\n");
    for (auto &o : def.opts) {
      std::string b;
      switch (o.type) {
        case OptType::Bool:
          b = std::string("--") + o.name;
          break;
        case OptType::Int:
          b = (o.flags & kOptReq) ? std::string("[--") + o.name + "] <number>"
                                  : std::string("--") + o.name + " <number>";
          break;
        case OptType::String:
          b = std::string("--") + o.name + " <string>";
          break;
        case OptType::Data:
          b = std::string("[--") + o.name + "] <string>";
          break;
        case OptType::Argv:
          b = shortopt ? std::string("[--") + o.name + "] <string>"
                       : std::string("<") + o.name + ">";
          break;
        case OptType::Alias:
          continue;
      }
      std::printf("    %-15s  %s\n", b.c_str(), o.help);
    }
  }
  std::printf("\n");
}

}  // namespace

void print_usage() {
  std::printf(
      "\n%s [options]... [<command_string>]"
      "\n%s [options]... <command> [args...]\n\n"
      "  options:\n"
      "    -c | --connect=URI      hypervisor connection URI\n"
      "    -d | --debug=NUM        debug level [0-4]\n"
      "    -e | --escape <char>    set escape sequence for console\n"
      "    -h | --help             this help\n"
      "    -k | --keepalive-interval=NUM\n"
      "                            keepalive interval in seconds, 0 for disable\n"
      "    -K | --keepalive-count=NUM\n"
      "                            number of possible missed keepalive messages\n"
      "    -l | --log=FILE         output logging to file\n"
      "    -q | --quiet            quiet mode\n"
      "    -r | --readonly         connect readonly\n"
      "    -t | --timing           print timing information\n"
      "    -v                      short version\n"
      "    -V                      long version\n"
      "         --version[=TYPE]   version, TYPE is short or long (default short)\n"
      "  commands (non interactive mode):\n\n",
      g_progname, g_progname);
  for (auto &g : groups()) {
    list_group(g, " %s (help keyword '%s')\n");
    std::printf("\n");
  }
  std::printf("\n  (specify help <group> for details about the commands in the group)\n");
  std::printf("\n  (specify help <command> for details about the command)\n\n");
}

// What Debian's virsh 9.0.0 says it was built with.
void print_long_version() {
  std::printf(
      "Virsh command line tool of libvirt %s\n"
      "See web site at https://libvirt.org/\n\n"
      "Compiled with support for:\n"
      " Hypervisors: QEMU/KVM LXC LibXL OpenVZ VMware VirtualBox ESX Test\n"
      " Networking: Remote Network Bridging Interface udev Nwfilter\n"
      " Storage: Dir Disk Filesystem SCSI Multipath iSCSI iSCSI-direct LVM RBD Gluster ZFS\n"
      " Miscellaneous: Daemon Nodedev AppArmor SELinux Secrets Debug DTrace Readline\n",
      "9.0.0");
}

// ---- virsh's own commands ----

bool cmd_help(Shell &, const Cmd &c) {
  const char *name = nullptr;
  if (c.string_quiet("command", name) <= 0) {
    std::printf("Grouped commands:\n\n");
    for (auto &g : groups()) {
      list_group(g, " %s (help keyword '%s'):\n");
      std::printf("\n");
    }
    return true;
  }
  if (const CmdDef *def = find_command(name)) {
    command_help(*def);
    return true;
  }
  if (const GroupDef *g = find_group(name)) {
    list_group(*g, " %s (help keyword '%s'):\n");
    return true;
  }
  error("command or command group '%s' doesn't exist", name);
  return false;
}

bool cmd_cd(Shell &, const Cmd &c) {
  if (!g_interactive) {
    error("%s", "cd: command valid only in interactive mode");
    return false;
  }
  const char *dir = nullptr;
  std::string home;
  if (c.string_quiet("dir", dir) <= 0) {
    if (const struct passwd *pw = getpwuid(getuid())) home = pw->pw_dir;
    dir = home.empty() ? "/" : home.c_str();
  }
  if (chdir(dir) == -1) {
    error("cd: %s: %s", std::strerror(errno), dir);
    return false;
  }
  return true;
}

bool cmd_pwd(Shell &, const Cmd &) {
  char *cwd = getcwd(nullptr, 0);
  std::printf("%s\n", cwd ? cwd : "");
  std::free(cwd);
  return true;
}

bool cmd_echo(Shell &, const Cmd &c) {
  bool shell = c.has("shell"), xml = c.has("xml"), err = c.has("err"), split = c.has("split");
  if (!exclusive(c, "shell", "xml") || !exclusive(c, "shell", "split") ||
      !exclusive(c, "xml", "split"))
    return false;
  std::string buf;
  bool any = false;
  for (const std::string &arg : c.argv()) {
    any = true;
    if (xml) {
      buf += escape_xml(arg);
    } else if (shell) {
      buf += shell_escape(arg);
    } else if (split) {
      // ',' separates, ',,' is a literal comma.
      std::string cur;
      for (size_t i = 0; i < arg.size(); i++) {
        if (arg[i] == ',' && i + 1 < arg.size() && arg[i + 1] == ',') {
          cur += ',';
          i++;
        } else if (arg[i] == ',') {
          buf += cur + "\n";
          cur.clear();
        } else {
          cur += arg[i];
        }
      }
      buf += cur + "\n";
    } else {
      buf += arg;
    }
    buf += ' ';
  }
  while (!buf.empty() && buf.back() == ' ') buf.pop_back();
  if (!any) return true;
  if (err)
    error("%s", buf.c_str());
  else
    std::printf("%s", buf.c_str());
  return true;
}

bool cmd_quit(Shell &sh, const Cmd &) {
  g_interactive = false;
  sh.quit = true;
  return true;
}

bool cmd_exit(Shell &sh, const Cmd &c) {
  return cmd_quit(sh, c);
}

bool cmd_connect(Shell &sh, const Cmd &c) {
  bool ro = c.has("readonly");
  const char *name = nullptr;
  if (c.string("name", name) < 0) return false;
  // Without a URI, the current one keeps its read-only setting.
  if (!ro && !name) ro = sh.readonly;
  sh.conn = virtkit::Connection();
  std::string old = sh.uri;
  bool old_ro = sh.readonly;
  if (name) sh.uri = name;
  sh.readonly = ro;
  auto r = sh.connect();
  if (!r) {
    sh.uri = name ? sh.uri : old;
    sh.readonly = old_ro;
    return false;
  }
  return true;
}

// Checks the command table's own consistency, as virsh's self-test does.
bool cmd_self_test(Shell &, const Cmd &) {
  for (auto &g : groups()) {
    for (auto &c : g.cmds) {
      if (c.flags & kCmdAlias) {
        if (!find_command(c.alias)) {
          error("command '%s' has an alias of unknown '%s'", c.name, c.alias);
          return false;
        }
        continue;
      }
      bool seen_argv = false;
      for (auto &o : c.opts) {
        if (seen_argv) {
          error("command '%s': option '%s' follows an argv option", c.name, o.name);
          return false;
        }
        seen_argv = o.type == OptType::Argv;
        if (o.type != OptType::Alias) continue;
        std::string target = o.help;
        target = target.substr(0, target.find('='));
        bool found = std::any_of(c.opts.begin(), c.opts.end(), [&](const OptDef &x) {
          return x.type != OptType::Alias && target == x.name;
        });
        if (!found) {
          error("command '%s': alias '%s' of unknown option '%s'", c.name, o.name, target.c_str());
          return false;
        }
      }
    }
  }
  return true;
}

}  // namespace virtkit_sh
