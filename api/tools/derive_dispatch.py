#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Maintainer tool: annotates api/libvirt.api with how each uniform entry point
dispatches, read from libvirt 9.0.0's sources (interface facts only):

  via=SLOT          the driver slot the entry point calls, with its own arguments
  slot=SLOT         for an entry point written by hand: the slot it calls with
                    its own arguments (the slot's virtual is still generated)
  checks=A,B,...    libvirt's argument checks before the call, in order:
                    nonnull:x null:x nonneg:x positive:x nonzero:x zero:x
                    nonempty:x array:x:n (x may be NULL when n is 0)
                    ro (read-only refusal, when not the first check)
                    excl:F1:F2 (mutually exclusive flags) req:F1:F2 (F1 needs F2)
                    <kind>:x (x must be a valid handle of that kind)
                    init0:x / initnull:x (zero *x / set *x = NULL first, before
                    even the handle check)
                    ret0 (success returns 0 whatever the driver returned)

Entry points with anything else around the call (ad-hoc checks, result
post-processing, different arguments) get no annotation: they are written by
hand in src/api/.  Usage: derive_dispatch.py LIBVIRT_SRC_DIR api/libvirt.api
(rewrites the list in place; idempotent)."""
import glob
import re
import sys

src, listfile = sys.argv[1], sys.argv[2]
DEBUG = len(sys.argv) > 3

funcs = {}
for f in glob.glob(src + "/src/libvirt*.c"):
    text = open(f).read()
    for m in re.finditer(r"\n([a-zA-Z_][\w \*]*?)[\n ](vir\w+)\(([^)]*)\)\n\{(.*?)\n\}\n", text, re.S):
        ret, name, params, body = m.groups()
        funcs[name] = (" ".join(params.split()), body)

HANDLE_CHECK = re.compile(
    r"virCheck(Connect|Domain|Network|NetworkPort|StoragePool|StorageVol|NodeDevice|Interface|"
    r"Secret|Stream|NWFilter|NWFilterBinding|DomainSnapshot|DomainCheckpoint)(Return|Goto)\((\w+)")
KIND = {"Connect": "connect", "Domain": "domain", "Network": "network", "NetworkPort": "networkport",
        "StoragePool": "storagepool", "StorageVol": "storagevol", "NodeDevice": "nodedevice",
        "Interface": "interface", "Secret": "secret", "Stream": "stream", "NWFilter": "nwfilter",
        "NWFilterBinding": "nwfilterbinding", "DomainSnapshot": "domainsnapshot",
        "DomainCheckpoint": "domaincheckpoint"}
ARG_CHECK = {"virCheckNonNullArgGoto": "nonnull", "virCheckNullArgGoto": "null",
             "virCheckNonNegativeArgGoto": "nonneg", "virCheckPositiveArgGoto": "positive",
             "virCheckNonZeroArgGoto": "nonzero", "virCheckZeroArgGoto": "zero",
             "virCheckNonEmptyStringArgGoto": "nonempty"}
DRIVERS = r"(?:driver|networkDriver|storageDriver|interfaceDriver|nodeDeviceDriver|nwfilterDriver|secretDriver)"
GUARD_IF = re.compile(r"\n( *)if \((?:\w+(?:->\w+)*->" + DRIVERS + r"(?: != NULL)?\s+&&\s+)?(\w+(?:->\w+)*)->" + DRIVERS + r"->(\w+)(?: != NULL)?\) \{")


def call_args(text, slot):
    """The argument list of the first call of `slot` in `text` (balanced parentheses)."""
    m = re.search(r"->" + DRIVERS + r"->" + slot + r"\)?\(", text)
    if not m:
        return None
    depth, i = 1, m.end()
    while i < len(text) and depth:
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        i += 1
    inner = " ".join(text[m.end():i - 1].split())
    return [a.strip() for a in inner.split(",")] if inner else []


def analyse(name):
    r = analyse1(name)
    if isinstance(r, str):
        if DEBUG: print(name, r, file=sys.stderr)
        return slot_only(name)
    return r


def slot_only(name):
    """For hand-written entry points: the one slot they call with their own arguments."""
    if name not in funcs:
        return None
    params, body = funcs[name]
    pnames = [] if params == "void" else [re.sub(r"\[.*\]", "", p.split()[-1]).lstrip("*") for p in params.split(",")]
    calls = re.findall(r"->" + DRIVERS + r"->(\w+)\(([^;]*?)\);", body, re.S)
    if len(set(c[0] for c in calls)) != 1:
        return None
    args = [a.strip() for a in " ".join(calls[0][1].split()).split(",")] if calls[0][1].strip() else []
    return ("slot", calls[0][0]) if args == pnames else None


def analyse1(name):
    if name not in funcs:
        return 'reason2'
    params, body = funcs[name]
    pnames = [] if params == "void" else [re.sub(r"\[.*\]", "", p.split()[-1]).lstrip("*") for p in params.split(",")]
    m = GUARD_IF.search(body)
    if not m:
        return 'reason3'
    slot = m.group(3)
    pre, rest = body[: m.start()], body[m.end():]
    end = rest.find("\n" + m.group(1) + "}")
    if end < 0:
        return 'reason4'
    block, after = rest[:end], rest[end:]
    # The block: declare ret, call the slot with our own arguments, test, return.
    args = call_args(block, slot)
    if args is None:
        return 'reason5'
    if args != pnames:
        return 'reason6'
    stmts = [s.strip() for s in re.sub(r"\s+", " ", block).split(";") if s.strip()]
    # "if (slot(args) < 0) goto error; return 0": the result normalised to 0.
    ret0 = False
    if (len(stmts) == 2 and re.match(r"^if \(\(?\w+(->\w+)*\)?\(.*\) < 0\) goto error$", stmts[0])
            and stmts[1] == "return 0"):
        ret0 = True
        stmts = []
    for s in stmts:
        if re.match(r"^[\w \*]+ \*?\w+$", s) and not s.startswith("return "):
            continue
        if re.match(r"^[\w \*]*?\*?\w+ = ", s) and "->" + slot + "(" in s.replace(")(", "("):
            continue
        if s.startswith("ret = ") or re.match(r"^[\w \*]+ret = ", s) or re.match(r"^\w+ = ", s):
            continue
        if re.match(r"^if \((!\w+|\w+ < 0|\w+ == NULL)\) goto error$", s):
            continue
        if re.match(r"^return (\w+|0)$", s):
            continue
        return 'reason7'
    if not re.match(r"\s*\}\s*virReportUnsupportedError\(\);\s*error:\s*virDispatchError\([^)]*\);\s*return [^;]*;\s*$", after):
        return 'reason8'
    # Before the call: only the reset, debug output, declarations and known checks.
    checks = []
    first_check = True
    # Output initialisation libvirt does before anything else.
    while True:
        i = re.match(r"\s*if \((\w+)\)\s*(memset\(\1, 0, sizeof\(\*\1\)\)|\*\1 = NULL);", pre)
        if not i:
            break
        checks.append("%s:%s" % ("init0" if i.group(2).startswith("memset") else "initnull", i.group(1)))
        pre = pre[i.end():]
    for st in re.split(r";\s*\n", pre):
        st = " ".join(st.split())
        if not st or st.startswith("VIR_") and "DEBUG" in st.split("(")[0]:
            continue
        if st in ("virResetLastError()",) or re.match(r"^(virConnectPtr|virNetworkPtr|virDomainPtr|virStoragePoolPtr) \w+$", st):
            continue
        if re.match(r"^conn = \w+(->\w+)*$", st):
            continue
        i = re.match(r"^if \((\w+)\) (memset\(\1, 0, sizeof\(\*\1\)\)|\*\1 = NULL)$", st)
        if i:
            checks.append("%s:%s" % ("init0" if i.group(2).startswith("memset") else "initnull", i.group(1)))
            continue
        h = HANDLE_CHECK.match(st)
        if h:
            if h.group(3) != (pnames[0] if pnames else None):
                checks.append("%s:%s" % (KIND[h.group(1)], h.group(3)))
            continue
        c = re.match(r"^(virCheck\w+)\((.*)\)$", st)
        if c and c.group(1) == "virCheckReadOnlyGoto":
            if not first_check:
                checks.append("ro")
            first_check = False
            continue
        if c and c.group(1) in ARG_CHECK:
            checks.append("%s:%s" % (ARG_CHECK[c.group(1)], c.group(2).split(",")[0].strip()))
            first_check = False
            continue
        if c and c.group(1) == "virCheckNonNullArrayArgGoto":
            a = [x.strip() for x in c.group(2).split(",")]
            checks.append("array:%s:%s" % (a[0], a[1]))
            first_check = False
            continue
        x = re.match(r"^VIR_(EXCLUSIVE_FLAGS|REQUIRE_FLAG)_GOTO\((\w+), (\w+), error\)$", st)
        if x:
            checks.append("%s:%s:%s" % ("excl" if x.group(1) == "EXCLUSIVE_FLAGS" else "req", x.group(2), x.group(3)))
            first_check = False
            continue
        return 'reason9'
    if ret0:
        checks.append("ret0")
    return slot, checks


out = []
stats = {"gen": 0, "manual": 0}
for line in open(listfile):
    if line.startswith("#") or not line.strip():
        out.append(line)
        continue
    cols = line.split()[:5]
    # Streams dispatch to the stream's own driver, not the connection's.
    res = analyse(cols[0]) if cols[3] != "data" and cols[2] != "stream" else None
    text = "%-40s %-15s %-17s %-6s %s" % tuple(cols)
    if res and res[0] == "slot":
        text = "%-84s slot=%s" % (text, res[1])
        stats["manual"] += 1
    elif res:
        slot, checks = res
        text = "%-84s via=%s" % (text, slot)
        if checks:
            text += " checks=" + ",".join(checks)
        stats["gen"] += 1
    else:
        stats["manual"] += 1
    out.append(text.rstrip() + "\n")
open(listfile, "w").writelines(out)
print("generated: %(gen)d, by hand: %(manual)d" % stats, file=sys.stderr)
