// SPDX-License-Identifier: LGPL-2.1-or-later
// What the test driver's tables share: the driver state they serve and the
// helpers every object kind uses. Each libvirt driver table is a class of
// its own over that state (hypervisor.h, network.h, interface.h,
// storage.h, nodedev.h), holding a TestCommon.
#pragma once

#include <memory>
#include <mutex>
#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/handles.h"
#include "core/unwind.h"
#include "driver/driver.h"
#include "drivers/test/state.h"

namespace virtkit::drivers::test {

inline constexpr int kFrom = VIR_FROM_TEST;

// A domain object, locked. `keep` owns it unless a handle already does.
struct Locked {
  DomainObj *obj;
  DomainPtr keep;
  const std::shared_ptr<void> *handle_ref;  // the handle's reference, when `keep` is empty
  std::unique_lock<std::mutex> guard;
  DomainObj *operator->() const { return obj; }
  // An owning pointer, for the calls that keep or index the object.
  DomainPtr shared() const {
    return keep ? keep : std::static_pointer_cast<DomainObj>(*handle_ref);
  }
};

// virDomainObjUpdateModificationImpact.
Status update_modification_impact(const DomainObj &vm, unsigned &flags);
// virDomainObjGetOneDefState.
Result<conf::DomainDef *> one_def(DomainObj &vm, unsigned flags, bool *live);
// "domain is not running" unless it is.
Status check_active(const DomainObj &vm);

// The handles of a virConnectListAll*-style answer: counted always, made only
// when the caller wants them, and unreferenced again unless handed over, so a
// failure part-way leaks nothing.
template <class H>
class HandleList {
 public:
  explicit HandleList(bool wanted) : wanted_(wanted) {}
  HandleList(const HandleList &) = delete;
  HandleList &operator=(const HandleList &) = delete;
  ~HandleList() {
    for (H *h : made_) handles::unref(h);
  }
  // One more entry; `make()` (which may throw) makes its handle if wanted.
  template <class Make>
  void add(Make &&make) {
    n_++;
    if (!wanted_) return;
    if (made_.size() == made_.capacity()) made_.reserve(made_.empty() ? 8 : made_.size() * 2);
    made_.push_back(make());  // cannot throw: room was made first
  }
  // The count; the handles in *out as a calloc'ed, NULL-terminated array.
  Result<int> give(H ***out) {
    if (wanted_ && out) {
      auto *arr = static_cast<H **>(std::calloc(made_.size() + 1, sizeof(H *)));
      if (!arr) return no_memory();
      std::copy(made_.begin(), made_.end(), arr);
      made_.clear();
      *out = arr;
    }
    return n_;
  }

 private:
  bool wanted_;
  int n_ = 0;
  std::vector<H *> made_;
};

class TestCommon {
 public:
  explicit TestCommon(std::shared_ptr<DriverState> st) : st_(std::move(st)) {}

 protected:
  static Result<int> ret(Status s) {
    if (!s.ok()) return s;
    return 0;
  }
  static Result<char *> dup(const std::string &s) {
    char *p = strdup(s.c_str());
    if (!p) return no_memory();
    return p;
  }
  // Queues a lifecycle event for a domain (caller holds its lock). Called
  // once a change is made, so it cannot fail: out of memory, the event is lost.
  // (Not noexcept: arming delivery calls the registered event loop.)
  void emit(const DomainObj &vm, int event, int detail) {
    try {
      st_->events->queue(lifecycle_event(EventClass::domain, VIR_DOMAIN_EVENT_ID_LIFECYCLE, vm.name,
                                         vm.uuid, vm.def->id, event, detail));
    }
    VK_CATCH_ALL {}
  }
  // A handle made before a change is committed, so that nothing can fail
  // after it: attach() it to the object once the change is made.
  struct NewDomain {
    std::unique_ptr<_virDomain, void (*)(virDomainPtr)> h;
    NewDomain(virConnectPtr conn, const conf::DomainDef &def)
        : h(handles::new_domain(conn, def.name, def.uuid, -1),
            [](virDomainPtr d) { handles::unref(d); }) {}
    virDomainPtr attach(const DomainPtr &obj) noexcept {
      h->id.store(obj->def->id, std::memory_order_relaxed);
      h->driver_obj = obj;
      return h.release();
    }
  };
  // testDomObjFromDomain: the handle's domain, locked.
  Result<Locked> get(virDomainPtr dom);

  std::shared_ptr<DriverState> st_;
};

}  // namespace virtkit::drivers::test
