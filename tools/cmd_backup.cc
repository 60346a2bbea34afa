// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's backup commands (backup-begin, backup-dumpxml), printing what
// Debian's virsh 9.0.0 prints for each.
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "virtkit_sh.h"

namespace virtkit_sh {

bool cmd_backup_begin(Shell &sh, const Cmd &c) {
  unsigned flags = c.has("reuse-external") ? VIR_DOMAIN_BACKUP_BEGIN_REUSE_EXTERNAL : 0;
  auto d = sh.domain(c);
  if (!d) return false;
  const char *backup_from = nullptr, *check_from = nullptr;
  if (c.string("backupxml", backup_from) < 0) return false;
  std::string backup = "<domainbackup/>", check;
  if (backup_from && !read_file(backup_from, backup)) {
    reset_error();
    return false;
  }
  if (c.string("checkpointxml", check_from) < 0) return false;
  if (check_from && !read_file(check_from, check)) {
    reset_error();
    return false;
  }
  if (!d->try_backup_begin(
          backup, check_from ? std::optional<std::string_view>(check) : std::nullopt, flags))
    return false;
  std::printf("Backup started\n");
  return true;
}

bool cmd_backup_dumpxml(Shell &sh, const Cmd &c) {
  bool wrap = c.has("wrap");
  auto d = sh.domain(c);
  if (!d) return false;
  const char *xpath = nullptr;
  if (c.string_quiet("xpath", xpath) < 0) return false;
  auto xml = d->try_backup_xml();
  if (!xml) return false;
  return print_xml(xml->c_str(), xpath, wrap);
}

}  // namespace virtkit_sh
