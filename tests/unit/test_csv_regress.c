// SPDX-License-Identifier: MIT
// Runs the CSV fuzz harness (fuzz/fuzz_csv.c) on every file of
// tests/regress/csv/: inputs that once crashed it or found a disagreement,
// and a few seeds.  The harness aborts on any problem.
#undef NDEBUG

#include <assert.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static int
by_name(const void* a, const void* b)
{
  return strcmp(*(char* const*)a, *(char* const*)b);
}

int
main(void)
{
  const char* srcdir = getenv("LDX_TOP_SRCDIR");
  char        dir[4096];
  snprintf(dir, sizeof(dir), "%s/tests/regress/csv", srcdir ? srcdir : ".");
  DIR* d = opendir(dir);
  if (!d) {
    fprintf(stderr, "%s: cannot open\n", dir);
    return 77;
  }
  char**         names = NULL;
  size_t         n     = 0;
  struct dirent* e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.' || !strcmp(e->d_name, "README.md")) {
      continue;
    }
    names = (char**)realloc(names, (n + 1) * sizeof(char*));
    assert(names);
    names[n] = (char*)malloc(strlen(e->d_name) + 1);
    assert(names[n]);
    memcpy(names[n], e->d_name, strlen(e->d_name) + 1);
    ++n;
  }
  closedir(d);
  qsort(names, n, sizeof(char*), by_name);
  for (size_t i = 0; i < n; ++i) {
    char path[8192];
    snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
    FILE* f = fopen(path, "rb");
    assert(f);
    uint8_t* data = (uint8_t*)malloc(1 << 16);
    assert(data);
    const size_t len = fread(data, 1, 1 << 16, f);
    fclose(f);
    LLVMFuzzerTestOneInput(data, len);
    free(data);
    free(names[i]);
  }
  free(names);
  printf("csv regress: %zu inputs\n", n);
  return 0;
}
