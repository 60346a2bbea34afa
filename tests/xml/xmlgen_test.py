#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""src/xml/xmlgen.py: a description with a mistake is refused with its line,
never turned into code; the repository's descriptions generate the same code
twice (the build depends on it being deterministic).

  xmlgen_test.py SOURCE_ROOT"""
import os
import subprocess
import sys
import tempfile

ROOT = sys.argv[1]
GEN = os.path.join(ROOT, 'src/xml/xmlgen.py')
failures = []


def run(desc_text):
    with tempfile.TemporaryDirectory() as d:
        desc = os.path.join(d, 't.xd')
        with open(desc, 'w') as f:
            f.write(desc_text)
        h, c = os.path.join(d, 't.h'), os.path.join(d, 't.cc')
        p = subprocess.run([sys.executable, GEN, desc, '--header', h, '--source', c,
                            '--include', 't.h'], capture_output=True, text=True)
        out = None
        if p.returncode == 0:
            with open(h) as fh, open(c) as fc:
                out = fh.read() + fc.read()
        return p.returncode, p.stderr, out


BAD = [
    ('unknown statement', 'elemnt a A\n', 'line 1: unknown statement'),
    ('member outside element', '  attr x string\n', 'line 1: member outside an element'),
    ('unknown type', 'element a A\n  attr x nosuch\n', "line 2: unknown type 'nosuch'"),
    ('unknown flag', 'element a A\n  attr x uint sometimes\n', "unknown attribute flag 'sometimes'"),
    ('unknown child type', 'element a A\n  child b B ?\n', "line 2: unknown element type 'B'"),
    ('bad cardinality', 'element b B\nelement a A\n  child b B +\n', 'line 3: child NAME TYPE'),
    ('condition on unknown attribute', 'element a A\n  attr x string if y=1\n',
     "condition on unknown attribute 'y'"),
    ('condition value not in enum', 'enum E p q\nelement a A\n  attr t E required\n'
     '  attr x string if t=r\n', "'r' is not a value of E"),
    ('parent condition without parent', 'element a A\n  attr x string if ^t=1\n',
     '^condition on an element without parent'),
    ('default not in enum', 'enum E p q\nelement a A\n  attr t E default=z\n',
     "'z' is not a value of E"),
    ('required with default', 'enum E p q\nelement a A\n  attr t E required default=p\n',
     'a required attribute has no default'),
    ('bad error option', 'enum E p\nelement a A\n  attr t E invalid=oops\n',
     'expected CODE:message'),
    ('unbalanced quote', 'enum E p\nelement a A\n  attr t E invalid="X:y\n', 'line 3:'),
    ('duplicate enum', 'enum E p\nenum E q\n', 'line 2: enum E again'),
    ('two parents', 'enum E p\nelement c C\n  attr x string if ^t=p\n'
     'element a A\n  attr t E required\n  child c C ?\n'
     'element b B\n  attr t E required\n  child c C ?\n', 'C uses ^conditions and has two parents'),
    ('allow without refused', 'enum E p q\nelement a A\n  attr t E required allow=p\n',
     'allow= and refused= go together'),
    ('allow value not in enum', 'enum E p q\nelement a A\n  attr t E required allow=r '
     'refused="XML_ERROR:no"\n', "'r' is not a value of E"),
    ('invalid=stop on a string', 'element a A\n  attr x string invalid=stop\n',
     'invalid=stop is for enums and tristates'),
    ('invalid=silent on an enum', 'enum E p\nelement a A\n  attr t E invalid=silent\n',
     'invalid=silent is for numbers'),
    ('xpath on a size', 'element a A\n  attr x kib xpath\n', 'line 2: xpath reads'),
    ('presence of a required attribute', 'element a A\n  attr x string required\n'
     '  attr y string if x\n', "'x' is never absent"),
    ('presence of an unknown member', 'element a A\n  attr y string if !z\n',
     "condition on unknown member 'z'"),
]
for label, text, want in BAD:
    rc, err, _ = run(text)
    if rc == 0 or want not in err:
        failures.append('%s: rc=%d stderr=%r (want %r)' % (label, rc, err.strip(), want))

# The readers libvirt's XPath-based formats need (interface.xd), in the code.
GOOD = """enum E none p q
element c C
  xpath
  attr n int invalid="XML_ERROR:bad n"
element a A
  endtag
  parse t d
  attr t E required allow=p refused="XML_ERROR:no %s here"
  attr s tristate_switch invalid=stop
  attr m uint invalid=silent
  flag f if t=q
  child c C ? missing="XML_ERROR:a misses c"
  child d C ? if !c
"""
WANT = ['xml::prop_xpath(node, "n", true)', 'util::str_to_i(v->c_str(), 10, n)',
        '"no %s here", to_string(x.t)', 'else\n      return Status();',
        'return generic_failure();', 'if (x.t == E::q) {', 'if (!n) return error(',
        '"a misses c"', 'if (!x.c.has_value()) {', 'xml::format_element_endtag(out, "a"']
rc, err, out = run(GOOD)
if rc != 0:
    failures.append('features: %s' % err.strip())
else:
    failures += ['features: no %r in the code' % w for w in WANT if w not in out]
    if out.index('"d")) continue;') > out.index('"c")) continue;'):
        failures.append('features: `parse` does not read the child d first')

for name in ('domain.xd', 'interface.xd'):
    with open(os.path.join(ROOT, 'src/xml/desc', name)) as f:
        real = f.read()
    rc1, err1, out1 = run(real)
    rc2, _, out2 = run(real)
    if rc1 != 0:
        failures.append('%s: %s' % (name, err1.strip()))
    elif out1 != out2:
        failures.append('%s: two runs differ' % name)
    elif 'Generated by src/xml/xmlgen.py from src/xml/desc/t.xd' not in out1:
        failures.append('the generated files do not say where they come from')

for f in failures:
    print('FAIL', f)
print('%d checks, %d failed' % (len(BAD) + 3, len(failures)))
sys.exit(1 if failures else 0)
