/* Probe for the hand-written remote domain queries: prints each call's
 * result and error, one line each, so Debian's client and ours can be run
 * against the same daemon and diffed:
 *   cc -I include tests/remote/domx_probe.c -o /tmp/domx_probe \
 *      /usr/lib/x86_64-linux-gnu/libvirt.so.0
 *   tests/remote/daemon.py run -- /tmp/domx_probe            (Debian's)
 *   LD_LIBRARY_PATH=build/src tests/remote/daemon.py run -- /tmp/domx_probe
 * and with "fake" against tests/remote/fake_daemon.py run -- ...
 */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void quiet(void *o, virErrorPtr e) {
  (void)o;
  (void)e;
}

static const char *s(const char *p) { return p ? p : "(null)"; }

static void err(const char *what, int rv) {
  virErrorPtr e = virGetLastError();
  printf("%s rv=%d", what, rv);
  if (e)
    printf(" ERR code=%d dom=%d lvl=%d msg=[%s] s1=[%s] s2=[%s] s3=[%s] i1=%d i2=%d", e->code,
           e->domain, e->level, s(e->message), s(e->str1), s(e->str2), s(e->str3), e->int1,
           e->int2);
  printf("\n");
  virResetLastError();
}

static void params(virTypedParameterPtr p, int n) {
  for (int i = 0; i < n; i++) {
    printf("  %s:%d=", p[i].field, p[i].type);
    switch (p[i].type) {
      case VIR_TYPED_PARAM_INT: printf("%d", p[i].value.i); break;
      case VIR_TYPED_PARAM_UINT: printf("%u", p[i].value.ui); break;
      case VIR_TYPED_PARAM_LLONG: printf("%lld", p[i].value.l); break;
      case VIR_TYPED_PARAM_ULLONG: printf("%llu", p[i].value.ul); break;
      case VIR_TYPED_PARAM_DOUBLE: printf("%g", p[i].value.d); break;
      case VIR_TYPED_PARAM_BOOLEAN: printf("%d", p[i].value.b); break;
      case VIR_TYPED_PARAM_STRING: printf("%s", s(p[i].value.s)); break;
      default: printf("?");
    }
    printf("\n");
  }
}

/* Against tests/remote/fake_daemon.py: replies that break the client's
 * checks. */
static int fake(virConnectPtr c, virDomainPtr d) {
  virVcpuInfo info[4];
  unsigned char maps[8];
  int rv = virDomainGetVcpus(d, info, 2, NULL, 0);
  err("GetVcpus", rv);
  rv = virDomainGetVcpuPinInfo(d, 2, maps, 1, 0);
  err("GetVcpuPinInfo", rv);
  rv = virDomainGetEmulatorPinInfo(d, maps, 1, 0);
  err("GetEmulatorPinInfo", rv);
  virDomainDiskError de[1];
  rv = virDomainGetDiskErrors(d, de, 1, 0);
  err("DiskErrors", rv);
  virTypedParameter p[4];
  rv = virDomainGetCPUStats(d, p, 2, 0, 2, 0);
  err("CPUStats", rv);
  char buf[8];
  rv = virDomainMemoryPeek(d, 0, sizeof buf, buf, VIR_MEMORY_VIRTUAL);
  err("MemoryPeek", rv);
  rv = virDomainBlockPeek(d, "vda", 0, sizeof buf, buf, 0);
  err("BlockPeek", rv);
  virSecurityLabelPtr list = (virSecurityLabelPtr)&list;
  rv = virDomainGetSecurityLabelList(d, &list);
  err("SecurityLabelList", rv);
  printf("  list null=%d\n", list == NULL);
  char **msgs = NULL;
  rv = virDomainGetMessages(d, &msgs, 0);
  err("MessagesUnanswered", rv);
  virDomainFree(d);
  virConnectClose(c);
  return 0;
}

int main(int argc, char **argv) {
  const char *uri = getenv("VIRTKIT_REMOTE_URI");
  virSetErrorFunc(NULL, quiet);
  virConnectPtr c = virConnectOpen(uri);
  if (!c) {
    err("open", -1);
    return 1;
  }
  virDomainPtr d = virDomainLookupByName(c, "test");
  int rv;
  if (argc > 1 && !strcmp(argv[1], "fake")) return fake(c, d);

  /* vCPUs */
  virVcpuInfo info[4];
  unsigned char maps[8];
  memset(maps, 0xff, sizeof maps);
  rv = virDomainGetVcpus(d, info, 4, maps, 2);
  err("GetVcpus", rv);
  for (int i = 0; i < rv; i++)
    printf("  vcpu %u state=%d cpu=%d time>0=%d\n", info[i].number, info[i].state, info[i].cpu,
           info[i].cpuTime > 0);
  for (int i = 0; i < 8; i++) printf(" %02x", maps[i]);
  printf("\n");
  rv = virDomainGetVcpus(d, info, 4, NULL, 0);
  err("GetVcpusNoMaps", rv);
  {
    virVcpuInfoPtr big = calloc(16385, sizeof *big);
    rv = virDomainGetVcpus(d, big, 16385, NULL, 0);
    err("GetVcpusTooMany", rv);
    unsigned char *bm = calloc(2, 5000000);
    rv = virDomainGetVcpus(d, big, 2, bm, 5000000);
    err("GetVcpusMapTooBig", rv);
    rv = virDomainGetVcpus(d, big, 16384, bm, 1000000);
    err("GetVcpusMapOverflow", rv);
    free(bm);
    free(big);
  }
  memset(maps, 0xff, sizeof maps);
  rv = virDomainGetVcpuPinInfo(d, 4, maps, 2, 0);
  err("GetVcpuPinInfo", rv);
  for (int i = 0; i < 8; i++) printf(" %02x", maps[i]);
  printf("\n");
  rv = virDomainGetVcpuPinInfo(d, 1, maps, 1, 0);
  err("GetVcpuPinInfoSmall", rv);
  {
    unsigned char *bm = calloc(16385, 1);
    rv = virDomainGetVcpuPinInfo(d, 16385, bm, 1, 0);
    err("GetVcpuPinInfoTooMany", rv);
    free(bm);
  }
  memset(maps, 0xff, sizeof maps);
  rv = virDomainGetEmulatorPinInfo(d, maps, 2, 0);
  err("GetEmulatorPinInfo", rv);
  for (int i = 0; i < 8; i++) printf(" %02x", maps[i]);
  printf("\n");
  {
    unsigned char *bm = calloc(8388609, 1);
    rv = virDomainGetEmulatorPinInfo(d, bm, 8388609, 0);
    err("GetEmulatorPinInfoTooBig", rv);
    free(bm);
  }
  {
    virDomainIOThreadInfoPtr *it = NULL;
    rv = virDomainGetIOThreadInfo(d, &it, 0);
    err("GetIOThreadInfo", rv);
    for (int i = 0; i < rv; i++) {
      printf("  iothread %u len=%d:", it[i]->iothread_id, it[i]->cpumaplen);
      for (int j = 0; j < it[i]->cpumaplen; j++) printf(" %02x", it[i]->cpumap[j]);
      printf("\n");
      virDomainIOThreadInfoFree(it[i]);
    }
    printf("  null=%d\n", it == NULL);
    free(it);
  }

  /* security labels */
  {
    virSecurityLabel sl;
    memset(&sl, 0x55, sizeof sl);
    rv = virDomainGetSecurityLabel(d, &sl);
    err("GetSecurityLabel", rv);
    printf("  label=[%s] enforcing=%d\n", sl.label, sl.enforcing);
    virSecurityLabelPtr list = NULL;
    rv = virDomainGetSecurityLabelList(d, &list);
    err("GetSecurityLabelList", rv);
    free(list);
  }

  /* statistics */
  {
    virDomainBlockStatsStruct bs;
    rv = virDomainBlockStats(d, "vda", &bs, sizeof bs);
    err("BlockStats", rv);
    if (rv == 0)
      printf("  rd_req>0=%d errs=%lld\n", bs.rd_req > 0, bs.errs);
    rv = virDomainBlockStats(d, "nope", &bs, sizeof bs);
    err("BlockStatsNope", rv);
    virDomainInterfaceStatsStruct is;
    rv = virDomainInterfaceStats(d, "testnet0", &is, sizeof is);
    err("InterfaceStats", rv);
    rv = virDomainInterfaceStats(d, "nope", &is, sizeof is);
    err("InterfaceStatsNope", rv);
  }
  {
    virDomainMemoryStatStruct ms[VIR_DOMAIN_MEMORY_STAT_NR];
    rv = virDomainMemoryStats(d, ms, VIR_DOMAIN_MEMORY_STAT_NR, 0);
    err("MemoryStats", rv);
    for (int i = 0; i < rv; i++) printf("  tag=%d val=%llu\n", ms[i].tag, ms[i].val);
    rv = virDomainMemoryStats(d, ms, 2, 0);
    err("MemoryStats2", rv);
  }
  {
    virTypedParameter p[64];
    memset(p, 0, sizeof p);
    rv = virDomainGetCPUStats(d, NULL, 0, -1, 1, 0);
    err("CPUStatsCountTotal", rv);
    rv = virDomainGetCPUStats(d, NULL, 0, 0, 2, 0);
    err("CPUStatsCountPerCpu", rv);
    rv = virDomainGetCPUStats(d, p, 3, -1, 1, 0);
    err("CPUStatsTotal", rv);
    params(p, 3);
    virTypedParamsClear(p, 3);
    rv = virDomainGetCPUStats(d, p, 2, 0, 4, 0);
    err("CPUStatsPerCpu", rv);
    params(p, 8);
    virTypedParamsClear(p, 8);
    rv = virDomainGetCPUStats(d, p, 17, 0, 1, 0);
    err("CPUStatsTooManyParams", rv);
    virTypedParameterPtr big = calloc(129, sizeof *big);
    rv = virDomainGetCPUStats(d, big, 1, 0, 129, 0);
    err("CPUStatsTooManyCpus", rv);
    free(big);
  }
  {
    unsigned int ne;
    virDomainDiskError de[4];
    memset(de, 0, sizeof de);
    rv = virDomainGetDiskErrors(d, NULL, 0, 0);
    err("DiskErrorsCount", rv);
    rv = virDomainGetDiskErrors(d, de, 4, 0);
    err("DiskErrors", rv);
    for (int i = 0; i < rv; i++) {
      printf("  disk=%s error=%d\n", de[i].disk, de[i].error);
      free(de[i].disk);
    }
    ne = 0;
    (void)ne;
  }
  {
    virDomainStatsRecordPtr *recs = NULL;
    rv = virConnectGetAllDomainStats(c, VIR_DOMAIN_STATS_STATE, &recs, 0);
    err("AllDomainStats", rv);
    for (int i = 0; i < rv; i++) {
      printf(" rec %s\n", virDomainGetName(recs[i]->dom));
      params(recs[i]->params, recs[i]->nparams);
    }
    virDomainStatsRecordListFree(recs);
    recs = NULL;
    virDomainPtr list[2] = {d, NULL};
    rv = virDomainListGetStats(list, 0, &recs, 0);
    err("ListGetStats", rv);
    for (int i = 0; i < rv; i++) {
      printf(" rec %s n=%d\n", virDomainGetName(recs[i]->dom), recs[i]->nparams);
    }
    virDomainStatsRecordListFree(recs);
  }

  /* raw contents */
  {
    unsigned char buf[16];
    memset(buf, 0x55, sizeof buf);
    rv = virDomainMemoryPeek(d, 0, sizeof buf, buf, VIR_MEMORY_VIRTUAL);
    err("MemoryPeek", rv);
    for (int i = 0; i < 16; i++) printf(" %02x", buf[i]);
    printf("\n");
    char *big = malloc(4194305);
    rv = virDomainMemoryPeek(d, 0, 4194305, big, VIR_MEMORY_VIRTUAL);
    err("MemoryPeekTooBig", rv);
    rv = virDomainBlockPeek(d, "vda", 0, 4194305, big, 0);
    err("BlockPeekTooBig", rv);
    free(big);
    rv = virDomainBlockPeek(d, "vda", 0, sizeof buf, buf, 0);
    err("BlockPeek", rv);
  }

  /* guest and domain data */
  {
    virDomainFSInfoPtr *fs = NULL;
    rv = virDomainGetFSInfo(d, &fs, 0);
    err("FSInfo", rv);
    for (int i = 0; i < rv; i++) {
      printf("  fs %s %s %s n=%zu", fs[i]->mountpoint, fs[i]->name, fs[i]->fstype,
             fs[i]->ndevAlias);
      for (size_t j = 0; j < fs[i]->ndevAlias; j++) printf(" %s", fs[i]->devAlias[j]);
      printf("\n");
      virDomainFSInfoFree(fs[i]);
    }
    free(fs);
  }
  for (unsigned src = 0; src < 4; src++) {
    virDomainInterfacePtr *ifs = NULL;
    char what[32];
    rv = virDomainInterfaceAddresses(d, &ifs, src, 0);
    snprintf(what, sizeof what, "IfAddrs%u", src);
    err(what, rv);
    for (int i = 0; i < rv; i++) {
      printf("  if %s %s:", ifs[i]->name, s(ifs[i]->hwaddr));
      for (unsigned j = 0; j < ifs[i]->naddrs; j++)
        printf(" %d/%s/%u", ifs[i]->addrs[j].type, ifs[i]->addrs[j].addr, ifs[i]->addrs[j].prefix);
      printf("\n");
      virDomainInterfaceFree(ifs[i]);
    }
    free(ifs);
  }
  {
    char **msgs = NULL;
    rv = virDomainGetMessages(d, &msgs, 0);
    err("Messages", rv);
    for (int i = 0; i < rv; i++) printf("  msg %s\n", msgs[i]);
    if (rv >= 0) printf("  terminated=%d\n", msgs[rv] == NULL);
    for (int i = 0; i < rv; i++) free(msgs[i]);
    free(msgs);
    char **keys = NULL;
    rv = virDomainAuthorizedSSHKeysGet(d, "root", &keys, 0);
    err("SSHKeys", rv);
  }
  {
    char *m = virDomainGetMetadata(d, VIR_DOMAIN_METADATA_DESCRIPTION, NULL, 0);
    err("MetadataDescr", m ? 0 : -1);
    free(m);
    m = virDomainGetMetadata(d, VIR_DOMAIN_METADATA_ELEMENT, "http://x.org/", 0);
    err("MetadataElemMissing", m ? 0 : -1);
    free(m);
    rv = virDomainSetMetadata(d, VIR_DOMAIN_METADATA_ELEMENT, "<a>1</a>", "x", "http://x.org/", 0);
    err("SetMetadata", rv);
    m = virDomainGetMetadata(d, VIR_DOMAIN_METADATA_ELEMENT, "http://x.org/", 0);
    err("MetadataElem", m ? 0 : -1);
    printf("  [%s]\n", s(m));
    free(m);
    rv = virDomainSetMetadata(d, VIR_DOMAIN_METADATA_TITLE, "T", NULL, NULL, 0);
    err("SetTitle", rv);
    m = virDomainGetMetadata(d, VIR_DOMAIN_METADATA_TITLE, NULL, 0);
    err("MetadataTitle", m ? 0 : -1);
    printf("  [%s]\n", s(m));
    free(m);
  }
  /* after pinning and an IOThread */
  {
    unsigned char em = 0x05, vm = 0x02, im = 0x01, all = 0xff;
    err("PinEmulator", virDomainPinEmulator(d, &em, 1, 0));
    err("PinVcpu", virDomainPinVcpu(d, 1, &vm, 1));
    err("AddIOThread", virDomainAddIOThread(d, 3, 0));
    err("PinIOThread", virDomainPinIOThread(d, 3, &im, 1, 0));
    memset(maps, 0, sizeof maps);
    rv = virDomainGetEmulatorPinInfo(d, maps, 1, 0);
    err("GetEmulatorPinInfo2", rv);
    printf(" %02x\n", maps[0]);
    rv = virDomainGetVcpuPinInfo(d, 2, maps, 1, 0);
    err("GetVcpuPinInfo2", rv);
    printf(" %02x %02x\n", maps[0], maps[1]);
    virDomainIOThreadInfoPtr *it = NULL;
    rv = virDomainGetIOThreadInfo(d, &it, 0);
    err("GetIOThreadInfo2", rv);
    for (int i = 0; i < rv; i++) {
      printf("  iothread %u len=%d:", it[i]->iothread_id, it[i]->cpumaplen);
      for (int j = 0; j < it[i]->cpumaplen; j++) printf(" %02x", it[i]->cpumap[j]);
      printf("\n");
      virDomainIOThreadInfoFree(it[i]);
    }
    free(it);
    virDomainStatsRecordPtr *recs = NULL;
    rv = virConnectGetAllDomainStats(c, 0, &recs, 0);
    err("AllDomainStats2", rv);
    for (int i = 0; i < rv; i++) {
      printf(" rec %s\n", virDomainGetName(recs[i]->dom));
      params(recs[i]->params, recs[i]->nparams);
    }
    virDomainStatsRecordListFree(recs);
    err("DelIOThread", virDomainDelIOThread(d, 3, 0));
    err("PinEmulatorBack", virDomainPinEmulator(d, &all, 1, 0));
    err("PinVcpuBack", virDomainPinVcpu(d, 1, &all, 1));
  }
  virDomainFree(d);
  virConnectClose(c);
  return 0;
}
