// SPDX-License-Identifier: LGPL-2.1-or-later
// virsh's connect, and the usage and version texts virsh prints.
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "virtkit_sh.h"

namespace virtkit_sh {

void print_usage() {
  std::printf(
      "\n%s [options]... [<command_string>]"
      "\n%s [options]... <command> [args...]\n\n"
      "  options:\n"
      "    -c | --connect=URI      hypervisor connection URI\n"
      "    -d | --debug=NUM        debug level [0-4]\n"
      "    -e | --escape <char>    set escape sequence for console\n"
      "    -h | --help             this help\n"
      "    -k | --keepalive-interval=NUM\n"
      "                            keepalive interval in seconds, 0 for disable\n"
      "    -K | --keepalive-count=NUM\n"
      "                            number of possible missed keepalive messages\n"
      "    -l | --log=FILE         output logging to file\n"
      "    -q | --quiet            quiet mode\n"
      "    -r | --readonly         connect readonly\n"
      "    -t | --timing           print timing information\n"
      "    -v                      short version\n"
      "    -V                      long version\n"
      "         --version[=TYPE]   version, TYPE is short or long (default short)\n"
      "  commands (non interactive mode):\n\n",
      g_progname, g_progname);
  print_groups_usage();
}

// What Debian's virsh 9.0.0 says it was built with.
void print_long_version() {
  std::printf(
      "Virsh command line tool of libvirt %s\n"
      "See web site at https://libvirt.org/\n\n"
      "Compiled with support for:\n"
      " Hypervisors: QEMU/KVM LXC LibXL OpenVZ VMware VirtualBox ESX Test\n"
      " Networking: Remote Network Bridging Interface udev Nwfilter\n"
      " Storage: Dir Disk Filesystem SCSI Multipath iSCSI iSCSI-direct LVM RBD Gluster ZFS\n"
      " Miscellaneous: Daemon Nodedev AppArmor SELinux Secrets Debug DTrace Readline\n",
      "9.0.0");
}

bool cmd_connect(Shell &sh, const Cmd &c) {
  bool ro = c.has("readonly");
  const char *name = nullptr;
  if (c.string("name", name) < 0) return false;
  // Without a URI, the current one keeps its read-only setting.
  if (!ro && !name) ro = sh.readonly;
  sh.conn = virtkit::Connection();
  std::string old = sh.uri;
  bool old_ro = sh.readonly;
  if (name) sh.uri = name;
  sh.readonly = ro;
  auto r = sh.connect();
  if (!r) {
    sh.uri = name ? sh.uri : old;
    sh.readonly = old_ro;
    return false;
  }
  return true;
}

}  // namespace virtkit_sh
