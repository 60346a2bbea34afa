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
    ('parse order names unknown child', 'element a A\n  attr x string\n  parse x b\n',
     'parse order names unknown attributes'),
    ('info condition on unknown attribute', 'element a A\n  info if y=1\n',
     "condition on unknown attribute 'y'"),
    ('yesonly on a string', 'element a A\n  attr x string yesonly\n',
     'line 2: yesonly is for an optional tristate_bool'),
    ('lax without yesonly', 'element a A\n  attr x tristate_bool lax\n', 'lax goes with yesonly'),
    ('two members, one field', 'element b B\nelement a A\n  child b B ? as=x\n  attr x string\n',
     'two members of A have one field name'),
    ('unknown hook role', 'element a A\n  hook h sometimes\n', 'line 2: hook NAME'),
    ('flags from nowhere', 'element b B\n  withflags\nelement a A\n  child b B ?\n',
     'line 4: B takes flags; A has none to give'),
    ('parse order names a print-only hook', 'element a A\n  parse h\n  hook h format\n',
     'parse order names unknown'),
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

# A child named in `parse` is read there, before the device info; a
# conditional `info` is read and printed under its condition.
rc, err, out = run('enum M p none\nelement s S\n  attr n int\n'
                   'element a A\n  parse m s info\n  attr m M required\n'
                   '  child s S ?\n  info if m=p\n')
if rc != 0:
    failures.append('parse order with a child: %s' % err.strip())
else:
    body = out[out.index('Status parse(xmlNodePtr node, A &x)'):]
    if not (body.index('"s"') < body.index('parse_device_info') and
            'if (x.m == M::p) VK_TRY(parse_device_info' in body and
            'if (x.m == M::p) format_device_info' in body):
        failures.append('parse order with a child / info condition: not generated as described')

# Hooks, plain fields, yesonly/lax, as=, withflags, open and a parse order
# naming a hook and a child: the code calls each at its place.
GOOD = ('enum T p q\nelement b B\n  attr y string\nelement a A\n  withflags\n  open if t=p\n'
        '  parse t h b2\n  attr t T required\n  field n int\n'
        '  attr f tristate_bool yesonly if t=p\n  attr g tristate_bool yesonly lax\n'
        '  hook h if t=q\n  hook k children format\n  child b B ? as=b2\n')
rc, err, out = run(GOOD)
if rc != 0:
    failures.append('hooks: %s' % err.strip())
else:
    want = ['Status parse_h(xmlNodePtr node, A &x, unsigned flags);',
            'void format_k(xml::Buffer &buf, const A &x, unsigned flags);',
            'void format_h(xml::Buffer &buf, const A &x, unsigned flags);',
            '  int n{};', '  bool f{};', '  std::optional<B> b2;',
            'x.g = xml::prop(node, "g") == "yes";', 'if (x.f) buf.add(" f=\'yes\'");',
            'if (x.t == T::q) format_h(buf, x, flags);', 'format_k(child, x, flags);',
            'if ((x.t == T::p) && child.empty())']
    missing = [w for w in want if w not in out]
    order = [out.find(w) for w in ('VK_TRY(parse_h(node, x, flags));', 'x.b2.emplace()',
                                   '"f", xml::kPropNone')]
    if missing or -1 in order or order != sorted(order):
        failures.append('hooks: missing %r, read order %r' % (missing, order))

# Variant attributes, readalways, multiple=, negated conditions and a hook
# with a member, and their mistakes.
VARIANT = ('enum T a b c\nenum MA x y\nenum MB y z\nelement e E\n'
           '  attr t T default=a\n')
BAD2 = [
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
    ('multiple= with a value', 'element b B\nelement a A\n  child b B ? multiple="X:%s"\n',
     'multiple= takes no %s'),
]
for label, text, want in BAD2:
    rc, err, _ = run(text)
    if rc == 0 or want not in err:
        failures.append('%s: rc=%d stderr=%r (want %r)' % (label, rc, err.strip(), want))
rc, err, out = run(VARIANT + '  parse m t kk\n  attr m MA invalid="CONFIG_UNSUPPORTED:no %s" if t=a\n'
                   '  attr m MB if t=b\n  attr n int keepzero readalways if t=b\n'
                   '  child k K ? as=kk multiple="XML_ERROR:two k"\n  info if !m=y\n'
                   '  field h "std::optional<unsigned long long>"\n  hook h children if m=z\n'
                   'element k K\n  attr v string\n')
wants = ['int m = -1;', 'i = xml::enum_from_string(kMBNames, *v);',
         'return error(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED, "no %s", v->c_str());',
         'if (!(x.t == T::b)) x.n = {};', 'std::optional<K> kk;',
         'return error(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR, "%s", "two k");',
         'if (!(((x.t == T::a) && x.m == static_cast<int>(MA::y)) || '
         '((x.t == T::b) && x.m == static_cast<int>(MB::y))))',
         'Status parse_h(xmlNodePtr node, E &x);', 'void format_h(xml::Buffer &buf, const E &x);',
         'format_h(child, x);', 'buf.escape(" m=\'%s\'", to_string(static_cast<MB>(x.m)));']
if rc != 0:
    failures.append('variants: %s' % err.strip())
else:
    for want in wants:
        if want not in out:
            failures.append('variants: no %r in the output' % want)
    if out.index('"m")') > out.index('"t"') or out.index('"k")') > out.index('"n"'):
        failures.append('variants: parse order not kept')

# The readers libvirt's XPath-based formats need (interface.xd), in the code.
XPATH = """enum E none p q
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
        '"a misses c"', 'if (!x.c.has_value())', 'xml::format_element_endtag(out, "a"']
rc, err, out = run(XPATH)
if rc != 0:
    failures.append('xpath features: %s' % err.strip())
else:
    failures += ['xpath features: no %r in the code' % w for w in WANT if w not in out]
    if out.index('"d")) continue;') > out.index('"c")) continue;'):
        failures.append('xpath features: `parse` does not read the child d first')

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
print('%d checks, %d failed' % (len(BAD) + len(BAD2) + 5, len(failures)))
sys.exit(1 if failures else 0)
