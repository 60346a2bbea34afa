// SPDX-License-Identifier: LGPL-2.1-or-later
#include "error/store.h"

#include <pthread.h>

#include <cstring>

namespace virtkit::errstore {

constinit thread_local Hot t_hot = {};
constinit thread_local Views t_views = {};

namespace {

void release(const ErrorRecord *&rec, virError &view) noexcept {
  // (rec is either the hot slot's record or the snapshot's.)
  if (rec) rec->unref();
  rec = nullptr;
  std::memset(&view, 0, sizeof view);
}

// Runs on the exiting thread, so its TLS is still there.
void on_thread_exit(void *) {
  release(t_hot.rec, t_views.err);
  release(t_views.conn_rec, t_views.conn_view);
  t_hot.exit_hook = false;
}

pthread_key_t exit_key() {
  static pthread_key_t key = [] {
    pthread_key_t k;
    if (pthread_key_create(&k, on_thread_exit) != 0) return pthread_key_t(-1);
    return k;
  }();
  return key;
}

// Arranges for this thread's records to be released when it exits.
void hook_exit() noexcept {
  if (t_hot.exit_hook) return;
  pthread_key_t key = exit_key();
  if (key != pthread_key_t(-1) && pthread_setspecific(key, &t_hot) == 0) t_hot.exit_hook = true;
}

}  // namespace

void fill_view(virError &view, const ErrorRecord *rec) noexcept {
  std::memset(&view, 0, sizeof view);
  if (!rec) return;
  view.code = rec->code;
  view.domain = rec->domain;
  view.level = static_cast<virErrorLevel>(rec->level);
  view.message = const_cast<char *>(rec->message);
  view.str1 = const_cast<char *>(rec->str1);
  view.str2 = const_cast<char *>(rec->str2);
  view.str3 = const_cast<char *>(rec->str3);
  view.int1 = rec->int1;
  view.int2 = rec->int2;
}

void reset_slow() noexcept {
  release(t_hot.rec, t_views.err);
}

void set(Status s) noexcept {
  const ErrorRecord *rec = s.release();
  if (!rec) return;
  if (t_hot.rec) t_hot.rec->unref();
  t_hot.rec = rec;
  fill_view(t_views.err, rec);
  hook_exit();
}

Status current_status() noexcept {
  if (!t_hot.rec) return generic_failure();
  t_hot.rec->ref();
  return Status(t_hot.rec);
}

void ensure_set() noexcept {
  if (!t_hot.rec) set(generic_failure());
}

bool is_slot_view(const virError *e) noexcept {
  Views &v = t_views;  // one thread-local lookup
  return e == &v.err || e == &v.conn_view;
}

void reset_view(virError *e) noexcept {
  if (e == &t_views.err)
    release(t_hot.rec, t_views.err);
  else if (e == &t_views.conn_view)
    release(t_views.conn_rec, t_views.conn_view);
}

virError *set_conn_snapshot(const ErrorRecord *rec) noexcept {
  if (t_views.conn_rec) t_views.conn_rec->unref();
  t_views.conn_rec = rec;
  fill_view(t_views.conn_view, rec);
  if (rec) hook_exit();
  return &t_views.conn_view;
}

}  // namespace virtkit::errstore
