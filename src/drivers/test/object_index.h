// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's index of the objects of one kind (networks, interfaces,
// node devices): by name, by UUID for the kinds that have one, and in
// creation order, which is the order libvirt's test driver lists them in.
// Unlocked: each kind's state guards its index with its own lock.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <ranges>
#include <string>
#include <unordered_map>
#include <vector>

#include "public.h"

namespace virtkit::drivers::test {

// Obj has a `const uint64_t seq`, taken from next_seq() when it is made.
template <class Obj>
class ObjectIndex {
 public:
  using Ptr = std::shared_ptr<Obj>;

  uint64_t next_seq() { return next_seq_++; }

  Ptr find(const std::string &name) const { return lookup(by_name_, name); }
  Ptr find_uuid(const unsigned char *uuid) const { return lookup(by_uuid_, key(uuid)); }

  // Adds `obj` under `name`, and `uuid` when the kind has one.
  void add(const std::string &name, const Ptr &obj, const unsigned char *uuid = nullptr) {
    by_name_.emplace(name, obj);
    if (uuid) by_uuid_.emplace(key(uuid), obj);
    ordered_.emplace(obj->seq, obj);
  }
  void remove(const std::string &name, const Obj &obj, const unsigned char *uuid = nullptr) {
    by_name_.erase(name);
    if (uuid) by_uuid_.erase(key(uuid));
    ordered_.erase(obj.seq);
  }

  // The objects in creation order.
  auto in_order() const { return std::views::values(ordered_); }
  std::vector<Ptr> all() const {
    std::vector<Ptr> v;
    v.reserve(ordered_.size());
    for (const Ptr &obj : in_order()) v.push_back(obj);
    return v;
  }
  size_t size() const { return ordered_.size(); }

 private:
  static std::string key(const unsigned char *uuid) {
    return std::string(reinterpret_cast<const char *>(uuid), VIR_UUID_BUFLEN);
  }
  static Ptr lookup(const std::unordered_map<std::string, Ptr> &m, const std::string &k) {
    auto it = m.find(k);
    return it == m.end() ? nullptr : it->second;
  }

  std::unordered_map<std::string, Ptr> by_name_;
  std::unordered_map<std::string, Ptr> by_uuid_;  // 16 raw bytes
  std::map<uint64_t, Ptr> ordered_;
  uint64_t next_seq_ = 0;
};

}  // namespace virtkit::drivers::test
