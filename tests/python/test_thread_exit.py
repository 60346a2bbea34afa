"""Python ends its daemon threads at exit with pthread_exit when they come
back into the interpreter from a callback: a thread running the default
event loop (libvirt-python's examples/event-test.py) must end quietly, the
process exiting 0, as on libvirt 9.0.0.

Each scenario runs in a fresh interpreter, many times: whether a thread is
inside a callback at exit is a matter of timing. Always test:///default:
through a daemon, slower calls let python itself crash now and then at exit
(PyThreadState_New from PyGILState_Ensure in a callback on a daemon thread,
after finalization took its thread state), with Debian's libvirt as with
virtkit (3 of 100 runs of an error handler on two such threads)."""
import os
import subprocess
import sys
import unittest

URI = "test:///default"

# The default loop in a daemon thread, a timer firing on every iteration.
TIMER = """
import libvirt, threading, time
libvirt.virEventRegisterDefaultImpl()
libvirt.virEventAddTimeout(1, lambda timer, opaque: None, None)
def loop():
    while True:
        libvirt.virEventRunDefaultImpl()
threading.Thread(target=loop, daemon=True).start()
time.sleep(0.2)
"""

# Lifecycle events in flight at exit: a second daemon thread keeps
# suspending and resuming a domain while the loop delivers the events.
EVENTS = """
import libvirt, sys, threading, time
libvirt.virEventRegisterDefaultImpl()
conn = libvirt.open(sys.argv[1])
seen = []
conn.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                            lambda c, d, e, det, o: seen.append(e), None)
def loop():
    while True:
        libvirt.virEventRunDefaultImpl()
def churn():
    c = libvirt.open(sys.argv[1])
    d = c.lookupByName("test")
    while True:
        try:
            d.suspend()
            d.resume()
        except libvirt.libvirtError:
            pass
threading.Thread(target=loop, daemon=True).start()
threading.Thread(target=churn, daemon=True).start()
deadline = time.time() + 5
while not seen and time.time() < deadline:
    time.sleep(0.01)
time.sleep(0.05)
print(len(seen) > 0)
"""

class DaemonThreadsAtExit(unittest.TestCase):
    def run_many(self, script, runs, expect_out=None):
        env = dict(os.environ)
        bad = []
        for i in range(runs):
            p = subprocess.run([sys.executable, "-c", script, URI], env=env,
                               capture_output=True, text=True, timeout=60)
            if p.returncode != 0 or (expect_out is not None
                                     and p.stdout.strip() != expect_out):
                bad.append((i, p.returncode, p.stdout.strip(),
                            p.stderr.strip()[-300:]))
        self.assertEqual(bad, [])

    def test_loop_thread_with_a_timer(self):
        self.run_many(TIMER, 20)

    def test_loop_thread_with_events_in_flight(self):
        self.run_many(EVENTS, 20, expect_out="True")


if __name__ == "__main__":
    unittest.main()
