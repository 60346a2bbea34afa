// SPDX-License-Identifier: LGPL-2.1-or-later
// The calls of libvirt-qemu.so and libvirt-lxc.so over RPC: the daemon's
// QEMU program (monitor and agent commands, attach; its monitor events are
// in events.cc) and LXC program (a container's namespaces as descriptors).
#include <cstdlib>
#include <cstring>
#include <vector>

#include "drivers/remote/hypervisor.h"

namespace virtkit::drivers::remote {

namespace {

template <int N>
using Qemu = proto::QemuProc<N>;
namespace qp = proto::qemu_proc;

// A call of program T passing `fds` and receiving descriptors into `out`.
template <class T>
Result<typename T::ret> call_with_fds(virtkit::remote::Client &client, typename T::args &args,
                                      const int *fds, size_t nfds, std::vector<int> *out) {
  std::string payload, reply;
  VK_TRY(virtkit::remote::Client::encode(args, &payload));
  VK_TRY(client.call_fds(T::program, T::version, T::proc, payload, fds, nfds, &reply, out));
  auto ret = virtkit::remote::Client::decode<typename T::ret>(reply);
  if (!ret.ok() && out) virtkit::remote::Client::close_fds(out);
  return ret;
}

// The received descriptors as a malloc'ed array for the caller (NULL when
// none came).
Result<int *> fd_array(std::vector<int> &fds) {
  if (fds.empty()) return static_cast<int *>(nullptr);
  auto *arr = static_cast<int *>(std::malloc(fds.size() * sizeof(int)));
  if (!arr) {
    virtkit::remote::Client::close_fds(&fds);
    return no_memory();
  }
  std::memcpy(arr, fds.data(), fds.size() * sizeof(int));
  return arr;
}

}  // namespace

Result<int> RemoteHypervisor::domainQemuMonitorCommand(virDomainPtr dom, const char *cmd,
                                                       char **result, unsigned flags) {
  if (!cmd) return encode_error();
  proto::qemu_domain_monitor_command_args a{wire(dom), cmd, flags};
  auto r = client_->call_proc<Qemu<qp::domain_monitor_command>>(a);
  VK_TRY(r);
  *result = dup(r->result);
  return 0;
}

Result<int> RemoteHypervisor::domainQemuMonitorCommandWithFiles(virDomainPtr dom, const char *cmd,
                                                                unsigned ninfiles, int *infiles,
                                                                unsigned *noutfiles, int **outfiles,
                                                                char **result, unsigned flags) {
  proto::qemu_domain_monitor_command_with_files_args a{wire(dom), cmd, flags};
  std::vector<int> out;
  auto r = call_with_fds<Qemu<qp::domain_monitor_command_with_files>>(*client_, a, infiles,
                                                                      ninfiles, &out);
  VK_TRY(r);
  size_t n = out.size();
  if (outfiles) {
    auto arr = fd_array(out);
    VK_TRY(arr);
    *outfiles = *arr;
  } else {
    virtkit::remote::Client::close_fds(&out);  // nobody asked for them
  }
  if (noutfiles) *noutfiles = static_cast<unsigned>(n);
  *result = dup(r->result);
  return 0;
}

Result<virDomainPtr> RemoteHypervisor::domainQemuAttach(virConnectPtr conn, unsigned pid_value,
                                                        unsigned flags) {
  proto::qemu_domain_attach_args a{pid_value, flags};
  auto r = client_->call_proc<Qemu<qp::domain_attach>>(a);
  VK_TRY(r);
  return handle(conn, r->dom);
}

Result<char *> RemoteHypervisor::domainQemuAgentCommand(virDomainPtr dom, const char *cmd,
                                                        int timeout, unsigned flags) {
  if (!cmd) return encode_error();
  proto::qemu_domain_agent_command_args a{wire(dom), cmd, timeout, flags};
  auto r = client_->call_proc<Qemu<qp::domain_agent_command>>(a);
  VK_TRY(r);
  if (!r->result) return generic_failure();  // NULL without an error, as libvirt's
  return dup(*r->result);
}

Result<int> RemoteHypervisor::domainLxcOpenNamespace(virDomainPtr dom, int **fdlist,
                                                     unsigned flags) {
  *fdlist = nullptr;
  proto::lxc_domain_open_namespace_args a{wire(dom), flags};
  std::vector<int> fds;
  VK_TRY(call_with_fds<proto::LxcProc<proto::lxc_proc::domain_open_namespace>>(*client_, a, nullptr,
                                                                               0, &fds));
  size_t n = fds.size();
  auto arr = fd_array(fds);
  VK_TRY(arr);
  *fdlist = *arr;
  return static_cast<int>(n);
}

}  // namespace virtkit::drivers::remote
