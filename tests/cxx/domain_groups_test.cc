// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit::Domain's call groups (the domain_*.hpp mixins): every member of
// every group compiles, and the groups cost nothing in a Domain.
#include <gtest/gtest.h>

#include <virtkit/virtkit.hpp>

#include <type_traits>

// Instantiates every member, used by a test or not.
template class virtkit::DomainLifecycleCalls<virtkit::Domain>;
template class virtkit::DomainDeviceCalls<virtkit::Domain>;
template class virtkit::DomainTuningCalls<virtkit::Domain>;
template class virtkit::DomainVcpuCalls<virtkit::Domain>;
template class virtkit::DomainStatsCalls<virtkit::Domain>;
template class virtkit::DomainMigrateCalls<virtkit::Domain>;
template class virtkit::DomainGuestCalls<virtkit::Domain>;
template class virtkit::DomainBlockJobCalls<virtkit::Domain>;

namespace {

// The empty groups are laid out at no cost: a Domain is its pointer.
static_assert(sizeof(virtkit::Domain) == sizeof(virDomainPtr));
static_assert(std::is_nothrow_move_constructible_v<virtkit::Domain>);
static_assert(std::is_copy_constructible_v<virtkit::Domain>);

TEST(CxxDomainGroups, EmptyDomainAndHandleSemantics) {
  virtkit::Domain empty;
  EXPECT_FALSE(empty);
  virConnectPtr c = virConnectOpen("test:///default");
  ASSERT_NE(c, nullptr);
  virtkit::Domain d(virDomainLookupByName(c, "test"));
  virtkit::Domain copy = d;  // group calls work through any copy
  EXPECT_EQ(copy.hostname(), "testhost");
  EXPECT_EQ(copy.get(), d.get());
  virConnectClose(c);
}

}  // namespace
