// SPDX-License-Identifier: LGPL-2.1-or-later
// A small coverage-guided fuzzing driver for the libFuzzer-style targets in
// this folder, for toolchains without libFuzzer (g++). The library is built
// with -fsanitize-coverage=trace-pc; this file receives the callbacks, keeps
// an edge map (AFL-style hit-count buckets), and mutates a corpus seeded
// from the directories given. Crashes and leaks are reported by ASan, which
// aborts; the input being run is then written to crash-<hash>.
// Flags follow libFuzzer's: -max_total_time=S -runs=N -seed=N -max_len=N DIR...
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern "C" void __sanitizer_set_death_callback(void (*)(void));

namespace {

constexpr size_t kMapSize = 1 << 16;
uint8_t g_map[kMapSize];
uint8_t g_seen[kMapSize];  // buckets seen so far, per edge
thread_local uintptr_t t_prev;
bool g_enabled = false;

const std::vector<uint8_t> *g_current = nullptr;
unsigned long long g_seed = 0;

void dump_current() {
  if (!g_current) return;
  uint64_t h = 1469598103934665603ULL;
  for (uint8_t b : *g_current) h = (h ^ b) * 1099511628211ULL;
  char name[64];
  std::snprintf(name, sizeof name, "crash-%016llx", static_cast<unsigned long long>(h));
  if (FILE *f = std::fopen(name, "wb")) {
    std::fwrite(g_current->data(), 1, g_current->size(), f);
    std::fclose(f);
    std::fprintf(stderr, "fuzz: the failing input is in %s\n", name);
  }
}

uint8_t bucket(uint8_t n) {
  if (n <= 3) return n;
  if (n <= 7) return 4;
  if (n <= 15) return 8;
  if (n <= 31) return 16;
  if (n <= 127) return 32;
  return 128;
}

std::vector<std::vector<uint8_t>> g_corpus;
std::vector<std::string> g_dict;
std::mt19937_64 g_rng;

size_t pick(size_t n) {
  return n ? static_cast<size_t>(g_rng() % n) : 0;
}

// Runs one input; true when it reached new edges or hit-count buckets.
bool run_one(const std::vector<uint8_t> &in) {
  std::memset(g_map, 0, sizeof g_map);
  t_prev = 0;
  g_current = &in;
  g_enabled = true;
  LLVMFuzzerTestOneInput(in.data(), in.size());
  g_enabled = false;
  bool fresh = false;
  for (size_t i = 0; i < kMapSize; i++) {
    if (!g_map[i]) continue;
    uint8_t b = bucket(g_map[i]);
    if (!(g_seen[i] & b)) {
      g_seen[i] |= b;
      fresh = true;
    }
  }
  return fresh;
}

// Words worth inserting: the tag and attribute names found in the seeds.
void harvest_dict(const std::vector<uint8_t> &in) {
  std::string s(in.begin(), in.end());
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] != '<' && s[i] != ' ') continue;
    size_t j = i + 1;
    while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_' ||
                            s[j] == '-' || s[j] == ':'))
      j++;
    if (j - i > 2 && j - i < 32) g_dict.push_back(s.substr(i, j - i + (s[j] == '=' ? 1 : 0)));
  }
  std::sort(g_dict.begin(), g_dict.end());
  g_dict.erase(std::unique(g_dict.begin(), g_dict.end()), g_dict.end());
}

std::vector<uint8_t> mutate(std::vector<uint8_t> in, size_t max_len) {
  int rounds = 1 + static_cast<int>(pick(4));
  for (int r = 0; r < rounds; r++) {
    switch (pick(9)) {
      case 0:  // flip a bit
        if (!in.empty()) in[pick(in.size())] ^= static_cast<uint8_t>(1u << pick(8));
        break;
      case 1:  // set a byte, often to something XML cares about
        if (!in.empty()) {
          static const char special[] = "<>/='\"&;:.-0123456789 \n\t\0\xff";
          in[pick(in.size())] = pick(2) ? static_cast<uint8_t>(special[pick(sizeof special - 1)])
                                        : static_cast<uint8_t>(g_rng());
        }
        break;
      case 2: {  // erase a range
        if (in.empty()) break;
        size_t a = pick(in.size()), n = 1 + pick(std::min<size_t>(16, in.size() - a));
        in.erase(in.begin() + static_cast<long>(a), in.begin() + static_cast<long>(a + n));
        break;
      }
      case 3: {  // duplicate a range
        if (in.empty()) break;
        size_t a = pick(in.size()), n = 1 + pick(std::min<size_t>(32, in.size() - a));
        std::vector<uint8_t> part(in.begin() + static_cast<long>(a),
                                  in.begin() + static_cast<long>(a + n));
        in.insert(in.begin() + static_cast<long>(pick(in.size() + 1)), part.begin(), part.end());
        break;
      }
      case 4:
      case 5: {  // insert a dictionary word
        if (g_dict.empty()) break;
        const std::string &w = g_dict[pick(g_dict.size())];
        in.insert(in.begin() + static_cast<long>(pick(in.size() + 1)), w.begin(), w.end());
        break;
      }
      case 6: {  // splice with another corpus entry
        const auto &o = g_corpus[pick(g_corpus.size())];
        if (o.empty() || in.empty()) break;
        size_t a = pick(in.size()), b = pick(o.size());
        in.resize(a);
        in.insert(in.end(), o.begin() + static_cast<long>(b), o.end());
        break;
      }
      case 7:  // a number somewhere
        if (!in.empty()) {
          static const char *nums[] = {"0", "-1", "4294967295", "18446744073709551616",
                                       "99999999999"};
          std::string w = nums[pick(5)];
          in.insert(in.begin() + static_cast<long>(pick(in.size() + 1)), w.begin(), w.end());
        }
        break;
      default:  // truncate
        if (!in.empty()) in.resize(pick(in.size()));
        break;
    }
  }
  if (in.size() > max_len) in.resize(max_len);
  return in;
}

void load_dir(const std::string &dir) {
  DIR *d = opendir(dir.c_str());
  if (!d) return;
  while (dirent *e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    std::string path = dir + "/" + e->d_name;
    struct stat st;
    if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    std::ifstream f(path, std::ios::binary);
    std::vector<uint8_t> data((std::istreambuf_iterator<char>(f)),
                              std::istreambuf_iterator<char>());
    harvest_dict(data);
    g_corpus.push_back(std::move(data));
  }
  closedir(d);
}

}  // namespace

extern "C" void __sanitizer_cov_trace_pc() {
  if (!g_enabled) return;
  auto pc = reinterpret_cast<uintptr_t>(__builtin_return_address(0));
  size_t idx = (pc ^ t_prev) & (kMapSize - 1);
  if (g_map[idx] != 255) g_map[idx]++;
  t_prev = pc >> 1;
}

int main(int argc, char **argv) {
  long max_time = 60, runs = -1, max_len = 8192;
  unsigned long long seed = static_cast<unsigned long long>(time(nullptr));
  std::vector<std::string> dirs;
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    auto val = [&](const char *flag) { return std::atoll(a.c_str() + std::strlen(flag)); };
    if (a.rfind("-max_total_time=", 0) == 0)
      max_time = val("-max_total_time=");
    else if (a.rfind("-runs=", 0) == 0)
      runs = val("-runs=");
    else if (a.rfind("-seed=", 0) == 0)
      seed = static_cast<unsigned long long>(val("-seed="));
    else if (a.rfind("-max_len=", 0) == 0)
      max_len = val("-max_len=");
    else if (a[0] != '-')
      dirs.push_back(a);
  }
  g_rng.seed(seed);
  __sanitizer_set_death_callback(dump_current);
  // A target's own abort() (a broken invariant) leaves its input too.
  g_seed = seed;
  std::signal(SIGABRT, [](int) {
    dump_current();
    std::fprintf(stderr, "fuzz: aborted (seed %llu)\n", g_seed);
    std::signal(SIGABRT, SIG_DFL);
    std::raise(SIGABRT);
  });
  for (const auto &d : dirs) load_dir(d);
  if (g_corpus.empty()) g_corpus.push_back({});
  // The seeds first, as they are.
  size_t seeds = g_corpus.size();
  for (size_t i = 0; i < seeds; i++) run_one(g_corpus[i]);

  auto start = std::chrono::steady_clock::now();
  long execs = 0;
  for (;;) {
    if (runs >= 0 && execs >= runs) break;
    if ((execs & 63) == 0 &&
        std::chrono::steady_clock::now() - start >= std::chrono::seconds(max_time))
      break;
    std::vector<uint8_t> in = mutate(g_corpus[pick(g_corpus.size())], static_cast<size_t>(max_len));
    if (run_one(in)) g_corpus.push_back(std::move(in));
    execs++;
  }
  g_current = nullptr;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  size_t edges = 0;
  for (uint8_t b : g_seen) edges += b != 0;
  std::printf(
      "fuzz: %ld executions in %.0f s (%.0f/s), seed %llu, %zu seeds, corpus %zu, %zu edges, "
      "nothing found\n",
      execs, secs, secs > 0 ? execs / secs : 0.0, seed, seeds, g_corpus.size(), edges);
  return 0;
}
