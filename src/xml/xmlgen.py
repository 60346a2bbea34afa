#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Makes C++ from an XML format description (src/xml/desc/*.xd): one enum
class per `enum`, one struct per `element`, and for each element a parser
(libxml2, libvirt's virXMLProp* errors) and a formatter (libvirt's
attribute and element order). The language is described in docs/xml.md.

  xmlgen.py DESC.xd --header OUT.h --source OUT.cc --include NAME.h
"""
import argparse
import re
import shlex
import sys

BUILTIN = {'string', 'uint', 'int', 'ull', 'tristate_bool', 'tristate_switch', 'kib',
           'cpuset'}
ATTR_FLAGS = {'required', 'nonzero', 'nonneg', 'keepzero', 'hex', 'anybase', 'raw', 'xpath'}
ERR_OPTIONS = ('missing=', 'invalid=', 'refused=')
# invalid= without a message: stop reading the element (keeping what was read),
# or fail without a message (libvirt's virXPathInt -2 left unreported).
INVALID_ACTIONS = ('invalid=stop', 'invalid=silent')
CPP_KEYWORDS = {'default', 'auto', 'static', 'none_', 'int', 'unsigned', 'bool', 'char',
                'double', 'float', 'long', 'short', 'signed', 'void', 'const', 'class',
                'struct', 'union', 'enum', 'public', 'private', 'protected', 'virtual',
                'delete', 'new', 'this', 'true', 'false', 'and', 'or', 'not', 'xor',
                'namespace', 'template', 'typename', 'operator', 'register', 'export',
                'inline', 'friend', 'goto', 'switch', 'case', 'if', 'else', 'for', 'while',
                'do', 'return', 'break', 'continue', 'try', 'catch', 'throw', 'using',
                'asm', 'explicit', 'mutable', 'volatile', 'extern', 'sizeof', 'typedef',
                # predefined macros in GNU C++ modes
                'unix', 'linux'}


class DescError(Exception):
    pass


def ident(s):
    """A C++ identifier for a value or name from the XML."""
    out = re.sub(r'[^A-Za-z0-9_]', '_', s)
    if not out or out[0].isdigit():
        out = '_' + out
    if out in CPP_KEYWORDS:
        out += '_'
    return out


def snake(name):
    """timerPeriod -> timer_period; keeps existing underscores."""
    s = re.sub(r'(?<=[a-z0-9])([A-Z])', r'_\1', name).lower()
    return ident(s.replace('-', '_'))


class Enum:
    def __init__(self, name, values, line):
        self.name, self.values, self.line = name, values, line


class Cond:
    """`if [^]attr=v1,v2`: on the element's own attribute, or (^) on its parent's."""

    def __init__(self, text, line):
        m = re.fullmatch(r'(\^?)([A-Za-z_][\w-]*)=([\w,.-]+)', text)
        self.presence = None  # `if NAME` / `if !NAME`: an optional member is there / not
        if not m:
            p = re.fullmatch(r'(\^?)(!?)([A-Za-z_][\w-]*)', text)
            if not p:
                raise DescError('line %d: bad condition %r' % (line, text))
            self.parent, self.attr, self.values = p.group(1) == '^', p.group(3), []
            self.presence, self.line = p.group(2) != '!', line
            return
        self.parent = m.group(1) == '^'
        self.attr = m.group(2)
        self.values = m.group(3).split(',')
        self.line = line


class Attr:
    def __init__(self, name, type_, flags, fmt, cond, line):
        self.name, self.type, self.flags, self.fmt, self.cond, self.line = (
            name, type_, flags, fmt, cond, line)
        self.field = snake(name)
        self.default = None          # value when absent (then always printed)
        self.missing = None          # (code, message) instead of virXMLProp's
        self.invalid = None
        self.allow = None            # the enum values accepted here (else `refused`)
        self.refused = None
        self.siblings = False        # xpath: from the first same-named sibling with it


def err_option(text, line):
    """CODE:message -> ('VIR_ERR_CODE', 'message')."""
    code, sep, msg = text.partition(':')
    if not sep or not re.fullmatch(r'[A-Z_]+', code):
        raise DescError('line %d: expected CODE:message, got %r' % (line, text))
    return 'VIR_ERR_' + code, msg


class Child:
    def __init__(self, name, type_, card, always, cond, line):
        self.name, self.type, self.card, self.always, self.cond, self.line = (
            name, type_, card, always, cond, line)
        self.field = snake(name)


class FlagMember:
    def __init__(self, name, cond, line):
        self.name, self.cond, self.line = name, cond, line


class Element:
    def __init__(self, names, cpp, line):
        self.names, self.cpp, self.line = names, cpp, line
        self.attrs, self.children, self.parse_order, self.check = [], [], None, None
        self.text = None
        self.info = None  # None, or whether the device may have <boot>
        self.layout = []  # children, 'info' and ('flag', name), in print order
        self.flags = []   # empty child elements whose presence is a yes
        self.flag_members = []  # their conditions (FlagMember)
        self.endtag = False  # always <name ...> and </name>, even without children
        self.xpath = False   # every attribute read as libvirt's string(./name/@attr)
        self.parent = None  # the element whose attributes ^conditions name


def parse_desc(text):
    enums, elements, cur = {}, [], None
    opts = {'includes': [], 'errdomain': 'VIR_FROM_DOMAIN'}
    for n, raw in enumerate(text.splitlines(), 1):
        if raw.lstrip().startswith('#') or not raw.strip():
            continue
        try:
            words = shlex.split(raw, comments=True)
        except ValueError as e:
            raise DescError('line %d: %s' % (n, e))
        if not words:
            continue
        indented = raw.startswith(' ')
        if not indented:
            cur = None
            if words[0] == 'enum':
                if len(words) < 3:
                    raise DescError('line %d: enum NAME VALUE...' % n)
                if words[1] in enums:
                    raise DescError('line %d: enum %s again' % (n, words[1]))
                enums[words[1]] = Enum(words[1], words[2:], n)
            elif words[0] == 'include' and len(words) == 2:
                opts['includes'].append(words[1])
            elif words[0] == 'errdomain' and len(words) == 2:
                opts['errdomain'] = 'VIR_FROM_' + words[1]
            elif words[0] == 'element':
                if len(words) != 3:
                    raise DescError('line %d: element NAME[|NAME] CPPNAME' % n)
                cur = Element(words[1].split('|'), words[2], n)
                elements.append(cur)
            else:
                raise DescError('line %d: unknown statement %r' % (n, words[0]))
            continue
        if cur is None:
            raise DescError('line %d: member outside an element' % n)
        kind, rest = words[0], words[1:]
        cond = None
        if 'if' in rest:
            i = rest.index('if')
            if i + 2 != len(rest):
                raise DescError('line %d: "if COND" ends the line' % n)
            cond = Cond(rest[i + 1], n)
            rest = rest[:i]
        if kind == 'attr':
            if len(rest) < 2:
                raise DescError('line %d: attr NAME TYPE [FLAGS]' % n)
            flags, fmt, extra = set(), None, {}
            for w in rest[2:]:
                if w.startswith('fmt='):
                    fmt = w[4:]
                elif w in INVALID_ACTIONS:
                    extra['invalid'] = w[8:]
                elif w.startswith('allow='):
                    extra['allow'] = w[6:].split(',')
                elif w.startswith('default='):
                    extra['default'] = w[8:]
                elif w.startswith(ERR_OPTIONS):
                    k, _, v = w.partition('=')
                    extra[k] = err_option(v, n)
                elif w in ATTR_FLAGS:
                    flags.add(w)
                else:
                    raise DescError('line %d: unknown attribute flag %r' % (n, w))
            a = Attr(rest[0], rest[1], flags, fmt, cond, n)
            a.default, a.missing, a.invalid = (extra.get('default'), extra.get('missing'),
                                               extra.get('invalid'))
            a.allow, a.refused = extra.get('allow'), extra.get('refused')
            if bool(a.allow) != bool(a.refused):
                raise DescError('line %d: allow= and refused= go together' % n)
            if a.default is not None and 'required' in flags:
                raise DescError('line %d: a required attribute has no default' % n)
            cur.attrs.append(a)
        elif kind == 'child':
            if len(rest) < 3 or rest[2] not in ('?', '*', '1'):
                raise DescError('line %d: child NAME TYPE ?|*|1 [always|empty]' % n)
            missing = [w for w in rest[3:] if w.startswith('missing=')]
            rest = [w for w in rest if not w.startswith('missing=')]
            always = 'always' in rest[3:]
            if set(rest[3:]) - {'always', 'empty'}:
                raise DescError('line %d: unknown child flag' % n)
            cur.children.append(Child(rest[0], rest[1], rest[2], always, cond, n))
            cur.children[-1].empty = always or 'empty' in rest[3:]
            cur.children[-1].missing = err_option(missing[-1][8:], n) if missing else None
            cur.layout.append(cur.children[-1])
        elif kind == 'flag':
            if len(rest) != 1:
                raise DescError('line %d: flag NAME' % n)
            cur.flags.append(rest[0])
            cur.flag_members.append(FlagMember(rest[0], cond, n))
            cur.layout.append(('flag', rest[0]))
        elif kind == 'info':
            if set(rest) - {'boot'}:
                raise DescError('line %d: info [boot]' % n)
            cur.info = 'boot' in rest
            cur.layout.append('info')
        elif kind == 'text':
            raise DescError('line %d: text content is not supported yet' % n)
        elif kind == 'parse':
            cur.parse_order = rest
        elif kind in ('endtag', 'xpath') and not rest:
            setattr(cur, kind, True)
        elif kind == 'check':
            cur.check = rest[0]
        else:
            raise DescError('line %d: unknown member %r' % (n, kind))
    by_cpp = {e.cpp: e for e in elements}
    if len(by_cpp) != len(elements):
        raise DescError('an element type is declared twice')
    for e in elements:
        names = {a.name for a in e.attrs}
        for a in e.attrs:
            if a.type not in BUILTIN and a.type not in enums:
                raise DescError('line %d: unknown type %r' % (a.line, a.type))
        for c in e.children:
            if c.type not in by_cpp:
                raise DescError('line %d: unknown element type %r' % (c.line, c.type))
            child = by_cpp[c.type]
            # Only an element whose members look at its parent (^conditions)
            # is tied to one parent type.
            if not any(x.cond and x.cond.parent for x in child.attrs + child.children):
                continue
            if child.parent not in (None, e):
                raise DescError('line %d: %s uses ^conditions and has two parents'
                                % (c.line, c.type))
            child.parent = e
        if e.parse_order and set(e.parse_order) - names - {'info'} - {c.name for c in e.children}:
            raise DescError('line %d: parse order names unknown attributes' % e.line)
    for e in elements:
        for m in e.attrs + e.children + e.flag_members:
            if not m.cond:
                continue
            owner = e.parent if m.cond.parent else e
            if owner is None:
                raise DescError('line %d: ^condition on an element without parent' % m.line)
            if m.cond.presence is not None:
                m.cond.target = presence_target(owner, m.cond)
                continue
            target = next((a for a in owner.attrs if a.name == m.cond.attr), None)
            if target is None:
                raise DescError('line %d: condition on unknown attribute %r'
                                % (m.line, m.cond.attr))
            m.cond.target = target
    for e in elements:
        for a in e.attrs:
            if a.default is not None:
                enum_value(enums, a.type, a.default, a.line)
            check_attr_ext(e, a, enums)
    return enums, elements, opts


def presence_target(owner, cond):
    """The optional attribute or child that `if [!]NAME` looks at."""
    for m in owner.attrs + owner.children:
        if m.name == cond.attr:
            if (isinstance(m, Attr) and plain(m)) or (isinstance(m, Child) and m.card != '?'):
                raise DescError('line %d: %r is never absent' % (cond.line, cond.attr))
            return m
    raise DescError('line %d: condition on unknown member %r' % (cond.line, cond.attr))


def check_attr_ext(e, a, enums):
    """The options of the xpath, invalid=stop|silent and allow= readers."""
    if e.xpath:
        a.flags.add('xpath')
        a.siblings = True
    if a.invalid == 'stop' and a.type not in enums and a.type not in (
            'tristate_bool', 'tristate_switch'):
        raise DescError('line %d: invalid=stop is for enums and tristates' % a.line)
    if a.invalid == 'silent' and a.type not in ('int', 'uint'):
        raise DescError('line %d: invalid=silent is for numbers' % a.line)
    if 'xpath' in a.flags and a.type not in enums and a.type not in (
            'string', 'int', 'uint', 'tristate_bool', 'tristate_switch'):
        raise DescError('line %d: xpath reads strings, numbers, enums, tristates' % a.line)
    if a.allow:
        if a.type not in enums:
            raise DescError('line %d: allow= is for enum attributes' % a.line)
        for v in a.allow:
            enum_value(enums, a.type, v, a.line)


# ---- C++ ----

def cpp_type(a, enums):
    t = {'string': 'std::string', 'uint': 'unsigned', 'int': 'int',
         'ull': 'unsigned long long', 'tristate_bool': 'bool', 'tristate_switch': 'bool',
         'kib': 'unsigned long long', 'cpuset': 'std::set<unsigned>'}
    base = t.get(a.type, a.type)
    return base if 'required' in a.flags or a.default is not None else 'std::optional<%s>' % base


def plain(a):
    return 'required' in a.flags or a.default is not None


def enum_value(enums, type_, v, line):
    if type_ in ('tristate_bool', 'tristate_switch'):
        truth = {'yes': 'true', 'no': 'false', 'on': 'true', 'off': 'false'}
        if v not in truth:
            raise DescError('line %d: %r is not a tristate value' % (line, v))
        return truth[v]
    e = enums.get(type_)
    if e is None or v not in e.values:
        raise DescError('line %d: %r is not a value of %s' % (line, v, type_))
    return '%s::%s' % (type_, ident(v))


def cond_expr(c, enums, self_var, parent_var):
    """std::optional's == is false when empty, so one form serves both."""
    var = '%s.%s' % (parent_var if c.parent else self_var, c.target.field)
    if c.presence is not None:
        return '(%s%s.has_value())' % ('' if c.presence else '!', var)
    vals = [enum_value(enums, c.target.type, v, c.line) for v in c.values]
    return '(%s)' % ' || '.join('%s == %s' % (var, v) for v in vals)


def parser_params(e):
    p = 'xmlNodePtr node, %s &x' % e.cpp
    if e.parent is not None:
        p += ', const %s &parent' % e.parent.cpp
    return p


def format_sig(e, buf):
    sig = 'void format(xml::Buffer &%s, const %s &x' % (buf, e.cpp)
    if e.parent is not None:
        sig += ', const %s &parent' % e.parent.cpp
    if len(e.names) > 1:
        sig += ', const char *name'
    return sig + ')'


def gen_header(enums, elements, opts, src):
    out = ['// Generated by src/xml/xmlgen.py from %s. Do not edit.' % src,
           '#pragma once', '',
           '#include <libxml/tree.h>', '',
           '#include <optional>', '#include <set>', '#include <string>', '#include <string_view>',
           '#include <vector>', '',
           '#include "error/status.h"', '#include "xml/xml.h"']
    out += ['#include "%s"' % i for i in opts['includes']]
    out += ['', 'namespace virtkit::conf {', '']
    for en in enums.values():
        out.append('enum class %s { %s };' % (en.name, ', '.join(ident(v) for v in en.values)))
        out.append('const char *to_string(%s v);' % en.name)
        out.append('extern const std::vector<std::string_view> k%sNames;  // for xml::prop_enum'
                   % en.name)
    out.append('')
    out += ['struct %s;' % e.cpp for e in elements]
    out.append('')
    for e in elements:
        out.append('// <%s>' % '> / <'.join(e.names))
        out.append('struct %s {' % e.cpp)
        for a in e.attrs:
            init = '{%s}' % enum_value(enums, a.type, a.default, a.line) if a.default else '{}'
            out.append('  %s %s%s;' % (cpp_type(a, enums), a.field, init))
        for c in e.children:
            if c.card == '*':
                out.append('  std::vector<%s> %s;' % (c.type, c.field))
            elif c.card == '?':
                out.append('  std::optional<%s> %s;' % (c.type, c.field))
            else:
                out.append('  %s %s;' % (c.type, c.field))
        for f in e.flags:
            out.append('  bool %s = false;' % snake(f))
        if e.info is not None:
            out.append('  DeviceInfo info;')
        out.append('};')
        out.append('')
    for e in elements:
        out.append('Status parse(%s);' % parser_params(e))
        out.append(format_sig(e, 'buf') + ';')
        if e.parent is None:
            out.append('// Its attributes alone (for an element whose attributes go elsewhere).')
            out.append('void format_attrs(xml::Buffer &buf, const %s &x);' % e.cpp)
        if e.check:
            out.append('// Hand-written: what the description cannot say.')
            out.append('Status check_%s(%s);' % (e.check, parser_params(e)))
    out.append('')
    out.append('}  // namespace virtkit::conf')
    return '\n'.join(out) + '\n'


def c_str(text):
    return '"%s"' % text.replace('\\', '\\\\').replace('"', '\\"')


def error_call(errdomain, code, msg):
    """The error() call for a message about the value v (`%s` in it, if any)."""
    if '%s' in msg:
        return 'error(%s, %s, %s, v->c_str())' % (errdomain, code, c_str(msg))
    return 'error(%s, %s, "%%s", %s)' % (errdomain, code, c_str(msg))


def gen_parse_attr(a, enums, errdomain):
    flags = ' | '.join(['xml::kPropRequired'] * ('required' in a.flags) +
                       ['xml::kPropNonZero'] * ('nonzero' in a.flags) +
                       ['xml::kPropNonNegative'] * ('nonneg' in a.flags)) or 'xml::kPropNone'
    name, field = a.name, 'x.' + a.field
    lines = []
    missing = None
    if 'required' in a.flags:
        if a.missing:
            missing = 'return error(%s, %s, "%%s", %s);' % (errdomain, a.missing[0],
                                                             c_str(a.missing[1]))
        elif a.type in ('string',) or a.invalid:
            missing = ('return error(VIR_FROM_XML, VIR_ERR_XML_ERROR, "Missing required '
                       'attribute \'%%s\' in element \'%%s\'", "%s", xml::name_of(node));' % name)
    if a.type == 'string':
        lines.append('if (auto v = xml::prop(node, "%s")) %s = std::move(*v);' % (name, field))
        if missing:
            lines.append('else ' + missing)
        return lines
    if a.type == 'kib':
        lines.append('{')
        lines.append('  unsigned long long v = 0;')
        lines.append('  auto rc = xml::prop_kib(node, "%s", "unit", %s, v);'
                     % (name, 'true' if 'required' in a.flags else 'false'))
        lines.append('  VK_TRY(rc);')
        lines.append('  if (*rc == 1) %s = v;' % field)
        lines.append('}')
        return lines
    if a.type == 'cpuset':
        lines.append('if (auto v = xml::prop(node, "%s")) {' % name)
        lines.append('  auto bits = util::parse_bitmap(*v, kCpumaskLen);')
        lines.append('  VK_TRY(bits);')
        lines.append('  %s = std::move(*bits);' % field)
        lines.append('}' + (' else ' + missing if missing else ''))
        return lines
    if a.invalid and a.type == 'uint':
        # libvirt's virXPathUInt and its own message: "" is absent.
        code, msg = a.invalid
        lines.append('if (auto v = xml::prop(node, "%s"); v && !v->empty()) {' % name)
        lines.append('  unsigned u = 0;')
        lines.append('  if (!util::str_to_uip(v->c_str(), 10, u))')
        lines.append('    return %s;' % error_call(errdomain, code, msg))
        lines.append('  %s = u;' % field)
        lines.append('}' + (' else ' + missing if missing else ''))
        return lines
    if a.invalid or (a.missing and a.type in enums):
        # libvirt reads the string and reports its own message.
        if a.type not in enums:
            raise DescError('line %d: invalid= is for enum attributes' % a.line)
        code, msg = a.invalid or ('VIR_ERR_XML_ERROR', None)
        lines.append('if (auto v = xml::prop(node, "%s")) {' % name)
        lines.append('  int i = xml::enum_from_string(k%sNames, *v);' % a.type)
        bad = 'i < 0' + (' || i == 0' if 'nonzero' in a.flags else '')
        lines.append('  if (%s)' % bad)
        if msg is None:
            raise DescError('line %d: missing= on an enum needs invalid= too' % a.line)
        lines.append('    return %s;' % error_call(errdomain, code, msg))
        lines.append('  %s = static_cast<%s>(i);' % (field, a.type))
        lines.append('}' + (' else {' if missing else ''))
        if missing:
            lines.append('  ' + missing)
            lines.append('}')
        return lines
    if missing and a.missing:
        lines.append('if (!xmlHasProp(node, reinterpret_cast<const xmlChar *>("%s"))) %s'
                     % (name, missing))
    if a.type in ('uint', 'int', 'ull'):
        base = 16 if 'hex' in a.flags else 0 if 'anybase' in a.flags else 10
        ctype = {'uint': 'unsigned', 'int': 'int', 'ull': 'unsigned long long'}[a.type]
        lines.append('{')
        lines.append('  %s v = 0;' % ctype)
        if a.type in ('uint', 'ull'):
            lines.append('  auto rc = xml::prop_%s(node, "%s", %d, %s, v);'
                         % (a.type, name, base, flags))
        else:
            lines.append('  auto rc = xml::prop_int(node, "%s", %d, %s, v, 0);' % (name, base, flags))
        lines.append('  VK_TRY(rc);')
        lines.append('  if (*rc == 1) %s = v;' % field)
        lines.append('}')
        return lines
    lines.append('{')
    lines.append('  int v = 0;')
    if a.type in ('tristate_bool', 'tristate_switch'):
        lines.append('  auto rc = xml::prop_%s(node, "%s", %s, v);' % (a.type, name, flags))
        lines.append('  VK_TRY(rc);')
        lines.append('  if (*rc == 1) %s = v == 1;' % field)
    else:
        lines.append('  auto rc = xml::prop_enum(node, "%s", k%sNames, %s, v);' % (name, a.type, flags))
        lines.append('  VK_TRY(rc);')
        lines.append('  if (*rc == 1) %s = static_cast<%s>(v);' % (field, a.type))
    lines.append('}')
    return lines


def gen_parse_attr_ext(a, enums, errdomain):
    """gen_parse_attr, or the xpath / invalid=stop|silent reader; then allow=."""
    if 'xpath' in a.flags or a.invalid in ('stop', 'silent'):
        lines = gen_parse_attr_xpath(a, enums, errdomain)
    else:
        lines = gen_parse_attr(a, enums, errdomain)
    if a.allow:
        field = 'x.' + a.field if plain(a) else '*x.' + a.field
        ok = ' || '.join('%s == %s' % (field, enum_value(enums, a.type, v, a.line))
                         for v in a.allow)
        test = '!(%s)' % ok if plain(a) else 'x.%s && !(%s)' % (a.field, ok)
        code, msg = a.refused
        args = ', to_string(%s)' % field if '%s' in msg else ''
        lines.append('if (%s)' % test)
        lines.append('  return error(%s, %s, %s%s);' % (
            errdomain, code, c_str(msg) if args else '"%%s", %s' % c_str(msg), args))
    return lines


def gen_parse_attr_xpath(a, enums, errdomain):
    """libvirt's virXPathString/Int/UInt on string(./@a) or string(./name/@a):
    an empty value is absent; numbers in base 10. Or a reader whose invalid
    value stops the element (invalid=stop) or fails unreported (silent)."""
    name, field = a.name, 'x.' + a.field
    if 'xpath' in a.flags:
        read = 'xml::prop_xpath(node, "%s", %s)' % (name, 'true' if a.siblings else 'false')
    else:
        read = 'xml::prop(node, "%s")' % name
    if a.invalid == 'stop':
        bad = 'return Status();'
    elif a.invalid in (None, 'silent'):
        bad = 'return generic_failure();'
    else:
        bad = 'return %s;' % error_call(errdomain, a.invalid[0], a.invalid[1])
    missing = None
    if 'required' in a.flags:
        if a.missing:
            missing = 'return error(%s, %s, "%%s", %s);' % (errdomain, a.missing[0],
                                                             c_str(a.missing[1]))
        else:
            missing = ('return error(VIR_FROM_XML, VIR_ERR_XML_ERROR, "Missing required '
                       'attribute \'%%s\' in element \'%%s\'", "%s", xml::name_of(node));' % name)
    lines = ['if (auto v = %s) {' % read]
    if a.type == 'string':
        lines.append('  %s = std::move(*v);' % field)
    elif a.type in ('int', 'uint'):
        ctype, conv = {'int': ('int', 'str_to_i'), 'uint': ('unsigned', 'str_to_uip')}[a.type]
        lines.append('  %s n = 0;' % ctype)
        lines.append('  if (!util::%s(v->c_str(), 10, n)) %s' % (conv, bad))
        lines.append('  %s = n;' % field)
    elif a.type in ('tristate_bool', 'tristate_switch'):
        yes, no = ('yes', 'no') if a.type == 'tristate_bool' else ('on', 'off')
        lines.append('  if (*v == "%s")' % yes)
        lines.append('    %s = true;' % field)
        lines.append('  else if (*v == "%s")' % no)
        lines.append('    %s = false;' % field)
        lines.append('  else')
        lines.append('    ' + bad)
    else:
        lines.append('  int i = xml::enum_from_string(k%sNames, *v);' % a.type)
        lines.append('  if (i < 0%s) %s' % (' || i == 0' if 'nonzero' in a.flags else '', bad))
        lines.append('  %s = static_cast<%s>(i);' % (field, a.type))
    lines.append('}' + (' else {' if missing else ''))
    if missing:
        lines += ['  ' + missing, '}']
    return lines


def gen_format_attr(a, enums, var='x'):
    v = '%s.%s' % (var, a.field)
    always = plain(a)
    val = v if always else '*' + v
    if a.type == 'string':
        if 'raw' in a.flags:  # libvirt prints it unescaped (virBufferAsprintf)
            if always:
                return ['buf.addf(" %s=\'%%s\'", %s.c_str());' % (a.name, v)]
            return ['if (%s) buf.addf(" %s=\'%%s\'", %s->c_str());' % (v, a.name, v)]
        if always:
            return ['buf.escape(" %s=\'%%s\'", %s.c_str());' % (a.name, v)]
        return ['buf.escape(" %s=\'%%s\'", %s);' % (a.name, v)]
    if a.type == 'kib':
        test = '' if always else 'if (%s) ' % v
        return ['%sbuf.addf(" %s=\'%%llu\' unit=\'KiB\'", %s);' % (test, a.name, val)]
    if a.type == 'cpuset':
        test = '' if always else 'if (%s) ' % v
        return ['%sbuf.addf(" %s=\'%%s\'", util::format_bitmap(%s).c_str());'
                % (test, a.name, val)]
    if a.type in ('tristate_bool', 'tristate_switch'):
        yes, no = ('yes', 'no') if a.type == 'tristate_bool' else ('on', 'off')
        text = '%s ? "%s" : "%s"' % (val, yes, no)
        if always:
            return ['buf.addf(" %s=\'%%s\'", %s);' % (a.name, text)]
        return ['if (%s) buf.addf(" %s=\'%%s\'", %s);' % (v, a.name, text)]
    if a.type in ('uint', 'int', 'ull'):
        fmt = a.fmt or {'uint': '%u', 'int': '%d', 'ull': '%llu'}[a.type]
        cast = 'static_cast<int>(%s)' % val if fmt == '%d' and a.type == 'uint' else val
        if always:
            return ['buf.addf(" %s=\'%s\'", %s);' % (a.name, fmt, cast)]
        test = v if 'keepzero' in a.flags else '%s && *%s != 0' % (v, v)
        return ['if (%s) buf.addf(" %s=\'%s\'", %s);' % (test, a.name, fmt, cast)]
    # enums: an optional one is printed unless absent or its first value
    # (libvirt's "default"/"none" 0).
    if always:
        return ['buf.addf(" %s=\'%%s\'", to_string(%s));' % (a.name, v)]
    return ['if (%s && *%s != %s{}) buf.addf(" %s=\'%%s\'", to_string(*%s));'
            % (v, v, a.type, a.name, v)]


def gen_source(enums, elements, opts, header, src):
    out = ['// Generated by src/xml/xmlgen.py from %s. Do not edit.' % src,
           '#include "%s"' % header, '',
           '#include <libvirt/virterror.h>', '',
           '#include "util/bitmap.h"', '#include "util/numbers.h"', '',
           'namespace virtkit::conf {', '']
    for en in enums.values():
        out.append('const std::vector<std::string_view> k%sNames{%s};' % (
            en.name, ', '.join('"%s"' % v for v in en.values)))
    out.append('')
    for en in enums.values():
        out.append('const char *to_string(%s v) {' % en.name)
        out.append('  auto i = static_cast<size_t>(v);')
        out.append('  return i < k%sNames.size() ? k%sNames[i].data() : nullptr;' % (en.name, en.name))
        out.append('}')
        out.append('')
    for e in elements:
        by_name = {a.name: a for a in e.attrs}
        order = list(e.parse_order or []) + [a.name for a in e.attrs
                                              if a.name not in (e.parse_order or [])]
        out.append('Status parse(%s) {' % parser_params(e))
        if e.parent is not None:
            out.append('  (void)parent;')
        if e.info is not None and 'info' not in order:
            order.append('info')
        for name in order:
            if name == 'info':
                out.append('  VK_TRY(parse_device_info(node, x.info, %s));'
                           % ('true' if e.info else 'false'))
                continue
            if name not in by_name:
                continue  # a child named in `parse`: see child_order below
            a = by_name[name]
            body = gen_parse_attr_ext(a, enums, opts['errdomain'])
            if a.cond:
                out.append('  if %s {' % cond_expr(a.cond, enums, 'x', 'parent'))
                out += ['    ' + l for l in body]
                out.append('  }')
            else:
                out += ['  ' + l for l in body]
        for fm in e.flag_members:
            f, ind = fm.name, '  '
            if fm.cond:
                out.append('  if %s {' % cond_expr(fm.cond, enums, 'x', 'parent'))
                ind = '    '
            out.append(ind + 'for (xmlNodePtr n = node->children; n; n = n->next)')
            out.append(ind + '  if (n->type == XML_ELEMENT_NODE && xml::name_is(n, "%s")) x.%s = true;'
                       % (f, snake(f)))
            if fm.cond:
                out.append('  }')
        # `parse` may name children too: those are read first, in its order.
        named = [n for n in (e.parse_order or []) if n not in by_name]
        child_order = ([c for n in named for c in e.children if c.name == n] +
                       [c for c in e.children if c.name not in named])
        for c in child_order:
            child = next(el for el in elements if el.cpp == c.type)
            pass_parent = ', x' if child.parent is e else ''
            ind = '  '
            if c.cond:
                out.append('  if %s {' % cond_expr(c.cond, enums, 'x', 'parent'))
                ind = '    '
            if c.missing:  # libvirt's own message when the element is absent
                out.append(ind + 'for (xmlNodePtr n = node->children;; n = n->next) {')
                out.append(ind + '  if (!n) return error(%s, %s, "%%s", %s);' % (
                    opts['errdomain'], c.missing[0], c_str(c.missing[1])))
                out.append(ind + '  if (n->type == XML_ELEMENT_NODE && xml::name_is(n, "%s")) break;'
                           % c.name)
                out.append(ind + '}')
            out.append(ind + 'for (xmlNodePtr n = node->children; n; n = n->next) {')
            out.append(ind + '  if (n->type != XML_ELEMENT_NODE || !xml::name_is(n, "%s")) continue;'
                       % c.name)
            if c.card == '*':
                out.append(ind + '  %s &v = x.%s.emplace_back();' % (c.type, c.field))
                out.append(ind + '  VK_TRY(parse(n, v%s));' % pass_parent)
            else:
                if c.card == '?':
                    out.append(ind + '  %s &v = x.%s.emplace();' % (c.type, c.field))
                else:
                    out.append(ind + '  %s &v = x.%s;' % (c.type, c.field))
                out.append(ind + '  VK_TRY(parse(n, v%s));' % pass_parent)
                out.append(ind + '  break;')
            out.append(ind + '}')
            if c.cond:
                out.append('  }')
        if e.check:
            out.append('  return check_%s(node, x%s);' % (
                e.check, ', parent' if e.parent is not None else ''))
        else:
            out.append('  return Status();')
        out.append('}')
        out.append('')

        attr_lines = []
        for a in e.attrs:
            body = gen_format_attr(a, enums)
            if a.cond:
                attr_lines.append('  if %s {' % cond_expr(a.cond, enums, 'x', 'parent'))
                attr_lines += ['    ' + l for l in body]
                attr_lines.append('  }')
            else:
                attr_lines += ['  ' + l for l in body]
        if e.parent is None:
            out.append('void format_attrs(xml::Buffer &buf, const %s &x) {' % e.cpp)
            out += attr_lines or ['  (void)buf;', '  (void)x;']
            out.append('}')
            out.append('')
        out.append(format_sig(e, 'out') + ' {')
        if e.parent is not None:
            out.append('  (void)parent;')
        out.append('  xml::Buffer buf;')
        out.append('  xml::Buffer child = xml::Buffer::child_of(out);')
        if e.parent is None:
            out.append('  format_attrs(buf, x);')
        else:
            out += attr_lines
        for c in e.layout:
            if isinstance(c, tuple):
                out.append('  if (x.%s) child.add("<%s/>\\n");' % (snake(c[1]), c[1]))
                continue
            if c == 'info':
                out.append('  format_device_info(child, x.info, %s);'
                           % ('true' if e.info else 'false'))
                continue
            child_el = next(el for el in elements if el.cpp == c.type)
            args = ', x' if child_el.parent is e else ''
            if len(child_el.names) > 1:
                args += ', "%s"' % c.name
            ind = '  '
            if c.cond:
                out.append('  if %s {' % cond_expr(c.cond, enums, 'x', 'parent'))
                ind = '    '
            if c.card == '*':
                out.append(ind + 'for (const %s &v : x.%s) format(child, v%s);' % (c.type, c.field, args))
            elif c.card == '?':
                if c.always:
                    out.append(ind + 'format(child, x.%s ? *x.%s : %s{}%s);' % (
                        c.field, c.field, c.type, args))
                else:
                    out.append(ind + 'if (x.%s) format(child, *x.%s%s);' % (c.field, c.field, args))
            else:
                out.append(ind + 'format(child, x.%s%s);' % (c.field, args))
            if c.cond:
                out.append('  }')
        name = 'name' if len(e.names) > 1 else '"%s"' % e.names[0]
        empty = any(c.empty for el in elements for c in el.children if c.type == e.cpp)
        fn = 'xml::format_element_empty' if empty else 'xml::format_element'
        if e.endtag:
            fn = 'xml::format_element_endtag'
        out.append('  %s(out, %s, &buf, &child);' % (fn, name))
        out.append('}')
        out.append('')
    out.append('}  // namespace virtkit::conf')
    return '\n'.join(out) + '\n'


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('desc')
    ap.add_argument('--header', required=True)
    ap.add_argument('--source', required=True)
    ap.add_argument('--include', required=True, help='how the source includes the header')
    args = ap.parse_args()
    with open(args.desc) as f:
        text = f.read()
    try:
        enums, elements, opts = parse_desc(text)
        src = 'src/xml/desc/' + args.desc.rsplit('/', 1)[-1]
        header = gen_header(enums, elements, opts, src)
        source = gen_source(enums, elements, opts, args.include, src)
    except DescError as e:
        sys.exit('%s: %s' % (args.desc, e))
    for path, text in ((args.header, header), (args.source, source)):
        try:
            with open(path) as f:
                if f.read() == text:
                    continue
        except OSError:
            pass
        with open(path, 'w') as f:
            f.write(text)


if __name__ == '__main__':
    main()
