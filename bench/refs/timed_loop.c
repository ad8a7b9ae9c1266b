#define _GNU_SOURCE
#include "timed_loop.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct thread_state {
    const struct loop_options *options;
    const struct loop_worker *worker;
    void *context;
    pthread_barrier_t *ready;
    double *latencies; /* seconds */
    size_t latency_count;
    size_t latency_capacity;
    long errors;
    double measured_from;
    double measured_to;
    int opened;
};

static double now(void) {
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return (double)time.tv_sec + (double)time.tv_nsec / 1e9;
}

static int parse_seconds(const char *text, double *seconds) {
    char *end = NULL;
    errno = 0;
    double value = strtod(text, &end);
    if (errno != 0 || end == text || *end != '\0' || !(value >= 0) || isinf(value)) return -1;
    *seconds = value;
    return 0;
}

int parse_loop_option(int argc, char **argv, int *index, struct loop_options *options) {
    const char *name = argv[*index];
    if (strcmp(name, "--threads") != 0 && strcmp(name, "--duration") != 0 && strcmp(name, "--warmup") != 0) return 0;
    if (*index + 1 >= argc) {
        fprintf(stderr, "missing value for %s\n", name);
        exit(2);
    }
    const char *value = argv[++*index];
    if (strcmp(name, "--threads") == 0) {
        char *end = NULL;
        long threads = strtol(value, &end, 10);
        if (end == value || *end != '\0' || threads < 1 || threads > 1024) {
            fprintf(stderr, "invalid --threads %s; give a whole number from 1 to 1024\n", value);
            exit(2);
        }
        options->threads = (int)threads;
        return 1;
    }
    double *target = strcmp(name, "--duration") == 0 ? &options->duration : &options->warmup;
    if (parse_seconds(value, target) != 0) {
        fprintf(stderr, "invalid %s %s; give a number of seconds, 0 or more\n", name, value);
        exit(2);
    }
    return 1;
}

int read_password_file(const char *path, char *buffer, size_t size) {
    FILE *file = fopen(path, "r");
    if (file == NULL) {
        fprintf(stderr, "failed to open the password file %s: %s\n", path, strerror(errno));
        return -1;
    }
    int status = 0;
    if (fgets(buffer, (int)size, file) == NULL) {
        fprintf(stderr, "the password file %s is empty\n", path);
        status = -1;
    } else {
        buffer[strcspn(buffer, "\r\n")] = '\0';
    }
    fclose(file);
    return status;
}

static int record_latency(struct thread_state *state, double seconds) {
    if (state->latency_count == state->latency_capacity) {
        size_t capacity = state->latency_capacity ? state->latency_capacity * 2 : 65536;
        double *grown = realloc(state->latencies, capacity * sizeof *grown);
        if (grown == NULL) return -1;
        state->latencies = grown;
        state->latency_capacity = capacity;
    }
    state->latencies[state->latency_count++] = seconds;
    return 0;
}

static void *loop_thread(void *argument) {
    struct thread_state *state = argument;
    void *worker_state = state->worker->open(state->context);
    state->opened = worker_state != NULL;
    /* Every thread connects before any starts the clock, so slow set-up does not count. */
    pthread_barrier_wait(state->ready);
    if (!state->opened) return NULL;

    double started = now();
    state->measured_from = started + state->options->warmup;
    double deadline = state->measured_from + state->options->duration;
    state->measured_to = state->measured_from;
    for (;;) {
        double before = now();
        if (before >= deadline) break;
        int status = state->worker->operate(worker_state);
        double after = now();
        if (before < state->measured_from) continue;
        state->measured_to = after;
        if (status != 0) {
            state->errors++;
        } else if (record_latency(state, after - before) != 0) {
            fprintf(stderr, "out of memory for latencies after %zu operations\n", state->latency_count);
            break;
        }
    }
    state->worker->close(worker_state);
    return NULL;
}

static int compare_doubles(const void *left, const void *right) {
    double a = *(const double *)left, b = *(const double *)right;
    return (a > b) - (a < b);
}

/* The same rank as ScenarioResult.percentile in bench/bolt_bench.py. */
static double percentile_ms(const double *sorted, size_t count, double fraction) {
    if (count == 0) return NAN;
    size_t rank = (size_t)(fraction * (double)count);
    if (rank > count - 1) rank = count - 1;
    return sorted[rank] * 1000.0;
}

int run_loop(const struct loop_options *options, const struct loop_worker *worker, void *context,
             struct loop_result *result) {
    int count = options->threads;
    struct thread_state *states = calloc((size_t)count, sizeof *states);
    pthread_t *threads = calloc((size_t)count, sizeof *threads);
    pthread_barrier_t ready;
    if (states == NULL || threads == NULL || pthread_barrier_init(&ready, NULL, (unsigned)count) != 0) {
        fprintf(stderr, "out of memory for %d threads\n", count);
        free(states);
        free(threads);
        return -1;
    }
    for (int i = 0; i < count; i++) {
        states[i] = (struct thread_state){.options = options, .worker = worker, .context = context, .ready = &ready};
        int status = pthread_create(&threads[i], NULL, loop_thread, &states[i]);
        if (status != 0) {
            /* The barrier counts every thread, so the ones already started would wait forever. */
            fprintf(stderr, "failed to start thread %d of %d: %s\n", i + 1, count, strerror(status));
            exit(1);
        }
    }
    for (int i = 0; i < count; i++) pthread_join(threads[i], NULL);
    pthread_barrier_destroy(&ready);

    *result = (struct loop_result){0};
    size_t total = 0;
    double first = INFINITY, last = -INFINITY;
    for (int i = 0; i < count; i++) {
        total += states[i].latency_count;
        result->errors += states[i].errors + (states[i].opened ? 0 : 1);
        if (!states[i].opened) continue;
        if (states[i].measured_from < first) first = states[i].measured_from;
        if (states[i].measured_to > last) last = states[i].measured_to;
    }
    double *all = malloc((total ? total : 1) * sizeof *all);
    if (all == NULL) {
        fprintf(stderr, "out of memory for %zu latencies\n", total);
        exit(1);
    }
    size_t offset = 0;
    for (int i = 0; i < count; i++) {
        if (states[i].latency_count > 0) {
            memcpy(all + offset, states[i].latencies, states[i].latency_count * sizeof *all);
        }
        offset += states[i].latency_count;
        free(states[i].latencies);
    }
    qsort(all, total, sizeof *all, compare_doubles);
    result->operations = (long)total;
    result->duration = last > first ? last - first : 0;
    result->p50_ms = percentile_ms(all, total, 0.50);
    result->p99_ms = percentile_ms(all, total, 0.99);
    free(all);
    free(states);
    free(threads);
    return 0;
}

/* JSON has no NaN, so a percentile without operations prints as null. */
static void print_number(const char *key, double value, const char *separator) {
    if (isnan(value)) {
        printf("\"%s\": null%s", key, separator);
    } else {
        printf("\"%s\": %.4f%s", key, value, separator);
    }
}

void print_loop_result(const char *count_key, const struct loop_result *result) {
    double rate = result->duration > 0 ? (double)result->operations / result->duration : 0;
    printf("{\"%s\": %ld, ", count_key, result->operations);
    print_number("duration_s", result->duration, ", ");
    print_number("rate", rate, ", ");
    print_number("p50_ms", result->p50_ms, ", ");
    print_number("p99_ms", result->p99_ms, ", ");
    printf("\"errors\": %ld}\n", result->errors);
    fflush(stdout);
}
