// SPDX-License-Identifier: LGPL-2.1-or-later
// Streams over the remote protocol: the StreamDriver a remote connection
// attaches to a virStreamPtr when a procedure starts a stream (screenshot,
// volume upload and download, console, channel). Behaves as libvirt's client
// (virNetClientStream and remoteStream*): data goes out as VIR_NET_STREAM
// packets with the starting call's serial (status CONTINUE), holes of sparse
// streams as VIR_NET_STREAM_HOLE, finish as status OK and abort as status
// ERROR (both confirmed by the daemon); what the daemon sends is queued by
// the connection's reader and handed out by receive; an error the daemon
// sends for the stream becomes the error of every later call on it.
#pragma once

#include <memory>

#include "core/handles.h"
#include "drivers/remote/client.h"

namespace virtkit::drivers::remote {

// Attaches a remote stream for procedure `proc` to `st` (replacing any
// driver it had), registered with the connection under a serial reserved
// for the call that starts it, which is returned. `sparse`: holes may be
// sent and received.
uint32_t attach_stream(const std::shared_ptr<virtkit::remote::Client> &client, virStreamPtr st,
                       int proc, bool sparse);
// Undoes attach_stream after the starting call failed: the stream has no
// driver again.
void detach_stream(const std::shared_ptr<virtkit::remote::Client> &client, virStreamPtr st);

// Makes the remote call P, which starts a stream on `st`.
template <int P>
Result<typename virtkit::remote::proto::Proc<P>::ret> call_with_stream(
    const std::shared_ptr<virtkit::remote::Client> &client, virStreamPtr st, bool sparse,
    typename virtkit::remote::proto::Proc<P>::args &args) {
  uint32_t serial = attach_stream(client, st, P, sparse);
  auto r = client->template call<P>(args, serial);
  if (!r.ok()) detach_stream(client, st);
  return r;
}

}  // namespace virtkit::drivers::remote
