/*
 * ldap-bind-loop: simple binds per second over pooled LDAP connections, the directory's share of
 * an LDAP login without the server in front of it.
 *
 *     ldap-bind-loop --uri ldap://127.0.0.1:PORT --dn DN --password-file FILE
 *                    --threads N --duration SECONDS [--warmup SECONDS]
 *
 * Each thread opens one LDAPv3 connection and repeats ldap_sasl_bind_s simple binds as DN on it,
 * so the figure excludes TCP set-up. A failed bind counts as an error and the thread reconnects.
 * It prints one JSON line, and exits with 1 when any operation failed:
 *     {"binds": n, "duration_s": d, "rate": r, "p50_ms": x, "p99_ms": y, "errors": e}
 * The password is read from the first line of FILE, so it never shows in the process list.
 */

#define LDAP_DEPRECATED 0
#include <ldap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timed_loop.h"

struct bind_target {
    const char *uri;
    const char *dn;
    char password[1024];
};

struct connection {
    const struct bind_target *target;
    LDAP *ldap;
    int reported; /* whether this thread has printed a bind error already */
};

static LDAP *connect_directory(const struct bind_target *target) {
    LDAP *ldap = NULL;
    int status = ldap_initialize(&ldap, target->uri);
    if (status != LDAP_SUCCESS) {
        fprintf(stderr, "ldap_initialize %s failed: %s\n", target->uri, ldap_err2string(status));
        return NULL;
    }
    int version = LDAP_VERSION3;
    ldap_set_option(ldap, LDAP_OPT_PROTOCOL_VERSION, &version);
    /* libldap connects lazily, on the first bind, which the warm-up or the first operation pays. */
    return ldap;
}

static void *open_connection(void *context) {
    struct connection *connection = calloc(1, sizeof *connection);
    if (connection == NULL) return NULL;
    connection->target = context;
    connection->ldap = connect_directory(connection->target);
    if (connection->ldap == NULL) {
        free(connection);
        return NULL;
    }
    return connection;
}

static int bind_once(void *state) {
    struct connection *connection = state;
    if (connection->ldap == NULL) {
        connection->ldap = connect_directory(connection->target);
        if (connection->ldap == NULL) return -1;
    }
    struct berval credentials = {
        .bv_len = strlen(connection->target->password),
        .bv_val = (char *)connection->target->password,
    };
    int status = ldap_sasl_bind_s(connection->ldap, connection->target->dn, LDAP_SASL_SIMPLE, &credentials, NULL,
                                  NULL, NULL);
    if (status == LDAP_SUCCESS) return 0;
    if (!connection->reported) {
        fprintf(stderr, "bind as %s failed: %s; reconnecting\n", connection->target->dn, ldap_err2string(status));
        connection->reported = 1;
    }
    ldap_unbind_ext_s(connection->ldap, NULL, NULL);
    connection->ldap = NULL;
    return -1;
}

static void close_connection(void *state) {
    struct connection *connection = state;
    if (connection->ldap != NULL) ldap_unbind_ext_s(connection->ldap, NULL, NULL);
    free(connection);
}

__attribute__((noreturn)) static void usage(void) {
    fprintf(stderr,
            "usage: ldap-bind-loop --uri URI --dn DN --password-file FILE --threads N --duration SECONDS "
            "[--warmup SECONDS]\n"
            "Repeats LDAP simple binds as DN on one connection per thread and prints one JSON line.\n"
            "  --uri            directory URI, for example ldap://127.0.0.1:3890\n"
            "  --dn             DN to bind as\n"
            "  --password-file  file whose first line is the password\n"
            "  --threads        connections, one thread each (default 1)\n"
            "  --duration       seconds measured (default 10)\n"
            "  --warmup         seconds of binds before the measurement, not counted (default 1)\n");
    exit(2);
}

int main(int argc, char **argv) {
    struct bind_target target = {0};
    const char *password_file = NULL;
    struct loop_options options = {.threads = 1, .duration = 10, .warmup = 1};
    for (int i = 1; i < argc; i++) {
        if (parse_loop_option(argc, argv, &i, &options)) continue;
        const char **value = NULL;
        if (strcmp(argv[i], "--uri") == 0) {
            value = &target.uri;
        } else if (strcmp(argv[i], "--dn") == 0) {
            value = &target.dn;
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
    if (target.uri == NULL || target.dn == NULL || password_file == NULL) usage();
    if (read_password_file(password_file, target.password, sizeof target.password) != 0) return 1;

    struct loop_worker worker = {.open = open_connection, .operate = bind_once, .close = close_connection};
    struct loop_result result;
    if (run_loop(&options, &worker, &target, &result) != 0) return 1;
    print_loop_result("binds", &result);
    return result.errors == 0 ? 0 : 1;
}
