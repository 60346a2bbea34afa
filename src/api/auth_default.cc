// SPDX-License-Identifier: LGPL-2.1-or-later
// virConnectAuthPtrDefault: the authentication callback that asks on the
// terminal, for applications that have no way of their own.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "public.h"

namespace {

// A line typed without echo, as getpass(3) reads it (which libvirt uses):
// from the controlling terminal when there is one, else from stdin; the
// newline is dropped (and echoed when echo was turned off). NULL at end of
// input.
char *read_hidden_line() {
  FILE *in = std::fopen("/dev/tty", "w+e");
  FILE *out = in;
  if (!in) {
    in = stdin;
    out = stderr;
  }
  int fd = fileno(in);
  termios saved;
  bool hidden = false;
  if (tcgetattr(fd, &saved) == 0) {
    termios quiet = saved;
    quiet.c_lflag &= ~(ECHO | ISIG);
    hidden = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
  }
  std::fflush(out);
  char *line = nullptr;
  size_t cap = 0;
  ssize_t n = getline(&line, &cap, in);
  if (n < 0) {
    std::free(line);
    line = nullptr;
  } else if (n > 0 && line[n - 1] == '\n') {
    line[n - 1] = '\0';
    if (hidden) std::fputc('\n', out);
  }
  if (hidden) tcsetattr(fd, TCSAFLUSH, &saved);
  if (in != stdin) std::fclose(in);
  return line;
}

int prompt(const virConnectCredential &cred) {
  if (std::printf("%s: ", cred.prompt ? cred.prompt : "(null)") < 0) return -1;
  return std::fflush(stdout) != 0 ? -1 : 0;
}

char *copy(const char *s) {
  char *p = strdup(s);
  if (!p) std::abort();  // as libvirt's allocation failures
  return p;
}

int ask_on_terminal(virConnectCredentialPtr cred, unsigned int ncred, void *) {
  for (unsigned int i = 0; i < ncred; i++) {
    char *answer = nullptr;
    switch (cred[i].type) {
      case VIR_CRED_EXTERNAL:
        // Nothing to ask; with PolicyKit the user may be authorized already.
        if (!cred[i].challenge || std::strcmp(cred[i].challenge, "PolicyKit") != 0) return -1;
        continue;

      case VIR_CRED_USERNAME:
      case VIR_CRED_AUTHNAME:
      case VIR_CRED_ECHOPROMPT:
      case VIR_CRED_REALM: {
        if (prompt(cred[i]) < 0) return -1;
        char buf[1024];
        if (!std::fgets(buf, sizeof buf, stdin)) {
          if (!std::feof(stdin)) return -1;
          break;  // end of input: the default answer
        }
        size_t len = std::strlen(buf);
        if (len && buf[len - 1] == '\n') buf[--len] = '\0';
        if (len) answer = copy(buf);
        break;
      }

      case VIR_CRED_PASSPHRASE:
      case VIR_CRED_NOECHOPROMPT:
        if (prompt(cred[i]) < 0) return -1;
        answer = read_hidden_line();
        if (answer && !*answer) {
          std::free(answer);
          answer = nullptr;
        }
        break;

      default:
        return -1;
    }
    cred[i].result = answer ? answer : copy(cred[i].defresult ? cred[i].defresult : "");
    cred[i].resultlen = static_cast<unsigned int>(std::strlen(cred[i].result));
  }
  return 0;
}

// VIR_CRED_USERNAME is left out on purpose, as by libvirt: it would ask for
// the user name twice.
int default_cred_types[] = {
    VIR_CRED_AUTHNAME,   VIR_CRED_ECHOPROMPT,   VIR_CRED_REALM,
    VIR_CRED_PASSPHRASE, VIR_CRED_NOECHOPROMPT, VIR_CRED_EXTERNAL,
};

virConnectAuth default_auth = {
    default_cred_types,
    sizeof default_cred_types / sizeof default_cred_types[0],
    ask_on_terminal,
    nullptr,
};

}  // namespace

extern "C" {
__attribute__((visibility("default"))) virConnectAuthPtr virConnectAuthPtrDefault = &default_auth;
}
