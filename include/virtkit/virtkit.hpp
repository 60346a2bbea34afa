// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit's C++ API: every header of it.
///
/// Header-only, over the public libvirt C API of the same library; it adds no
/// symbol to libvirt.so.0. Every call that fails in C throws virtkit::Error in
/// its plain form and returns an error-holding virtkit::Expected<T> in its try_
/// form; the error is copied right after the failing C call, so it carries the
/// same fields a C caller reads through virGetLastError. The C library's error
/// handlers (virSetErrorFunc, the default one printing to stderr) run as usual.
#pragma once

#include <virtkit/checkpoint.hpp>
#include <virtkit/connection.hpp>
#include <virtkit/domain.hpp>
#include <virtkit/error.hpp>
#include <virtkit/event_loop.hpp>
#include <virtkit/events.hpp>
#include <virtkit/handle.hpp>
#include <virtkit/host.hpp>
#include <virtkit/interface.hpp>
#include <virtkit/library.hpp>
#include <virtkit/network.hpp>
#include <virtkit/nodedev.hpp>
#include <virtkit/nwfilter.hpp>
#include <virtkit/secret.hpp>
#include <virtkit/snapshot.hpp>
#include <virtkit/storage.hpp>
#include <virtkit/stream.hpp>
#include <virtkit/typed_params.hpp>
