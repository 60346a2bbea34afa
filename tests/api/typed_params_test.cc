// SPDX-License-Identifier: LGPL-2.1-or-later
// The typed-parameter helpers and the info-structure Free functions,
// checked against what libvirt 9.0.0 does (values, growth, errors, which
// calls reset the thread's error).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/handles.h"
#include "public.h"

using namespace virtkit;

namespace {

int g_dispatched = 0;
void counting(void *, virErrorPtr) {
  g_dispatched++;
}

struct Expect {
  int code;
  int domain;
  std::string message;
  std::string str1;
  std::string str2;
};

void expect_error(const Expect &x) {
  virErrorPtr e = virGetLastError();
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->code, x.code);
  EXPECT_EQ(e->domain, x.domain);
  EXPECT_EQ(e->level, VIR_ERR_ERROR);
  EXPECT_STREQ(e->message, x.message.c_str());
  EXPECT_STREQ(e->str1, x.str1.c_str());
  EXPECT_STREQ(e->str2, x.str2.c_str());
  EXPECT_EQ(e->str3, nullptr);
  EXPECT_EQ(e->int1, -1);
}

Expect invalid_arg(const std::string &detail) {
  return {VIR_ERR_INVALID_ARG, VIR_FROM_NONE, "invalid argument: " + detail, "invalid argument: %s",
          detail};
}

Expect internal(const std::string &detail) {
  return {VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE, "internal error: " + detail, "internal error: %s",
          detail};
}

// libvirt's virReportInvalid*Arg: no template, str1 the function, str2 the argument.
void expect_arg_error(const std::string &message, const char *func, const char *arg) {
  virErrorPtr e = virGetLastError();
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->code, VIR_ERR_INVALID_ARG);
  EXPECT_EQ(e->domain, VIR_FROM_NONE);
  EXPECT_STREQ(e->message, message.c_str());
  EXPECT_STREQ(e->str1, func);
  EXPECT_STREQ(e->str2, arg);
}

// Leaves a known error in the thread slot.
void set_stale_error() {
  virTypedParameterPtr p = nullptr;
  int n = 0, max = 0;
  std::string name(100, 'x');
  ASSERT_EQ(virTypedParamsAddInt(&p, &n, &max, name.c_str(), 1), -1);
  ASSERT_EQ(virGetLastErrorCode(), VIR_ERR_INTERNAL_ERROR);
  std::free(p);
}

class TypedParams : public ::testing::Test {
 protected:
  void SetUp() override {
    virResetLastError();
    g_dispatched = 0;
    virSetErrorFunc(nullptr, counting);
  }
  void TearDown() override {
    virTypedParamsFree(p, n);
    virSetErrorFunc(nullptr, nullptr);
    virResetLastError();
  }
  virTypedParameterPtr p = nullptr;
  int n = 0;
  int max = 0;
};

// ---- Adding ----

TEST_F(TypedParams, AddGrowsLikeLibvirt) {
  // libvirt grows by at least half the allocation.
  const int expected_max[] = {1, 2, 3, 4, 6, 6, 9, 9, 9, 13, 13, 13, 13, 19};
  for (int i = 0; i < 14; i++) {
    std::string name = "p" + std::to_string(i);
    ASSERT_EQ(virTypedParamsAddInt(&p, &n, &max, name.c_str(), i * 10), 0);
    EXPECT_EQ(n, i + 1);
    EXPECT_EQ(max, expected_max[i]);
  }
  for (int i = 0; i < 14; i++) {
    EXPECT_EQ(std::string(p[i].field), "p" + std::to_string(i));
    EXPECT_EQ(p[i].type, VIR_TYPED_PARAM_INT);
    EXPECT_EQ(p[i].value.i, i * 10);
  }
  // The new part of the array is zero-filled.
  for (int i = 14; i < max; i++) {
    EXPECT_EQ(p[i].field[0], '\0');
    EXPECT_EQ(p[i].type, 0);
  }
  EXPECT_EQ(g_dispatched, 0);
}

TEST_F(TypedParams, AddEveryType) {
  ASSERT_EQ(virTypedParamsAddInt(&p, &n, &max, "i", -5), 0);
  ASSERT_EQ(virTypedParamsAddUInt(&p, &n, &max, "ui", 4000000000u), 0);
  ASSERT_EQ(virTypedParamsAddLLong(&p, &n, &max, "l", -(1LL << 40)), 0);
  ASSERT_EQ(virTypedParamsAddULLong(&p, &n, &max, "ul", ~0ULL), 0);
  ASSERT_EQ(virTypedParamsAddDouble(&p, &n, &max, "d", 2.5), 0);
  ASSERT_EQ(virTypedParamsAddBoolean(&p, &n, &max, "b", 42), 0);
  ASSERT_EQ(virTypedParamsAddBoolean(&p, &n, &max, "b0", 0), 0);
  ASSERT_EQ(virTypedParamsAddString(&p, &n, &max, "s", "text"), 0);
  ASSERT_EQ(n, 8);
  EXPECT_EQ(p[0].type, VIR_TYPED_PARAM_INT);
  EXPECT_EQ(p[0].value.i, -5);
  EXPECT_EQ(p[1].type, VIR_TYPED_PARAM_UINT);
  EXPECT_EQ(p[1].value.ui, 4000000000u);
  EXPECT_EQ(p[2].type, VIR_TYPED_PARAM_LLONG);
  EXPECT_EQ(p[2].value.l, -(1LL << 40));
  EXPECT_EQ(p[3].type, VIR_TYPED_PARAM_ULLONG);
  EXPECT_EQ(p[3].value.ul, ~0ULL);
  EXPECT_EQ(p[4].type, VIR_TYPED_PARAM_DOUBLE);
  EXPECT_EQ(p[4].value.d, 2.5);
  EXPECT_EQ(p[5].type, VIR_TYPED_PARAM_BOOLEAN);
  EXPECT_EQ(p[5].value.b, 1);  // normalised, as libvirt does
  EXPECT_EQ(p[6].value.b, 0);
  EXPECT_EQ(p[7].type, VIR_TYPED_PARAM_STRING);
  EXPECT_STREQ(p[7].value.s, "text");
}

TEST_F(TypedParams, AddStringCopiesAndNullIsEmpty) {
  char buf[] = "mutable";
  ASSERT_EQ(virTypedParamsAddString(&p, &n, &max, "s", buf), 0);
  buf[0] = 'X';
  EXPECT_STREQ(p[0].value.s, "mutable");
  EXPECT_NE(p[0].value.s, buf);
  ASSERT_EQ(virTypedParamsAddString(&p, &n, &max, "empty", nullptr), 0);
  ASSERT_NE(p[1].value.s, nullptr);
  EXPECT_STREQ(p[1].value.s, "");
}

TEST_F(TypedParams, AddAcceptsDuplicates) {
  // libvirt 9.0.0 no longer refuses a name that is already set.
  ASSERT_EQ(virTypedParamsAddInt(&p, &n, &max, "a", 1), 0);
  ASSERT_EQ(virTypedParamsAddInt(&p, &n, &max, "a", 2), 0);
  ASSERT_EQ(virTypedParamsAddString(&p, &n, &max, "a", "x"), 0);
  EXPECT_EQ(n, 3);
  EXPECT_EQ(virGetLastError(), nullptr);
  int v = 0;
  EXPECT_EQ(virTypedParamsGetInt(p, n, "a", &v), 1);  // the first one wins
  EXPECT_EQ(v, 1);
}

TEST_F(TypedParams, AddResetsTheLastError) {
  set_stale_error();
  ASSERT_EQ(virTypedParamsAddInt(&p, &n, &max, "a", 1), 0);
  EXPECT_EQ(virGetLastError(), nullptr);
}

TEST_F(TypedParams, AddFieldNameTooLong) {
  std::string ok(79, 'y'), too_long(80, 'y'), longer(300, 'z');
  ASSERT_EQ(virTypedParamsAddInt(&p, &n, &max, ok.c_str(), 1), 0);
  EXPECT_STREQ(p[0].field, ok.c_str());
  EXPECT_EQ(max, 1);

  EXPECT_EQ(virTypedParamsAddInt(&p, &n, &max, too_long.c_str(), 1), -1);
  expect_error(internal("Field name '" + too_long + "' too long"));
  EXPECT_EQ(g_dispatched, 1);
  EXPECT_EQ(n, 1);
  EXPECT_EQ(max, 2);  // the array grew all the same, as in libvirt

  EXPECT_EQ(virTypedParamsAddString(&p, &n, &max, longer.c_str(), "leaks not"), -1);
  expect_error(internal("Field name '" + longer + "' too long"));
  EXPECT_EQ(virTypedParamsAddUInt(&p, &n, &max, longer.c_str(), 1), -1);
  EXPECT_EQ(virTypedParamsAddLLong(&p, &n, &max, longer.c_str(), 1), -1);
  EXPECT_EQ(virTypedParamsAddULLong(&p, &n, &max, longer.c_str(), 1), -1);
  EXPECT_EQ(virTypedParamsAddDouble(&p, &n, &max, longer.c_str(), 1), -1);
  EXPECT_EQ(virTypedParamsAddBoolean(&p, &n, &max, longer.c_str(), 1), -1);
  EXPECT_EQ(g_dispatched, 7);
  EXPECT_EQ(n, 1);
}

TEST_F(TypedParams, AddNullNameGivesAnEmptyField) {
  // libvirt copies a NULL name as nothing and succeeds.
  ASSERT_EQ(virTypedParamsAddInt(&p, &n, &max, nullptr, 7), 0);
  EXPECT_STREQ(p[0].field, "");
  int v = 0;
  EXPECT_EQ(virTypedParamsGetInt(p, n, "", &v), 1);
  EXPECT_EQ(v, 7);
}

TEST_F(TypedParams, AddNullArguments) {
  EXPECT_EQ(virTypedParamsAddInt(nullptr, &n, &max, "a", 1), -1);
  expect_arg_error("params in virTypedParamsAddInt must not be NULL", "virTypedParamsAddInt",
                   "params");
  EXPECT_EQ(virTypedParamsAddString(&p, nullptr, &max, "a", "x"), -1);
  expect_arg_error("nparams in virTypedParamsAddString must not be NULL", "virTypedParamsAddString",
                   "nparams");
  EXPECT_EQ(virTypedParamsAddFromString(&p, &n, nullptr, "a", VIR_TYPED_PARAM_INT, "1"), -1);
  expect_arg_error("maxparams in virTypedParamsAddFromString must not be NULL",
                   "virTypedParamsAddFromString", "maxparams");
  EXPECT_EQ(g_dispatched, 3);
  EXPECT_EQ(p, nullptr);
  EXPECT_EQ(n, 0);
  EXPECT_EQ(max, 0);
}

TEST_F(TypedParams, AddInconsistentCounts) {
  int bad = -1;
  EXPECT_EQ(virTypedParamsAddInt(&p, &bad, &max, "a", 1), -1);
  expect_arg_error("nparams in virTypedParamsAddInt must be zero or greater",
                   "virTypedParamsAddInt", "nparams");
  EXPECT_EQ(virTypedParamsAddInt(&p, &n, &bad, "a", 1), -1);
  expect_arg_error("maxparams in virTypedParamsAddInt must be zero or greater",
                   "virTypedParamsAddInt", "maxparams");
  int five = 5;
  EXPECT_EQ(virTypedParamsAddDouble(&p, &n, &five, "a", 1), -1);  // NULL array claimed 5 long
  expect_arg_error("params in virTypedParamsAddDouble must not be NULL", "virTypedParamsAddDouble",
                   "params");
  EXPECT_EQ(p, nullptr);
  // More in use than allocated: grown to fit, as libvirt does.
  int used = 3;
  ASSERT_EQ(virTypedParamsAddInt(&p, &used, &max, "a", 1), 0);
  EXPECT_EQ(used, 4);
  EXPECT_EQ(max, 4);
  EXPECT_STREQ(p[3].field, "a");
  n = 0;  // the first three slots are zero-filled, nothing to free
}

TEST_F(TypedParams, AddStringList) {
  const char *values[] = {"a", "b", "c", nullptr};
  ASSERT_EQ(virTypedParamsAddStringList(&p, &n, &max, "l", values), 0);
  ASSERT_EQ(n, 3);
  for (int i = 0; i < 3; i++) {
    EXPECT_STREQ(p[i].field, "l");
    EXPECT_EQ(p[i].type, VIR_TYPED_PARAM_STRING);
    EXPECT_STREQ(p[i].value.s, values[i]);
    EXPECT_NE(p[i].value.s, values[i]);
  }
}

TEST_F(TypedParams, AddStringListEdgeCases) {
  // NULL adds nothing, returns 0 and leaves the last error alone.
  set_stale_error();
  g_dispatched = 0;
  EXPECT_EQ(virTypedParamsAddStringList(&p, &n, &max, "l", nullptr), 0);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_INTERNAL_ERROR);
  // An empty list returns -1 without an error of its own (libvirt's quirk).
  const char *empty[] = {nullptr};
  EXPECT_EQ(virTypedParamsAddStringList(&p, &n, &max, "l", empty), -1);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_INTERNAL_ERROR);
  virResetLastError();
  EXPECT_EQ(virTypedParamsAddStringList(&p, &n, &max, "l", empty), -1);
  EXPECT_EQ(virGetLastError(), nullptr);
  EXPECT_EQ(n, 0);
  EXPECT_EQ(g_dispatched, 0);
}

TEST_F(TypedParams, AddStringListStopsAtTheFirstFailure) {
  std::string name(90, 'n');
  const char *values[] = {"a", "b", nullptr};
  EXPECT_EQ(virTypedParamsAddStringList(&p, &n, &max, name.c_str(), values), -1);
  expect_error(internal("Field name '" + name + "' too long"));
  EXPECT_EQ(g_dispatched, 1);
  EXPECT_EQ(n, 0);
  EXPECT_EQ(max, 1);
  EXPECT_EQ(virTypedParamsAddStringList(nullptr, &n, &max, "l", values), -1);
  expect_arg_error("params in virTypedParamsAddString must not be NULL", "virTypedParamsAddString",
                   "params");
}

// ---- AddFromString ----

TEST_F(TypedParams, AddFromStringValues) {
  auto add = [&](int type, const char *v) {
    return virTypedParamsAddFromString(&p, &n, &max, "f", type, v);
  };
  ASSERT_EQ(add(VIR_TYPED_PARAM_INT, "12"), 0);
  EXPECT_EQ(p[n - 1].value.i, 12);
  ASSERT_EQ(add(VIR_TYPED_PARAM_INT, " -7"), 0);  // strtol skips leading space
  EXPECT_EQ(p[n - 1].value.i, -7);
  ASSERT_EQ(add(VIR_TYPED_PARAM_UINT, "-1"), 0);  // wraps like two's complement
  EXPECT_EQ(p[n - 1].value.ui, 4294967295u);
  ASSERT_EQ(add(VIR_TYPED_PARAM_UINT, "-4294967295"), 0);
  EXPECT_EQ(p[n - 1].value.ui, 1u);
  ASSERT_EQ(add(VIR_TYPED_PARAM_UINT, "4294967295"), 0);
  EXPECT_EQ(p[n - 1].value.ui, 4294967295u);
  ASSERT_EQ(add(VIR_TYPED_PARAM_LLONG, "-9223372036854775808"), 0);
  EXPECT_EQ(p[n - 1].value.l, INT64_MIN);
  ASSERT_EQ(add(VIR_TYPED_PARAM_ULLONG, "-1"), 0);
  EXPECT_EQ(p[n - 1].value.ul, ~0ULL);
  ASSERT_EQ(add(VIR_TYPED_PARAM_ULLONG, "18446744073709551615"), 0);
  EXPECT_EQ(p[n - 1].value.ul, ~0ULL);
  ASSERT_EQ(add(VIR_TYPED_PARAM_DOUBLE, "1.5"), 0);
  EXPECT_EQ(p[n - 1].value.d, 1.5);
  ASSERT_EQ(add(VIR_TYPED_PARAM_DOUBLE, "0x1p3"), 0);
  EXPECT_EQ(p[n - 1].value.d, 8.0);
  ASSERT_EQ(add(VIR_TYPED_PARAM_DOUBLE, "inf"), 0);
  EXPECT_TRUE(std::isinf(p[n - 1].value.d));
  ASSERT_EQ(add(VIR_TYPED_PARAM_DOUBLE, "nan"), 0);
  EXPECT_TRUE(std::isnan(p[n - 1].value.d));
  for (const char *t : {"TRUE", "true", "1"}) {
    ASSERT_EQ(add(VIR_TYPED_PARAM_BOOLEAN, t), 0);
    EXPECT_EQ(p[n - 1].value.b, 1);
  }
  for (const char *f : {"False", "false", "0"}) {
    ASSERT_EQ(add(VIR_TYPED_PARAM_BOOLEAN, f), 0);
    EXPECT_EQ(p[n - 1].value.b, 0);
  }
  char text[] = "str";
  ASSERT_EQ(add(VIR_TYPED_PARAM_STRING, text), 0);
  EXPECT_STREQ(p[n - 1].value.s, "str");
  EXPECT_NE(p[n - 1].value.s, text);
  EXPECT_EQ(p[n - 1].type, VIR_TYPED_PARAM_STRING);
  EXPECT_STREQ(p[n - 1].field, "f");
  EXPECT_EQ(g_dispatched, 0);
  EXPECT_EQ(virGetLastError(), nullptr);
}

TEST_F(TypedParams, AddFromStringBadValues) {
  struct Case {
    int type;
    const char *value;
    const char *expected;
  } cases[] = {
      {VIR_TYPED_PARAM_INT, "12x", "int"},
      {VIR_TYPED_PARAM_INT, "", "int"},
      {VIR_TYPED_PARAM_INT, "4294967296", "int"},
      {VIR_TYPED_PARAM_INT, "0x10", "int"},
      {VIR_TYPED_PARAM_UINT, "-4294967296", "unsigned int"},
      {VIR_TYPED_PARAM_UINT, "4294967296", "unsigned int"},
      {VIR_TYPED_PARAM_LLONG, "9223372036854775808", "long long"},
      {VIR_TYPED_PARAM_ULLONG, "18446744073709551616", "unsigned long long"},
      {VIR_TYPED_PARAM_DOUBLE, "1,5", "double"},
      {VIR_TYPED_PARAM_DOUBLE, "1e999", "double"},
      {VIR_TYPED_PARAM_DOUBLE, "", "double"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.value);
    EXPECT_EQ(virTypedParamsAddFromString(&p, &n, &max, "f", c.type, c.value), -1);
    expect_error(invalid_arg(std::string("Invalid value for field 'f': expected ") + c.expected));
  }
  EXPECT_EQ(virTypedParamsAddFromString(&p, &n, &max, "f", VIR_TYPED_PARAM_BOOLEAN, "yes"), -1);
  expect_error(invalid_arg("Invalid boolean value for field 'f'"));
  EXPECT_EQ(g_dispatched, 12);
  EXPECT_EQ(n, 0);
  EXPECT_EQ(max, 1);
}

TEST_F(TypedParams, AddFromStringOtherErrors) {
  EXPECT_EQ(virTypedParamsAddFromString(&p, &n, &max, "f", VIR_TYPED_PARAM_INT, nullptr), -1);
  expect_error(invalid_arg("NULL value for field 'f'"));
  EXPECT_EQ(virTypedParamsAddFromString(&p, &n, &max, "f", VIR_TYPED_PARAM_STRING, nullptr), -1);
  expect_error(invalid_arg("NULL value for field 'f'"));
  for (int type : {0, 8, -3, 99}) {
    EXPECT_EQ(virTypedParamsAddFromString(&p, &n, &max, "ok", type, "x"), -1);
    expect_error(internal("unexpected type " + std::to_string(type) + " for field ok"));
  }
  // The checks come in libvirt's order: value, then name, then type.
  std::string name(80, 'y');
  EXPECT_EQ(virTypedParamsAddFromString(&p, &n, &max, name.c_str(), 1, nullptr), -1);
  expect_error(invalid_arg("NULL value for field '" + name + "'"));
  EXPECT_EQ(virTypedParamsAddFromString(&p, &n, &max, name.c_str(), 99, "x"), -1);
  expect_error(internal("Field name '" + name + "' too long"));
  // A NULL name shows as "(null)".
  EXPECT_EQ(virTypedParamsAddFromString(&p, &n, &max, nullptr, 1, nullptr), -1);
  expect_error(invalid_arg("NULL value for field '(null)'"));
  EXPECT_EQ(virTypedParamsAddFromString(&p, &n, &max, nullptr, 9, "x"), -1);
  expect_error(internal("unexpected type 9 for field (null)"));
  EXPECT_EQ(virTypedParamsAddFromString(&p, &n, &max, nullptr, 1, "q"), -1);
  expect_error(invalid_arg("Invalid value for field '(null)': expected int"));
  EXPECT_EQ(n, 0);
}

// ---- Reading ----

class TypedParamsGet : public TypedParams {
 protected:
  void SetUp() override {
    TypedParams::SetUp();
    ASSERT_EQ(virTypedParamsAddInt(&p, &n, &max, "i", -3), 0);
    ASSERT_EQ(virTypedParamsAddUInt(&p, &n, &max, "ui", 3000000000u), 0);
    ASSERT_EQ(virTypedParamsAddLLong(&p, &n, &max, "l", -5000000000LL), 0);
    ASSERT_EQ(virTypedParamsAddULLong(&p, &n, &max, "ul", 18000000000000000000ULL), 0);
    ASSERT_EQ(virTypedParamsAddDouble(&p, &n, &max, "d", 0.25), 0);
    ASSERT_EQ(virTypedParamsAddBoolean(&p, &n, &max, "b", 1), 0);
    ASSERT_EQ(virTypedParamsAddString(&p, &n, &max, "s", "str"), 0);
  }
};

TEST_F(TypedParamsGet, Get) {
  EXPECT_EQ(virTypedParamsGet(p, n, "i"), p);
  EXPECT_EQ(virTypedParamsGet(p, n, "s"), p + 6);
  EXPECT_EQ(virTypedParamsGet(p, n, "missing"), nullptr);
  EXPECT_EQ(virTypedParamsGet(p, 3, "s"), nullptr);  // only the first nparams
  EXPECT_EQ(virTypedParamsGet(nullptr, n, "i"), nullptr);
  EXPECT_EQ(virTypedParamsGet(p, n, nullptr), nullptr);
  EXPECT_EQ(virTypedParamsGet(p, -1, "i"), nullptr);
  // It reports nothing and leaves the last error alone.
  set_stale_error();
  EXPECT_EQ(virTypedParamsGet(p, n, "missing"), nullptr);
  EXPECT_EQ(virTypedParamsGet(p, n, "i"), p);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_INTERNAL_ERROR);
}

TEST_F(TypedParamsGet, TypedGetters) {
  int i = 0, b = 0;
  unsigned ui = 0;
  long long l = 0;
  unsigned long long ul = 0;
  double d = 0;
  const char *s = nullptr;
  EXPECT_EQ(virTypedParamsGetInt(p, n, "i", &i), 1);
  EXPECT_EQ(i, -3);
  EXPECT_EQ(virTypedParamsGetUInt(p, n, "ui", &ui), 1);
  EXPECT_EQ(ui, 3000000000u);
  EXPECT_EQ(virTypedParamsGetLLong(p, n, "l", &l), 1);
  EXPECT_EQ(l, -5000000000LL);
  EXPECT_EQ(virTypedParamsGetULLong(p, n, "ul", &ul), 1);
  EXPECT_EQ(ul, 18000000000000000000ULL);
  EXPECT_EQ(virTypedParamsGetDouble(p, n, "d", &d), 1);
  EXPECT_EQ(d, 0.25);
  EXPECT_EQ(virTypedParamsGetBoolean(p, n, "b", &b), 1);
  EXPECT_EQ(b, 1);
  EXPECT_EQ(virTypedParamsGetString(p, n, "s", &s), 1);
  EXPECT_EQ(s, p[6].value.s);  // not a copy
  // A boolean holding any non-zero byte reads as 1.
  p[5].value.b = 7;
  EXPECT_EQ(virTypedParamsGetBoolean(p, n, "b", &b), 1);
  EXPECT_EQ(b, 1);
  EXPECT_EQ(g_dispatched, 0);
}

TEST_F(TypedParamsGet, MissingNullValueAndNullArguments) {
  int v = 42;
  EXPECT_EQ(virTypedParamsGetInt(p, n, "missing", &v), 0);
  EXPECT_EQ(v, 42);
  EXPECT_EQ(virTypedParamsGetInt(p, n, "i", nullptr), 1);  // only tells it is there
  EXPECT_EQ(virTypedParamsGetString(p, n, "s", nullptr), 1);
  EXPECT_EQ(virTypedParamsGetInt(nullptr, 5, "i", &v), 0);
  EXPECT_EQ(virTypedParamsGetInt(p, n, nullptr, &v), 0);
  EXPECT_EQ(virTypedParamsGetInt(p, 0, "i", &v), 0);
  EXPECT_EQ(v, 42);
  EXPECT_EQ(g_dispatched, 0);
}

TEST_F(TypedParamsGet, GettersResetTheLastError) {
  int v;
  set_stale_error();
  EXPECT_EQ(virTypedParamsGetInt(p, n, "missing", &v), 0);
  EXPECT_EQ(virGetLastError(), nullptr);
  set_stale_error();
  EXPECT_EQ(virTypedParamsGetInt(p, n, "i", &v), 1);
  EXPECT_EQ(virGetLastError(), nullptr);
}

TEST_F(TypedParamsGet, TypeMismatch) {
  int i;
  unsigned ui;
  long long l;
  unsigned long long ul;
  double d;
  const char *s;
  auto msg = [](const char *want, const char *name, const char *actual) {
    return invalid_arg(std::string("Invalid type '") + want + "' requested for parameter '" + name +
                       "', actual type is '" + actual + "'");
  };
  EXPECT_EQ(virTypedParamsGetUInt(p, n, "i", &ui), -1);
  expect_error(msg("uint", "i", "int"));
  EXPECT_EQ(virTypedParamsGetInt(p, n, "ui", &i), -1);
  expect_error(msg("int", "ui", "uint"));
  EXPECT_EQ(virTypedParamsGetULLong(p, n, "l", &ul), -1);
  expect_error(msg("ullong", "l", "llong"));
  EXPECT_EQ(virTypedParamsGetLLong(p, n, "ul", &l), -1);
  expect_error(msg("llong", "ul", "ullong"));
  EXPECT_EQ(virTypedParamsGetBoolean(p, n, "d", &i), -1);
  expect_error(msg("boolean", "d", "double"));
  EXPECT_EQ(virTypedParamsGetDouble(p, n, "s", &d), -1);
  expect_error(msg("double", "s", "string"));
  EXPECT_EQ(virTypedParamsGetString(p, n, "b", &s), -1);
  expect_error(msg("string", "b", "boolean"));
  EXPECT_EQ(g_dispatched, 7);
  // Types outside the enum read as libvirt prints them.
  p[0].type = 0;
  EXPECT_EQ(virTypedParamsGetString(p, n, "i", &s), -1);
  expect_error(msg("string", "i", "unknown"));
  p[0].type = 99;
  EXPECT_EQ(virTypedParamsGetString(p, n, "i", &s), -1);
  expect_error(msg("string", "i", "(null)"));
  p[0].type = -1;
  EXPECT_EQ(virTypedParamsGetBoolean(p, n, "i", &i), -1);
  expect_error(msg("boolean", "i", "(null)"));
  p[0].type = VIR_TYPED_PARAM_INT;
}

TEST_F(TypedParamsGet, NegativeCount) {
  // libvirt reads past the array (or crashes); we refuse.
  int v;
  EXPECT_EQ(virTypedParamsGetInt(p, -1, "i", &v), -1);
  expect_arg_error("nparams in virTypedParamsGetInt must be zero or greater",
                   "virTypedParamsGetInt", "nparams");
  EXPECT_EQ(g_dispatched, 1);
}

// ---- Clear and Free ----

TEST_F(TypedParams, ClearFreesStringsOnly) {
  ASSERT_EQ(virTypedParamsAddString(&p, &n, &max, "s", "x"), 0);
  ASSERT_EQ(virTypedParamsAddInt(&p, &n, &max, "i", 5), 0);
  virTypedParamsClear(p, n);
  EXPECT_EQ(p[0].type, VIR_TYPED_PARAM_STRING);
  EXPECT_EQ(p[0].value.s, nullptr);
  EXPECT_EQ(p[1].value.i, 5);
  virTypedParamsClear(p, n);  // twice is harmless
}

TEST_F(TypedParams, ClearAndFreeAcceptNull) {
  set_stale_error();
  g_dispatched = 0;
  virTypedParamsClear(nullptr, 5);
  virTypedParamsFree(nullptr, 5);
  virTypedParamsFree(nullptr, -1);
  ASSERT_EQ(virTypedParamsAddString(&p, &n, &max, "s", "x"), 0);
  set_stale_error();
  g_dispatched = 0;
  virTypedParamsClear(p, -1);  // nothing to clear
  EXPECT_STREQ(p[0].value.s, "x");
  // They neither reset nor report errors.
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_INTERNAL_ERROR);
  EXPECT_EQ(g_dispatched, 0);
}

TEST_F(TypedParams, FreeReleasesEverything) {
  virTypedParameterPtr q = nullptr;
  int qn = 0, qmax = 0;
  for (int i = 0; i < 20; i++)
    ASSERT_EQ(virTypedParamsAddString(&q, &qn, &qmax, "s", std::to_string(i).c_str()), 0);
  set_stale_error();
  virTypedParamsFree(q, qn);  // leak checkers see the rest
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_INTERNAL_ERROR);
}

// ---- The info-structure Free functions ----

char *dup(const char *s) {
  return strdup(s);
}

TEST_F(TypedParams, InfoFreeAcceptNullAndKeepTheError) {
  set_stale_error();
  g_dispatched = 0;
  virDomainFSInfoFree(nullptr);
  virDomainIOThreadInfoFree(nullptr);
  virDomainInterfaceFree(nullptr);
  virDomainStatsRecordListFree(nullptr);
  virNetworkDHCPLeaseFree(nullptr);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_INTERNAL_ERROR);
  EXPECT_EQ(g_dispatched, 0);
}

TEST_F(TypedParams, InfoFreeReleasesMembers) {
  set_stale_error();
  g_dispatched = 0;

  auto *fs = static_cast<virDomainFSInfoPtr>(std::calloc(1, sizeof(virDomainFSInfo)));
  fs->mountpoint = dup("/");
  fs->name = dup("sda1");
  fs->fstype = dup("ext4");
  fs->ndevAlias = 2;
  fs->devAlias = static_cast<char **>(std::calloc(2, sizeof(char *)));
  fs->devAlias[0] = dup("vda");
  fs->devAlias[1] = dup("vdb");
  virDomainFSInfoFree(fs);

  auto *fs2 = static_cast<virDomainFSInfoPtr>(std::calloc(1, sizeof(virDomainFSInfo)));
  virDomainFSInfoFree(fs2);  // all members NULL

  auto *io = static_cast<virDomainIOThreadInfoPtr>(std::calloc(1, sizeof(virDomainIOThreadInfo)));
  io->iothread_id = 1;
  io->cpumaplen = 1;
  io->cpumap = static_cast<unsigned char *>(std::malloc(1));
  virDomainIOThreadInfoFree(io);

  auto *ifc = static_cast<virDomainInterfacePtr>(std::calloc(1, sizeof(virDomainInterface)));
  ifc->name = dup("eth0");
  ifc->hwaddr = dup("52:54:00:00:00:01");
  ifc->naddrs = 2;
  ifc->addrs = static_cast<virDomainIPAddressPtr>(std::calloc(2, sizeof(virDomainIPAddress)));
  ifc->addrs[0].addr = dup("192.168.0.2");
  ifc->addrs[1].addr = dup("fe80::1");
  virDomainInterfaceFree(ifc);

  auto *lease = static_cast<virNetworkDHCPLeasePtr>(std::calloc(1, sizeof(virNetworkDHCPLease)));
  lease->iface = dup("virbr0");
  lease->mac = dup("52:54:00:00:00:01");
  lease->iaid = nullptr;
  lease->ipaddr = dup("192.168.122.2");
  lease->hostname = dup("guest");
  lease->clientid = dup("01:52:54:00:00:00:01");
  virNetworkDHCPLeaseFree(lease);

  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_INTERNAL_ERROR);
  EXPECT_EQ(g_dispatched, 0);
}

TEST_F(TypedParams, StatsRecordListFree) {
  // Each record's domain is released with virDomainFree.
  auto *conn = new _virConnect;
  virDomainPtr dom = handles::make<_virDomain>(conn, [](_virDomain &d) { d.name = "dom"; });
  handles::ref(dom);  // one for the record, one for us
  auto **list =
      static_cast<virDomainStatsRecordPtr *>(std::calloc(3, sizeof(virDomainStatsRecordPtr)));
  list[0] = static_cast<virDomainStatsRecordPtr>(std::calloc(1, sizeof(virDomainStatsRecord)));
  list[0]->dom = dom;
  ASSERT_EQ(virTypedParamsAddString(&list[0]->params, &list[0]->nparams, &max, "state", "x"), 0);
  max = 0;
  list[1] = static_cast<virDomainStatsRecordPtr>(std::calloc(1, sizeof(virDomainStatsRecord)));
  list[1]->dom = dom;
  handles::ref(dom);
  virDomainStatsRecordListFree(list);
  EXPECT_EQ(dom->refs.load(), 1);
  EXPECT_EQ(virGetLastError(), nullptr);
  EXPECT_EQ(virDomainFree(dom), 0);
  EXPECT_EQ(conn->refs.load(), 1);
  handles::unref(conn);

  // A record without a domain: virDomainFree complains, as in libvirt.
  list = static_cast<virDomainStatsRecordPtr *>(std::calloc(2, sizeof(virDomainStatsRecordPtr)));
  list[0] = static_cast<virDomainStatsRecordPtr>(std::calloc(1, sizeof(virDomainStatsRecord)));
  virDomainStatsRecordListFree(list);
  expect_error({VIR_ERR_INVALID_DOMAIN, VIR_FROM_DOM, "invalid domain pointer in virDomainFree",
                "invalid domain pointer in %s", "virDomainFree"});
  EXPECT_EQ(g_dispatched, 1);

  // An empty list leaves the last error alone.
  set_stale_error();
  list = static_cast<virDomainStatsRecordPtr *>(std::calloc(1, sizeof(virDomainStatsRecordPtr)));
  virDomainStatsRecordListFree(list);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_INTERNAL_ERROR);
}

}  // namespace
