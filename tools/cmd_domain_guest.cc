// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's commands that talk to the guest or its metadata: hostname,
// guest agent queries, users' SSH keys and passwords, keys and signals sent
// in, launch security, dirty rate, FD groups, description, title and
// metadata, as Debian's virsh 9.0.0 prints them.
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "cmd_domain_util.h"
#include "util/numbers.h"

namespace virtkit_sh {

namespace {

// Prints "field: value" lines, the field padded to width.
void print_params(const virtkit::TypedParams &params, int width) {
  auto ps = dom::c_params(params);
  for (int i = 0; i < ps.size(); i++)
    std::printf("%-*s: %s\n", width, ps.data()[i].field, typed_param_value(ps.data()[i]).c_str());
}

// The Argv option's words joined by single spaces; nullopt when none.
std::optional<std::string> joined_argv(const Cmd &c) {
  auto words = c.argv();
  if (words.empty()) return std::nullopt;
  std::string out;
  for (auto &w : words) out += w + " ";
  out.pop_back();
  return out;
}

}  // namespace

bool cmd_domhostname(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  const char *source = nullptr;
  if (c.string("source", source) < 0) return false;
  unsigned flags = 0;
  if (source) {
    if (std::strcmp(source, "agent") == 0) {
      flags = VIR_DOMAIN_GET_HOSTNAME_AGENT;
    } else if (std::strcmp(source, "lease") == 0) {
      flags = VIR_DOMAIN_GET_HOSTNAME_LEASE;
    } else {
      error("Unknown data source '%s'", source);
      return false;
    }
  }
  auto name = d->try_hostname(flags);
  if (!name) {
    error("%s", "failed to get hostname");
    return false;
  }
  std::printf("%s\n", name->c_str());
  return true;
}

bool cmd_get_user_sshkeys(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  const char *user = nullptr;
  if (c.string("user", user) < 0) return false;
  auto keys = d->try_authorized_ssh_keys(user, 0);
  if (!keys) return false;
  // Each key is printed as the agent gave it, without a separator.
  for (const auto &k : *keys) std::printf("%s", k.c_str());
  return true;
}

bool cmd_set_user_sshkeys(Shell &sh, const Cmd &c) {
  if (c.has("remove") && !c.has("file")) {
    error("Option --%s is required by option --%s", "file", "remove");
    return false;
  }
  if (!exclusive(c, "reset", "remove")) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  const char *user = nullptr, *from = nullptr;
  if (c.string("user", user) < 0 || c.string("file", from) < 0) return false;
  unsigned flags = 0;
  if (c.has("remove")) {
    flags = VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_REMOVE;
  } else if (!c.has("reset")) {
    flags = VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND;
    if (!from) {
      error("%s", "Option --file is required");
      return false;
    }
  }
  std::vector<std::string> keys;
  if (from) {
    std::string text;
    if (!read_file(from, text)) return false;
    // One key a line; the text after the last newline is a key too, even
    // when empty (g_strsplit's way), but an empty file has none.
    if (!text.empty()) {
      size_t start = 0;
      for (;;) {
        size_t nl = text.find('\n', start);
        keys.push_back(text.substr(start, nl == std::string::npos ? nl : nl - start));
        if (nl == std::string::npos) break;
        start = nl + 1;
      }
    }
    if (keys.empty()) {
      error("File %s contains no keys", from);
      return false;
    }
  }
  return d->try_set_authorized_ssh_keys(user, keys, flags).has_value();
}

bool cmd_set_user_password(Shell &sh, const Cmd &c) {
  unsigned flags = c.has("encrypted") ? VIR_DOMAIN_PASSWORD_ENCRYPTED : 0;
  const char *user = nullptr, *password = nullptr;
  if (c.string("user", user) < 0 || c.string("password", password) < 0) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  if (!d->try_set_user_password(user, password, flags)) return false;
  extra("Password set successfully for %s in %s", user, dom::given(c));
  return true;
}

bool cmd_guestinfo(Shell &sh, const Cmd &c) {
  static const struct {
    const char *opt;
    unsigned type;
  } kTypes[] = {{"user", VIR_DOMAIN_GUEST_INFO_USERS},
                {"os", VIR_DOMAIN_GUEST_INFO_OS},
                {"timezone", VIR_DOMAIN_GUEST_INFO_TIMEZONE},
                {"hostname", VIR_DOMAIN_GUEST_INFO_HOSTNAME},
                {"filesystem", VIR_DOMAIN_GUEST_INFO_FILESYSTEM},
                {"disk", VIR_DOMAIN_GUEST_INFO_DISKS},
                {"interface", VIR_DOMAIN_GUEST_INFO_INTERFACES}};
  unsigned types = 0;
  for (auto &t : kTypes)
    if (c.has(t.opt)) types |= t.type;
  auto d = sh.domain(c);
  if (!d) return false;
  auto info = d->try_guest_info(types, 0);
  if (!info) return false;
  print_params(*info, 20);
  return true;
}

// ---- send-key ----

namespace {

struct KeyName {
  int codeset;
  const char *name;
  unsigned code;
};

// libvirt's symbolic key names (keycodemapdb), for the codesets that have them.
const KeyName kKeyNames[] = {
#include "cmd_domain_keys.inc"
};

int key_code(int codeset, const char *name) {
  for (auto &k : kKeyNames)
    if (k.codeset == codeset && std::strcmp(k.name, name) == 0) return static_cast<int>(k.code);
  return -1;
}

}  // namespace

bool cmd_send_key(Shell &sh, const Cmd &c) {
  static const char *const kCodesets[] = {"linux",  "xt",  "atset1", "atset2", "atset3", "os_x",
                                          "xt_kbd", "usb", "win32",  "qnum",   nullptr};
  auto d = sh.domain(c);
  if (!d) return false;
  const char *name = nullptr;
  if (c.string_quiet("codeset", name) <= 0) name = "linux";
  unsigned holdtime = 0;
  if (c.opt_uint("holdtime", holdtime) < 0) return false;
  // "rfb" is qnum's old name.
  if (std::strcmp(name, "rfb") == 0) name = "qnum";
  int codeset = dom::index_of(kCodesets, name);
  if (codeset < 0) {
    error("unknown codeset: '%s'", name);
    return false;
  }
  std::vector<unsigned> codes;
  for (auto &key : c.argv()) {
    if (codes.size() == VIR_DOMAIN_SEND_KEY_MAX_KEYS) {
      error("%s", "too many keycodes");
      return false;
    }
    unsigned v;
    int code;
    if (virtkit::util::str_to_uip(key.c_str(), 0, v) && v <= 0xffff)
      code = static_cast<int>(v);
    else if ((code = key_code(codeset, key.c_str())) < 0) {
      error("invalid keycode: '%s'", key.c_str());
      return false;
    }
    codes.push_back(static_cast<unsigned>(code));
  }
  return d->try_send_key(static_cast<unsigned>(codeset), holdtime, codes, 0).has_value();
}

bool cmd_send_process_signal(Shell &sh, const Cmd &c) {
  // virDomainProcessSignal's names, by number.
  static const char *const kSignals[] = {
      "nop",  "hup",  "int",  "quit", "ill",    "trap",   "abrt",  "bus",  "fpe",  "kill", "usr1",
      "segv", "usr2", "pipe", "alrm", "term",   "stkflt", "chld",  "cont", "stop", "tstp", "ttin",
      "ttou", "urg",  "xcpu", "xfsz", "vtalrm", "prof",   "winch", "poll", "pwr",  "sys",  "rt0",
      "rt1",  "rt2",  "rt3",  "rt4",  "rt5",    "rt6",    "rt7",   "rt8",  "rt9",  "rt10", "rt11",
      "rt12", "rt13", "rt14", "rt15", "rt16",   "rt17",   "rt18",  "rt19", "rt20", "rt21", "rt22",
      "rt23", "rt24", "rt25", "rt26", "rt27",   "rt28",   "rt29",  "rt30", "rt31", "rt32", nullptr};
  auto d = sh.domain(c);
  if (!d) return false;
  long long pid;
  if (c.opt_ll("pid", pid) < 0) return false;
  const char *signame = nullptr;
  if (c.string("signame", signame) < 0) return false;
  std::string lower = signame;
  for (auto &ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  int signum;
  if (!virtkit::util::str_to_i(lower.c_str(), 10, signum)) {
    std::string_view s = lower;
    if (s.starts_with("sig_"))
      s.remove_prefix(4);
    else if (s.starts_with("sig"))
      s.remove_prefix(3);
    signum = dom::index_of(kSignals, std::string(s).c_str());
  }
  if (signum < 0) {
    error("malformed signal name: %s", signame);
    return false;
  }
  return d->try_send_process_signal(pid, static_cast<unsigned>(signum), 0).has_value();
}

bool cmd_domlaunchsecinfo(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  auto info = d->try_launch_security_info(0);
  if (!info) {
    error("%s", "Unable to get launch security parameters");
    return false;
  }
  print_params(*info, 15);
  return true;
}

bool cmd_domsetlaunchsecstate(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  const char *hdr_file = nullptr, *secret_file = nullptr;
  if (c.string("secrethdr", hdr_file) < 0 || c.string("secret", secret_file) < 0) return false;
  if (!hdr_file || !secret_file) {
    error("%s", "Both secret and the secret header are required");
    return false;
  }
  std::string hdr, secret;
  if (!read_file(hdr_file, hdr, 64 * 1024) || !read_file(secret_file, secret, 64 * 1024))
    return false;
  virtkit::TypedParams ps;
  // C strings: the files' text up to a NUL, as virsh passes them
  ps.add(VIR_DOMAIN_LAUNCH_SECURITY_SEV_SECRET_HEADER, hdr.c_str());
  ps.add(VIR_DOMAIN_LAUNCH_SECURITY_SEV_SECRET, secret.c_str());
  unsigned long long addr;
  int rc = c.opt_ull("set-address", addr);
  if (rc < 0) return false;
  if (rc > 0) ps.add(VIR_DOMAIN_LAUNCH_SECURITY_SEV_SECRET_SET_ADDRESS, addr);
  if (!d->try_set_launch_security_state(ps, 0)) {
    error("%s", "Unable to set launch security state");
    return false;
  }
  return true;
}

bool cmd_domdirtyrate_calc(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  int seconds = 1;
  if (c.opt_int("seconds", seconds) < 0) return false;
  const char *mode = nullptr;
  if (c.string("mode", mode) < 0) return false;
  unsigned flags = 0;
  if (mode) {
    static const char *const kModes[] = {"page-sampling", "dirty-bitmap", "dirty-ring", nullptr};
    static const unsigned kFlags[] = {VIR_DOMAIN_DIRTYRATE_MODE_PAGE_SAMPLING,
                                      VIR_DOMAIN_DIRTYRATE_MODE_DIRTY_BITMAP,
                                      VIR_DOMAIN_DIRTYRATE_MODE_DIRTY_RING};
    int i = dom::index_of(kModes, mode);
    if (i < 0) {
      error("Unknown calculation mode '%s'", mode);
      return false;
    }
    flags = kFlags[i];
  }
  if (!d->try_start_dirty_rate_calc(seconds, flags)) return false;
  extra("Start to calculate domain's memory dirty rate successfully.\n");
  return true;
}

bool cmd_dom_fd_associate(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (c.has("seclabel-writable")) flags |= VIR_DOMAIN_FD_ASSOCIATE_SECLABEL_WRITABLE;
  if (c.has("seclabel-restore")) flags |= VIR_DOMAIN_FD_ASSOCIATE_SECLABEL_RESTORE;
  auto d = sh.domain(c);
  if (!d) return false;
  const char *name = nullptr;
  if (c.string("name", name) < 0) return false;
  std::vector<int> fds;
  if (!dom::pass_fds(c, fds)) return false;
  return d->try_fd_associate(name, fds, flags).has_value();
}

// ---- desc and metadata ----

namespace {

// virshGetDomainDescription: the title or description ("" when none), or
// nullopt after the error.
std::optional<std::string> description(const virtkit::Domain &d, bool title, unsigned flags) {
  int type = title ? VIR_DOMAIN_METADATA_TITLE : VIR_DOMAIN_METADATA_DESCRIPTION;
  auto got = d.try_metadata(type, std::nullopt, flags);
  if (got) return std::move(got).value();
  int code = got.error().code();
  if (code == VIR_ERR_NO_DOMAIN_METADATA) {
    reset_error();
    return std::string();
  }
  if (code != VIR_ERR_NO_SUPPORT) return std::nullopt;
  // An old server: read it from the XML.
  auto xml = d.try_xml(flags);
  if (!xml) {
    error("%s", "Failed to get domain description xml");
    return std::nullopt;
  }
  xmlDocPtr doc = xmlReadMemory(xml->data(), static_cast<int>(xml->size()), "(domain_definition)",
                                nullptr, XML_PARSE_NONET | XML_PARSE_NOWARNING);
  if (!doc) {
    error("%s", "Failed to parse domain description xml");
    return std::nullopt;
  }
  std::string out;
  xmlXPathContextPtr ctxt = xmlXPathNewContext(doc);
  ctxt->node = xmlDocGetRootElement(doc);
  xmlXPathObjectPtr obj =
      xmlXPathEval(BAD_CAST(title ? "string(./title[1])" : "string(./description[1])"), ctxt);
  if (obj && obj->type == XPATH_STRING && obj->stringval)
    out = reinterpret_cast<const char *>(obj->stringval);
  xmlXPathFreeObject(obj);
  xmlXPathFreeContext(ctxt);
  xmlFreeDoc(doc);
  return out;
}

}  // namespace

bool cmd_desc(Shell &sh, const Cmd &c) {
  if (!exclusive(c, "current", "live") || !exclusive(c, "current", "config")) return false;
  unsigned flags = 0, query = 0;
  if (c.has("config")) {
    flags |= VIR_DOMAIN_AFFECT_CONFIG;
    query |= VIR_DOMAIN_XML_INACTIVE;
  }
  if (c.has("live")) flags |= VIR_DOMAIN_AFFECT_LIVE;
  auto d = sh.domain(c);
  if (!d) return false;
  if (auto st = d->try_state(); !st) {
    if (st.error().code() != VIR_ERR_NO_SUPPORT) return false;
    if (!d->try_info()) return false;
  }
  bool title = c.has("title"), edit = c.has("edit");
  const char *what = title ? "title" : "description";
  auto arg = joined_argv(c);
  if (!edit && !arg) {
    auto current = description(*d, title, query);
    if (!current) return false;
    if (!current->empty())
      std::printf("%s", current->c_str());
    else
      extra("No %s for domain: %s", what, dom::name(*d).c_str());
    return true;
  }
  auto current = description(*d, title, query);
  if (!current) return false;
  std::string text = arg ? *arg : *current;
  if (edit) {
    std::string file = write_temp(text.c_str());
    if (file.empty()) return false;
    struct Unlink {
      const std::string &f;
      ~Unlink() { unlink(f.c_str()); }
    } unlink_at_end{file};
    std::string edited;
    if (!run_editor(file) || !read_back(file, edited)) return false;
    // Editors like a final newline; a title has none.
    if (title && !edited.empty() && edited.back() == '\n') edited.pop_back();
    if (edited == *current) {
      extra("Domain %s not changed\n", what);
      return true;
    }
    text = edited;
  }
  int type = title ? VIR_DOMAIN_METADATA_TITLE : VIR_DOMAIN_METADATA_DESCRIPTION;
  if (!d->try_set_metadata(type, text, std::nullopt, std::nullopt, flags)) {
    error("Failed to set new domain %s", what);
    return false;
  }
  extra("Domain %s updated successfully", what);
  return true;
}

bool cmd_metadata(Shell &sh, const Cmd &c) {
  if (!exclusive(c, "current", "live") || !exclusive(c, "current", "config") ||
      !exclusive(c, "edit", "set") || !exclusive(c, "remove", "set") ||
      !exclusive(c, "remove", "edit"))
    return false;
  unsigned flags = 0;
  if (c.has("config")) flags |= VIR_DOMAIN_AFFECT_CONFIG;
  if (c.has("live")) flags |= VIR_DOMAIN_AFFECT_LIVE;
  auto d = sh.domain(c);
  if (!d) return false;
  const char *uri = nullptr, *key = nullptr, *set = nullptr;
  if (c.string("uri", uri) < 0 || c.string("key", key) < 0 || c.string("set", set) < 0)
    return false;
  bool edit = c.has("edit"), remove = c.has("remove");
  if ((set || edit) && !key) {
    error("%s", "namespace key is required when modifying metadata");
    return false;
  }
  if (set || remove) {
    if (!d->try_set_metadata(VIR_DOMAIN_METADATA_ELEMENT, dom::opt(set), dom::opt(key),
                             dom::opt(uri), flags))
      return false;
    extra("%s\n", remove ? "Metadata removed" : "Metadata modified");
    return true;
  }
  if (edit) {
    // No metadata yet: start from an empty line.
    auto get = [&]() -> char * {
      auto s = d->try_metadata(VIR_DOMAIN_METADATA_ELEMENT, dom::opt(uri), flags);
      if (!s) {
        reset_error();
        return strdup("\n");
      }
      return strdup(s->c_str());
    };
    auto define = [&](const char *xml) {
      return d
          ->try_set_metadata(VIR_DOMAIN_METADATA_ELEMENT, dom::opt(xml), dom::opt(key),
                             dom::opt(uri), flags)
          .has_value();
    };
    switch (edit_xml(get, define)) {
      case EditResult::kFailed:
        return false;
      case EditResult::kUnchanged:
        extra("%s", "Metadata not changed");
        return true;
      case EditResult::kDone:
        extra("%s\n", "Metadata modified");
        return true;
    }
  }
  auto data = d->try_metadata(VIR_DOMAIN_METADATA_ELEMENT, dom::opt(uri), flags);
  if (!data) return false;
  std::printf("%s\n", data->c_str());
  return true;
}

bool cmd_guest_agent_timeout(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  int timeout = VIR_DOMAIN_AGENT_RESPONSE_TIMEOUT_BLOCK;
  if (c.opt_int("timeout", timeout) < 0) return false;
  return d->try_agent_set_response_timeout(timeout, 0).has_value();
}

}  // namespace virtkit_sh
