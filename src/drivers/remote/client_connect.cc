// SPDX-License-Identifier: LGPL-2.1-or-later
// Opening the RPC client's transports (a unix socket, with the session
// daemon started on demand under its lock; TCP; a command such as ssh; a
// libssh channel), their errors when a read fails, and ending a connection.
#include "drivers/remote/client.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <utility>

#include "core/unwind.h"
#include "drivers/remote/child.h"
#include "util/log.h"
#include "util/user_dirs.h"

namespace virtkit::remote {

namespace {

// libvirt's log category for its socket code.
log::Source g_log_socket("rpc.netsocket");

}  // namespace

Result<std::shared_ptr<Client>> Client::adopt(int fd, bool pass_fds, std::unique_ptr<Layer> layer) {
  int wake = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake < 0) {
    int err = errno;
    ::close(fd);
    return system_error(VIR_FROM_RPC, err, "%s", "Unable to create wakeup event");
  }
  std::shared_ptr<Client> c(new Client(fd, wake, pass_fds));
  c->layer_ = std::move(layer);
  c->start();
  return c;
}

namespace {

// The session daemon's start-up lock, removed when the connect is done.
class StartLock {
 public:
  ~StartLock() {
    if (fd_ < 0) return;
    ::unlink(path_.c_str());
    ::close(fd_);
  }
  Status take(const std::string &daemon) {
    std::string rundir = util::user_runtime_dir();
    if (int err = mkdir_parents(rundir); err != 0)
      return system_error(VIR_FROM_RPC, err, "Cannot create user runtime directory '%s'",
                          rundir.c_str());
    std::string base = daemon;
    while (base.size() > 1 && base.back() == '/') base.pop_back();
    if (size_t slash = base.rfind('/'); slash != std::string::npos && base.size() > 1)
      base.erase(0, slash + 1);
    path_ = rundir + "/" + base + ".lock";
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0)
      return system_error(VIR_FROM_RPC, errno, "Unable to create lock '%s'", path_.c_str());
    struct flock fl {};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    fl.l_start = 0;
    fl.l_len = 1;
    while (::fcntl(fd_, F_SETLKW, &fl) < 0) {
      if (errno != EINTR)
        return system_error(VIR_FROM_RPC, errno, "Unable to lock '%s'", path_.c_str());
    }
    return Status();
  }

 private:
  // g_mkdir_with_parents: every missing directory made with mode 0700.
  static int mkdir_parents(const std::string &dir) {
    for (size_t i = 1; i <= dir.size(); i++) {
      if (i < dir.size() && dir[i] != '/') continue;
      std::string part = dir.substr(0, i);
      if (::mkdir(part.c_str(), 0700) < 0 && errno != EEXIST) return errno;
    }
    struct stat st;
    if (::stat(dir.c_str(), &st) < 0) return errno;
    return S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
  }
  std::string path_;
  int fd_ = -1;
};

}  // namespace

Result<std::shared_ptr<Client>> Client::connect_unix(const std::string &path,
                                                     const std::string *daemon) {
  VK_DEBUG(g_log_socket, "path=%s spawnDaemonPath=%s", path.c_str(),
           daemon ? daemon->c_str() : "<null>");
  StartLock lock;
  if (daemon) VK_TRY(lock.take(*daemon));
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return system_error(VIR_FROM_RPC, errno, "%s", "Failed to create socket");
  ScopeExit close_fd([&fd] {
    if (fd >= 0) ::close(fd);
  });
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path)
    return system_error(VIR_FROM_RPC, ENOMEM, "Path %s too long for unix socket", path.c_str());
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  if (addr.sun_path[0] == '@') addr.sun_path[0] = '\0';
  bool launched = false;
  for (int retries = 500;;) {
    int rc;
    do {
      rc = ::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
    } while (rc < 0 && errno == EINTR);
    if (rc == 0) break;
    int err = errno;
    if (!daemon || --retries == 0 || (err != ENOENT && err != ECONNREFUSED))
      return system_error(VIR_FROM_RPC, err, "Failed to connect socket to '%s'", path.c_str());
    if (!launched) {
      VK_TRY(spawn_daemon(*daemon));
      launched = true;
    }
    (void)poll_cancellable(nullptr, 0, 10);  // a point of cancellation
  }
  return adopt(std::exchange(fd, -1), true);
}

Result<int> Client::connect_tcp_fd(const std::string &node, const std::string &service) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_flags = AI_PASSIVE | AI_ADDRCONFIG | AI_V4MAPPED;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo *ai = nullptr;
  int e = ::getaddrinfo(node.c_str(), service.c_str(), &hints, &ai);
  if (e != 0)
    return error(VIR_FROM_RPC, VIR_ERR_SYSTEM_ERROR,
                 "Unable to resolve address '%s' service '%s': %s", node.c_str(), service.c_str(),
                 gai_strerror(e));
  int saved = EINVAL;
  int fd = -1;
  for (addrinfo *p = ai; p; p = p->ai_next) {
    fd = ::socket(p->ai_family, p->ai_socktype | SOCK_CLOEXEC, p->ai_protocol);
    if (fd < 0) {
      int err = errno;
      ::freeaddrinfo(ai);
      return system_error(VIR_FROM_RPC, err, "%s", "Unable to create socket");
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd, p->ai_addr, p->ai_addrlen) == 0) break;
    saved = errno;
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(ai);
  if (fd < 0)
    return system_error(VIR_FROM_RPC, saved, "unable to connect to server at '%s:%s'", node.c_str(),
                        service.c_str());
  return fd;
}

Result<std::shared_ptr<Client>> Client::connect_tcp(const std::string &node,
                                                    const std::string &service) {
  auto fd = connect_tcp_fd(node, service);
  VK_TRY(fd);
  return adopt(*fd);
}

Result<std::shared_ptr<Client>> Client::connect_command(const std::vector<std::string> &argv,
                                                        bool ssh) {
  auto child = spawn_child(argv, ssh);
  VK_TRY(child);
  int flags = fcntl(child->fd, F_GETFL);
  fcntl(child->fd, F_SETFL, flags | O_NONBLOCK);
  auto c = adopt(child->fd);
  if (!c.ok()) {
    ::close(child->errfd);
    end_child(child->pid);
    return c;
  }
  (*c)->child_errfd_ = child->errfd;
  (*c)->child_pid_ = child->pid;
  return c;
}

Result<std::shared_ptr<Client>> Client::connect_libssh(const LibsshParams &p) {
  auto t = remote::connect_libssh(p);
  VK_TRY(t);
  int fd = (*t)->take_fd();
  int flags = fcntl(fd, F_GETFL);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  auto c = adopt(fd);
  VK_TRY(c);
  (*c)->libssh_ = std::move(t).value();
  return c;
}

Result<std::shared_ptr<Client>> Client::adopt_layered(int fd, std::unique_ptr<Layer> layer) {
  return adopt(fd, false, std::move(layer));
}

std::unique_ptr<Layer> Client::take_layer() {
  std::lock_guard g(mu_);
  return layer_ ? std::move(layer_) : socket_layer(fd_);
}

void Client::set_layer(std::unique_ptr<Layer> layer) {
  std::lock_guard g(mu_);
  layer_ = std::move(layer);
}

Status Client::read_error(bool eof, int err) {
  if (!layer_error_.ok()) return layer_error_;
  if (libssh_) {
    if (std::optional<Status> st = libssh_->failure()) return *st;
  }
  std::optional<std::string> said;
  if (child_errfd_ >= 0) {
    said = read_child_stderr(child_errfd_);
    if (!said) err = EOVERFLOW;
  }
  if (eof)
    return said ? system_error(VIR_FROM_RPC, EIO, "End of file while reading data: %s",
                               said->c_str())
                : system_error(VIR_FROM_RPC, EIO, "%s", "End of file while reading data");
  return said ? system_error(VIR_FROM_RPC, err, "Cannot recv data: %s", said->c_str())
              : system_error(VIR_FROM_RPC, err, "%s", "Cannot recv data");
}

void Client::end_child_process() {
  pid_t pid = child_pid_.exchange(-1);
  if (pid > 0) end_child(pid);
}

Client::~Client() {
  CancelShield shield;  // joining is a cancellation point
  if (background_.joinable()) {
    ::shutdown(fd_, SHUT_RDWR);
    nudge_background();
    if (background_.get_id() == std::this_thread::get_id())
      background_.detach();
    else
      background_.join();
  }
  ::close(fd_);
  ::close(wake_fd_);
  if (child_errfd_ >= 0) ::close(child_errfd_);
  end_child_process();
  if (libssh_) libssh_->end();
  for (const RxFd &r : rx_fds_) ::close(r.fd);
  close_fds(&pkt_fds_);
}

bool Client::alive() {
  std::lock_guard g(mu_);
  return !dead_;
}

void Client::close() {
  CancelShield shield;
  {
    std::lock_guard g(mu_);
    closing_ = true;
    mark_dead_locked(error(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "%s", "client socket is closed"));
  }
  ::shutdown(fd_, SHUT_RDWR);
  nudge_background();
  if (background_.joinable()) {
    if (background_.get_id() == std::this_thread::get_id())
      background_.detach();
    else
      background_.join();
  }
  end_child_process();  // no ssh outlives its connection
  if (libssh_) libssh_->end();
}

}  // namespace virtkit::remote
