/*
 * A timed loop of one operation on N threads, shared by ldap-bind-loop and pam-loop: command-line
 * options, per-thread state, warm-up, latencies and the one-line JSON result.
 */
#ifndef TIMED_LOOP_H
#define TIMED_LOOP_H

#include <stddef.h>

struct loop_options {
    int threads;
    double duration; /* seconds measured */
    double warmup;   /* seconds run before the measurement, not counted */
};

/* The operation under test. Each thread calls `open` once, then `operate` until the time is up. */
struct loop_worker {
    /* Returns the thread's state, or NULL after printing why it failed; that thread then stops. */
    void *(*open)(void *context);
    /* Runs one operation and returns 0 on success. On failure it may reconnect, through the thread's state. */
    int (*operate)(void *state);
    void (*close)(void *state);
};

struct loop_result {
    long operations; /* successful operations that started after the warm-up */
    long errors;     /* failed operations after the warm-up, plus threads whose `open` failed */
    double duration; /* seconds from the end of the warm-up to the end of the last operation */
    double p50_ms;
    double p99_ms;
};

/* Parses "--threads N", "--duration S" and "--warmup S" at argv[*index]; returns 1 if it took one. */
int parse_loop_option(int argc, char **argv, int *index, struct loop_options *options);

/* Reads the first line of `path` without its line break into `buffer`; returns 0 on success. */
int read_password_file(const char *path, char *buffer, size_t size);

/* Runs the loop and fills `result`; returns 0, or -1 when threads could not be started. */
int run_loop(const struct loop_options *options, const struct loop_worker *worker, void *context,
             struct loop_result *result);

/* Prints {"<count_key>": n, "duration_s": d, "rate": r, "p50_ms": .., "p99_ms": .., "errors": e}. */
void print_loop_result(const char *count_key, const struct loop_result *result);

#endif
