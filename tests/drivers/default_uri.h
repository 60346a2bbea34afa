// The default test host these tests open: test:///default, or a private
// daemon's when tests/remote/daemon.py runs them (VIRTKIT_REMOTE_URI), so
// the same expectations check the remote driver.
#pragma once

#include <cstdlib>

inline const char *default_uri() {
  const char *u = std::getenv("VIRTKIT_REMOTE_URI");
  return u && *u ? u : "test:///default";
}
