// SPDX-License-Identifier: LGPL-2.1-or-later
// Output both shells share: vshTable, typed parameter values, and the XML
// and shell escaping of echo.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cwchar>
#include <cwctype>
#include <string>
#include <vector>

#include "vsh.h"

namespace vsh {

namespace {

// A cell as virsh prints it: control characters (and a literal "\x") as
// \xNN, and its width in terminal columns.
std::string encode_cell(const std::string &s, size_t &width) {
  std::string out;
  width = 0;
  std::mbstate_t st{};
  const char *p = s.c_str();
  auto hex = [&](unsigned char ch) {
    char b[8];
    std::snprintf(b, sizeof b, "\\x%02x", ch);
    out += b;
    width += 4;
  };
  while (*p) {
    if ((*p == '\\' && p[1] == 'x') || std::iscntrl(static_cast<unsigned char>(*p))) {
      hex(static_cast<unsigned char>(*p++));
      continue;
    }
    wchar_t wc;
    size_t len = std::mbrtowc(&wc, p, MB_CUR_MAX, &st);
    if (len == 0) break;
    if (len == static_cast<size_t>(-1) || len == static_cast<size_t>(-2)) {
      st = std::mbstate_t{};
      if (std::isprint(static_cast<unsigned char>(*p))) {
        out += *p;
        width++;
      } else {
        hex(static_cast<unsigned char>(*p));
      }
      p++;
      continue;
    }
    if (!std::iswprint(static_cast<wint_t>(wc))) {
      for (size_t i = 0; i < len; i++) hex(static_cast<unsigned char>(p[i]));
    } else {
      out.append(p, len);
      int w = wcwidth(wc);
      width += w > 0 ? static_cast<size_t>(w) : 0;
    }
    p += len;
  }
  return out;
}

}  // namespace

void Table::print() const {
  bool header = !g_quiet;
  size_t ncols = rows_[0].size();
  std::vector<std::vector<std::string>> cells(rows_.size());
  std::vector<std::vector<size_t>> widths(rows_.size());
  std::vector<size_t> maxw(ncols, 0);
  for (size_t i = 0; i < rows_.size(); i++) {
    for (size_t j = 0; j < ncols; j++) {
      size_t w;
      cells[i].push_back(encode_cell(j < rows_[i].size() ? rows_[i][j] : "", w));
      widths[i].push_back(w);
      if (i > 0 || header) maxw[j] = std::max(maxw[j], w);
    }
  }
  std::string out;
  auto row = [&](size_t i) {
    for (size_t j = 0; j < ncols; j++) {
      out += " " + cells[i][j];
      if (j + 1 < ncols) out.append(maxw[j] - widths[i][j] + 2, ' ');
    }
    out += '\n';
  };
  if (header) {
    row(0);
    for (size_t j = 0; j < ncols; j++) out.append(maxw[j] + 3, '-');
    out += '\n';
  }
  for (size_t i = 1; i < rows_.size(); i++) row(i);
  std::fputs(out.c_str(), stdout);
}

std::string typed_param_value(const virTypedParameter &p) {
  char b[64];
  switch (p.type) {
    case VIR_TYPED_PARAM_INT:
      std::snprintf(b, sizeof b, "%d", p.value.i);
      return b;
    case VIR_TYPED_PARAM_UINT:
      std::snprintf(b, sizeof b, "%u", p.value.ui);
      return b;
    case VIR_TYPED_PARAM_LLONG:
      std::snprintf(b, sizeof b, "%lld", p.value.l);
      return b;
    case VIR_TYPED_PARAM_ULLONG:
      std::snprintf(b, sizeof b, "%llu", p.value.ul);
      return b;
    case VIR_TYPED_PARAM_DOUBLE:
      std::snprintf(b, sizeof b, "%f", p.value.d);
      return b;
    case VIR_TYPED_PARAM_BOOLEAN:
      return p.value.b ? "yes" : "no";
    case VIR_TYPED_PARAM_STRING:
      return p.value.s ? p.value.s : "";
    default:
      error("unimplemented parameter type %d", p.type);
      std::exit(EXIT_FAILURE);
  }
}

std::string escape_xml(const std::string &s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\t':
      case '\n':
      case '\r':
        out += ch;
        break;
      default:
        // Other control characters are dropped.
        if (ch <= 0 || ch >= 0x20) out += ch;
    }
  }
  return out;
}

std::string shell_escape(const std::string &s) {
  if (s.empty()) return "''";
  if (s.find_first_of("\r\t\n !\"#$&'()*;<>?[\\]^`{|}~") == std::string::npos) return s;
  std::string out = "'";
  for (char ch : s) {
    if (ch == '\'') out += "'\\'";
    out += ch;
  }
  return out + "'";
}

}  // namespace vsh
