# SPDX-License-Identifier: LGPL-2.1-or-later
"""virsh's event commands: listing, option checks and waits that time out."""

DEF = "test:///default"


def cases(fixtures, tmp):
    c = ["-c", DEF]
    yield from [
        c + ["event", "--list"], c + ["event"], c + ["event", "--event", "bogus"],
        c + ["event", "--all", "--event", "lifecycle"], c + ["event", "--list", "--all"],
        c + ["event", "--list", "--event", "reboot"],
        c + ["event", "--all", "--timeout", "1"], c + ["event", "--all", "--timeout", "0"],
        c + ["event", "--all", "--timeout", "-1"], c + ["event", "--all", "--timeout", "x"],
        c + ["event", "--all", "--timeout", "2147484"],
        c + ["event", "--event", "lifecycle", "--timeout", "1", "--domain", "test"],
        c + ["event", "--all", "--timeout", "1", "--domain", "nosuch"],
        c + ["event", "--all", "--loop", "--timeout", "1", "--timestamp"],
        c + ["event", "--event", "tunable", "--loop", "--timeout", "1", "test"],
        ["-q"] + c + ["event", "--all", "--timeout", "1"],
    ]
    yield from [
        c + ["net-event", "--list"], c + ["net-event"], c + ["net-event", "--event", "bogus"],
        c + ["net-event", "--event", "lifecycle", "--timeout", "1"],
        c + ["net-event", "--event", "lifecycle", "--timeout", "1", "--network", "nosuch"],
        c + ["net-event", "--event", "lifecycle", "--timeout", "1", "--network", "default",
             "--loop", "--timestamp"],
        c + ["net-event", "--event", "lifecycle", "--timeout", "0"],
    ]
    for cmd in (["pool-event", "--list"], ["pool-event"], ["pool-event", "--event", "bogus"],
                ["pool-event", "--event", "refresh", "--timeout", "1"],
                ["pool-event", "--event", "lifecycle", "--pool", "nosuch", "--timeout", "1"],
                ["pool-event", "--event", "lifecycle", "--pool", "default-pool", "--timeout", "1",
                 "--loop", "--timestamp"],
                ["nodedev-event", "--list"], ["nodedev-event", "--event", "update", "--timeout", "1"],
                ["nodedev-event", "--event", "update", "--timeout", "1", "--device", "nosuch"],
                ["nodedev-event", "--event", "lifecycle", "--timeout", "1", "--device", "computer"],
                ["secret-event", "--list"], ["secret-event", "--event", "bogus"],
                ["secret-event", "--event", "value-changed", "--timeout", "1", "--secret", "x"],
                ["secret-event", "--event", "lifecycle", "--timeout", "1"],
                ["qemu-monitor-event", "--timeout", "1"], ["qemu-monitor-event", "--timeout", "0"],
                ["qemu-monitor-event", "nosuch"],
                ["qemu-monitor-event", "test", "--event", "x", "--pretty", "--regex", "--no-case",
                 "--loop", "--timestamp"]):
        yield c + cmd
