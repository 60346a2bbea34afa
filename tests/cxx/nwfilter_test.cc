// SPDX-License-Identifier: LGPL-2.1-or-later
// The C++ API's network filters and bindings (include/virtkit/nwfilter.hpp).
// test:///default has no filter driver: every call that reaches a driver fails
// with the C call's VIR_ERR_NO_SUPPORT, and the object calls are checked on
// empty handles (the C calls on NULL).
#include "cxx_test_util.h"

#include <array>
#include <string>
#include <vector>

namespace {

using cxx_test::same_error;
using virtkit::NWFilter;
using virtkit::NWFilterBinding;
using Uuid = std::array<unsigned char, VIR_UUID_BUFLEN>;

const char kFilterXml[] =
    "<filter name='cxx-filter' chain='root'><rule action='drop' direction='in'>"
    "<all/></rule></filter>";
const char kBindingXml[] =
    "<filterbinding><owner><name>g</name><uuid>11111111-2222-3333-4444-555555555555</uuid>"
    "</owner><portdev name='vnet0'/><mac address='52:54:00:00:00:03'/>"
    "<filterref filter='cxx-filter'/></filterbinding>";

class CxxNWFilter : public cxx_test::Fixture {
 protected:
  void expect_no_support() { EXPECT_EQ(cxx_test::c_code(), VIR_ERR_NO_SUPPORT); }
};

TEST_F(CxxNWFilter, FilterCallsUnsupported) {
  same_error<NWFilter>([&] { return virNWFilterLookupByName(c, "clean-traffic") == nullptr; },
                       [&] { return NWFilter::lookup_by_name(conn, "clean-traffic"); },
                       [&] { return NWFilter::try_lookup_by_name(conn, "clean-traffic"); });
  expect_no_support();
  Uuid u{1};
  same_error<NWFilter>([&] { return virNWFilterLookupByUUID(c, u.data()) == nullptr; },
                       [&] { return NWFilter::lookup_by_uuid(conn, u); },
                       [&] { return NWFilter::try_lookup_by_uuid(conn, u); });
  expect_no_support();
  const char *us = "11111111-2222-3333-4444-555555555555";
  same_error<NWFilter>([&] { return virNWFilterLookupByUUIDString(c, us) == nullptr; },
                       [&] { return NWFilter::lookup_by_uuid_string(conn, us); },
                       [&] { return NWFilter::try_lookup_by_uuid_string(conn, us); });
  expect_no_support();
  // A malformed UUID string fails before any driver.
  same_error<NWFilter>([&] { return virNWFilterLookupByUUIDString(c, "bad") == nullptr; },
                       [&] { return NWFilter::lookup_by_uuid_string(conn, "bad"); },
                       [&] { return NWFilter::try_lookup_by_uuid_string(conn, "bad"); });
  same_error<NWFilter>([&] { return virNWFilterDefineXML(c, kFilterXml) == nullptr; },
                       [&] { return NWFilter::define_xml(conn, kFilterXml); },
                       [&] { return NWFilter::try_define_xml(conn, kFilterXml); });
  expect_no_support();
  unsigned v = VIR_NWFILTER_DEFINE_VALIDATE;
  same_error<NWFilter>([&] { return virNWFilterDefineXMLFlags(c, kFilterXml, v) == nullptr; },
                       [&] { return NWFilter::define_xml(conn, kFilterXml, v); },
                       [&] { return NWFilter::try_define_xml(conn, kFilterXml, v); });
  expect_no_support();
  virNWFilterPtr *fl = nullptr;
  same_error<std::vector<NWFilter>>([&] { return virConnectListAllNWFilters(c, &fl, 0) < 0; },
                                    [&] { return NWFilter::list_all(conn); },
                                    [&] { return NWFilter::try_list_all(conn); });
  expect_no_support();
  same_error<std::vector<std::string>>([&] { return virConnectNumOfNWFilters(c) < 0; },
                                       [&] { return NWFilter::list_names(conn); },
                                       [&] { return NWFilter::try_list_names(conn); });
  expect_no_support();
  same_error<int>([&] { return virConnectNumOfNWFilters(c) < 0; },
                  [&] { return NWFilter::count(conn); }, [&] { return NWFilter::try_count(conn); });
  expect_no_support();
}

TEST_F(CxxNWFilter, FilterCallsOnEmptyHandle) {
  NWFilter f;
  same_error<std::string>([&] { return virNWFilterGetName(nullptr) == nullptr; },
                          [&] { return f.name(); }, [&] { return f.try_name(); });
  same_error<Uuid>([&] { return virNWFilterGetUUID(nullptr, nullptr) < 0; },
                   [&] { return f.uuid(); }, [&] { return f.try_uuid(); });
  same_error<std::string>([&] { return virNWFilterGetUUIDString(nullptr, nullptr) < 0; },
                          [&] { return f.uuid_string(); }, [&] { return f.try_uuid_string(); });
  same_error<std::string>([&] { return virNWFilterGetXMLDesc(nullptr, 0) == nullptr; },
                          [&] { return f.xml(); }, [&] { return f.try_xml(); });
  same_error<void>([&] { return virNWFilterUndefine(nullptr) < 0; }, [&] { f.undefine(); },
                   [&] { return f.try_undefine(); });
}

TEST_F(CxxNWFilter, BindingCallsUnsupported) {
  same_error<NWFilterBinding>(
      [&] { return virNWFilterBindingLookupByPortDev(c, "vnet0") == nullptr; },
      [&] { return NWFilterBinding::lookup_by_port_dev(conn, "vnet0"); },
      [&] { return NWFilterBinding::try_lookup_by_port_dev(conn, "vnet0"); });
  expect_no_support();
  same_error<NWFilterBinding>(
      [&] { return virNWFilterBindingCreateXML(c, kBindingXml, 0) == nullptr; },
      [&] { return NWFilterBinding::create_xml(conn, kBindingXml); },
      [&] { return NWFilterBinding::try_create_xml(conn, kBindingXml); });
  expect_no_support();
  virNWFilterBindingPtr *bl = nullptr;
  same_error<std::vector<NWFilterBinding>>(
      [&] { return virConnectListAllNWFilterBindings(c, &bl, 0) < 0; },
      [&] { return NWFilterBinding::list_all(conn); },
      [&] { return NWFilterBinding::try_list_all(conn); });
  expect_no_support();
}

TEST_F(CxxNWFilter, BindingCallsOnEmptyHandle) {
  NWFilterBinding b;
  same_error<std::string>([&] { return virNWFilterBindingGetPortDev(nullptr) == nullptr; },
                          [&] { return b.port_dev(); }, [&] { return b.try_port_dev(); });
  same_error<std::string>([&] { return virNWFilterBindingGetFilterName(nullptr) == nullptr; },
                          [&] { return b.filter_name(); }, [&] { return b.try_filter_name(); });
  same_error<std::string>([&] { return virNWFilterBindingGetXMLDesc(nullptr, 0) == nullptr; },
                          [&] { return b.xml(); }, [&] { return b.try_xml(); });
  same_error<void>([&] { return virNWFilterBindingDelete(nullptr) < 0; }, [&] { b.remove(); },
                   [&] { return b.try_remove(); });
}

TEST_F(CxxNWFilter, ReadOnlyRefusal) {
  auto ro = virtkit::Connection::open_read_only("test:///default");
  virConnectPtr cro = virConnectOpenReadOnly("test:///default");
  ASSERT_NE(cro, nullptr);
  same_error<NWFilter>([&] { return virNWFilterDefineXML(cro, kFilterXml) == nullptr; },
                       [&] { return NWFilter::define_xml(ro, kFilterXml); },
                       [&] { return NWFilter::try_define_xml(ro, kFilterXml); });
  same_error<NWFilterBinding>(
      [&] { return virNWFilterBindingCreateXML(cro, kBindingXml, 0) == nullptr; },
      [&] { return NWFilterBinding::create_xml(ro, kBindingXml); },
      [&] { return NWFilterBinding::try_create_xml(ro, kBindingXml); });
  virConnectClose(cro);
}

TEST_F(CxxNWFilter, EmptyHandlesCopyAndMove) {
  NWFilter a;
  NWFilter b = a;
  NWFilter m = std::move(b);
  EXPECT_FALSE(a);
  EXPECT_FALSE(m);
  NWFilterBinding x;
  NWFilterBinding y = x;
  y = std::move(x);
  EXPECT_FALSE(y);
  EXPECT_EQ(y.release(), nullptr);
}

}  // namespace
