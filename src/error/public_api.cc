// SPDX-License-Identifier: LGPL-2.1-or-later
// The exported error API. These calls do not reset the thread error.
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/handles.h"
#include "error/dispatch.h"
#include "error/store.h"

using namespace virtkit;

namespace {

// A caller-owned copy of a record string whose length (with the NUL) is known.
char *dup_or_null(const char *s, unsigned len) {
  if (!s) return nullptr;
  auto *p = static_cast<char *>(std::malloc(len));
  if (p) std::memcpy(p, s, len);
  return p;
}

// Deep copy of `rec` into caller-owned `to`: every string malloc'd on its own,
// as libvirt's callers free them with virResetError or free().
void copy_out(const ErrorRecord *rec, virErrorPtr to) {
  std::memset(to, 0, sizeof *to);
  if (!rec) return;
  to->code = rec->code;
  to->domain = rec->domain;
  to->level = static_cast<virErrorLevel>(rec->level);
  to->message = dup_or_null(rec->message, rec->lens[0]);
  to->str1 = dup_or_null(rec->str1, rec->lens[1]);
  to->str2 = dup_or_null(rec->str2, rec->lens[2]);
  to->str3 = dup_or_null(rec->str3, rec->lens[3]);
  to->int1 = rec->int1;
  to->int2 = rec->int2;
}

}  // namespace

virErrorPtr virGetLastError(void) {
  return errstore::is_set() ? errstore::view() : nullptr;
}

int virGetLastErrorCode(void) {
  return errstore::is_set() ? errstore::current()->code : VIR_ERR_OK;
}

int virGetLastErrorDomain(void) {
  return errstore::is_set() ? errstore::current()->domain : VIR_FROM_NONE;
}

const char *virGetLastErrorMessage(void) {
  if (!errstore::is_set()) return "no error";
  const char *m = errstore::current()->message;
  return m ? m : "unknown error";
}

int virCopyLastError(virErrorPtr to) {
  if (!to) return -1;
  if (to == errstore::view()) return to->code;
  int saved = errno;
  copy_out(errstore::current(), to);
  errno = saved;
  return to->code;
}

virErrorPtr virSaveLastError(void) {
  int saved = errno;
  auto *to = static_cast<virErrorPtr>(std::calloc(1, sizeof(virError)));
  if (to) copy_out(errstore::current(), to);
  errno = saved;
  return to;
}

void virResetLastError(void) {
  errstore::reset();
}

void virResetError(virErrorPtr err) {
  if (!err) return;
  if (errstore::is_slot_view(err)) {
    errstore::reset_view(err);
    return;
  }
  std::free(err->message);
  std::free(err->str1);
  std::free(err->str2);
  std::free(err->str3);
  std::memset(err, 0, sizeof *err);
}

void virFreeError(virErrorPtr err) {
  if (!err || errstore::is_slot_view(err)) return;  // slot views are not heap objects
  virResetError(err);
  std::free(err);
}

void virSetErrorFunc(void *userData, virErrorFunc handler) {
  set_global_handler(userData, handler);
}

void virDefaultErrorFunc(virErrorPtr err) {
  default_handler(err);
}

virErrorPtr virConnGetLastError(virConnectPtr conn) {
  if (!handles::valid(conn)) return nullptr;
  return errstore::set_conn_snapshot(conn->err.get());
}

int virConnCopyLastError(virConnectPtr conn, virErrorPtr to) {
  if (!to) return -1;
  std::memset(to, 0, sizeof *to);
  if (!handles::valid(conn)) return -1;
  const ErrorRecord *rec = conn->err.get();
  copy_out(rec, to);
  if (rec) rec->unref();
  return to->code;
}

void virConnResetLastError(virConnectPtr conn) {
  if (handles::valid(conn)) conn->err.reset();
}

void virConnSetErrorFunc(virConnectPtr conn, void *userData, virErrorFunc handler) {
  if (handles::valid(conn)) conn->err.set_handler(handler, userData);
}
