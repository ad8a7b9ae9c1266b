/*
 * pam-loop: in-process PAM logins per second, the server's PAM steps without Bolt, Swift or
 * its thread pool.
 *
 *     pam-loop --service SERVICE --user USER --password-file FILE
 *              --threads N --duration SECONDS [--warmup SECONDS]
 *
 * Each login is pam_start, pam_authenticate, pam_acct_mgmt and pam_end, with the flags
 * PAM_SILENT | PAM_DISALLOW_NULL_AUTHTOK and a conversation that answers every hidden prompt
 * with the password. Each thread runs its own handles. It prints one JSON line, and exits with 1
 * when any login failed:
 *     {"logins": n, "duration_s": d, "rate": r, "p50_ms": x, "p99_ms": y, "errors": e}
 * The password is read from the first line of FILE, so it never shows in the process list.
 * Run it under the same pam_wrapper and nss_wrapper environment as the server to use the same
 * stack (see bench/pam_bench.py).
 *
 * NOTE: libpam loads the stack's modules with dlopen in pam_start and unloads them in pam_end.
 * With one thread, every login pays that load (LD_DEBUG=files shows one load of pam_matrix.so per
 * login). With several threads, the other threads' open handles keep the modules loaded, so with
 * pam_matrix 4 threads on 2 cores measured about 6 times the rate of 1 thread. The server loads
 * the modules in the same way, so the rates compare to its logins at the same concurrency.
 */

#include <security/pam_appl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timed_loop.h"

struct login {
    const char *service;
    const char *user;
    char password[1024];
};

struct thread_login {
    const struct login *login;
    struct pam_conv conversation;
    int reported; /* whether this thread has printed a login error already */
};

static int converse(int count, const struct pam_message **messages, struct pam_response **responses, void *data) {
    const struct login *login = data;
    struct pam_response *answers = calloc((size_t)count, sizeof *answers);
    if (answers == NULL) return PAM_BUF_ERR;
    for (int i = 0; i < count; i++) {
        if (messages[i]->msg_style != PAM_PROMPT_ECHO_OFF) continue;
        answers[i].resp = strdup(login->password);
        if (answers[i].resp == NULL) {
            for (int j = 0; j < i; j++) free(answers[j].resp);
            free(answers);
            return PAM_BUF_ERR;
        }
    }
    *responses = answers;
    return PAM_SUCCESS;
}

static void *open_login(void *context) {
    struct thread_login *state = calloc(1, sizeof *state);
    if (state == NULL) return NULL;
    state->login = context;
    state->conversation = (struct pam_conv){converse, context};
    return state;
}

static int log_in(void *argument) {
    struct thread_login *state = argument;
    pam_handle_t *handle = NULL;
    int flags = PAM_SILENT | PAM_DISALLOW_NULL_AUTHTOK;
    int status = pam_start(state->login->service, state->login->user, &state->conversation, &handle);
    if (status == PAM_SUCCESS) status = pam_authenticate(handle, flags);
    if (status == PAM_SUCCESS) status = pam_acct_mgmt(handle, flags);
    if (status != PAM_SUCCESS && !state->reported) {
        fprintf(stderr, "PAM login of %s with service %s failed: %s\n", state->login->user, state->login->service,
                pam_strerror(handle, status));
        state->reported = 1;
    }
    if (handle != NULL) pam_end(handle, status);
    return status == PAM_SUCCESS ? 0 : -1;
}

static void close_login(void *state) { free(state); }

__attribute__((noreturn)) static void usage(void) {
    fprintf(stderr,
            "usage: pam-loop --service SERVICE --user USER --password-file FILE --threads N --duration SECONDS "
            "[--warmup SECONDS]\n"
            "Repeats PAM logins in this process and prints one JSON line.\n"
            "  --service        PAM service name\n"
            "  --user           user to log in\n"
            "  --password-file  file whose first line is the password\n"
            "  --threads        threads logging in at once (default 1)\n"
            "  --duration       seconds measured (default 10)\n"
            "  --warmup         seconds of logins before the measurement, not counted (default 1)\n");
    exit(2);
}

int main(int argc, char **argv) {
    struct login login = {0};
    const char *password_file = NULL;
    struct loop_options options = {.threads = 1, .duration = 10, .warmup = 1};
    for (int i = 1; i < argc; i++) {
        if (parse_loop_option(argc, argv, &i, &options)) continue;
        const char **value = NULL;
        if (strcmp(argv[i], "--service") == 0) {
            value = &login.service;
        } else if (strcmp(argv[i], "--user") == 0) {
            value = &login.user;
        } else if (strcmp(argv[i], "--password-file") == 0) {
            value = &password_file;
        } else {
            fprintf(stderr, "unknown option %s\n", argv[i]);
            usage();
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "missing value for %s\n", argv[i]);
            usage();
        }
        *value = argv[++i];
    }
    if (login.service == NULL || login.user == NULL || password_file == NULL) usage();
    if (read_password_file(password_file, login.password, sizeof login.password) != 0) return 1;

    struct loop_worker worker = {.open = open_login, .operate = log_in, .close = close_login};
    struct loop_result result;
    if (run_loop(&options, &worker, &login, &result) != 0) return 1;
    print_loop_result("logins", &result);
    return result.errors == 0 ? 0 : 1;
}
