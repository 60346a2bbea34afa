// SPDX-License-Identifier: LGPL-2.1-or-later
// Defining a domain through the public API and reading back one part of the
// XML it prints, for the domain XML tests. Only the public API: the tests
// including this also build against Debian's libvirt.
#pragma once

#include <gtest/gtest.h>
#include <libvirt/libvirt.h>

#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>

namespace virtkit_testing {

// A fixture with a test:///default connection of its own (conn_) and the
// default error handler silenced: the tests read errors with
// virGetLastError. Base is ::testing::Test or a TestWithParam.
template <typename Base = ::testing::Test>
class TestDriverFixture : public Base {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, [](void *, virErrorPtr) {});
    conn_ = virConnectOpen("test:///default");
    ASSERT_NE(conn_, nullptr);
  }
  void TearDown() override {
    if (conn_) virConnectClose(conn_);
  }
  virConnectPtr conn_ = nullptr;
};

// A minimal domain ("x", 1 MiB) with `os` and then `body`.
inline std::string domain_xml(const std::string &body,
                              const std::string &os = "<os><type>hvm</type></os>") {
  return "<domain type='test'><name>x</name><memory>1024</memory>" + os + body + "</domain>";
}

// Defines `xml`, returns what XMLDesc(flags) prints, and undefines it again;
// nullopt when the definition fails (the thread's last error says why).
inline std::optional<std::string> define_and_dump(virConnectPtr conn, const std::string &xml,
                                                  unsigned flags = 0) {
  virDomainPtr d = virDomainDefineXML(conn, xml.c_str());
  if (!d) return std::nullopt;
  char *out = virDomainGetXMLDesc(d, flags);
  std::string all = out ? out : "";
  std::free(out);
  virDomainUndefine(d);
  virDomainFree(d);
  return all;
}

// The lines after the first `open` and before the next `close`, each
// without its indentation, joined; "(no OPEN)" when `open` is not there.
inline std::string lines_between(const std::string &xml, const std::string &open,
                                 const std::string &close) {
  size_t from = xml.find(open);
  if (from == std::string::npos) return "(no " + open + ")";
  from += open.size();
  size_t to = xml.find(close, from);
  std::istringstream in(xml.substr(from, to == std::string::npos ? std::string::npos : to - from));
  std::string out;
  for (std::string line; std::getline(in, line);) {
    size_t at = line.find_first_not_of(' ');
    if (at != std::string::npos) out += line.substr(at);
  }
  return out;
}

// Defines a domain with `devices` and returns its <devices> lines as
// lines_between joins them, or "(failed)".
inline std::string define_devices(virConnectPtr conn, const std::string &devices,
                                  unsigned flags = 0,
                                  const std::string &os = "<os><type>hvm</type></os>") {
  auto xml = define_and_dump(conn, domain_xml("<devices>" + devices + "</devices>", os), flags);
  return xml ? lines_between(*xml, "<devices>", "</devices>") : "(failed)";
}

}  // namespace virtkit_testing
