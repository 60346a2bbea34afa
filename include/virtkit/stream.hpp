// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::Stream: a data stream (virStreamPtr) for uploads, downloads and consoles.
#pragma once

#include <virtkit/connection.hpp>
#include <virtkit/detail.hpp>
#include <virtkit/handle.hpp>

namespace virtkit {

/// A data stream (virStreamPtr).
///
/// Copies share the stream (virStreamRef / virStreamFree). Thread-safety: one
/// thread may send while another receives; calls of the same direction must not
/// overlap.
class Stream : public Handle<virStreamPtr, virStreamRef, virStreamFree> {
 public:
  using Handle::Handle;

  //!@{
  /// A new stream on @p conn, with VIR_STREAM_NONBLOCK in @p flags for a
  /// non-blocking one (virStreamNew).
  static Expected<Stream> try_create(const Connection &conn, unsigned flags = 0) {
    return detail::adopt<Stream>(virStreamNew(conn.get(), flags));
  }
  static Stream create(const Connection &conn, unsigned flags = 0) {
    return try_create(conn, flags).value();
  }
  //!@}
};

}  // namespace virtkit
