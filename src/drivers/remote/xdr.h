// SPDX-License-Identifier: LGPL-2.1-or-later
// XDR codecs (RFC 4506) for the generated message types of remote_protocol.h:
// big-endian 4-byte units, strings and opaques length-prefixed and padded to
// 4 bytes, optional values as a bool then the value, variable arrays
// count-prefixed with their maximum checked both ways. One walk per type
// (`xdr(c, v)`) serves both directions.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace virtkit::remote {

class Encoder {
 public:
  explicit Encoder(std::string &out) : out_(out) {}
  bool ok() const { return ok_; }
  void fail() { ok_ = false; }

  void u32(const uint32_t &v) {
    unsigned char b[4] = {static_cast<unsigned char>(v >> 24), static_cast<unsigned char>(v >> 16),
                          static_cast<unsigned char>(v >> 8), static_cast<unsigned char>(v)};
    out_.append(reinterpret_cast<const char *>(b), 4);
  }
  void i32(const int32_t &v) { u32(static_cast<uint32_t>(v)); }
  void u64(const uint64_t &v) {
    u32(static_cast<uint32_t>(v >> 32));
    u32(static_cast<uint32_t>(v));
  }
  void i64(const int64_t &v) { u64(static_cast<uint64_t>(v)); }
  void f64(const double &v) {
    uint64_t b;
    std::memcpy(&b, &v, 8);
    u64(b);
  }
  void f32(const float &v) {
    uint32_t b;
    std::memcpy(&b, &v, 4);
    u32(b);
  }
  void boolean(const bool &v) { u32(v ? 1 : 0); }
  void str(const std::string &s, uint32_t max) { bytes(s, max); }
  void bytes(const std::string &s, uint32_t max) {
    if (s.size() > max) return fail();
    u32(static_cast<uint32_t>(s.size()));
    fixed(reinterpret_cast<const unsigned char *>(s.data()), s.size());
  }
  void fixed(const unsigned char *p, size_t n) {
    out_.append(reinterpret_cast<const char *>(p), n);
    out_.append((4 - n % 4) % 4, '\0');
  }
  template <class T, class F>
  void opt(std::optional<T> &v, F &&f) {
    boolean(v.has_value());
    if (v) f(*v);
  }
  template <class T, class F>
  void array(std::vector<T> &v, uint32_t max, F &&f) {
    if (v.size() > max) return fail();
    u32(static_cast<uint32_t>(v.size()));
    for (auto &e : v) f(e);
  }

 private:
  std::string &out_;
  bool ok_ = true;
};

class Decoder {
 public:
  Decoder(const unsigned char *p, size_t n) : p_(p), end_(p + n) {}
  bool ok() const { return ok_; }
  void fail() {
    ok_ = false;
    p_ = end_;
  }
  // Whether every byte was consumed.
  bool done() const { return ok_ && p_ == end_; }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }

  void u32(uint32_t &v) {
    if (remaining() < 4) {
      fail();
      v = 0;
      return;
    }
    v = (uint32_t(p_[0]) << 24) | (uint32_t(p_[1]) << 16) | (uint32_t(p_[2]) << 8) | p_[3];
    p_ += 4;
  }
  void i32(int32_t &v) {
    uint32_t u;
    u32(u);
    v = static_cast<int32_t>(u);
  }
  void u64(uint64_t &v) {
    uint32_t hi, lo;
    u32(hi);
    u32(lo);
    v = (uint64_t(hi) << 32) | lo;
  }
  void i64(int64_t &v) {
    uint64_t u;
    u64(u);
    v = static_cast<int64_t>(u);
  }
  void f64(double &v) {
    uint64_t b;
    u64(b);
    std::memcpy(&v, &b, 8);
  }
  void f32(float &v) {
    uint32_t b;
    u32(b);
    std::memcpy(&v, &b, 4);
  }
  void boolean(bool &v) {
    uint32_t u;
    u32(u);
    if (u > 1) fail();
    v = u == 1;
  }
  void str(std::string &s, uint32_t max) { bytes(s, max); }
  void bytes(std::string &s, uint32_t max) {
    uint32_t n;
    u32(n);
    if (!ok_ || n > max || padded(n) > remaining()) return fail();
    s.assign(reinterpret_cast<const char *>(p_), n);
    p_ += padded(n);
  }
  void fixed(unsigned char *p, size_t n) {
    if (padded(n) > remaining()) return fail();
    std::memcpy(p, p_, n);
    p_ += padded(n);
  }
  template <class T, class F>
  void opt(std::optional<T> &v, F &&f) {
    bool has;
    boolean(has);
    if (!has || !ok_) {
      v.reset();
      return;
    }
    v.emplace();
    f(*v);
  }
  template <class T, class F>
  void array(std::vector<T> &v, uint32_t max, F &&f) {
    uint32_t n;
    u32(n);
    // Every element takes at least 4 bytes: reject counts the data cannot hold.
    if (!ok_ || n > max || n > remaining() / 4 + 1) return fail();
    v.clear();
    v.resize(n);
    for (auto &e : v) {
      if (!ok_) return;
      f(e);
    }
  }

 private:
  static size_t padded(size_t n) { return (n + 3) & ~size_t(3); }
  const unsigned char *p_;
  const unsigned char *end_;
  bool ok_ = true;
};

}  // namespace virtkit::remote
