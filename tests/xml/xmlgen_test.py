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
]
# Variant attributes, hooks, ordered children and their mistakes.
VARIANT = ('enum T a b c\nenum MA x y\nenum MB y z\nelement e E\n'
           '  attr t T default=a\n')
BAD += [
    ('variant of a string', VARIANT + '  attr m MA if t=a\n  attr m string if t=b\n',
     "variants of 'm' are enums with conditions"),
    ('variant without condition', VARIANT + '  attr m MA if t=a\n  attr m MB\n',
     "variants of 'm' are enums with conditions"),
    ('variant options on a later line', VARIANT + '  attr m MA if t=a\n'
     '  attr m MB invalid="X:bad %s" if t=b\n', 'takes its options from the first line'),
    ('condition value in no variant', VARIANT + '  attr m MA if t=a\n  attr m MB if t=b\n'
     '  attr n string if m=w\n', "'w' is not a value of m"),
    ('readalways without condition', VARIANT + '  attr n int readalways\n',
     'readalways needs a condition'),
    ('two members one field', 'element b B\nelement a A\n  attr model string\n'
     '  child model B ?\n', "two members are both 'model'"),
    ('hook of no type', 'element a A\n  hook h E\n', 'line 2: hook NAME TYPE'),
    ('multiple= with a value', 'element b B\nelement a A\n  child b B ? multiple="X:%s"\n',
     'multiple= takes no %s'),
    ('parse order names an unknown child', 'element a A\n  parse <b>\n',
     'parse order names unknown attributes'),
]
GOOD = [
    ('variant', VARIANT + '  parse m t <k>\n  attr m MA invalid="CONFIG_UNSUPPORTED:no %s" if t=a\n'
     '  attr m MB if t=b\n  attr n int keepzero readalways if t=b\n'
     '  child k K ? field=kk multiple="XML_ERROR:two k"\n  info if !m=y\n'
     '  hook h ull if m=z\nelement k K\n  attr v string\n',
     ['int m = -1;', 'i = xml::enum_from_string(kMBNames, *v);',
      'return error(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED, "no %s", v->c_str());',
      'if (!(x.t == T::b)) x.n = {};', 'std::optional<K> kk;',
      'return error(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR, "%s", "two k");',
      'if (!(((x.t == T::a) && x.m == static_cast<int>(MA::y)) || '
      '((x.t == T::b) && x.m == static_cast<int>(MB::y))))',
      'Status parse_h(xmlNodePtr node, E &x);', 'void format_h(xml::Buffer &buf, const E &x);',
      'format_h(child, x);',
      'buf.escape(" m=\'%s\'", to_string(static_cast<MB>(x.m)));']),
]
for label, text, want in BAD:
    rc, err, _ = run(text)
    if rc == 0 or want not in err:
        failures.append('%s: rc=%d stderr=%r (want %r)' % (label, rc, err.strip(), want))
for label, text, wants in GOOD:
    rc, err, out = run(text)
    if rc != 0:
        failures.append('%s: %s' % (label, err.strip()))
        continue
    for want in wants:
        if want not in out:
            failures.append('%s: no %r in the output' % (label, want))
    # the model is read before t (parse order), the child before n
    if out.index('"m")') > out.index('"t"') or out.index('"k")') > out.index('"n"'):
        failures.append('%s: parse order not kept' % label)

with open(os.path.join(ROOT, 'src/xml/desc/domain.xd')) as f:
    real = f.read()
rc1, err1, out1 = run(real)
rc2, _, out2 = run(real)
if rc1 != 0:
    failures.append('domain.xd: %s' % err1.strip())
elif out1 != out2:
    failures.append('domain.xd: two runs differ')
elif 'Generated by src/xml/xmlgen.py from src/xml/desc/t.xd' not in out1:
    failures.append('the generated files do not say where they come from')

for f in failures:
    print('FAIL', f)
print('%d checks, %d failed' % (len(BAD) + len(GOOD) + 1, len(failures)))
sys.exit(1 if failures else 0)
