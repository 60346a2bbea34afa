// SPDX-License-Identifier: LGPL-2.1-or-later
// White-box tests of src/api/extra_checks.* and of the argument checks in
// src/api/*_extra.cc that need objects the test driver may not provide
// (networks, pools, volumes, node devices, secrets): such handles are made
// directly here. Expected errors are Debian's libvirt 9.0.0's for the same
// calls on test:///default (the secret one, which that driver cannot
// reach, follows libvirt's source).
#include <gtest/gtest.h>
#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "api/extra_checks.h"
#include "core/handles.h"

using namespace virtkit;
namespace ex = virtkit::api::extra;

namespace {

std::string s(const char *p) {
  return p ? p : "(null)";
}

void expect_error(int code, int domain, const char *message, const char *str1, const char *str2,
                  int int1) {
  virErrorPtr err = virGetLastError();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->code, code);
  EXPECT_EQ(err->domain, domain);
  EXPECT_EQ(s(err->message), s(message));
  EXPECT_EQ(s(err->str1), s(str1));
  EXPECT_EQ(s(err->str2), s(str2));
  EXPECT_EQ(err->int1, int1);
}

void quiet(void *, virErrorPtr) {}
void event_cb() {}

// ---- absolute_path against GLib's g_canonicalize_filename ----

class AbsolutePath : public ::testing::Test {
 protected:
  void SetUp() override {
    glib_ = dlopen("libglib-2.0.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!glib_) GTEST_SKIP() << "GLib is not installed";
    canon_ = reinterpret_cast<char *(*)(const char *, const char *)>(
        dlsym(glib_, "g_canonicalize_filename"));
    if (!canon_) GTEST_SKIP() << "GLib lacks g_canonicalize_filename";
    char buf[4096];
    ASSERT_NE(getcwd(buf, sizeof buf), nullptr);
    cwd_ = buf;
    if (const char *pwd = std::getenv("PWD")) {
      pwd_ = pwd;
      had_pwd_ = true;
    }
  }
  void TearDown() override {
    if (!glib_) return;
    if (!cwd_.empty()) {
      EXPECT_EQ(chdir(cwd_.c_str()), 0);
    }
    if (had_pwd_)
      setenv("PWD", pwd_.c_str(), 1);
    else
      unsetenv("PWD");
    dlclose(glib_);
  }

  void compare_all(const std::string &where) {
    static const char *const kPaths[] = {"",
                                         ".",
                                         "..",
                                         "/",
                                         "//",
                                         "///",
                                         "////a",
                                         "//a/b",
                                         "///a//b/",
                                         "a",
                                         "a/",
                                         "./a",
                                         "a/./b",
                                         "a/../b",
                                         "../../../..",
                                         "/..",
                                         "//..",
                                         "/a/../..",
                                         "a//b",
                                         "/a/b/..",
                                         "/a/b/../",
                                         "...",
                                         "a/.../b",
                                         ".a/..b",
                                         "/./",
                                         "//./a",
                                         "x/..",
                                         "/x/y/.",
                                         "//x/..",
                                         "a/b/c/../../d",
                                         "saved.img",
                                         "dir/sub/../core.dump",
                                         "foo/bar/baz/../../../../.."};
    for (const char *p : kPaths) {
      char *want = canon_(p, nullptr);
      auto got = ex::absolute_path(p);
      ASSERT_TRUE(got.has_value()) << p;
      EXPECT_EQ(*got, want) << "path \"" << p << "\" in " << where;
      std::free(want);
    }
  }

  void *glib_ = nullptr;
  char *(*canon_)(const char *, const char *) = nullptr;
  std::string cwd_, pwd_;
  bool had_pwd_ = false;
};

TEST_F(AbsolutePath, MatchesGlibInTheWorkingDirectory) {
  compare_all("the working directory");
}

TEST_F(AbsolutePath, MatchesGlibAtTheRoot) {
  ASSERT_EQ(chdir("/"), 0);
  setenv("PWD", "/", 1);
  compare_all("/");
}

TEST_F(AbsolutePath, MatchesGlibWithoutPwd) {
  ASSERT_EQ(chdir("/usr/lib"), 0);
  unsetenv("PWD");
  compare_all("/usr/lib without $PWD");
}

TEST_F(AbsolutePath, MatchesGlibThroughASymbolicLink) {
  std::string link = testing::TempDir() + "virtkit_extra_link";
  unlink(link.c_str());
  ASSERT_EQ(symlink("/usr/lib", link.c_str()), 0);
  ASSERT_EQ(chdir(link.c_str()), 0);
  setenv("PWD", link.c_str(), 1);  // a shell keeps the name it was given
  compare_all(link);
  setenv("PWD", "/nonexistent", 1);  // a stale $PWD is ignored
  compare_all(link + " with a stale $PWD");
  unlink(link.c_str());
}

// ---- Features and typed parameters on the test driver ----

class ExtraChecks : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    conn = virConnectOpen("test:///default");
    conn2 = virConnectOpen("test:///default");
    ASSERT_TRUE(conn && conn2);
  }
  void TearDown() override {
    for (virConnectPtr c : {conn, conn2})
      if (c) virConnectClose(c);
    virSetErrorFunc(nullptr, nullptr);
    virResetLastError();
  }

  template <class T, class P>
  T *make(P *parent, const char *name) {
    return handles::make<T>(parent, [&](T &h) { h.name = name; });
  }

  virConnectPtr conn = nullptr, conn2 = nullptr;
};

TEST_F(ExtraChecks, FeaturesAsLibvirtsTestDriverAnswers) {
  for (int f : {ex::kTypedParamString, ex::kNetworkUpdateHasCorrectOrder, ex::kFdPassing}) {
    auto r = ex::supports_feature(conn, f);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, 1) << f;
  }
  for (int f : {ex::kMigrationV1, ex::kRemote, ex::kMigrationV2, ex::kMigrationP2P,
                ex::kMigrationDirect, ex::kMigrationV3, ex::kMigrateChangeProtection,
                ex::kProgramKeepalive, ex::kXmlMigratable, ex::kMigrationOffline,
                ex::kMigrationParams, ex::kRemoteEventCallback, ex::kRemoteCloseCallback}) {
    auto r = ex::supports_feature(conn, f);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, 0) << f;
  }
  auto flags = ex::with_string_okay(conn, 1);
  ASSERT_TRUE(flags.ok());
  EXPECT_EQ(*flags, 1u | VIR_TYPED_PARAM_STRING_OKAY);
}

TEST_F(ExtraChecks, StringParametersPassValidation) {
  virTypedParameter p[2] = {};
  std::strcpy(p[0].field, "weight");
  p[0].type = VIR_TYPED_PARAM_UINT;
  std::strcpy(p[1].field, "device_weight");
  p[1].type = VIR_TYPED_PARAM_STRING;
  p[1].value.s = const_cast<char *>("/dev/sda,100");
  EXPECT_TRUE(ex::validate_set(conn, p, 2).ok());
  p[1].value.s = nullptr;
  Status st = ex::validate_set(conn, p, 2);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), VIR_ERR_INVALID_ARG);
  EXPECT_STREQ(st.record()->message, "NULL string parameter 'device_weight'");
  EXPECT_STREQ(st.record()->str1, "virTypedParameterValidateSet");
  EXPECT_STREQ(st.record()->str2, "params");
  EXPECT_EQ(st.record()->domain, VIR_FROM_NONE);
}

// ---- Objects of another connection, made as handles ----

TEST_F(ExtraChecks, NetworkEventOfAnotherConnection) {
  virNetworkPtr net2 = make<_virNetwork>(conn2, "default");
  EXPECT_EQ(virConnectNetworkEventRegisterAny(conn, net2, 0, VIR_NETWORK_EVENT_CALLBACK(event_cb),
                                              nullptr, nullptr),
            -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_NETWORK,
               "network 'default' in virConnectNetworkEventRegisterAny must match connection",
               "virConnectNetworkEventRegisterAny", "net", 0);
  virNetworkFree(net2);
}

TEST_F(ExtraChecks, StoragePoolEventOfAnotherConnection) {
  virStoragePoolPtr pool2 = make<_virStoragePool>(conn2, "default-pool");
  EXPECT_EQ(virConnectStoragePoolEventRegisterAny(
                conn, pool2, 0, VIR_STORAGE_POOL_EVENT_CALLBACK(event_cb), nullptr, nullptr),
            -1);
  expect_error(
      VIR_ERR_INVALID_ARG, VIR_FROM_STORAGE,
      "storage pool 'default-pool' in virConnectStoragePoolEventRegisterAny must match connection",
      "virConnectStoragePoolEventRegisterAny", "pool", 0);
  virStoragePoolFree(pool2);
}

TEST_F(ExtraChecks, NodeDeviceEventOfAnotherConnection) {
  virNodeDevicePtr dev2 = make<_virNodeDevice>(conn2, "computer");
  EXPECT_EQ(virConnectNodeDeviceEventRegisterAny(
                conn, dev2, 0, VIR_NODE_DEVICE_EVENT_CALLBACK(event_cb), nullptr, nullptr),
            -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_NODEDEV,
               "node device 'computer' in virConnectNodeDeviceEventRegisterAny must match "
               "connection",
               "virConnectNodeDeviceEventRegisterAny", "dev", 0);
  virNodeDeviceFree(dev2);
}

TEST_F(ExtraChecks, SecretEventOfAnotherConnection) {
  virSecretPtr secret2 = handles::make<_virSecret>(conn2, [](_virSecret &sec) {
    for (int i = 0; i < VIR_UUID_BUFLEN; i++) sec.uuid[i] = static_cast<unsigned char>(i);
  });
  EXPECT_EQ(virConnectSecretEventRegisterAny(conn, secret2, 0, VIR_SECRET_EVENT_CALLBACK(event_cb),
                                             nullptr, nullptr),
            -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_SECRET,
               "secret '00010203-0405-0607-0809-0a0b0c0d0e0f' in "
               "virConnectSecretEventRegisterAny must match connection",
               "virConnectSecretEventRegisterAny", "secret", 0);
  virSecretFree(secret2);
}

TEST_F(ExtraChecks, NetworkUpdateWithoutXml) {
  virNetworkPtr net = make<_virNetwork>(conn, "default");
  EXPECT_EQ(virNetworkUpdate(net, 0, 0, -1, nullptr, 0), -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_NETWORK, "xml in virNetworkUpdate must not be NULL",
               "virNetworkUpdate", "xml", 0);
  virNetworkFree(net);
}

TEST_F(ExtraChecks, VolumeChecks) {
  virStorageVolPtr vol = handles::make<_virStorageVol>(conn, [](_virStorageVol &v) {
    v.pool = "default-pool";
    v.name = "extra.img";
  });
  virStreamPtr st2 = virStreamNew(conn2, 0);
  ASSERT_NE(st2, nullptr);

  EXPECT_EQ(virStorageVolResize(vol, 0, 0), -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_STORAGE,
               "capacity in virStorageVolResize cannot be zero without 'delta' or 'shrink' flags "
               "set",
               "virStorageVolResize", "capacity", 0);

  EXPECT_EQ(virStorageVolUpload(vol, st2, 0, 0, 0), -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_STORAGE,
               "stream in virStorageVolUpload must match connection of volume 'extra.img'",
               "virStorageVolUpload", "stream", 0);

  EXPECT_EQ(virStorageVolDownload(vol, nullptr, 0, 0, 0), -1);
  expect_error(VIR_ERR_INVALID_STREAM, VIR_FROM_STREAMS,
               "invalid stream pointer in virStorageVolDownload", "invalid stream pointer in %s",
               "virStorageVolDownload", -1);

  virStreamFree(st2);
  virStorageVolFree(vol);
}

}  // namespace
