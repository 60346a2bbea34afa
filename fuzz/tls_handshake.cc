// SPDX-License-Identifier: LGPL-2.1-or-later
// Fuzz target: what a TLS server sends a connecting client (the +tls
// transport's handshake, certificate checks and confirmation byte). A
// hostile or broken peer must only ever cause libvirt-style errors, never a
// crash, hang or leak.
//
// A thread of this program listens on 127.0.0.1; per input it accepts the
// client, waits for its first flight, writes the input in chunks (each a
// one-byte length, cut to what is left, then the bytes; between chunks it
// waits for more of the client's bytes for a moment), then closes. The
// client trusts a CA of its own (below, valid forever; no key of it
// exists here) and has no certificate.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

namespace {

const char kCA[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBejCCASCgAwIBAgIUG/2S5HYWEei4FxsQHhBxLV6et84wCgYIKoZIzj0EAwIw\n"
    "GjEYMBYGA1UEAxMPdmlydGtpdCBmdXp6IENBMCAXDTI2MTIwNzE2NTEwMloYDzk5\n"
    "OTkxMjMxMjM1OTU5WjAaMRgwFgYDVQQDEw92aXJ0a2l0IGZ1enogQ0EwWTATBgcq\n"
    "hkjOPQIBBggqhkjOPQMBBwNCAATuHCJde+VMW8RB8Fkk1sp/GQCfBSUsLlTDFszp\n"
    "XvtOFOQn5Gj1f+QanWi/CAk9RHV2V5YzYD8xNkWZTNhQLWSOo0IwQDAPBgNVHRMB\n"
    "Af8EBTADAQH/MA4GA1UdDwEB/wQEAwICBDAdBgNVHQ4EFgQUHmDuWBl9L3+hRXdW\n"
    "u/B4m+pyoUMwCgYIKoZIzj0EAwIDSAAwRQIhAPodZgVfxki2aBC5u3eUhQaOXh3F\n"
    "tD1s9UzKzvvmDqSJAiBYNn03faV8pvxCBSagorJbuWHJYntYPzLnstby8nwJlg==\n"
    "-----END CERTIFICATE-----\n";

void quiet(void *, virErrorPtr) {}

// Reads what the client sent within `ms` (until it pauses).
void drain(int fd, int ms) {
  char buf[4096];
  pollfd p{fd, POLLIN, 0};
  while (poll(&p, 1, ms) > 0) {
    if (recv(fd, buf, sizeof buf, MSG_DONTWAIT) <= 0) return;
    ms = 5;
  }
}

void serve(int lfd, const uint8_t *data, size_t size) {
  int fd = accept(lfd, nullptr, nullptr);
  if (fd < 0) return;
  drain(fd, 1000);
  size_t i = 0;
  while (i < size) {
    size_t n = data[i++];
    if (n > size - i) n = size - i;
    if (n && send(fd, data + i, n, MSG_NOSIGNAL) < 0) break;
    i += n;
    drain(fd, 2);
  }
  shutdown(fd, SHUT_WR);
  drain(fd, 50);
  close(fd);
}

struct Setup {
  int lfd = -1;
  std::string dir, uri;
  ~Setup() {
    unlink((dir + "/cacert.pem").c_str());
    rmdir(dir.c_str());
  }
  Setup() {
    char tmp[] = "/tmp/vk-fuzz-tls-XXXXXX";
    if (!mkdtemp(tmp)) std::abort();
    dir = tmp;
    std::string ca = dir + "/cacert.pem";
    FILE *f = std::fopen(ca.c_str(), "w");
    if (!f) std::abort();
    std::fputs(kCA, f);
    std::fclose(f);
    lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (bind(lfd, reinterpret_cast<sockaddr *>(&a), sizeof a) < 0 || listen(lfd, 4) < 0 ||
        getsockname(lfd, reinterpret_cast<sockaddr *>(&a), &len) < 0)
      std::abort();
    uri = "test+tls://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/default?pkipath=" + dir;
    virSetErrorFunc(nullptr, quiet);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static Setup s;
  std::thread server(serve, s.lfd, data, size);
  virConnectPtr c = virConnectOpen(s.uri.c_str());
  if (c) virConnectClose(c);  // (a forged server cannot get here)
  server.join();
  return 0;
}
