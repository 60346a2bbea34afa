// SPDX-License-Identifier: LGPL-2.1-or-later
// Parsing command lines as vsh.c's vshCommandParse does: the tokenizer of
// command strings, options and their aliases, --help, required options, and
// the partial parse completion works on.
#include <cctype>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "vsh.h"

namespace vsh {

namespace {

// ---- tokens (virsh's vshCommandStringGetArg / vshCommandArgvGetArg) ----

enum class Tok { Error, Arg, End, SubcmdEnd };

struct Tokens {
  // A command string, or an argument vector (no ';', no quoting).
  const char *pos = nullptr;
  char **argv = nullptr, **argv_end = nullptr;

  Tok next(std::string &out, bool report) {
    out.clear();
    if (argv) {
      if (argv == argv_end) return Tok::End;
      out = *argv++;
      return Tok::Arg;
    }
    const char *p = pos;
    while (*p == ' ' || *p == '\t' || (*p == '\\' && p[1] == '\n')) p += 1 + (*p == '\\');
    if (!*p) return Tok::End;
    if (*p == ';' || *p == '\n') {
      pos = p + 1;
      return Tok::SubcmdEnd;
    }
    if (*p == '#') {  // a comment runs to the end of the line
      while (*p && *p != '\n') p++;
      pos = p + (*p != '\0');
      return Tok::SubcmdEnd;
    }
    bool sq = false, dq = false;
    while (*p) {
      if (!sq && !dq && (*p == ' ' || *p == '\t' || *p == ';' || *p == '\n')) break;
      if (!dq && *p == '\'') {
        sq = !sq;
        p++;
        continue;
      }
      if (!sq && *p == '\\') {
        p++;
        if (!*p) {
          if (report) error("%s", "dangling \\");
          return Tok::Error;
        }
        if (*p == '\n') {
          p++;
          continue;
        }
      } else if (!sq && *p == '"') {
        dq = !dq;
        p++;
        continue;
      }
      out += *p++;
    }
    if (dq && report) {
      error("%s", "missing \"");
      return Tok::Error;
    }
    pos = p;
    return Tok::Arg;
  }
};

// virsh's --help option, which every command has.
const OptDef kHelpOpt{"help", OptType::Bool, 0, "print help for this function", nullptr, 0};

// Finds option `name` of def, following aliases; nullptr after virsh's error.
const OptDef *get_option(const CmdDef *def, std::string name, uint64_t &seen, size_t &index,
                         std::optional<std::string> &optstr) {
  if (name == "help") return &kHelpOpt;
  for (size_t i = 0; i < def->opts.size(); i++) {
    const OptDef &o = def->opts[i];
    if (name != o.name) continue;
    if (o.type == OptType::Alias) {
      std::string target = o.help;
      if (auto eq = target.find('='); eq != std::string::npos) {
        if (optstr) {
          error("invalid '=' after option --%s", o.name);
          return nullptr;
        }
        optstr = target.substr(eq + 1);
        target.resize(eq);
      }
      name = target;
      i = static_cast<size_t>(-1);  // look again from the start
      continue;
    }
    if ((seen & (1ULL << i)) && o.type != OptType::Argv) {
      error("option --%s already seen", name.c_str());
      return nullptr;
    }
    seen |= 1ULL << i;
    index = i;
    return &o;
  }
  if (std::strcmp(def->name, "help") != 0)
    error("command '%s' doesn't support option --%s", def->name, name.c_str());
  return nullptr;
}

// virsh's vshCommandParse: every command of the input, or false after an error.
bool parse(Tokens &in, std::vector<Cmd> &cmds) {
  for (;;) {
    const CmdDef *def = nullptr;
    Cmd cmd;
    uint64_t need_arg = 0, required = 0, seen = 0;
    bool data_only = false;
    Tok tk;
    std::string tok;
    for (;;) {
      tk = in.next(tok, true);
      if (tk == Tok::Error) return false;
      if (tk != Tok::Arg) break;
      const OptDef *opt = nullptr;
      if (!def) {
        if (tok[0] == '#') {  // a comment (from an argument vector)
          do tk = in.next(tok, false);
          while (tk == Tok::Arg);
          break;
        }
        def = find_command(tok);
        if (!def) {
          error("unknown command: '%s'", tok.c_str());
          return false;
        }
        for (size_t i = 0; i < def->opts.size(); i++) {
          const OptDef &o = def->opts[i];
          if (o.type == OptType::Bool || o.type == OptType::Alias) continue;
          if (!(o.flags & kOptReqOpt)) need_arg |= 1ULL << i;
          if (o.flags & kOptReq) required |= 1ULL << i;
        }
        continue;
      }
      bool is_data = data_only;
      if (!data_only && tok.size() > 2 && tok[0] == '-' && tok[1] == '-' &&
          std::isalnum(static_cast<unsigned char>(tok[2]))) {
        std::string name = tok.substr(2);
        std::optional<std::string> optstr;
        if (auto eq = name.find('='); eq != std::string::npos) {
          optstr = name.substr(eq + 1);
          name.resize(eq);
        }
        size_t index = 0;
        opt = get_option(def, name, seen, index, optstr);
        if (!opt) {
          if (std::strcmp(def->name, "help") == 0) continue;
          return false;
        }
        if (opt->type != OptType::Bool) {
          if (optstr) {
            tok = *optstr;
          } else {
            tk = in.next(tok, true);
            if (tk == Tok::Error) return false;
            if (tk != Tok::Arg) {
              error("expected syntax: --%s <%s>", opt->name,
                    opt->type == OptType::Int ? "number" : "string");
              return false;
            }
          }
          if (opt->type != OptType::Argv) need_arg &= ~(1ULL << index);
        } else {
          if (optstr) {
            error("invalid '=' after option --%s", opt->name);
            return false;
          }
          tok.clear();
        }
      } else if (!data_only && tok == "--") {
        data_only = true;
        continue;
      } else {
        is_data = true;
      }
      if (is_data) {
        if (need_arg) {
          size_t i = static_cast<size_t>(__builtin_ctzll(need_arg));
          opt = &def->opts[i];
          if (opt->type != OptType::Argv) need_arg &= ~(1ULL << i);
          seen |= 1ULL << i;
        } else if (std::strcmp(def->name, "help") != 0) {
          error("unexpected data '%s'", tok.c_str());
          return false;
        }
      }
      if (opt) {
        cmd.opts.push_back({opt, tok});
        bool b = opt->type == OptType::Bool;
        debug(kInfo, "%s: %s(%s): %s\n", def->name, opt->name, b ? "bool" : "optdata",
              b ? "(none)" : tok.c_str());
      }
    }
    if (def) {
      cmd.def = def;
      // CMD --help is "help CMD".
      for (auto &o : cmd.opts) {
        if (o.def != &kHelpOpt) continue;
        const CmdDef *help = find_command("help");
        cmd.opts = {{&help->opts[0], def->name}};
        cmd.def = help;
        required = seen = 0;
        break;
      }
      if (uint64_t missing = required & ~seen) {
        for (size_t i = 0; i < cmd.def->opts.size(); i++) {
          if (!(missing & (1ULL << i))) continue;
          const OptDef &o = cmd.def->opts[i];
          error(o.type == OptType::Data || o.type == OptType::Argv
                    ? "command '%s' requires <%s> option"
                    : "command '%s' requires --%s option",
                cmd.def->name, o.name);
        }
        return false;
      }
      cmds.push_back(std::move(cmd));
    }
    if (tk == Tok::End) return true;
  }
}

// Finds option `name` without reporting errors; for parse_partial.
const OptDef *find_option_quiet(const CmdDef *def, std::string name, uint64_t &seen, size_t &index,
                                std::optional<std::string> &optstr) {
  if (name == "help") return &kHelpOpt;
  for (size_t i = 0; i < def->opts.size(); i++) {
    const OptDef &o = def->opts[i];
    if (name != o.name) continue;
    if (o.type == OptType::Alias) {
      std::string target = o.help;
      if (auto eq = target.find('='); eq != std::string::npos) {
        if (optstr) return nullptr;
        optstr = target.substr(eq + 1);
        target.resize(eq);
      }
      name = target;
      i = static_cast<size_t>(-1);
      continue;
    }
    if ((seen & (1ULL << i)) && o.type != OptType::Argv) return nullptr;
    seen |= 1ULL << i;
    index = i;
    return &o;
  }
  return nullptr;
}

bool parse_string(const char *s, std::vector<Cmd> &cmds) {
  Tokens t;
  t.pos = s;
  return parse(t, cmds);
}

}  // namespace

Partial parse_partial(const std::string &line) {
  Tokens in;
  in.pos = line.c_str();
  const char *begin = line.c_str();
  const size_t point = line.size();
  Partial p;
  for (;;) {
    p = Partial();
    uint64_t need_arg = 0, seen = 0;
    bool data_only = false;
    Tok tk;
    std::string tok;
    bool broken = false;
    for (;;) {
      tk = in.next(tok, false);
      if (tk == Tok::Error) return p;
      if (tk != Tok::Arg) break;
      const OptDef *opt = nullptr;
      if (!p.def) {
        p.def = find_command(tok);
        if (!p.def) return p;
        for (size_t i = 0; i < p.def->opts.size(); i++) {
          const OptDef &o = p.def->opts[i];
          if (o.type != OptType::Bool && o.type != OptType::Alias && !(o.flags & kOptReqOpt))
            need_arg |= 1ULL << i;
        }
        continue;
      }
      bool is_data = data_only;
      if (!data_only && tok.size() > 2 && tok[0] == '-' && tok[1] == '-' &&
          std::isalnum(static_cast<unsigned char>(tok[2]))) {
        std::string name = tok.substr(2);
        std::optional<std::string> optstr;
        if (auto eq = name.find('='); eq != std::string::npos) {
          optstr = name.substr(eq + 1);
          name.resize(eq);
        }
        size_t index = 0;
        opt = find_option_quiet(p.def, name, seen, index, optstr);
        if (!opt) {
          if (std::strcmp(p.def->name, "help") == 0) continue;
          return p;
        }
        if (opt->type != OptType::Bool) {
          if (optstr) {
            tok = *optstr;
          } else {
            tk = in.next(tok, false);
            if (tk != Tok::Arg) {
              // An option waiting for its value at the end of the line.
              p.opts.push_back({opt, ""});
              if (static_cast<size_t>(in.pos - begin) + 1 == point) p.cursor = opt;
              return p;
            }
          }
          if (opt->type != OptType::Argv) need_arg &= ~(1ULL << index);
        } else {
          if (optstr) return p;
          tok.clear();
        }
      } else if (!data_only && tok == "--") {
        data_only = true;
        continue;
      } else {
        is_data = true;
      }
      if (is_data) {
        if (need_arg) {
          size_t i = static_cast<size_t>(__builtin_ctzll(need_arg));
          opt = &p.def->opts[i];
          if (opt->type != OptType::Argv) need_arg &= ~(1ULL << i);
          seen |= 1ULL << i;
        } else if (std::strcmp(p.def->name, "help") != 0) {
          broken = true;
          break;
        }
      }
      if (opt) {
        p.opts.push_back({opt, tok});
        if (static_cast<size_t>(in.pos - begin) == point) p.cursor = opt;
      }
    }
    if (broken || tk == Tok::End) return p;
  }
}

bool parse_line(const char *line, std::vector<Cmd> &cmds) {
  return parse_string(line, cmds);
}

bool parse_args(char **begin, char **end, std::vector<Cmd> &cmds) {
  Tokens t;
  t.argv = begin;
  t.argv_end = end;
  return parse(t, cmds);
}

bool parse_command_line(char **begin, char **end, std::vector<Cmd> &cmds) {
  g_interactive = begin == end;
  if (g_interactive) return true;
  if (end - begin > 1) return parse_args(begin, end, cmds);
  debug(kInfo, "commands: \"%s\"\n", *begin);
  return parse_line(*begin, cmds);
}

}  // namespace vsh
