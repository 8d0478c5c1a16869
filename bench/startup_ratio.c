/* startup_ratio RUNS BASELINE -- COMMAND [ARGS...]
 *
 * Times BASELINE and COMMAND in one interleaved run (A B A B ...), RUNS times
 * each, stdout and stderr to /dev/null, and prints each one's median wall time
 * (spawn to exit) and COMMAND's median over BASELINE's. Interleaving keeps a
 * busy machine's noise on both sides of the ratio. Used by scripts/bench.sh. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char** environ;

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static double run_once(char** argv, const posix_spawn_file_actions_t* actions) {
  pid_t pid;
  int status = 0;
  const double start = now_us();
  if (posix_spawn(&pid, argv[0], actions, NULL, argv, environ) != 0) {
    perror(argv[0]);
    exit(2);
  }
  if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "startup_ratio: %s did not exit 0\n", argv[0]);
    exit(2);
  }
  return now_us() - start;
}

static int by_value(const void* a, const void* b) {
  const double x = *(const double*)a;
  const double y = *(const double*)b;
  return (x > y) - (x < y);
}

static double median(double* values, int count) {
  qsort(values, (size_t)count, sizeof *values, by_value);
  return count % 2 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2.0;
}

int main(int argc, char** argv) {
  if (argc < 5 || strcmp(argv[3], "--") != 0) {
    fputs("usage: startup_ratio RUNS BASELINE -- COMMAND [ARGS...]\n", stderr);
    return 2;
  }
  const int runs = atoi(argv[1]);
  char* baseline[] = {argv[2], NULL};
  char** command = argv + 4;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  double* a = malloc(sizeof(double) * (size_t)runs);
  double* b = malloc(sizeof(double) * (size_t)runs);
  for (int i = 0; i < runs / 10 + 1; ++i) { /* warm the page cache */
    run_once(baseline, &actions);
    run_once(command, &actions);
  }
  for (int i = 0; i < runs; ++i) {
    a[i] = run_once(baseline, &actions);
    b[i] = run_once(command, &actions);
  }
  const double ma = median(a, runs);
  const double mb = median(b, runs);
  printf(
      "baseline median %.1f us, command median %.1f us, ratio %.2f (%d runs each, interleaved)\n",
      ma, mb, mb / ma, runs);
  return 0;
}
