// SPDX-License-Identifier: LGPL-2.1-or-later
#include "util/conf.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace virtkit::util {
namespace {

constexpr size_t kMaxFileSize = 10 * 1024 * 1024;

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}
bool is_eol(char c) {
  return c == '\n' || c == '\r';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// A cursor over the text; reading at the end gives NUL (the text is read
// as a C string would be).
class Parser {
 public:
  Parser(const std::string &filename, std::string_view text) : filename_(filename), text_(text) {}

  Status parse(std::vector<std::pair<std::string, ConfValue>> *entries) {
    while (more()) {
      VK_TRY(statement(entries));
      VK_TRY(separator());
    }
    return Status();
  }

 private:
  bool more() const { return pos_ < text_.size(); }
  char cur() const { return more() ? text_[pos_] : '\0'; }
  bool starts(std::string_view s) const { return text_.substr(pos_).substr(0, s.size()) == s; }
  void skip_blanks() {
    while (more() && is_blank(cur())) pos_++;
  }
  void skip_blanks_and_eol() {
    while (more() && (is_blank(cur()) || is_eol(cur()))) {
      if (cur() == '\n') line_++;
      pos_++;
    }
  }
  Status fail(const char *what) const {
    return error(VIR_FROM_CONF, VIR_ERR_CONF_SYNTAX, "%s:%d: %s", filename_.c_str(), line_, what);
  }

  Status statement(std::vector<std::pair<std::string, ConfValue>> *entries) {
    skip_blanks_and_eol();
    if (cur() == '#') {
      while (more() && !is_eol(cur())) pos_++;
      return Status();
    }
    skip_blanks();
    if (!is_alpha(cur())) return fail("expecting a name");
    size_t start = pos_;
    while (more() && (is_alpha(cur()) || is_digit(cur()) || cur() == '_')) pos_++;
    std::string name(text_.substr(start, pos_ - start));
    skip_blanks();
    if (cur() != '=') return fail("expecting an assignment");
    pos_++;
    skip_blanks();
    ConfValue v;
    VK_TRY(value(&v));
    skip_blanks();
    if (cur() == '#')
      while (more() && !is_eol(cur())) pos_++;
    entries->emplace_back(std::move(name), std::move(v));
    return Status();
  }

  Status separator() {
    skip_blanks();
    if (!more()) return Status();
    if (is_eol(cur())) {
      skip_blanks_and_eol();
    } else if (cur() == ';') {
      pos_++;
      skip_blanks_and_eol();
    } else {
      return fail("expecting a separator");
    }
    return Status();
  }

  Status value(ConfValue *v) {
    skip_blanks();
    if (!more()) return fail("expecting a value");
    char c = cur();
    if (c == '"' || c == '\'') {
      v->type = ConfValue::kString;
      return string(&v->str);
    }
    if (c == '[') {
      v->type = ConfValue::kList;
      pos_++;
      skip_blanks_and_eol();
      if (more() && cur() != ']') {
        v->list.emplace_back();
        VK_TRY(value(&v->list.back()));
        skip_blanks_and_eol();
      }
      while (more() && cur() != ']') {
        if (cur() != ',') return fail("expecting a separator in list");
        pos_++;
        skip_blanks_and_eol();
        if (cur() == ']') break;
        v->list.emplace_back();
        VK_TRY(value(&v->list.back()));
        skip_blanks_and_eol();
      }
      if (cur() != ']') return fail("list is not closed with ]");
      pos_++;
      return Status();
    }
    if (is_digit(c) || c == '-' || c == '+') {
      v->type = c == '-' ? ConfValue::kSignedInt : ConfValue::kUnsignedInt;
      bool neg = c == '-';
      if (c == '-' || c == '+') pos_++;
      if (!more() || !is_digit(cur())) return fail("unterminated number");
      unsigned long long n = 0;
      while (more() && is_digit(cur())) n = n * 10 + static_cast<unsigned>(cur() - '0'), pos_++;
      v->number = neg ? -static_cast<long long>(n) : static_cast<long long>(n);
      return Status();
    }
    return fail("expecting a value");
  }

  Status string(std::string *out) {
    char q = cur();
    if (q == '"' && pos_ + 6 < text_.size() && starts("\"\"\"")) {
      pos_ += 3;
      size_t start = pos_;
      while (pos_ + 2 < text_.size() && !starts("\"\"\"")) {
        if (cur() == '\n') line_++;
        pos_++;
      }
      if (!starts("\"\"\"")) return fail("unterminated string");
      *out = std::string(text_.substr(start, pos_ - start));
      pos_ += 3;
      return Status();
    }
    pos_++;
    size_t start = pos_;
    while (more() && cur() != q && !is_eol(cur())) pos_++;
    if (cur() != q) return fail("unterminated string");
    *out = std::string(text_.substr(start, pos_ - start));
    pos_++;
    return Status();
  }

  const std::string &filename_;
  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace

Result<Conf> Conf::parse(std::string filename, std::string_view text) {
  Conf c;
  c.filename_ = std::move(filename);
  // libvirt reads the file as a C string: a NUL ends it.
  if (auto nul = text.find('\0'); nul != std::string_view::npos) text = text.substr(0, nul);
  VK_TRY(Parser(c.filename_, text).parse(&c.entries_));
  return c;
}

Result<Conf> Conf::read_file(const std::string &path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return system_error(VIR_FROM_NONE, errno, "Failed to open file '%s'", path.c_str());
  std::string text;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 || text.size() + static_cast<size_t>(n) > kMaxFileSize) {
      int err = n < 0 ? errno : EOVERFLOW;
      ::close(fd);
      return system_error(VIR_FROM_NONE, err, "Failed to read file '%s'", path.c_str());
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return parse(path, text);
}

const ConfValue *Conf::get(std::string_view name) const {
  for (const auto &[n, v] : entries_)
    if (n == name) return &v;
  return nullptr;
}

Result<bool> Conf::get_string(std::string_view name, std::string *out) const {
  const ConfValue *v = get(name);
  if (!v) return false;
  if (v->type != ConfValue::kString)
    return error(VIR_FROM_CONF, VIR_ERR_INTERNAL_ERROR, "%s: expected a string for '%s' parameter",
                 filename_.c_str(), std::string(name).c_str());
  *out = v->str;
  return true;
}

Result<bool> Conf::get_string_list(std::string_view name, std::vector<std::string> *out) const {
  const ConfValue *v = get(name);
  if (!v) return false;
  std::string n(name);
  if (v->type != ConfValue::kList)
    return error(VIR_FROM_CONF, VIR_ERR_INTERNAL_ERROR,
                 "%s: expected a string list for '%s' parameter", filename_.c_str(), n.c_str());
  out->clear();
  for (const ConfValue &item : v->list) {
    if (item.type != ConfValue::kString)
      return error(VIR_FROM_CONF, VIR_ERR_CONF_SYNTAX,
                   "%s: expected a string list for '%s' parameter", filename_.c_str(), n.c_str());
    out->push_back(item.str);
  }
  return true;
}

}  // namespace virtkit::util
