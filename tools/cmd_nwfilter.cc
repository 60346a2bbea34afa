// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's network filter commands (nwfilter-* and nwfilter-binding-*),
// printing what Debian's virsh 9.0.0 prints for each.
#include <strings.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <string>
#include <vector>

#include <virtkit/nwfilter.hpp>

#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

using Filter = virtkit::NWFilter;
using Binding = virtkit::NWFilterBinding;

// The name, or "(null)" where virsh prints C's NULL name (an empty handle
// after a failed edit).
std::string name_of(const Filter &f) {
  return f.try_name().value_or("(null)");
}
std::string port_of(const Binding &b) {
  return b.try_port_dev().value_or(std::string());
}

// virsh's filter lookup: a UUID-long string by UUID first, then by name. The
// lookup's own error stays pending, as in virsh.
Filter lookup_filter(Shell &sh, const Cmd &c, const char **given = nullptr) {
  const char *n = nullptr;
  if (c.string("nwfilter", n) < 0 || !n) return Filter();
  if (given) *given = n;
  if (std::strlen(n) == VIR_UUID_STRING_BUFLEN - 1)
    if (auto f = Filter::try_lookup_by_uuid_string(sh.conn, n)) return std::move(*f);
  if (auto f = Filter::try_lookup_by_name(sh.conn, n)) return std::move(*f);
  error("failed to get nwfilter '%s'", n);
  return Filter();
}

// A binding, by the port device it is on.
Binding lookup_binding(Shell &sh, const Cmd &c, const char **given = nullptr) {
  const char *n = nullptr;
  if (c.string("binding", n) < 0 || !n) return Binding();
  if (given) *given = n;
  auto b = Binding::try_lookup_by_port_dev(sh.conn, n);
  if (!b) {
    error("failed to get nwfilter binding '%s'", n);
    return Binding();
  }
  return std::move(*b);
}

// The file of XML to define from; false after the error, which virsh reports
// as the command's libvirt error (so nothing older stays pending).
bool read_xml(const Cmd &c, const char *&from, std::string &out) {
  if (c.string("file", from) < 0 || !from) return false;
  if (read_file(from, out)) return true;
  reset_error();
  return false;
}

// Filters the old way (virConnectNumOfNWFilters and names), as virsh 9.0.0
// does it, including its cutting the list by the number of failed lookups.
bool collect_old(Shell &sh, std::vector<Filter> &out) {
  reset_error();
  auto n = Filter::try_count(sh.conn);
  if (!n) {
    error("Failed to count network filters");
    return false;
  }
  if (*n == 0) return true;
  auto names = Filter::try_list_names(sh.conn);
  if (!names) {
    error("Failed to list network filters");
    return false;
  }
  for (const std::string &name : *names)
    if (auto f = Filter::try_lookup_by_name(sh.conn, name)) out.push_back(std::move(*f));
  size_t deleted = names->size() - out.size();
  sort_by(out, name_of);
  out.resize(out.size() > deleted ? out.size() - deleted : 0);
  return true;
}

}  // namespace

bool cmd_nwfilter_define(Shell &sh, const Cmd &c) {
  const char *from = nullptr;
  std::string xml;
  unsigned flags = c.has("validate") ? VIR_NWFILTER_DEFINE_VALIDATE : 0;
  if (!read_xml(c, from, xml)) return false;
  auto f = Filter::try_define_xml(sh.conn, xml, flags);
  if (!f) {
    error("Failed to define network filter from %s", from);
    return false;
  }
  extra("Network filter %s defined from %s\n", name_of(*f).c_str(), from);
  return true;
}

bool cmd_nwfilter_undefine(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  Filter f = lookup_filter(sh, c, &name);
  if (!f) return false;
  if (!f.try_undefine()) {
    error("Failed to undefine network filter %s", name);
    return false;
  }
  extra("Network filter %s undefined\n", name);
  return true;
}

bool cmd_nwfilter_dumpxml(Shell &sh, const Cmd &c) {
  Filter f = lookup_filter(sh, c);
  if (!f) return false;
  const char *xpath = nullptr;
  if (c.string_quiet("xpath", xpath) < 0) return false;
  auto xml = f.try_xml();
  if (!xml) return false;
  return print_xml(xml->c_str(), xpath, c.has("wrap"));
}

bool cmd_nwfilter_list(Shell &sh, const Cmd &) {
  std::vector<Filter> filters;
  auto all = Filter::try_list_all(sh.conn);
  if (all) {
    filters = std::move(*all);
    sort_by(filters, name_of);
  } else {
    if (all.error().code() != VIR_ERR_NO_SUPPORT) {
      error("Failed to list network filters");
      return false;
    }
    if (!collect_old(sh, filters)) return false;
  }
  Table t({"UUID", "Name"});
  for (const Filter &f : filters) {
    std::string uuid = f.try_uuid_string().value_or(std::string());
    t.add({uuid, name_of(f)});
  }
  t.print();
  return true;
}

bool cmd_nwfilter_binding_create(Shell &sh, const Cmd &c) {
  const char *from = nullptr;
  std::string xml;
  unsigned flags = c.has("validate") ? VIR_NWFILTER_BINDING_CREATE_VALIDATE : 0;
  if (!read_xml(c, from, xml)) return false;
  auto b = Binding::try_create_xml(sh.conn, xml, flags);
  if (!b) {
    error("Failed to create network filter from %s", from);
    return false;
  }
  extra("Network filter binding on %s created from %s\n", port_of(*b).c_str(), from);
  return true;
}

bool cmd_nwfilter_binding_delete(Shell &sh, const Cmd &c) {
  const char *portdev = nullptr;
  Binding b = lookup_binding(sh, c, &portdev);
  if (!b) return false;
  if (!b.try_remove()) {
    error("Failed to delete network filter binding on %s", portdev);
    return false;
  }
  extra("Network filter binding on %s deleted\n", portdev);
  return true;
}

// virsh 9.0.0 never reads --xpath here: the whole XML is printed, and a
// failure to get it still counts as success.
bool cmd_nwfilter_binding_dumpxml(Shell &sh, const Cmd &c) {
  Binding b = lookup_binding(sh, c);
  if (!b) return false;
  auto xml = b.try_xml();
  if (!xml) return true;
  return print_xml(xml->c_str(), nullptr, c.has("wrap"));
}

bool cmd_nwfilter_binding_list(Shell &sh, const Cmd &) {
  auto bindings = Binding::try_list_all(sh.conn);
  if (!bindings) {
    error("Failed to list network filter bindings");
    return false;
  }
  sort_by(*bindings, port_of);
  Table t({"Port Dev", "Filter"});
  for (const Binding &b : *bindings) {
    std::string port = port_of(b);
    t.add({port, b.try_filter_name().value_or(std::string())});
  }
  t.print();
  return true;
}

bool cmd_nwfilter_edit(Shell &sh, const Cmd &c) {
  Filter filter = lookup_filter(sh, c);
  if (!filter) return false;
  Filter edited;
  auto get = [&]() -> char * {
    auto doc = filter.try_xml();
    return doc ? strdup(doc->c_str()) : nullptr;
  };
  auto r = edit_xml(get, [&](const char *xml) {
    auto d = Filter::try_define_xml(sh.conn, xml);
    if (!d) return false;
    edited = std::move(*d);
    return true;
  });
  if (r == EditResult::kFailed) return false;
  if (r == EditResult::kUnchanged) {
    extra("Network filter %s XML configuration not changed.\n", name_of(filter).c_str());
    return true;
  }
  extra("Network filter %s XML configuration edited.\n", name_of(edited).c_str());
  return true;
}

}  // namespace virtkit_sh
