#pragma once
// OpenLDAP's client library (Debian: libldap-dev). The helpers below wrap macros and
// pointer-typed option values that Swift cannot import directly.
#include <stddef.h>
#include <sys/time.h>
#include <lber.h>
#include <ldap.h>

static inline int nornic_ldap_set_int(LDAP *ld, int option, int value) {
    return ldap_set_option(ld, option, &value);
}

static inline int nornic_ldap_set_timeout(LDAP *ld, int option, long seconds) {
    struct timeval tv = { .tv_sec = seconds, .tv_usec = 0 };
    return ldap_set_option(ld, option, &tv);
}

static inline int nornic_ldap_set_string(LDAP *ld, int option, const char *value) {
    return ldap_set_option(ld, option, value);
}

static inline int nornic_ldap_set_referrals(LDAP *ld, int follow) {
    return ldap_set_option(ld, LDAP_OPT_REFERRALS, follow ? LDAP_OPT_ON : LDAP_OPT_OFF);
}

/// Starts a simple bind; the password is passed with its length, so it needs no terminator.
static inline int nornic_ldap_simple_bind(LDAP *ld, const char *dn, const char *password, size_t length,
                                          int *msgid) {
    struct berval credentials = { .bv_len = length, .bv_val = (char *)password };
    return ldap_sasl_bind(ld, dn, LDAP_SASL_SIMPLE, &credentials, NULL, NULL, msgid);
}

/// Waits up to `seconds` for the whole result of `msgid`; 0 on timeout, -1 on error.
static inline int nornic_ldap_result(LDAP *ld, int msgid, long seconds, LDAPMessage **result) {
    struct timeval tv = { .tv_sec = seconds, .tv_usec = 0 };
    return ldap_result(ld, msgid, LDAP_MSG_ALL, &tv, result);
}

static inline int nornic_ldap_search(LDAP *ld, const char *base, int scope, const char *filter, char **attributes,
                                     long seconds, int sizelimit, int *msgid) {
    struct timeval tv = { .tv_sec = seconds, .tv_usec = 0 };
    return ldap_search_ext(ld, base, scope, filter, attributes, 0, NULL, NULL, &tv, sizelimit, msgid);
}

/// Escapes a value for a search filter (RFC 4515); the result is freed with ber_memfree.
static inline char *nornic_ldap_escape_filter_value(const char *value, size_t length) {
    struct berval in = { .bv_len = length, .bv_val = (char *)value };
    struct berval out = { 0, NULL };
    if (ldap_bv2escaped_filter_value(&in, &out) != 0) return NULL;
    return out.bv_val;
}

static inline int nornic_ldap_error_code(LDAP *ld) {
    int code = LDAP_OTHER;
    ldap_get_option(ld, LDAP_OPT_RESULT_CODE, &code);
    return code;
}

// MARK: - Interrupting a connection from another thread
//
// libldap cannot cancel a blocking call, and its TLS handshake ignores the network timeout (with
// the timeout set it even spins on the CPU). A watch records a connection's socket from the
// connect callback, so another thread can shut the socket down at a deadline, which makes the
// blocked call fail at once. The lock keeps the socket number from being used after libldap
// closes it, when the number may already belong to another socket.

#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>

typedef struct nornic_ldap_watch {
    pthread_mutex_t lock;
    int fd;
    /// The socket buffer of the watched connection, so connections that libldap opens to chase
    /// referrals neither replace nor clear it.
    Sockbuf *sockbuf;
    int interrupted;
    struct ldap_conncb callbacks;
} nornic_ldap_watch;

static inline int nornic_ldap_watch_added(LDAP *ld, Sockbuf *sb, LDAPURLDesc *server, struct sockaddr *address,
                                          struct ldap_conncb *context) {
    (void)server;
    (void)address;
    nornic_ldap_watch *watch = (nornic_ldap_watch *)context->lc_arg;
    int fd = -1;
    ber_sockbuf_ctrl(sb, LBER_SB_OPT_GET_FD, &fd);
    pthread_mutex_lock(&watch->lock);
    int interrupted = watch->interrupted;
    int first = watch->sockbuf == NULL;
    if (first) {
        watch->fd = fd;
        watch->sockbuf = sb;
    }
    pthread_mutex_unlock(&watch->lock);
    if (interrupted && fd >= 0) {
        // The login has given up: end this connection too, such as the next URI's.
        shutdown(fd, SHUT_RDWR);
    } else if (first) {
        // The TCP connection is up. Without a network timeout the TLS handshake blocks instead
        // of spinning, and the watch bounds it. The caller sets the timeout again afterwards.
        struct timeval none = { .tv_sec = -1, .tv_usec = 0 };
        ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &none);
    }
    return 0;
}

static inline void nornic_ldap_watch_deleted(LDAP *ld, Sockbuf *sb, struct ldap_conncb *context) {
    (void)ld;
    (void)sb;
    nornic_ldap_watch *watch = (nornic_ldap_watch *)context->lc_arg;
    pthread_mutex_lock(&watch->lock);
    if (watch->sockbuf == sb) {
        watch->fd = -1;
        watch->sockbuf = NULL;
    }
    pthread_mutex_unlock(&watch->lock);
}

static inline nornic_ldap_watch *nornic_ldap_watch_new(void) {
    nornic_ldap_watch *watch = (nornic_ldap_watch *)calloc(1, sizeof(nornic_ldap_watch));
    if (watch == NULL) return NULL;
    pthread_mutex_init(&watch->lock, NULL);
    watch->fd = -1;
    watch->callbacks.lc_add = nornic_ldap_watch_added;
    watch->callbacks.lc_del = nornic_ldap_watch_deleted;
    watch->callbacks.lc_arg = watch;
    return watch;
}

static inline int nornic_ldap_watch_install(LDAP *ld, nornic_ldap_watch *watch) {
    return ldap_set_option(ld, LDAP_OPT_CONNECT_CB, &watch->callbacks);
}

/// Shuts the socket down now, or as soon as it is connected.
static inline void nornic_ldap_watch_interrupt(nornic_ldap_watch *watch) {
    pthread_mutex_lock(&watch->lock);
    watch->interrupted = 1;
    if (watch->fd >= 0) shutdown(watch->fd, SHUT_RDWR);
    pthread_mutex_unlock(&watch->lock);
}

/// Forgets the socket before the connection is closed.
static inline void nornic_ldap_watch_forget(nornic_ldap_watch *watch) {
    pthread_mutex_lock(&watch->lock);
    watch->fd = -1;
    watch->sockbuf = NULL;
    pthread_mutex_unlock(&watch->lock);
}

static inline void nornic_ldap_watch_free(nornic_ldap_watch *watch) {
    pthread_mutex_destroy(&watch->lock);
    free(watch);
}
