// SPDX-License-Identifier: LGPL-2.1-or-later
/* Thread churn: many short-lived threads, each failing one call and exiting.
 * Run under valgrind by CTest: the per-thread error must be freed at thread
 * exit whether or not the thread called virResetLastError.
 *   churn [THREADS [BATCH]]   (default 10000 threads in batches of 100) */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static virConnectPtr conn;

static void quiet(void *data, virErrorPtr err) {
  (void)data;
  (void)err;
}

static void *worker(void *arg) {
  long i = (long)arg;
  virDomainPtr d = virDomainLookupByName(conn, "no-such-domain");
  if (d || virGetLastErrorCode() != VIR_ERR_NO_DOMAIN) {
    fprintf(stderr, "thread %ld: the lookup did not fail as expected\n", i);
    return (void *)1;
  }
  switch (i % 3) {
    case 0:
      virResetLastError();
      break;
    case 1:
      if (!virConnGetLastError(conn)) return (void *)1; /* a per-thread snapshot */
      break;
    default:
      break; /* never resets */
  }
  return NULL;
}

int main(int argc, char **argv) {
  long total = argc > 1 ? atol(argv[1]) : 10000;
  long batch = argc > 2 ? atol(argv[2]) : 100;
  pthread_t *tids = calloc((size_t)batch, sizeof *tids);
  long failed = 0;
  virSetErrorFunc(NULL, quiet);
  conn = virConnectOpen("test:///default");
  if (!conn || !tids) return 1;
  for (long done = 0; done < total; done += batch) {
    long n = total - done < batch ? total - done : batch;
    for (long i = 0; i < n; i++)
      if (pthread_create(&tids[i], NULL, worker, (void *)(done + i)) != 0) return 1;
    for (long i = 0; i < n; i++) {
      void *r;
      pthread_join(tids[i], &r);
      failed += r != NULL;
    }
  }
  virConnectClose(conn);
  free(tids);
  printf("churn: %ld threads, %ld failed\n", total, failed);
  return failed != 0;
}
