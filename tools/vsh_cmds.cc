// SPDX-License-Identifier: LGPL-2.1-or-later
// The commands both shells have (help, cd, pwd, echo, quit, exit, self-test,
// complete), the help texts they print, and completion of commands and options.
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "vsh.h"

namespace vsh {

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

void print_groups_usage() {
  for (auto &g : groups()) {
    list_group(g, " %s (help keyword '%s')\n");
    std::printf("\n");
  }
  std::printf("\n  (specify help <group> for details about the commands in the group)\n");
  std::printf("\n  (specify help <command> for details about the command)\n\n");
}

// ---- the shell's own commands ----

bool cmd_help(Control &, const Cmd &c) {
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

bool cmd_cd(Control &, const Cmd &c) {
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

bool cmd_pwd(Control &, const Cmd &) {
  char *cwd = getcwd(nullptr, 0);
  std::printf("%s\n", cwd ? cwd : "");
  std::free(cwd);
  return true;
}

bool cmd_echo(Control &, const Cmd &c) {
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

bool cmd_quit(Control &ctl, const Cmd &) {
  g_interactive = false;
  ctl.quit = true;
  return true;
}

bool cmd_exit(Control &ctl, const Cmd &c) {
  return cmd_quit(ctl, c);
}

// Checks the command table's own consistency, as virsh's self-test does.
bool cmd_self_test(Control &, const Cmd &) {
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

namespace {

// The options of def not given yet (an argv one may be given again).
std::vector<std::string> options_left(const Partial &p) {
  std::vector<std::string> out;
  for (auto &o : p.def->opts) {
    if (o.type == OptType::Alias) continue;
    bool given = false;
    for (auto &v : p.opts)
      if (v.def == &o && o.type != OptType::Argv) given = true;
    if (!given) out.push_back(std::string("--") + o.name);
  }
  return out;
}

std::vector<std::string> commands_list() {
  std::vector<std::string> out;
  for (auto &g : groups())
    for (auto &c : g.cmds)
      if (!(c.flags & (kCmdAlias | kCmdHidden))) out.push_back(c.name);
  return out;
}

}  // namespace

Words completions(Control &ctl, const std::string &line, const std::string &text) {
  Partial p = parse_partial(line);
  const CmdDef *def = p.def;
  // "dump<TAB>" offers dump and dumpxml; "dump <TAB>" dump's options.
  if (def && text == def->name) def = nullptr;
  Words list;
  if (!def) {
    list = commands_list();
  } else if (!p.cursor || p.cursor->type == OptType::Bool) {
    list = options_left(p);
  } else if (p.cursor->completer && std::strcmp(p.cursor->completer, "help-command") == 0) {
    list = commands_list();
  } else if (p.cursor->completer) {
    list = ctl.complete_value(p.cursor->completer, p.cursor->completer_flags, p);
  }
  if (!list) return std::nullopt;
  std::vector<std::string> out;
  for (auto &s : *list) {
    std::string esc;
    for (char ch : s) {
      if (ch == ' ') esc += '\\';
      esc += ch;
    }
    if (esc.compare(0, text.size(), text) == 0) out.push_back(esc);
  }
  return out;
}

// The hidden "complete": the words after it are the line so far; the last is
// the one being completed. Prints what readline would offer.
bool cmd_complete(Control &ctl, const Cmd &c) {
  std::vector<std::string> words = c.argv();
  std::string line, text;
  if (words.empty()) return false;
  for (auto &w : words) {
    if (!line.empty()) line += ' ';
    line += w;
    text = w;
  }
  // No authentication prompt may read the terminal: connect without stdin.
  close(STDIN_FILENO);
  if (!ctl.connection()) return false;
  auto list = completions(ctl, line, text);
  if (!list || list->empty()) return false;
  if (list->size() == 1) {
    std::printf("%s\n", (*list)[0].c_str());
    return true;
  }
  for (auto &s : *list) std::printf("%s\n", s.c_str());
  return true;
}

}  // namespace vsh
