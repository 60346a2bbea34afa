// Entry points for streams. A stream gets a StreamDriver from the operation
// that starts using it; until then every data call is unsupported.
#include <cerrno>
#include <memory>

#include "api/accessors.h"

using namespace virtkit;
using namespace virtkit::api;

namespace {

// libvirt's buffer for the *All helpers (VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX).
constexpr size_t kChunk = 262120;

// Calls `op` on the stream's driver, or reports "unsupported".
template <class Op>
Result<int> with_driver(virStreamPtr st, Op &&op) {
  auto drv = st->get_driver();
  if (!drv) return unsupported();
  return op(*drv);
}

Status handler_failed(const char *what) {
  int err = errno ? errno : EIO;
  return system_error(VIR_FROM_STREAMS, err, "%s", what);
}

// The failure of an *All helper: abort the stream, keep the first error.
Status abort_with(virStreamPtr st, Status s) {
  virStreamAbort(st);
  return s;
}

Status no_sources_on_nonblocking(bool sink) {
  return error(VIR_FROM_STREAMS, VIR_ERR_OPERATION_INVALID, "%s",
               sink ? "data sinks cannot be used for non-blocking streams"
                    : "data sources cannot be used for non-blocking streams");
}

}  // namespace

virStreamPtr virStreamNew(virConnectPtr conn, unsigned int flags) {
  return entry<Api::virStreamNew>(conn, [&](const Call &) -> Result<virStreamPtr> {
    return handles::make<_virStream>(conn, [&](_virStream &st) { st.flags = flags; });
  });
}

int virStreamRef(virStreamPtr st) {
  return ref_handle<Api::virStreamRef>(st);
}
int virStreamFree(virStreamPtr st) {
  return free_handle<Api::virStreamFree>(st);
}

int virStreamSend(virStreamPtr st, const char *data, size_t nbytes) {
  return entry<Api::virStreamSend>(st, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(data, "data"));
    return with_driver(st, [&](auto &d) { return d.streamSend(st, data, nbytes); });
  });
}

int virStreamRecv(virStreamPtr st, char *data, size_t nbytes) {
  return entry<Api::virStreamRecv>(st, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(data, "data"));
    return with_driver(st, [&](auto &d) { return d.streamRecv(st, data, nbytes); });
  });
}

int virStreamRecvFlags(virStreamPtr st, char *data, size_t nbytes, unsigned int flags) {
  return entry<Api::virStreamRecvFlags>(st, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(data, "data"));
    return with_driver(st, [&](auto &d) { return d.streamRecvFlags(st, data, nbytes, flags); });
  });
}

int virStreamSendHole(virStreamPtr st, long long length, unsigned int flags) {
  return entry<Api::virStreamSendHole>(st, [&](const Call &) -> Result<int> {
    return with_driver(st, [&](auto &d) { return d.streamSendHole(st, length, flags); });
  });
}

int virStreamRecvHole(virStreamPtr st, long long *length, unsigned int flags) {
  return entry<Api::virStreamRecvHole>(st, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(length, "length"));
    return with_driver(st, [&](auto &d) { return d.streamRecvHole(st, length, flags); });
  });
}

int virStreamEventAddCallback(virStreamPtr st, int events, virStreamEventCallback cb, void *opaque,
                              virFreeCallback ff) {
  return entry<Api::virStreamEventAddCallback>(st, [&](const Call &) -> Result<int> {
    return with_driver(
        st, [&](auto &d) { return d.streamEventAddCallback(st, events, cb, opaque, ff); });
  });
}

int virStreamEventUpdateCallback(virStreamPtr st, int events) {
  return entry<Api::virStreamEventUpdateCallback>(st, [&](const Call &) -> Result<int> {
    return with_driver(st, [&](auto &d) { return d.streamEventUpdateCallback(st, events); });
  });
}

int virStreamEventRemoveCallback(virStreamPtr st) {
  return entry<Api::virStreamEventRemoveCallback>(st, [&](const Call &) -> Result<int> {
    return with_driver(st, [&](auto &d) { return d.streamEventRemoveCallback(st); });
  });
}

int virStreamFinish(virStreamPtr st) {
  return entry<Api::virStreamFinish>(st, [&](const Call &) -> Result<int> {
    return with_driver(st, [&](auto &d) { return d.streamFinish(st); });
  });
}

int virStreamAbort(virStreamPtr st) {
  return entry<Api::virStreamAbort>(st, [&](const Call &) -> Result<int> {
    auto drv = st->get_driver();
    if (!drv) return 0;  // nothing started: nothing to abort
    return drv->streamAbort(st);
  });
}

int virStreamSendAll(virStreamPtr st, virStreamSourceFunc handler, void *opaque) {
  return entry<Api::virStreamSendAll>(st, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(handler, "handler"));
    if (st->flags & VIR_STREAM_NONBLOCK) return no_sources_on_nonblocking(false);
    auto buf = std::make_unique<char[]>(kChunk);
    errno = 0;
    for (;;) {
      int got = handler(st, buf.get(), kChunk, opaque);
      if (got < 0) return abort_with(st, handler_failed("send handler failed"));
      if (got == 0) break;
      for (int off = 0; off < got;) {
        int done = virStreamSend(st, buf.get() + off, static_cast<size_t>(got - off));
        if (done < 0) return abort_with(st, errstore::current_status());
        off += done;
      }
    }
    return 0;
  });
}

int virStreamRecvAll(virStreamPtr st, virStreamSinkFunc handler, void *opaque) {
  return entry<Api::virStreamRecvAll>(st, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(handler, "handler"));
    if (st->flags & VIR_STREAM_NONBLOCK) return no_sources_on_nonblocking(true);
    auto buf = std::make_unique<char[]>(kChunk);
    errno = 0;
    for (;;) {
      int got = virStreamRecv(st, buf.get(), kChunk);
      if (got < 0) return abort_with(st, errstore::current_status());
      if (got == 0) break;
      for (int off = 0; off < got;) {
        int done = handler(st, buf.get() + off, static_cast<size_t>(got - off), opaque);
        if (done < 0) return abort_with(st, handler_failed("recv handler failed"));
        off += done;
      }
    }
    return 0;
  });
}

int virStreamSparseSendAll(virStreamPtr st, virStreamSourceFunc handler,
                           virStreamSourceHoleFunc holeHandler, virStreamSourceSkipFunc skipHandler,
                           void *opaque) {
  return entry<Api::virStreamSparseSendAll>(st, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(handler, "handler"));
    VK_TRY(c.nonnull(holeHandler, "holeHandler"));
    VK_TRY(c.nonnull(skipHandler, "skipHandler"));
    if (st->flags & VIR_STREAM_NONBLOCK) return no_sources_on_nonblocking(false);
    auto buf = std::make_unique<char[]>(kChunk);
    unsigned long long data_len = 0;
    errno = 0;
    for (;;) {
      if (!data_len) {
        int in_data = 0;
        long long section = 0;
        if (holeHandler(st, &in_data, &section, opaque) < 0)
          return abort_with(st, handler_failed("send holeHandler failed"));
        if (!in_data && section) {
          if (virStreamSendHole(st, section, 0) < 0)
            return abort_with(st, errstore::current_status());
          if (skipHandler(st, section, opaque) < 0)
            return abort_with(st, handler_failed("send skipHandler failed"));
          continue;
        }
        data_len = static_cast<unsigned long long>(section);
      }
      size_t want = kChunk < data_len ? kChunk : static_cast<size_t>(data_len);
      int got = handler(st, buf.get(), want, opaque);
      if (got < 0) return abort_with(st, handler_failed("send handler failed"));
      if (got == 0) break;
      for (int off = 0; off < got;) {
        int done = virStreamSend(st, buf.get() + off, static_cast<size_t>(got - off));
        if (done < 0) return abort_with(st, errstore::current_status());
        off += done;
        data_len -= static_cast<unsigned long long>(done);
      }
    }
    return 0;
  });
}

int virStreamSparseRecvAll(virStreamPtr st, virStreamSinkFunc handler,
                           virStreamSinkHoleFunc holeHandler, void *opaque) {
  return entry<Api::virStreamSparseRecvAll>(st, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(handler, "handler"));
    VK_TRY(c.nonnull(holeHandler, "holeHandler"));
    if (st->flags & VIR_STREAM_NONBLOCK) return no_sources_on_nonblocking(true);
    auto buf = std::make_unique<char[]>(kChunk);
    errno = 0;
    for (;;) {
      int got = virStreamRecvFlags(st, buf.get(), kChunk, VIR_STREAM_RECV_STOP_AT_HOLE);
      if (got == -3) {  // at a hole
        long long len = 0;
        if (virStreamRecvHole(st, &len, 0) < 0) return abort_with(st, errstore::current_status());
        if (holeHandler(st, len, opaque) < 0)
          return abort_with(st, handler_failed("recv holeHandler failed"));
        continue;
      }
      if (got < 0) return abort_with(st, errstore::current_status());
      if (got == 0) break;
      for (int off = 0; off < got;) {
        int done = handler(st, buf.get() + off, static_cast<size_t>(got - off), opaque);
        if (done < 0) return abort_with(st, handler_failed("recv handler failed"));
        off += done;
      }
    }
    return 0;
  });
}
