#include "error/store.h"

#include <pthread.h>

#include <cstring>

namespace virtkit::errstore {

constinit thread_local ThreadSlot t_slot{};

namespace {

void release(const ErrorRecord *&rec, virError &view) noexcept {
  if (rec) rec->unref();
  rec = nullptr;
  std::memset(&view, 0, sizeof view);
}

void on_thread_exit(void *p) {
  auto *slot = static_cast<ThreadSlot *>(p);
  release(slot->rec, slot->err);
  release(slot->conn_rec, slot->conn_view);
  slot->exit_hook = false;
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
  if (t_slot.exit_hook) return;
  pthread_key_t key = exit_key();
  if (key != pthread_key_t(-1) && pthread_setspecific(key, &t_slot) == 0) t_slot.exit_hook = true;
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

void reset_slow() noexcept { release(t_slot.rec, t_slot.err); }

void set(Status s) noexcept {
  const ErrorRecord *rec = s.release();
  if (!rec) return;
  if (t_slot.rec) t_slot.rec->unref();
  t_slot.rec = rec;
  fill_view(t_slot.err, rec);
  hook_exit();
}

Status current_status() noexcept {
  if (!t_slot.rec) return generic_failure();
  t_slot.rec->ref();
  return Status(t_slot.rec);
}

void ensure_set() noexcept {
  if (!t_slot.rec) set(generic_failure());
}

bool is_slot_view(const virError *e) noexcept { return e == &t_slot.err || e == &t_slot.conn_view; }

void reset_view(virError *e) noexcept {
  if (e == &t_slot.err) release(t_slot.rec, t_slot.err);
  else if (e == &t_slot.conn_view) release(t_slot.conn_rec, t_slot.conn_view);
}

virError *set_conn_snapshot(const ErrorRecord *rec) noexcept {
  if (t_slot.conn_rec) t_slot.conn_rec->unref();
  t_slot.conn_rec = rec;
  fill_view(t_slot.conn_view, rec);
  if (rec) hook_exit();
  return &t_slot.conn_view;
}

}  // namespace virtkit::errstore
