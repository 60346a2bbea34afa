// SPDX-License-Identifier: LGPL-2.1-or-later
// JSON text checked as libvirt 9.0.0 parses it (yajl 2), and written again
// as libvirt's virJSONValueToString writes it through yajl: compact, or
// "pretty" (two-space indent, ": " after keys, a newline at the end), strings
// decoded and escaped again the way yajl does; numbers and literals as given.
#include "qemu_json.h"

#include <cctype>
#include <optional>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace virtkit_sh {

namespace {

struct Tok {
  char kind;  // one of {}[],: ; 's' string; 'v' number or literal
  std::string text;
};

void put_utf8(std::string &out, unsigned cp) {
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

// The string token starting at text[i] (a quote), decoded.
std::string read_string(const std::string &t, size_t &i) {
  std::string out;
  for (i++; i < t.size() && t[i] != '"'; i++) {
    if (t[i] != '\\') {
      out += t[i];
      continue;
    }
    char e = t[++i];
    if (e == 'u') {
      unsigned cp = static_cast<unsigned>(std::stoul(t.substr(i + 1, 4), nullptr, 16));
      put_utf8(out, cp);
      i += 4;
      continue;
    }
    static const char kFrom[] = "\"\\/bfnrt", kTo[] = "\"\\/\b\f\n\r\t";
    for (int k = 0; kFrom[k]; k++)
      if (kFrom[k] == e) out += kTo[k];
  }
  i++;
  return out;
}

std::vector<Tok> tokens(const std::string &t) {
  std::vector<Tok> out;
  for (size_t i = 0; i < t.size();) {
    char c = t[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      i++;
    } else if (c == '"') {
      out.push_back({'s', read_string(t, i)});
    } else if (std::strchr("{}[],:", c)) {
      out.push_back({c, {}});
      i++;
    } else {
      size_t j = i;
      while (j < t.size() && !std::strchr("{}[],: \t\n\r\"", t[j])) j++;
      out.push_back({'v', t.substr(i, j - i)});
      i = j;
    }
  }
  return out;
}

}  // namespace

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

}  // namespace

std::optional<std::string> json_check(const std::string &text, bool &object) {
  return JsonCheck(text).run(object);
}

bool json_parses(const std::string &text) {
  bool object;
  return !json_check(text, object);
}

// yajl_string_encode without solidus escaping.
std::string json_quote(const std::string &s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

namespace {

// yajl's generator over the tokens [from, to).
std::string generate(const std::vector<Tok> &toks, size_t from, size_t to, bool pretty) {
  std::string out;
  int depth = 0;
  bool after_key = false;  // the next value follows "key:"
  auto indent = [&] {
    if (pretty && !after_key) out.append(2 * depth, ' ');
  };
  for (size_t i = from; i < to; i++) {
    const Tok &t = toks[i];
    switch (t.kind) {
      case '{':
      case '[':
        indent();
        after_key = false;
        out += t.kind;
        if (pretty) out += '\n';
        depth++;
        break;
      case '}':
      case ']':
        depth--;
        if (pretty) out += '\n';
        out.append(pretty ? 2 * depth : 0, ' ');
        out += t.kind;
        break;
      case ',':
        out += pretty ? ",\n" : ",";
        break;
      case ':':
        out += pretty ? ": " : ":";
        after_key = true;
        break;
      default:
        indent();
        after_key = false;
        out += t.kind == 's' ? json_quote(t.text) : t.text;
    }
  }
  if (pretty) out += '\n';
  return out;
}

// The end of the value starting at toks[i].
size_t value_end(const std::vector<Tok> &toks, size_t i) {
  if (toks[i].kind != '{' && toks[i].kind != '[') return i + 1;
  int depth = 0;
  for (; i < toks.size(); i++) {
    if (toks[i].kind == '{' || toks[i].kind == '[') depth++;
    if (toks[i].kind == '}' || toks[i].kind == ']') {
      if (--depth == 0) return i + 1;
    }
  }
  return toks.size();
}

}  // namespace

std::string json_format(const std::string &text, bool pretty) {
  auto toks = tokens(text);
  return generate(toks, 0, toks.size(), pretty);
}

std::optional<std::string> json_member(const std::string &text, const char *key, bool pretty) {
  auto toks = tokens(text);
  if (toks.empty() || toks[0].kind != '{') return std::nullopt;
  for (size_t i = 1; i + 2 < toks.size() && toks[i].kind == 's';) {
    size_t end = value_end(toks, i + 2);
    if (toks[i].text == key) return generate(toks, i + 2, end, pretty);
    i = end + 1;  // past the ','
  }
  return std::nullopt;
}

}  // namespace virtkit_sh
