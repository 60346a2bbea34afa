// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's secret commands (secret-define, secret-list,
// secret-set-value, ...), printing what Debian's virsh 9.0.0 prints for each.
#include <fcntl.h>
#include <strings.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include <virtkit/secret.hpp>

#include "object_event.h"
#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

using virtkit::Secret;

// Overwrites a buffer that held a secret value.
void erase(void *p, size_t n) {
  if (!p || !n) return;
  volatile unsigned char *v = static_cast<volatile unsigned char *>(p);
  while (n--) *v++ = 0;
}

// virsh's secret lookup: by UUID only. An empty handle on failure, the
// lookup's error left as the thread's for error() to print.
Secret lookup_secret(Shell &sh, const Cmd &c, const char **given = nullptr) {
  const char *n = nullptr;
  if (c.string("secret", n) < 0 || !n) return Secret();
  debug(kDebug, "%s: found option <%s>: %s\n", c.def->name, "secret", n);
  if (given) *given = n;
  auto s = Secret::try_lookup_by_uuid_string(sh.conn, n);
  if (!s) {
    error("failed to get secret '%s'", n);
    return Secret();
  }
  return std::move(s).value();
}

// glib's g_base64_encode: padded, no line breaks.
std::string base64_encode(const unsigned char *p, size_t n) {
  static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((n + 2) / 3 * 4);
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = static_cast<unsigned>(p[i]) << 16;
    if (i + 1 < n) v |= static_cast<unsigned>(p[i + 1]) << 8;
    if (i + 2 < n) v |= p[i + 2];
    out += abc[(v >> 18) & 63];
    out += abc[(v >> 12) & 63];
    out += i + 1 < n ? abc[(v >> 6) & 63] : '=';
    out += i + 2 < n ? abc[v & 63] : '=';
  }
  return out;
}

// glib's g_base64_decode, as lenient: the text up to its first NUL, other
// characters skipped, '=' counting as a zero digit that drops its byte.
std::string base64_decode(const char *text) {
  auto rank = [](unsigned char ch) -> int {
    if (ch >= 'A' && ch <= 'Z') return ch - 'A';
    if (ch >= 'a' && ch <= 'z') return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9') return ch - '0' + 52;
    if (ch == '+') return 62;
    if (ch == '/') return 63;
    if (ch == '=') return 0;
    return -1;
  };
  std::string out;
  unsigned v = 0;
  int count = 0;
  unsigned char last0 = 0, last1 = 0;
  for (const unsigned char *p = reinterpret_cast<const unsigned char *>(text); *p; p++) {
    int r = rank(*p);
    if (r < 0) continue;
    last1 = last0;
    last0 = *p;
    v = (v << 6) | static_cast<unsigned>(r);
    if (++count == 4) {
      out += static_cast<char>(v >> 16);
      if (last1 != '=') out += static_cast<char>(v >> 8);
      if (last0 != '=') out += static_cast<char>(v);
      count = 0;
    }
  }
  erase(&v, sizeof v);
  return out;
}

// virFileReadAll with a limit: false with libvirt's error pending.
bool read_limited(const char *path, size_t max, std::string &out) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    save_error(VIR_ERR_INTERNAL_ERROR,
               std::string("Failed to open file '") + path + "': " + std::strerror(errno));
    return false;
  }
  out.clear();
  char buf[1025];
  int err = 0;
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      err = errno;
      break;
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > max) {
      err = EOVERFLOW;
      break;
    }
  }
  erase(buf, sizeof buf);
  close(fd);
  if (err) {
    erase(out.data(), out.size());
    save_error(VIR_ERR_INTERNAL_ERROR,
               std::string("Failed to read file '") + path + "': " + std::strerror(err));
    return false;
  }
  return true;
}

const char *usage_name(int type) {
  static const char *const names[] = {"none", "volume", "ceph", "iscsi", "tls", "vtpm"};
  return type >= 0 && type < 6 ? names[type] : nullptr;
}

}  // namespace

bool cmd_secret_define(Shell &sh, const Cmd &c) {
  const char *from = nullptr;
  if (c.string("file", from) < 0) return false;
  unsigned flags = c.has("validate") ? VIR_SECRET_DEFINE_VALIDATE : 0;
  std::string xml;
  if (!read_file(from, xml)) {
    reset_error();
    return false;
  }
  auto s = Secret::try_define_xml(sh.conn, xml.c_str(), flags);
  if (!s) {
    error("Failed to set attributes from %s", from);
    return false;
  }
  auto uuid = s->try_uuid_string();
  if (!uuid) {
    error("Failed to get UUID of created secret");
    return false;
  }
  extra("Secret %s created\n", uuid->c_str());
  return true;
}

bool cmd_secret_dumpxml(Shell &sh, const Cmd &c) {
  Secret s = lookup_secret(sh, c);
  if (!s) return false;
  const char *xpath = nullptr;
  if (c.string_quiet("xpath", xpath) < 0) return false;
  auto xml = s.try_xml();
  if (!xml) return false;
  return print_xml(xml->c_str(), xpath, c.has("wrap"));
}

bool cmd_secret_set_value(Shell &sh, const Cmd &c) {
  bool plain = c.has("plain"), interactive = c.has("interactive");
  if (!exclusive(c, "file", "base64") || !exclusive(c, "plain", "base64") ||
      !exclusive(c, "interactive", "base64") || !exclusive(c, "interactive", "plain") ||
      !exclusive(c, "interactive", "file"))
    return false;
  Secret s = lookup_secret(sh, c);
  if (!s) return false;
  const char *base64 = nullptr, *file = nullptr;
  if (c.string("base64", base64) < 0 || c.string("file", file) < 0) return false;
  std::string value;
  if (base64) {
    error("Passing secret value as command-line argument is insecure!");
    value = base64;
  } else if (file) {
    if (!read_limited(file, 1024, value)) return false;
  } else if (interactive) {
    std::printf("Enter new value for secret:");
    std::fflush(stdout);
    char *pw = getpass("");
    if (!pw) {
      error("Failed to read secret");
      return false;
    }
    value = pw;
    erase(pw, std::strlen(pw));
    plain = true;
  } else {
    error("Input secret value is missing");
    return false;
  }
  if (!plain) {
    std::string decoded = base64_decode(value.c_str());
    erase(value.data(), value.size());
    value.swap(decoded);
  }
  auto set = s.try_set_value(std::as_bytes(std::span(value.data(), value.size())));
  erase(value.data(), value.size());
  if (!set) {
    error("Failed to set secret value");
    return false;
  }
  extra("Secret value set\n");
  return true;
}

bool cmd_secret_get_value(Shell &sh, const Cmd &c) {
  bool plain = c.has("plain");
  Secret s = lookup_secret(sh, c);
  if (!s) return false;
  auto value = s.try_value();  // the C copy is wiped by the call
  if (!value) return false;
  const auto *bytes = reinterpret_cast<const unsigned char *>(value->data());
  size_t size = value->size();
  bool ok = true;
  if (plain) {
    if (std::fwrite(bytes, 1, size, stdout) != size) {
      error("failed to write secret");
      ok = false;
    }
  } else {
    std::string text = base64_encode(bytes, size);
    std::printf("%s", text.c_str());
    erase(text.data(), text.size());
  }
  erase(value->data(), size);
  return ok;
}

bool cmd_secret_undefine(Shell &sh, const Cmd &c) {
  const char *uuid = nullptr;
  Secret s = lookup_secret(sh, c, &uuid);
  if (!s) return false;
  if (!s.try_undefine()) {
    error("Failed to delete secret %s", uuid);
    return false;
  }
  extra("Secret %s deleted\n", uuid);
  return true;
}

bool cmd_secret_list(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (c.has("ephemeral")) flags |= VIR_CONNECT_LIST_SECRETS_EPHEMERAL;
  if (c.has("no-ephemeral")) flags |= VIR_CONNECT_LIST_SECRETS_NO_EPHEMERAL;
  if (c.has("private")) flags |= VIR_CONNECT_LIST_SECRETS_PRIVATE;
  if (c.has("no-private")) flags |= VIR_CONNECT_LIST_SECRETS_NO_PRIVATE;
  std::vector<Secret> list;
  auto all = Secret::try_list_all(sh.conn, flags);
  if (all) {
    list = std::move(all).value();
  } else {
    if (all.error().code() != VIR_ERR_NO_SUPPORT) {
      error("Failed to list node secrets");
      return false;
    }
    // The older calls, which cannot filter.
    reset_error();
    if (flags) {
      error("Filtering is not supported by this libvirt");
      return false;
    }
    auto num = Secret::try_count(sh.conn);
    if (!num) {
      error("Failed to count secrets");
      return false;
    }
    if (*num > 0) {
      auto uuids = Secret::try_list_uuids(sh.conn);
      if (!uuids) {
        error("Failed to list secrets");
        return false;
      }
      for (const std::string &u : *uuids)
        if (auto s = Secret::try_lookup_by_uuid_string(sh.conn, u)) list.push_back(std::move(*s));
    }
  }
  auto uuid_of = [](const Secret &s) { return s.try_uuid_string().value_or(std::string()); };
  std::stable_sort(list.begin(), list.end(), [&](const Secret &a, const Secret &b) {
    return strcasecmp(uuid_of(a).c_str(), uuid_of(b).c_str()) < 0;
  });
  Table t({"UUID", "Usage"});
  for (const Secret &s : list) {
    auto uuid = s.try_uuid_string();
    if (!uuid) {
      error("Failed to get uuid of secret");
      return false;
    }
    auto usage = s.try_usage_type();
    int type = usage ? static_cast<int>(*usage) : -1;
    if (type) {
      const char *name = usage_name(type);
      auto id = s.try_usage_id();
      // virsh gives up, silently, on a usage type it cannot name.
      if (!name) return false;
      // virBufferStrcat stops at the first missing piece.
      t.add({*uuid, std::string(name) + " " + (id ? *id : std::string())});
    } else {
      t.add({*uuid, "Unused"});
    }
  }
  t.print();
  return true;
}

namespace {

struct SecretEvents {
  using Obj = Secret;
  static constexpr const char *kWhat = "secret";
  static constexpr const char *kEvents[] = {"lifecycle", "value-changed"};
  static constexpr const char *kLifecycle[] = {"Defined", "Undefined"};
  static std::string name(const Obj &o) { return o.try_uuid_string().value_or(""); }
  template <int ID, class F>
  static auto subscribe(const virtkit::Connection &c, F cb, const Obj *only) {
    return virtkit::try_on_secret_event<ID>(c, std::move(cb), only);
  }
};

}  // namespace

bool cmd_secret_event(Shell &sh, const Cmd &c) {
  using E = ObjectEvents<SecretEvents>;
  int id, timeout = 0;
  E::Watch w{};
  if (int r = E::prepare(c, id, w, timeout)) return r > 0;
  // As virsh: a secret that is not found filters nothing.
  Secret secret;
  if (c.has("secret")) secret = lookup_secret(sh, c);
  return E::wait(sh, secret ? &secret : nullptr, id, w, timeout);
}

}  // namespace virtkit_sh
