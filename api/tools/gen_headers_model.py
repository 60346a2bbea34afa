# SPDX-License-Identifier: LGPL-2.1-or-later
"""libvirt's API description (libvirt-api.xml) read into a model for
gen_headers.py, the interface facts the XML does not carry (file order,
include guards, macro bodies, deprecated fields), and the helpers that
handle C type text."""
import re
import xml.etree.ElementTree as ET

# Sub-headers in the order libvirt.h includes them; virterror.h comes last
# and includes libvirt.h itself.
SUBHEADERS = [
    'libvirt-common',
    'libvirt-host',
    'libvirt-domain',
    'libvirt-domain-checkpoint',
    'libvirt-domain-snapshot',
    'libvirt-event',
    'libvirt-interface',
    'libvirt-network',
    'libvirt-nodedev',
    'libvirt-nwfilter',
    'libvirt-secret',
    'libvirt-storage',
    'libvirt-stream',
]
ALL_FILES = SUBHEADERS + ['virterror']
# The companion libraries' headers, each from its own API description
# (libvirt-NAME-api.xml) and declared over libvirt.h's (or, for admin,
# libvirt-common.h's) types.
COMPANIONS = ['libvirt-qemu', 'libvirt-lxc', 'libvirt-admin']

GUARDS = {
    'libvirt-common': '__VIR_VIRCOMMON_H__',
    'libvirt-host': 'LIBVIRT_HOST_H',
    'libvirt-domain': 'LIBVIRT_DOMAIN_H',
    'libvirt-domain-checkpoint': 'LIBVIRT_DOMAIN_CHECKPOINT_H',
    'libvirt-domain-snapshot': 'LIBVIRT_DOMAIN_SNAPSHOT_H',
    'libvirt-event': 'LIBVIRT_EVENT_H',
    'libvirt-interface': 'LIBVIRT_INTERFACE_H',
    'libvirt-network': 'LIBVIRT_NETWORK_H',
    'libvirt-nodedev': 'LIBVIRT_NODEDEV_H',
    'libvirt-nwfilter': 'LIBVIRT_NWFILTER_H',
    'libvirt-secret': 'LIBVIRT_SECRET_H',
    'libvirt-storage': 'LIBVIRT_STORAGE_H',
    'libvirt-stream': 'LIBVIRT_STREAM_H',
    'virterror': 'LIBVIRT_VIRTERROR_H',
    'libvirt-qemu': 'LIBVIRT_QEMU_H',
    'libvirt-lxc': 'LIBVIRT_LXC_H',
    'libvirt-admin': 'LIBVIRT_ADMIN_H',
}
INCLUDES_MACRO = '__VIR_LIBVIRT_H_INCLUDES__'

# Macros whose definition the XML does not carry (multi-line in the
# original); these expansions are part of the interface.
MACRO_SUPPLEMENT = {
    'VIR_CPU_MAPLEN': '(((cpu) + 7) / 8)',
    'VIR_NODEINFO_MAXCPUS':
        '((nodeinfo).nodes * (nodeinfo).sockets * (nodeinfo).cores * (nodeinfo).threads)',
    'VIR_DOMAIN_EVENT_CALLBACK': '((virConnectDomainEventGenericCallback)(cb))',
    'VIR_NETWORK_EVENT_CALLBACK': '((virConnectNetworkEventGenericCallback)(cb))',
}

# Struct fields declared with the VIR_DEPRECATED attribute (not recorded in
# the XML); using them warns exactly as with libvirt's headers.
DEPRECATED_FIELDS = {
    ('_virError', 'conn'),
    ('_virError', 'dom'),
    ('_virError', 'net'),
}

C_WORDS = {
    'const', 'volatile', 'unsigned', 'signed', 'char', 'short', 'int', 'long',
    'double', 'float', 'void', 'struct', 'union', 'enum', 'size_t', 'ssize_t',
}


# ---------------------------------------------------------------------------
# Model

class Api:
    """One API description.  A companion's (files=[its name]) names
    constants of the main description (base), looked up with const()."""

    def __init__(self, path, files=ALL_FILES, base=None):
        self.base = base
        root = ET.parse(path).getroot()
        syms = root.find('symbols')
        self.macros = {}
        self.enum_consts = {}      # name -> element
        self.enums = {}            # typedef name -> [elements]
        self.typedefs = {}         # name -> element (non-enum)
        self.structs = {}          # name -> element
        self.functypes = {}
        self.functions = {}
        self.variables = {}
        enum_typedefs = set()
        for e in syms:
            name = e.get('name')
            if e.tag == 'macro':
                self.macros[name] = e
            elif e.tag == 'enum':
                self.enum_consts[name] = e
                self.enums.setdefault(e.get('type'), []).append(e)
            elif e.tag == 'typedef':
                if e.get('type') == 'enum':
                    enum_typedefs.add(name)
                else:
                    self.typedefs[name] = e
            elif e.tag == 'struct':
                self.structs[name] = e
            elif e.tag == 'functype':
                self.functypes[name] = e
            elif e.tag == 'function':
                self.functions[name] = e
            elif e.tag == 'variable':
                self.variables[name] = e
            else:
                raise SystemExit('unknown symbol kind %s' % e.tag)
        missing = enum_typedefs ^ set(self.enums)
        if missing:
            raise SystemExit('enum typedef mismatch: %s' % sorted(missing))
        self.enum_file = {t: els[0].get('file') for t, els in self.enums.items()}
        for name, m in self.macros.items():
            if m.get('string') is None and not strip_comments(m.get('raw') or '') \
                    and name not in MACRO_SUPPLEMENT:
                raise SystemExit('macro %s has no definition in the XML' % name)
        for e in self.enum_consts.values():
            if e.get('file') not in files:
                raise SystemExit('unexpected file %s' % e.get('file'))

    def const(self, name):
        if name in self.enum_consts or self.base is None:
            return self.enum_consts[name]
        return self.base.enum_consts[name]

    def type_names(self):
        names = set(self.enums) | set(self.typedefs) | set(self.structs) | set(self.functypes)
        return names


def strip_comments(text):
    return re.sub(r'/\*.*?\*/', '', text).strip()


def norm_type(t):
    t = ' '.join(t.split())
    t = re.sub(r'\*\s+(?=\*)', '*', t)
    t = re.sub(r'\*\s*const\b', '*const', t)
    return t


def decl(type_, name):
    """Render 'type name' for a declarator (array types carry the name)."""
    t = norm_type(type_)
    if '[' in t:
        if not re.search(r'\b%s\s*\[' % re.escape(name), t):
            raise SystemExit('array type %r does not name %s' % (t, name))
        return t
    if t.endswith('*'):
        return t + name
    return t + ' ' + name


def abstract(type_):
    """Type name without declarator name (for casts / type checks)."""
    t = norm_type(type_)
    m = re.match(r'^(.*?)\b\w+\s*(\[.*\])$', t)
    if m:
        return m.group(1).strip() + ' ' + m.group(2)
    return t


def idents(text):
    return set(re.findall(r'[A-Za-z_]\w*', text)) - C_WORDS


def is_sentinel(e, siblings):
    name = e.get('name')
    if not name.endswith('_LAST'):
        return False
    stem = name[:-len('_LAST')]
    return not any(s.get('name') == stem + '_FIRST' for s in siblings)


def is_int(v):
    return re.fullmatch(r'-?\d+', v) is not None
