// SPDX-License-Identifier: LGPL-2.1-or-later
// The user's directories as libvirt finds them (glib's rules): where a
// session daemon's socket lives, and the client's libvirt.conf.
#pragma once

#include <string>

namespace virtkit::util {

// $HOME, else the password database's home directory.
std::string home_dir();
// $XDG_CONFIG_HOME (when set and not empty), else ~/.config; then "/libvirt".
std::string user_config_dir();
// $XDG_CACHE_HOME, else ~/.cache; then "/libvirt".
std::string user_cache_dir();
// $XDG_RUNTIME_DIR, else the cache directory (as glib); then "/libvirt".
std::string user_runtime_dir();

}  // namespace virtkit::util
