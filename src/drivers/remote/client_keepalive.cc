// SPDX-License-Identifier: LGPL-2.1-or-later
// The RPC client's keepalive (libvirt's virKeepAlive on the client side):
// starting and stopping it, and when a ping is due or the connection dead.
#include "drivers/remote/client.h"

#include <sys/socket.h>

#include <algorithm>
#include <climits>

#include "drivers/remote/client_internal.h"

namespace virtkit::remote {

using namespace client_detail;

Status Client::start_keepalive(int interval, unsigned count) {
  std::lock_guard g(mu_);
  if (ka_running_) return Status();
  if (interval > 0) {
    if (ka_interval_ > 0)
      return error(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "%s", "keepalive interval already set");
    if (interval > INT_MAX / 1000)
      return error(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "keepalive interval %d too large",
                   interval);
    ka_interval_ = interval;
    ka_count_ = count;
    ka_to_death_ = count;
  }
  if (ka_interval_ <= 0) return Status();
  int64_t now = now_ms();
  int64_t iv = int64_t(ka_interval_) * 1000;
  int64_t idle = now - ka_last_rx_.load();
  int64_t timeout = idle > iv ? 0 : iv - idle;
  ka_interval_start_ = now - (iv - timeout);
  ka_running_ = true;
  bg_cv_.notify_one();
  if (bg_reading_) nudge_background();  // recompute the poll's timeout
  return Status();
}

void Client::stop_keepalive() {
  std::lock_guard g(mu_);
  ka_running_ = false;
}

int Client::keepalive_timeout_ms_locked() {
  if (!ka_running_ || ka_interval_ <= 0) return -1;
  int64_t start = std::max(ka_interval_start_, ka_last_rx_.load());
  int64_t left = start + int64_t(ka_interval_) * 1000 - now_ms();
  return left < 0 ? 0 : static_cast<int>(left);
}

bool Client::keepalive_check_locked() {
  if (!ka_running_ || ka_interval_ <= 0 || dead_) return false;
  int64_t last = ka_last_rx_.load();
  if (last > ka_interval_start_) {
    // A packet arrived: the count starts again from it.
    ka_interval_start_ = last;
    ka_to_death_ = ka_count_;
  }
  int64_t now = now_ms();
  if (now - ka_interval_start_ < int64_t(ka_interval_) * 1000) return false;
  if (ka_to_death_ == 0) {
    close_reason_ = VIR_CONNECT_CLOSE_REASON_KEEPALIVE;
    mark_dead_locked(error(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "%s",
                           "connection closed due to keepalive timeout"));
    ::shutdown(fd_, SHUT_RDWR);  // wakes whoever reads or writes the socket
    return false;
  }
  ka_to_death_--;
  ka_interval_start_ = now;
  return true;
}

}  // namespace virtkit::remote
