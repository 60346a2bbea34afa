// SPDX-License-Identifier: LGPL-2.1-or-later
// virsh's *-edit commands: an object's XML through $VISUAL/$EDITOR and back
// (edit_xml in sh_util.cc), each printing virsh's words.
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>

#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

using virtkit::Domain;

// virshDomainDefine: without VIR_DOMAIN_DEFINE_VALIDATE when that alone is
// what an old server refuses.
virtkit::Expected<Domain> define_domain(const virtkit::Connection &conn, const char *xml,
                                        unsigned flags) {
  auto d = Domain::try_define_xml(conn, xml, flags);
  if (flags && !d && d.error().code() == VIR_ERR_NO_SUPPORT && flags == VIR_DOMAIN_DEFINE_VALIDATE)
    d = Domain::try_define_xml(conn, xml);
  return d;
}

// A document as edit_xml() wants it: a malloc'd copy, or null after the error.
char *edit_copy(const virtkit::Expected<std::string> &xml) {
  return xml ? strdup(xml->c_str()) : nullptr;
}

// A name as virsh prints it: "(null)" (printf of NULL) if it cannot be had.
std::string name_of(const Domain &d) {
  return d.try_name().value_or(std::string("(null)"));
}

}  // namespace

bool cmd_edit(Shell &sh, const Cmd &c) {
  auto dom = sh.domain(c);
  if (!dom) return false;
  unsigned define_flags = c.has("skip-validate") ? 0 : VIR_DOMAIN_DEFINE_VALIDATE;
  Domain edited;
  std::function<void()> relax = [&] { define_flags &= ~VIR_DOMAIN_DEFINE_VALIDATE; };
  auto r = edit_xml(
      [&] { return edit_copy(dom->try_xml(VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE)); },
      [&](const char *xml) {
        edited = Domain();
        auto d = define_domain(sh.conn, xml, define_flags);
        if (!d) return false;
        edited = std::move(*d);
        return true;
      },
      &relax);
  if (r == EditResult::kFailed) return false;
  if (r == EditResult::kUnchanged) {
    extra("Domain '%s' XML configuration not changed.\n", name_of(*dom).c_str());
    return true;
  }
  extra("Domain '%s' XML configuration edited.\n", name_of(edited).c_str());
  return true;
}

namespace {

// --running/--paused of the save image editors, refused together up front
// (the define step would fail on them again and again).
bool save_flags(const Cmd &c, unsigned &flags) {
  flags = (c.has("running") ? VIR_DOMAIN_SAVE_RUNNING : 0) |
          (c.has("paused") ? VIR_DOMAIN_SAVE_PAUSED : 0);
  return exclusive(c, "running", "paused");
}

}  // namespace

bool cmd_save_image_edit(Shell &sh, const Cmd &c) {
  unsigned flags;
  if (!save_flags(c, flags)) return false;
  const char *file = nullptr;
  if (c.string("file", file) < 0) return false;
  auto r = edit_xml(
      [&] { return edit_copy(Domain::try_save_image_xml(sh.conn, file, VIR_DOMAIN_XML_SECURE)); },
      [&](const char *xml) {
        return static_cast<bool>(Domain::try_save_image_define_xml(sh.conn, file, xml, flags));
      });
  if (r == EditResult::kFailed) return false;
  if (r == EditResult::kUnchanged)
    extra("Saved image %s XML configuration not changed.\n", file);
  else
    extra("State file %s edited.\n", file);
  return true;
}

bool cmd_managedsave_edit(Shell &sh, const Cmd &c) {
  unsigned flags;
  if (!save_flags(c, flags)) return false;
  auto dom = sh.domain(c);
  if (!dom) return false;
  auto r = edit_xml([&] { return edit_copy(dom->try_managed_save_xml(VIR_DOMAIN_XML_SECURE)); },
                    [&](const char *xml) {
                      return static_cast<bool>(dom->try_managed_save_define_xml(xml, flags));
                    });
  if (r == EditResult::kFailed) return false;
  if (r == EditResult::kUnchanged)
    extra("Managed save image of domain '%s' XML configuration not changed.\n",
          name_of(*dom).c_str());
  else
    extra("Managed save image of Domain '%s' XML configuration edited.\n", name_of(*dom).c_str());
  return true;
}

}  // namespace virtkit_sh
