# SPDX-License-Identifier: LGPL-2.1-or-later
"""Host and Hypervisor commands (capabilities, freecell, freepages, nodecpustats,
cpu-compare, version, ...): Debian's virsh and virtkit-sh side by side."""
import os

DEF = "test:///default"

FILES = {
    "cpu-bad.xml": "<cpu><model>x",
    "cpu-none.xml": "<foo/>",
    "cpu-empty.xml": "",
    "cpu-mode.xml": "<?xml version='1.0'?>\n<cpu mode='custom' match='exact'><arch>i686</arch>"
                    "<model fallback='allow'>pentium</model></cpu>\n",
    "cpu-plain.xml": "<cpu><arch>x86_64</arch><model>core2duo</model></cpu>\n",
    "cpu-two.xml": "<cpu><arch>x86_64</arch><model>core2duo</model></cpu>\n"
                   "<cpu><arch>x86_64</arch><model>pentium3</model><feature name='sse'/></cpu>\n",
    "cpu-domain.xml": "<domain type='test'><name>d</name><cpu><model>n270</model></cpu></domain>",
    "cpu-caps.xml": "<capabilities><host><cpu><arch>x86_64</arch><model>Penryn</model></cpu>"
                    "</host></capabilities>",
    "cpu-domcaps.xml": "<domainCapabilities><cpu><mode name='host-model' supported='yes'>"
                       "<model fallback='forbid'>Nehalem</model></mode></cpu>"
                       "</domainCapabilities>",
    "cpu-domcaps-no.xml": "<domainCapabilities><cpu><mode name='host-model' supported='no'/>"
                          "</cpu></domainCapabilities>",
    "cpu-badline.xml": "<cpu>\n  <model>a</model>\n\t<arch>x</arch\n</cpu>\n",
}


def cases(fixtures, tmp):
    p = {}
    for name, text in FILES.items():
        p[name] = os.path.join(tmp, name)
        with open(p[name], "w") as f:
            f.write(text)
    missing = os.path.join(tmp, "cpu-missing.xml")
    custom = "test://" + os.path.join(fixtures, "test_driver", "node.xml")
    c = ["-c", DEF]
    r = ["-r", "-c", DEF]
    q = ["-q", "-c", DEF]
    n = ["-c", custom]
    yield from [
        # allocpages
        c + ["allocpages", "4", "10"], c + ["allocpages", "4", "10", "--all"],
        c + ["allocpages", "2M", "10", "--cellno", "0", "--add"],
        c + ["allocpages", "4", "10", "--all", "--cellno", "0"],
        c + ["allocpages", "4x", "10"], c + ["allocpages", "99999999999999", "10"],
        c + ["allocpages", "4", "-1"], c + ["allocpages", "4", "x"], c + ["allocpages", "4"],
        c + ["allocpages", "4", "1", "--cellno", "x"], r + ["allocpages", "4", "10"],
        # capabilities / domcapabilities / sysinfo
        c + ["capabilities"], r + ["capabilities"], n + ["capabilities"], c + ["capabilities", "x"],
        c + ["domcapabilities"], c + ["domcapabilities", "--virttype", "test", "--arch", "i686"],
        c + ["domcapabilities", "--virttype", ""], c + ["domcapabilities", "--emulatorbin", ""],
        c + ["domcapabilities", "--machine", "pc", "--emulatorbin", "/usr/bin/x"],
        c + ["sysinfo"], r + ["sysinfo"], n + ["sysinfo"], c + ["sysinfo", "x"],
        # cpu-baseline / cpu-compare / cpu-models
        c + ["cpu-baseline", p["cpu-plain.xml"]], c + ["cpu-baseline", p["cpu-mode.xml"]],
        c + ["cpu-baseline", p["cpu-two.xml"]], c + ["cpu-baseline", p["cpu-two.xml"], "--features"],
        c + ["cpu-baseline", p["cpu-plain.xml"], "--migratable"],
        c + ["cpu-baseline", p["cpu-domain.xml"]], c + ["cpu-baseline", p["cpu-caps.xml"]],
        c + ["cpu-baseline", p["cpu-domcaps.xml"]], c + ["cpu-baseline", p["cpu-domcaps-no.xml"]],
        c + ["cpu-baseline", p["cpu-bad.xml"]], c + ["cpu-baseline", p["cpu-none.xml"]],
        c + ["cpu-baseline", p["cpu-empty.xml"]], c + ["cpu-baseline", p["cpu-badline.xml"]],
        c + ["cpu-baseline", missing], c + ["cpu-baseline"], c + ["cpu-baseline", ""],
        r + ["cpu-baseline", p["cpu-plain.xml"]],
        c + ["cpu-compare", p["cpu-plain.xml"]], c + ["cpu-compare", p["cpu-mode.xml"], "--error"],
        c + ["cpu-compare", p["cpu-plain.xml"], "--validate"], c + ["cpu-compare", p["cpu-bad.xml"]],
        c + ["cpu-compare", p["cpu-none.xml"]], c + ["cpu-compare", missing], c + ["cpu-compare"],
        c + ["cpu-compare", p["cpu-domcaps.xml"]], r + ["cpu-compare", p["cpu-plain.xml"]],
        c + ["cpu-models", "x86_64"], c + ["cpu-models", "i686"], c + ["cpu-models", "ppc64"],
        c + ["cpu-models", "foo"], c + ["cpu-models", ""], c + ["cpu-models"],
        q + ["cpu-models", "aarch64"], c + ["cpu-models", "aarch64"], r + ["cpu-models", "x86_64"],
        # hypervisor-cpu-baseline / hypervisor-cpu-compare
        c + ["hypervisor-cpu-baseline", p["cpu-plain.xml"]],
        c + ["hypervisor-cpu-baseline", "--model", "pentium"], c + ["hypervisor-cpu-baseline"],
        c + ["hypervisor-cpu-baseline", "--model", "pentium", "--file", p["cpu-plain.xml"]],
        c + ["hypervisor-cpu-baseline", "--model", ""],
        c + ["hypervisor-cpu-baseline", p["cpu-bad.xml"], "--virttype", "test", "--arch", "i686"],
        c + ["hypervisor-cpu-baseline", missing, "--features", "--migratable", "--machine", "pc"],
        c + ["hypervisor-cpu-baseline", "--emulator", "", "--model", "x"],
        c + ["hypervisor-cpu-compare", p["cpu-plain.xml"]],
        c + ["hypervisor-cpu-compare", p["cpu-plain.xml"], "--error", "--validate", "--arch", "x"],
        c + ["hypervisor-cpu-compare", p["cpu-none.xml"]], c + ["hypervisor-cpu-compare", missing],
        c + ["hypervisor-cpu-compare"], c + ["hypervisor-cpu-compare", p["cpu-plain.xml"],
                                            "--virttype", ""],
        # freecell / freepages
        c + ["freecell"], c + ["freecell", "--all"], c + ["freecell", "--cellno", "0"],
        c + ["freecell", "--cellno", "1"], c + ["freecell", "--cellno", "5"],
        c + ["freecell", "--cellno", "-1"], c + ["freecell", "--cellno", "x"], c + ["freecell", "1"],
        c + ["freecell", "--all", "--cellno", "1"], q + ["freecell", "--all"],
        n + ["freecell", "--all"], n + ["freecell"], r + ["freecell", "--all"],
        c + ["freepages", "--all"], c + ["freepages", "--all", "--pagesize", "2M"],
        c + ["freepages", "--all", "--pagesize", "4"], c + ["freepages", "--cellno", "0", "--pagesize", "4"],
        c + ["freepages", "--cellno", "1", "--pagesize", "1G"], c + ["freepages", "--cellno", "0"],
        c + ["freepages", "--pagesize", "4"], c + ["freepages"],
        c + ["freepages", "--cellno", "-2", "--pagesize", "4"],
        c + ["freepages", "--cellno", "-1", "--pagesize", "4"],
        c + ["freepages", "--cellno", "9", "--pagesize", "4"],
        c + ["freepages", "--cellno", "0", "--pagesize", "4x"],
        c + ["freepages", "--cellno", "0", "--pagesize", "99999999999999"],
        c + ["freepages", "--cellno", "0", "--pagesize", "-4"],
        c + ["freepages", "--cellno", "x", "--pagesize", "4"], c + ["freepages", "--all", "--cellno", "0"],
        c + ["freepages", "--all", "--pagesize", "bad"], n + ["freepages", "--all"],
        r + ["freepages", "--all"], q + ["freepages", "--all"],
        # maxvcpus
        c + ["maxvcpus"], c + ["maxvcpus", "--type", "test"], c + ["maxvcpus", "--type", "kvm"],
        c + ["maxvcpus", "--type", ""], r + ["maxvcpus"], n + ["maxvcpus"],
        # node-memory-tune
        c + ["node-memory-tune"], c + ["node-memory-tune", "--shm-pages-to-scan", "5"],
        c + ["node-memory-tune", "--shm-sleep-millisecs", "5", "--shm-merge-across-nodes", "1"],
        c + ["node-memory-tune", "--shm-pages-to-scan", "x"],
        c + ["node-memory-tune", "--shm-pages-to-scan", "-1"],
        c + ["node-memory-tune", "--shm-merge-across-nodes", "99999999999"],
        r + ["node-memory-tune"], r + ["node-memory-tune", "--shm-pages-to-scan", "5"],
        # nodecpumap / nodecpustats / nodememstats / nodesevinfo / nodeinfo
        c + ["nodecpumap"], c + ["nodecpumap", "--pretty"], n + ["nodecpumap", "--pretty"],
        n + ["nodecpumap"], r + ["nodecpumap"],
        c + ["nodecpustats"], c + ["nodecpustats", "--cpu", "0"], c + ["nodecpustats", "--cpu", "7"],
        c + ["nodecpustats", "--cpu", "99"], c + ["nodecpustats", "--cpu", "-2"],
        c + ["nodecpustats", "--cpu", "x"], c + ["nodecpustats", "--percent"],
        c + ["nodecpustats", "--percent", "--cpu", "1"], r + ["nodecpustats"], n + ["nodecpustats"],
        c + ["nodememstats"], c + ["nodememstats", "--cell", "0"], c + ["nodememstats", "--cell", "x"],
        r + ["nodememstats"],
        c + ["nodesevinfo"], r + ["nodesevinfo"],
        c + ["nodeinfo"], n + ["nodeinfo"], r + ["nodeinfo"], c + ["nodeinfo", "x"],
        # nodesuspend
        c + ["nodesuspend", "mem", "60"], c + ["nodesuspend", "disk", "0"],
        c + ["nodesuspend", "hybrid", "120"], c + ["nodesuspend", "foo", "60"],
        c + ["nodesuspend", "mem", "-1"], c + ["nodesuspend", "mem", "x"],
        c + ["nodesuspend", "mem"], c + ["nodesuspend", "", "60"], c + ["nodesuspend", "foo", "x"],
        r + ["nodesuspend", "mem", "60"],
        # uri / hostname / version
        c + ["uri"], n + ["uri"], c + ["hostname"], n + ["hostname"], c + ["uri", "x"],
        c + ["version"], c + ["version", "--daemon"], r + ["version", "--daemon"],
        n + ["version", "--daemon"], q + ["version", "--daemon"], c + ["version", "x"],
        c + ["uri; hostname; version --daemon; nodeinfo; freecell; maxvcpus"],
    ]
