// SPDX-License-Identifier: LGPL-2.1-or-later
// The C++ API's secrets (include/virtkit/secret.hpp). test:///default has no
// secret driver: every call that reaches a driver fails with the C call's
// VIR_ERR_NO_SUPPORT, and the object calls are checked on an empty handle
// (the C calls on NULL).
#include "cxx_test_util.h"

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace {

using cxx_test::same_error;
using virtkit::Secret;
using Uuid = std::array<unsigned char, VIR_UUID_BUFLEN>;
using Bytes = std::vector<std::byte>;

const char kSecretXml[] =
    "<secret ephemeral='yes' private='no'><usage type='volume'><volume>/cxx</volume>"
    "</usage></secret>";

class CxxSecret : public cxx_test::Fixture {
 protected:
  void expect_no_support() { EXPECT_EQ(cxx_test::c_code(), VIR_ERR_NO_SUPPORT); }
};

TEST_F(CxxSecret, ConnectionCallsUnsupported) {
  same_error<Secret>([&] { return virSecretDefineXML(c, kSecretXml, 0) == nullptr; },
                     [&] { return Secret::define_xml(conn, kSecretXml); },
                     [&] { return Secret::try_define_xml(conn, kSecretXml); });
  expect_no_support();
  Uuid u{1};
  same_error<Secret>([&] { return virSecretLookupByUUID(c, u.data()) == nullptr; },
                     [&] { return Secret::lookup_by_uuid(conn, u); },
                     [&] { return Secret::try_lookup_by_uuid(conn, u); });
  expect_no_support();
  const char *us = "11111111-2222-3333-4444-555555555555";
  same_error<Secret>([&] { return virSecretLookupByUUIDString(c, us) == nullptr; },
                     [&] { return Secret::lookup_by_uuid_string(conn, us); },
                     [&] { return Secret::try_lookup_by_uuid_string(conn, us); });
  expect_no_support();
  same_error<Secret>([&] { return virSecretLookupByUUIDString(c, "bad") == nullptr; },
                     [&] { return Secret::lookup_by_uuid_string(conn, "bad"); },
                     [&] { return Secret::try_lookup_by_uuid_string(conn, "bad"); });
  same_error<Secret>(
      [&] { return virSecretLookupByUsage(c, VIR_SECRET_USAGE_TYPE_VOLUME, "/cxx") == nullptr; },
      [&] { return Secret::lookup_by_usage(conn, VIR_SECRET_USAGE_TYPE_VOLUME, "/cxx"); },
      [&] { return Secret::try_lookup_by_usage(conn, VIR_SECRET_USAGE_TYPE_VOLUME, "/cxx"); });
  expect_no_support();
  virSecretPtr *sl = nullptr;
  same_error<std::vector<Secret>>([&] { return virConnectListAllSecrets(c, &sl, 0) < 0; },
                                  [&] { return Secret::list_all(conn); },
                                  [&] { return Secret::try_list_all(conn); });
  expect_no_support();
  same_error<std::vector<std::string>>([&] { return virConnectNumOfSecrets(c) < 0; },
                                       [&] { return Secret::list_uuids(conn); },
                                       [&] { return Secret::try_list_uuids(conn); });
  expect_no_support();
  same_error<int>([&] { return virConnectNumOfSecrets(c) < 0; },
                  [&] { return Secret::count(conn); }, [&] { return Secret::try_count(conn); });
  expect_no_support();
}

TEST_F(CxxSecret, ObjectCallsOnEmptyHandle) {
  Secret s;
  same_error<virtkit::Connection>([&] { return virSecretGetConnect(nullptr) == nullptr; },
                                  [&] { return s.connection(); },
                                  [&] { return s.try_connection(); });
  same_error<Uuid>([&] { return virSecretGetUUID(nullptr, nullptr) < 0; }, [&] { return s.uuid(); },
                   [&] { return s.try_uuid(); });
  same_error<std::string>([&] { return virSecretGetUUIDString(nullptr, nullptr) < 0; },
                          [&] { return s.uuid_string(); }, [&] { return s.try_uuid_string(); });
  same_error<virSecretUsageType>([&] { return virSecretGetUsageType(nullptr) < 0; },
                                 [&] { return s.usage_type(); },
                                 [&] { return s.try_usage_type(); });
  same_error<std::string>([&] { return virSecretGetUsageID(nullptr) == nullptr; },
                          [&] { return s.usage_id(); }, [&] { return s.try_usage_id(); });
  same_error<std::string>([&] { return virSecretGetXMLDesc(nullptr, 0) == nullptr; },
                          [&] { return s.xml(); }, [&] { return s.try_xml(); });
  size_t size = 0;
  same_error<Bytes>([&] { return virSecretGetValue(nullptr, &size, 0) == nullptr; },
                    [&] { return s.value(); }, [&] { return s.try_value(); });
  const unsigned char raw[] = {1, 2, 3};
  const Bytes value = {std::byte{1}, std::byte{2}, std::byte{3}};
  same_error<void>([&] { return virSecretSetValue(nullptr, raw, sizeof raw, 0) < 0; },
                   [&] { s.set_value(value); }, [&] { return s.try_set_value(value); });
  // An empty value goes to C as an empty buffer, not NULL.
  same_error<void>([&] { return virSecretSetValue(nullptr, raw, 0, 0) < 0; },
                   [&] { s.set_value({}); }, [&] { return s.try_set_value({}); });
  same_error<void>([&] { return virSecretUndefine(nullptr) < 0; }, [&] { s.undefine(); },
                   [&] { return s.try_undefine(); });
}

TEST_F(CxxSecret, ReadOnlyRefusal) {
  auto ro = virtkit::Connection::open_read_only("test:///default");
  virConnectPtr cro = virConnectOpenReadOnly("test:///default");
  ASSERT_NE(cro, nullptr);
  same_error<Secret>([&] { return virSecretDefineXML(cro, kSecretXml, 0) == nullptr; },
                     [&] { return Secret::define_xml(ro, kSecretXml); },
                     [&] { return Secret::try_define_xml(ro, kSecretXml); });
  virConnectClose(cro);
}

TEST_F(CxxSecret, EmptyHandleCopyAndMove) {
  Secret a;
  Secret b = a;
  Secret m = std::move(b);
  m = a;
  EXPECT_FALSE(m);
  EXPECT_EQ(m.get(), nullptr);
}

}  // namespace
