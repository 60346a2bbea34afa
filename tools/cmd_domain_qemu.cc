// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's hypervisor-specific commands: qemu-attach,
// qemu-monitor-command, qemu-agent-command and lxc-enter-namespace. Their
// calls live in libvirt-qemu.so and libvirt-lxc.so, which virtkit does not
// provide yet; until it does, each command makes all of virsh's checks and
// then fails as those calls fail on a driver without them (read-only
// connections refused first), so the output is Debian's virsh's.
#include <cctype>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "cmd_domain_util.h"

namespace virtkit_sh {

namespace {

// ---- JSON as libvirt 9.0.0 parses it (yajl 2, no comments) ----

// Checks text as virJSONValueFromString does. Returns nullopt when it
// parses, else yajl's error text ("parse error: ...\n" with the excerpt and
// arrow); object tells whether the top value is an object.
class JsonCheck {
 public:
  explicit JsonCheck(const std::string &text) : text_(text), buf_(text + " ") {}

  std::optional<std::string> run(bool &object) {
    object = false;
    run_tokens();
    if (error_) return render();
    object = top_object_;
    return std::nullopt;
  }

 private:
  enum Tok { kLBrace, kRBrace, kLBrack, kRBrack, kComma, kColon, kString, kScalar, kEof, kError };
  enum State {
    kStart,
    kComplete,
    kMapStart,
    kMapNeedKey,
    kMapSep,
    kMapNeedVal,
    kMapGotVal,
    kArrayStart,
    kArrayNeedVal,
    kArrayGotVal
  };
  struct Level {
    State state;
    std::vector<std::string> keys;  // an object's keys so far
    std::string pending;            // the key whose value comes next
  };

  const std::string &text_;
  std::string buf_;  // text and the space yajl_complete_parse feeds
  size_t pos_ = 0;
  size_t tok_start_ = 0;
  std::string str_;  // a string token's value
  bool error_ = false, lexical_ = false;
  const char *msg_ = nullptr;
  size_t offset_ = 0;
  bool top_object_ = false;

  // The error's place as yajl counts it: in the final " " for a token that
  // ran past the text.
  void fail(bool lexical, const char *msg, size_t at) {
    error_ = true;
    lexical_ = lexical;
    msg_ = msg;
    offset_ = at > text_.size() ? at - text_.size() : at;
  }

  Tok lex_error(const char *msg, size_t at) {
    fail(true, msg, at);
    return kError;
  }

  static bool hex(unsigned char c) { return std::isxdigit(c) != 0; }

  static void put_utf8(std::string &out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xe0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }

  Tok lex_string() {
    str_.clear();
    for (;;) {
      if (pos_ >= buf_.size()) return kEof;
      unsigned char c = static_cast<unsigned char>(buf_[pos_++]);
      if (c == '"') return kString;
      if (c == '\\') {
        if (pos_ >= buf_.size()) return kEof;
        unsigned char e = static_cast<unsigned char>(buf_[pos_++]);
        if (e == 'u') {
          unsigned cp = 0;
          for (int i = 0; i < 4; i++) {
            if (pos_ >= buf_.size()) return kEof;
            unsigned char h = static_cast<unsigned char>(buf_[pos_]);
            if (!hex(h))
              return lex_error("invalid (non-hex) character occurs after '\\u' inside string.",
                               pos_);
            pos_++;
            cp = cp * 16 + static_cast<unsigned>(std::isdigit(h) ? h - '0' : (h | 0x20) - 'a' + 10);
          }
          put_utf8(str_, cp);
          continue;
        }
        static const char kEscapes[] = "\"\\/bfnrt";
        static const char kValues[] = "\"\\/\b\f\n\r\t";
        const char *at = e ? std::strchr(kEscapes, e) : nullptr;
        if (!at)
          return lex_error("inside a string, '\\' occurs before a character which it may not.",
                           pos_ - 1);
        str_ += kValues[at - kEscapes];
        continue;
      }
      if (c < 0x20) return lex_error("invalid character inside string.", pos_ - 1);
      str_ += static_cast<char>(c);
      if (c < 0x80) continue;
      // UTF-8: the lead byte says how many continuation bytes follow.
      int more = (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xe ? 2 : (c >> 3) == 0x1e ? 3 : -1;
      if (more < 0) return lex_error("invalid bytes in UTF8 string.", pos_);
      for (int i = 0; i < more; i++) {
        if (pos_ >= buf_.size()) return kEof;
        unsigned char n = static_cast<unsigned char>(buf_[pos_++]);
        if ((n >> 6) != 0x2) return lex_error("invalid bytes in UTF8 string.", pos_);
        str_ += static_cast<char>(n);
      }
    }
  }

  Tok lex_number() {
    auto digit = [&] {
      return pos_ < buf_.size() && std::isdigit(static_cast<unsigned char>(buf_[pos_]));
    };
    if (buf_[pos_] == '-') pos_++;
    if (pos_ >= buf_.size()) return kEof;
    if (buf_[pos_] == '0') {
      pos_++;
    } else if (digit()) {
      while (digit()) pos_++;
    } else {
      return lex_error("malformed number, a digit is required after the minus sign.", pos_);
    }
    if (pos_ >= buf_.size()) return kEof;
    if (buf_[pos_] == '.') {
      pos_++;
      if (pos_ >= buf_.size()) return kEof;
      if (!digit())
        return lex_error("malformed number, a digit is required after the decimal point.", pos_);
      while (digit()) pos_++;
      if (pos_ >= buf_.size()) return kEof;
    }
    if (buf_[pos_] == 'e' || buf_[pos_] == 'E') {
      pos_++;
      if (pos_ >= buf_.size()) return kEof;
      if (buf_[pos_] == '+' || buf_[pos_] == '-') pos_++;
      if (pos_ >= buf_.size()) return kEof;
      if (!digit())
        return lex_error("malformed number, a digit is required after the exponent.", pos_);
      while (digit()) pos_++;
      if (pos_ >= buf_.size()) return kEof;
    }
    return kScalar;
  }

  Tok lex() {
    while (pos_ < buf_.size() && std::strchr("\t\n\v\f\r ", buf_[pos_]) && buf_[pos_]) pos_++;
    tok_start_ = pos_;
    if (pos_ >= buf_.size()) return kEof;
    char c = buf_[pos_];
    switch (c) {
      case '{':
        pos_++;
        return kLBrace;
      case '}':
        pos_++;
        return kRBrace;
      case '[':
        pos_++;
        return kLBrack;
      case ']':
        pos_++;
        return kRBrack;
      case ',':
        pos_++;
        return kComma;
      case ':':
        pos_++;
        return kColon;
      case '"':
        pos_++;
        return lex_string();
      case 't':
      case 'f':
      case 'n': {
        const char *word = c == 't' ? "true" : c == 'f' ? "false" : "null";
        pos_++;
        for (const char *w = word + 1; *w; w++) {
          if (pos_ >= buf_.size()) return kEof;
          if (buf_[pos_] != *w) return lex_error("invalid string in json text.", pos_);
          pos_++;
        }
        return kScalar;
      }
      case '/':
        return lex_error("probable comment found in input text, comments are not enabled.", pos_);
      default:
        if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) return lex_number();
        pos_++;
        return lex_error("invalid char in json text.", pos_);
    }
  }

  void parse_error(const char *msg, size_t at) { fail(false, msg, at); }

  // A value arrived in the current level: libvirt refuses a key twice.
  bool insert(std::vector<Level> &st) {
    if (st.empty()) return true;
    Level &l = st.back();
    if (l.state != kMapNeedVal) return true;
    for (auto &k : l.keys)
      if (k == l.pending) {
        parse_error("client cancelled parse via callback return value", pos_);
        return false;
      }
    l.keys.push_back(l.pending);
    return true;
  }

  void run_tokens() {
    std::vector<Level> st;
    State top = kStart;
    auto state = [&]() -> State & { return st.empty() ? top : st.back().state; };
    for (;;) {
      State s = state();
      if (s == kComplete) {
        Tok t = lex();
        if (t == kError) return;
        if (t != kEof) parse_error("trailing garbage", pos_);
        return;
      }
      Tok t = lex();
      if (t == kError) return;
      if (t == kEof) {
        // Only the final space left: the value is unfinished.
        parse_error("premature EOF", 1 + text_.size());
        return;
      }
      switch (s) {
        case kStart:
        case kMapNeedVal:
        case kArrayStart:
        case kArrayNeedVal: {
          if (t == kRBrack && s == kArrayStart) {
            st.pop_back();
            continue;
          }
          if (t != kString && t != kScalar && t != kLBrace && t != kLBrack) {
            parse_error("unallowed token at this point in JSON text", pos_);
            return;
          }
          if (!insert(st)) return;
          if (s == kStart) {
            top = kComplete;
            top_object_ = t == kLBrace;
          } else {
            state() = s == kMapNeedVal ? kMapGotVal : kArrayGotVal;
          }
          if (t == kLBrace) st.push_back({kMapStart, {}, {}});
          if (t == kLBrack) st.push_back({kArrayStart, {}, {}});
          continue;
        }
        case kMapStart:
        case kMapNeedKey:
          if (t == kString) {
            st.back().pending = str_;
            state() = kMapSep;
            continue;
          }
          if (t == kRBrace && s == kMapStart) {
            st.pop_back();
            continue;
          }
          parse_error("invalid object key (must be a string)", pos_);
          return;
        case kMapSep:
          if (t == kColon) {
            state() = kMapNeedVal;
            continue;
          }
          parse_error("object key and value must be separated by a colon (':')", pos_);
          return;
        case kMapGotVal:
          if (t == kRBrace) {
            st.pop_back();
            continue;
          }
          if (t == kComma) {
            state() = kMapNeedKey;
            continue;
          }
          // yajl points back at the start of the token's text.
          {
            size_t len = t == kString ? pos_ - tok_start_ - 2 : pos_ - tok_start_;
            parse_error("after key and value, inside map, I expect ',' or '}'",
                        pos_ >= len ? pos_ - len : 0);
          }
          return;
        case kArrayGotVal:
          if (t == kRBrack) {
            st.pop_back();
            continue;
          }
          if (t == kComma) {
            state() = kArrayNeedVal;
            continue;
          }
          parse_error("after array element, I expect ',' or ']'", pos_);
          return;
        case kComplete:
          return;
      }
    }
  }

  // yajl_get_error's verbose text.
  std::string render() const {
    std::string out = std::string(lexical_ ? "lexical" : "parse") + " error: " + msg_ + "\n";
    size_t len = text_.size();
    size_t start = offset_ >= 30 ? offset_ - 30 : 0;
    size_t end = offset_ + 30 > len ? len : offset_ + 30;
    out.append(offset_ < 30 ? 40 - offset_ : 10, ' ');
    for (size_t i = start; i < end; i++)
      out += text_[i] == '\n' || text_[i] == '\r' ? ' ' : text_[i];
    out += "\n                     (right here) ------^\n";
    return out;
  }
};

// virJSONValueFromString's verdict: 1 an object, 0 another value, -1 not
// JSON (the libvirt error saved).
int parse_json(const std::string &text) {
  bool object;
  auto err = JsonCheck(text).run(object);
  if (err) {
    save_error(VIR_ERR_INTERNAL_ERROR, "internal error: cannot parse json " + text + ": " + *err);
    return -1;
  }
  return object ? 1 : 0;
}

// The failure of a libvirt-qemu/libvirt-lxc call made through the test
// driver: refused on a read-only connection, else not supported.
void unsupported(Shell &sh, const char *api) {
  if (sh.readonly)
    save_error(VIR_ERR_OPERATION_DENIED,
               std::string("operation forbidden: read only access prevents ") + api);
  else
    save_error(VIR_ERR_NO_SUPPORT,
               std::string("this function is not supported by the connection driver: ") + api);
}

std::string join(const std::vector<std::string> &words, size_t from, const char *sep) {
  std::string out;
  for (size_t i = from; i < words.size(); i++) out += (i > from ? sep : "") + words[i];
  return out;
}

// virsh's QMP wrapping: a JSON object passes as is; else the first word is
// the command and the rest its arguments (an object, or members to wrap
// in one). nullopt after the error.
std::optional<std::string> qmp_command(const Cmd &c) {
  auto words = c.argv();
  std::string full = join(words, 0, " ");
  int rc = parse_json(full);
  reset_error();
  if (rc == 1) return full;
  std::string name = words.empty() ? "" : words[0];
  std::string args;
  if (words.size() > 1) {
    args = join(words, 1, " ");
    rc = parse_json(args);
    reset_error();
    if (rc != 1) {
      std::string wrapped = "{" + join(words, 1, ",") + "}";
      if (parse_json(wrapped) < 0) {
        error("failed to wrap arguments '%s' into a QMP command wrapper", args.c_str());
        return std::nullopt;
      }
    }
  }
  // The wrapped command itself is only needed by the call, which awaits
  // libvirt-qemu.
  return name;
}

}  // namespace

bool cmd_qemu_attach(Shell &sh, const Cmd &c) {
  unsigned pid;
  if (c.opt_uint("pid", pid) <= 0) return false;
  // virDomainQemuAttach (libvirt-qemu, not in virtkit yet) checks the pid,
  // then the connection.
  if (pid == 0)
    save_error(VIR_ERR_INVALID_ARG, "pid_value in virDomainQemuAttach must not be zero");
  else
    unsupported(sh, "virDomainQemuAttach");
  error("Failed to attach to pid %u", pid);
  return false;
}

bool cmd_qemu_monitor_command(Shell &sh, const Cmd &c) {
  if (!exclusive(c, "hmp", "pretty") || !exclusive(c, "hmp", "return-value")) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  if (!c.has("hmp") && !qmp_command(c)) return false;
  std::vector<int> fds;
  if (!dom::pass_fds(c, fds)) return false;
  // virDomainQemuMonitorCommand[WithFiles] awaits libvirt-qemu.
  unsupported(sh,
              fds.empty() ? "virDomainQemuMonitorCommand" : "virDomainQemuMonitorCommandWithFiles");
  return false;
}

bool cmd_qemu_agent_command(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  int timeout = -1;  // VIR_DOMAIN_QEMU_AGENT_COMMAND_DEFAULT (libvirt-qemu.h)
  int given = c.opt_int("timeout", timeout);
  if (given < 0) return false;
  if (given > 0 && timeout < 1) {
    error("%s", "timeout must be positive");
    return false;
  }
  int modes = (given > 0) + c.has("async") + c.has("block");
  if (modes > 1) {
    error("%s", "timeout, async and block options are exclusive");
    return false;
  }
  // virDomainQemuAgentCommand awaits libvirt-qemu.
  unsupported(sh, "virDomainQemuAgentCommand");
  return false;
}

bool cmd_lxc_enter_namespace(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  // virDomainLxcOpenNamespace awaits libvirt-lxc.
  unsupported(sh, "virDomainLxcOpenNamespace");
  return false;
}

}  // namespace virtkit_sh
