// SPDX-License-Identifier: LGPL-2.1-or-later
// The C++ API's storage volumes and streams against Debian's storage driver in
// a private libvirtd (tests/remote/storage_daemon.py: VIRTKIT_STORAGE_URI): the
// calls test:///default lacks (upload, download, sparse streams, wipe,
// resize, info flags, target-path lookup, pool capabilities).
#include <gtest/gtest.h>

#include <virtkit/virtkit.hpp>

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "../cxx/cxx_test_util.h"

namespace {

using virtkit::StoragePool;
using virtkit::StorageVolume;
using virtkit::Stream;
using Bytes = std::vector<std::byte>;

constexpr size_t kMiB = 1024 * 1024;

Bytes pattern(size_t n, unsigned seed) {
  Bytes b(n);
  for (size_t i = 0; i < n; i++)
    b[i] = std::byte(static_cast<unsigned char>((i * 31 + seed) % 251));
  return b;
}

class CxxRemoteStorage : public ::testing::Test {
 protected:
  void SetUp() override {
    const char *uri = std::getenv("VIRTKIT_STORAGE_URI");
    if (!uri) GTEST_SKIP() << "no storage daemon (run through tests/remote/storage_daemon.py)";
    virSetErrorFunc(nullptr, cxx_test::quiet);
    conn = virtkit::Connection::open(uri);
    target = std::string(std::getenv("VIRTKIT_REMOTE_DIR")) + "/pool";
    pool = StoragePool::create_xml(
        conn,
        "<pool type='dir'><name>cxx</name><target><path>" + target + "</path></target></pool>",
        VIR_STORAGE_POOL_CREATE_WITH_BUILD);
  }
  void TearDown() override {
    if (!pool) return;
    for (auto &v : StorageVolume::list_all(pool)) v.remove();
    pool.destroy();
  }
  // A volume; a sparse one is not preallocated (else holes are written as zeroes).
  StorageVolume volume(const std::string &name, size_t bytes = kMiB, bool sparse = false) {
    return StorageVolume::create_xml(
        pool, "<volume><name>" + name + "</name><capacity unit='bytes'>" + std::to_string(bytes) +
                  "</capacity>" + (sparse ? "<allocation>0</allocation>" : "") + "</volume>");
  }
  Bytes download(const StorageVolume &v, size_t offset, size_t length) {
    Stream st = Stream::create(conn);
    v.download(st, offset, length);
    Bytes got;
    st.recv_all([&](std::span<const std::byte> d) { got.insert(got.end(), d.begin(), d.end()); });
    st.finish();
    return got;
  }

  virtkit::Connection conn;
  StoragePool pool;
  std::string target;
};

TEST_F(CxxRemoteStorage, UploadDownload) {
  StorageVolume v = volume("v1");
  Bytes data = pattern(300000, 7);  // more than one chunk of the *All helpers
  Stream up = Stream::create(conn);
  v.upload(up, 4096, data.size());
  size_t off = 0;
  up.send_all([&](std::span<std::byte> buf) {
    size_t n = std::min(buf.size(), data.size() - off);
    std::memcpy(buf.data(), data.data() + off, n);
    off += n;
    return n;
  });
  up.finish();
  EXPECT_EQ(download(v, 4096, data.size()), data);

  // Blocking send() and recv() by hand.
  Bytes small = pattern(5000, 3);
  Stream st = Stream::create(conn);
  v.upload(st, 0, small.size());
  for (size_t done = 0; done < small.size();)
    done += st.send(std::span<const std::byte>(small).subspan(done)).value();
  st.finish();
  Stream rd = Stream::create(conn);
  v.download(rd, 0, small.size());
  Bytes got;
  std::byte buf[1024];
  for (;;) {
    size_t n = rd.recv(buf).value();
    if (!n) break;
    got.insert(got.end(), buf, buf + n);
  }
  rd.finish();
  EXPECT_EQ(got, small);
}

TEST_F(CxxRemoteStorage, ThrowingSourceAbortsTheUpload) {
  StorageVolume v = volume("v2");
  Stream up = Stream::create(conn);
  v.upload(up);
  int calls = 0;
  EXPECT_THROW(up.send_all([&](std::span<std::byte> buf) -> size_t {
    if (calls++) throw std::runtime_error("source failed");
    std::memset(buf.data(), 1, 100);
    return 100;
  }),
               std::runtime_error);
  EXPECT_EQ(calls, 2);
  // The C call aborted the stream; the connection goes on.
  EXPECT_FALSE(up.try_finish());
  EXPECT_EQ(v.info().capacity, kMiB);
}

TEST_F(CxxRemoteStorage, SparseStreams) {
  StorageVolume v = volume("sparse", 2 * kMiB, true);
  // Data 64 KiB, a hole of 1 MiB, data 64 KiB, then the hole to the end.
  Bytes a = pattern(65536, 1), b = pattern(65536, 2);
  struct Part {
    bool data;
    size_t len;
  };
  std::vector<Part> layout{{true, a.size()}, {false, kMiB}, {true, b.size()}};
  size_t part = 0, in_part = 0;
  auto advance = [&](size_t n) {
    in_part += n;
    if (part < layout.size() && in_part == layout[part].len) part++, in_part = 0;
  };
  Stream up = Stream::create(conn);
  v.upload(up, 0, 0, VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM);
  up.sparse_send_all(
      [&](std::span<std::byte> buf) -> size_t {
        if (part >= layout.size()) return 0;
        const Bytes &src = part == 0 ? a : b;
        size_t n = std::min(buf.size(), layout[part].len - in_part);
        std::memcpy(buf.data(), src.data() + in_part, n);
        advance(n);
        return n;
      },
      [&] {
        if (part >= layout.size()) return Stream::Section{false, 0};
        return Stream::Section{layout[part].data,
                               static_cast<long long>(layout[part].len - in_part)};
      },
      [&](long long n) { advance(static_cast<size_t>(n)); });
  up.finish();

  // Down again: the holes arrive as holes.
  Stream down = Stream::create(conn);
  v.download(down, 0, 0, VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM);
  Bytes got;
  long long holes = 0;
  down.sparse_recv_all(
      [&](std::span<const std::byte> d) { got.insert(got.end(), d.begin(), d.end()); },
      [&](long long n) {
        holes += n;
        got.resize(got.size() + static_cast<size_t>(n));
      });
  down.finish();
  ASSERT_EQ(got.size(), a.size() + kMiB + b.size());  // the upload set the file's end
  EXPECT_GE(holes, static_cast<long long>(kMiB));
  EXPECT_TRUE(std::equal(a.begin(), a.end(), got.begin()));
  EXPECT_TRUE(std::equal(b.begin(), b.end(), got.begin() + static_cast<long>(a.size() + kMiB)));

  // By hand: recv_flags stops at the hole, recv_hole measures it.
  Stream st = Stream::create(conn);
  v.download(st, 0, 0, VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM);
  std::byte buf[65536];
  size_t data = 0;
  long long hole = 0;
  for (;;) {
    Stream::RecvResult r = st.recv_flags(buf, VIR_STREAM_RECV_STOP_AT_HOLE);
    if (r.kind == Stream::RecvResult::Kind::hole) {
      hole = st.recv_hole();
      break;
    }
    ASSERT_EQ(r.kind, Stream::RecvResult::Kind::data);
    ASSERT_NE(r.bytes, 0u);
    data += r.bytes;
  }
  EXPECT_EQ(data, a.size());
  EXPECT_EQ(hole, static_cast<long long>(kMiB));
  st.abort();

  // send() and send_hole() by hand, on a fresh volume.
  StorageVolume v2 = volume("sparse2", kMiB, true);
  Bytes c = pattern(4096, 5);
  Stream sh = Stream::create(conn);
  v2.upload(sh, 0, 0, VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM);
  EXPECT_EQ(sh.send(c), std::optional<size_t>(c.size()));
  sh.send_hole(65536);
  EXPECT_EQ(sh.send(c), std::optional<size_t>(c.size()));
  sh.finish();
  Bytes want = c;
  want.resize(c.size() + 65536);
  want.insert(want.end(), c.begin(), c.end());
  EXPECT_EQ(download(v2, 0, want.size()), want);
}

TEST_F(CxxRemoteStorage, CallsTheTestDriverLacks) {
  StorageVolume v = volume("calls");
  v.resize(2 * kMiB);
  EXPECT_EQ(v.info().capacity, 2 * kMiB);
  virStorageVolInfo phys = v.info(VIR_STORAGE_VOL_GET_PHYSICAL);
  EXPECT_EQ(phys.type, VIR_STORAGE_VOL_FILE);
  v.wipe();
  v.wipe_pattern(VIR_STORAGE_VOL_WIPE_ALG_ZERO);
  EXPECT_EQ(StoragePool::lookup_by_target_path(conn, target).name(), "cxx");
  EXPECT_NE(StoragePool::capabilities(conn).find("<storagepoolCapabilities>"), std::string::npos);
  // Shrinking without the flag fails alike in C and C++.
  virStorageVolPtr cv = virStorageVolLookupByName(pool.get(), "calls");
  SAME_ERROR(void, virStorageVolResize(cv, 4096, 0) < 0, v., resize, 4096);
  SAME_ERROR(void, virStorageVolWipePattern(cv, 99u, 0) < 0, v., wipe_pattern, 99u);
  virStorageVolFree(cv);
}

}  // namespace
