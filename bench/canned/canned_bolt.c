/*
 * canned-bolt: a Bolt server that replies to every request with pre-built bytes.
 *
 * It is the ceiling of the Bolt benchmarks: the fastest reply this machine can give a Bolt client.
 * It has no query engine and no authentication. It decodes no PackStream beyond the two bytes
 * that open each message, the struct marker and the signature.
 *
 *     canned-bolt ADDRESS PORT
 *
 * ADDRESS is a numeric IPv4 or IPv6 address and the only one it binds to. PORT 0 picks a free
 * port. Once it accepts connections it prints "canned-bolt listening on ADDRESS PORT" to standard
 * output. Each connection runs on its own thread with TCP_NODELAY. SIGINT or SIGTERM stops it.
 *
 * Handshake: from the client's four proposals it picks the highest version it serves (5.8 down
 * to 5.0, and 4.4) and replies `00 00 MINOR MAJOR`. It skips a handshake manifest request
 * (`00 00 01 FF`), so the client gets the 4-byte reply that drivers also accept. With no common
 * version it replies `00 00 00 00` and closes.
 *
 * Replies by request signature, the same for every version:
 *   HELLO (0x01)                    SUCCESS {server: "Neo4j/5.26.0", connection_id: "bolt-1"}
 *   RUN (0x10)                      SUCCESS {fields: ["1"], t_first: 0}
 *   PULL (0x3F)                     RECORD [1], then SUCCESS {t_last: 0}
 *   LOGON, LOGOFF, RESET, BEGIN, COMMIT, ROLLBACK, DISCARD, ROUTE, TELEMETRY
 *                                   SUCCESS {}
 *   GOODBYE (0x02)                  closes the connection
 *   anything else, or a message that is not a PackStream structure
 *                                   FAILURE {code: "Neo.ClientError.Request.Invalid", message}, then close
 *
 * Every query returns the one row [1], whatever its text and parameters, and every login
 * succeeds. A message may be split into any number of chunks, and requests may be pipelined.
 * The replies to all requests that one read() returns go out in one write(), unless they exceed
 * 64 KiB.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

enum {
    SIGNATURE_HELLO = 0x01,
    SIGNATURE_GOODBYE = 0x02,
    SIGNATURE_RESET = 0x0F,
    SIGNATURE_RUN = 0x10,
    SIGNATURE_BEGIN = 0x11,
    SIGNATURE_COMMIT = 0x12,
    SIGNATURE_ROLLBACK = 0x13,
    SIGNATURE_DISCARD = 0x2F,
    SIGNATURE_PULL = 0x3F,
    SIGNATURE_TELEMETRY = 0x54,
    SIGNATURE_ROUTE = 0x66,
    SIGNATURE_LOGON = 0x6A,
    SIGNATURE_LOGOFF = 0x6B,
};

enum {
    SIGNATURE_SUCCESS = 0x70,
    SIGNATURE_RECORD = 0x71,
    SIGNATURE_FAILURE = 0x7F,
};

/* The highest Bolt 5 minor version served; every minor from 0 up to it is served too. */
#define HIGHEST_V5_MINOR 8
#define BUFFER_SIZE 65536

/* One encoded reply: its chunk header, body and end marker, ready to write. */
struct reply {
    uint8_t bytes[256];
    size_t size;
};

static struct reply hello_success;
static struct reply run_success;
static struct reply pull_reply; /* RECORD [1] and SUCCESS {t_last: 0}, back to back */
static struct reply empty_success;
static struct reply invalid_failure;

static volatile sig_atomic_t stopping;
static atomic_long connection_count;

/* A PackStream writer for the small, fixed values of the replies. */
struct packer {
    uint8_t body[200];
    size_t size;
};

static void pack_byte(struct packer *packer, uint8_t byte) {
    if (packer->size >= sizeof packer->body) {
        fprintf(stderr, "canned-bolt: a pre-built reply exceeds %zu bytes\n", sizeof packer->body);
        exit(1);
    }
    packer->body[packer->size++] = byte;
}

static void pack_structure(struct packer *packer, uint8_t field_count, uint8_t signature) {
    pack_byte(packer, (uint8_t)(0xB0 | field_count));
    pack_byte(packer, signature);
}

/* Tiny maps and lists only: at most 15 entries, which every reply here has. */
static void pack_map_header(struct packer *packer, uint8_t entry_count) { pack_byte(packer, (uint8_t)(0xA0 | entry_count)); }

static void pack_list_header(struct packer *packer, uint8_t item_count) { pack_byte(packer, (uint8_t)(0x90 | item_count)); }

/* Tiny integers only: -16 to 127 encode as the value itself. */
static void pack_tiny_int(struct packer *packer, int8_t value) { pack_byte(packer, (uint8_t)value); }

static void pack_string(struct packer *packer, const char *text) {
    size_t length = strlen(text);
    if (length < 16) {
        pack_byte(packer, (uint8_t)(0x80 | length));
    } else if (length < 256) {
        pack_byte(packer, 0xD0);
        pack_byte(packer, (uint8_t)length);
    } else {
        fprintf(stderr, "canned-bolt: string of %zu bytes is too long for a pre-built reply\n", length);
        exit(1);
    }
    for (size_t i = 0; i < length; i++) pack_byte(packer, (uint8_t)text[i]);
}

/* Appends the packer's message to `reply` as one chunk and the 00 00 end marker. */
static void append_message(struct reply *reply, const struct packer *packer) {
    if (reply->size + packer->size + 4 > sizeof reply->bytes) {
        fprintf(stderr, "canned-bolt: a pre-built reply exceeds %zu bytes\n", sizeof reply->bytes);
        exit(1);
    }
    uint8_t *out = reply->bytes + reply->size;
    out[0] = (uint8_t)(packer->size >> 8);
    out[1] = (uint8_t)(packer->size & 0xFF);
    memcpy(out + 2, packer->body, packer->size);
    out[2 + packer->size] = 0;
    out[3 + packer->size] = 0;
    reply->size += packer->size + 4;
}

static void build_replies(void) {
    struct packer packer = {0};
    pack_structure(&packer, 1, SIGNATURE_SUCCESS);
    pack_map_header(&packer, 2);
    pack_string(&packer, "server");
    pack_string(&packer, "Neo4j/5.26.0"); /* drivers reject an agent that does not start with Neo4j/ */
    pack_string(&packer, "connection_id");
    pack_string(&packer, "bolt-1");
    append_message(&hello_success, &packer);

    packer = (struct packer){0};
    pack_structure(&packer, 1, SIGNATURE_SUCCESS);
    pack_map_header(&packer, 2);
    pack_string(&packer, "fields");
    pack_list_header(&packer, 1);
    pack_string(&packer, "1");
    pack_string(&packer, "t_first");
    pack_tiny_int(&packer, 0);
    append_message(&run_success, &packer);

    packer = (struct packer){0};
    pack_structure(&packer, 1, SIGNATURE_RECORD);
    pack_list_header(&packer, 1);
    pack_tiny_int(&packer, 1);
    append_message(&pull_reply, &packer);
    packer = (struct packer){0};
    pack_structure(&packer, 1, SIGNATURE_SUCCESS);
    pack_map_header(&packer, 1);
    pack_string(&packer, "t_last");
    pack_tiny_int(&packer, 0);
    append_message(&pull_reply, &packer);

    packer = (struct packer){0};
    pack_structure(&packer, 1, SIGNATURE_SUCCESS);
    pack_map_header(&packer, 0);
    append_message(&empty_success, &packer);

    packer = (struct packer){0};
    pack_structure(&packer, 1, SIGNATURE_FAILURE);
    pack_map_header(&packer, 2);
    pack_string(&packer, "code");
    pack_string(&packer, "Neo.ClientError.Request.Invalid");
    pack_string(&packer, "message");
    pack_string(&packer, "canned-bolt supports no request with this signature");
    append_message(&invalid_failure, &packer);
}

static int write_all(int fd, const uint8_t *bytes, size_t size) {
    while (size > 0) {
        ssize_t written = write(fd, bytes, size);
        if (written < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        bytes += written;
        size -= (size_t)written;
    }
    return 0;
}

static int read_exactly(int fd, uint8_t *bytes, size_t size) {
    while (size > 0) {
        ssize_t count = read(fd, bytes, size);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) return -1;
        bytes += count;
        size -= (size_t)count;
    }
    return 0;
}

/*
 * Returns the chosen version as (major << 8 | minor), or 0 when no proposal covers a served
 * version. A slot is `00 RANGE MINOR MAJOR` and covers MAJOR.MINOR down to MAJOR.(MINOR - RANGE).
 */
static unsigned choose_version(const uint8_t proposals[16]) {
    unsigned best = 0;
    for (int slot = 0; slot < 4; slot++) {
        const uint8_t *bytes = proposals + slot * 4;
        unsigned range = bytes[1], minor = bytes[2], major = bytes[3];
        unsigned lowest = minor >= range ? minor - range : 0;
        unsigned candidate = 0;
        if (major == 5) {
            unsigned highest = minor < HIGHEST_V5_MINOR ? minor : HIGHEST_V5_MINOR;
            if (highest >= lowest) candidate = 5u << 8 | highest;
        } else if (major == 4 && lowest <= 4 && 4 <= minor) {
            candidate = 4u << 8 | 4;
        }
        /* 0xFF as major marks a manifest request, which matches neither branch. */
        if (candidate > best) best = candidate;
    }
    return best;
}

/* The chunk decoder of one connection, which keeps only the first two bytes of each message. */
struct decoder {
    uint8_t header[2];
    int header_size;   /* bytes of the current chunk header received so far */
    size_t chunk_left; /* bytes of the current chunk body still to come */
    size_t message_size;
    uint8_t head[2]; /* struct marker and signature of the current message */
};

enum action { KEEP_OPEN, CLOSE };

/* Appends the reply to one complete message to `out`, flushing to `fd` when it is full. */
static enum action reply_to_message(int fd, const struct decoder *decoder, uint8_t *out, size_t *out_size) {
    const struct reply *reply = &empty_success;
    enum action action = KEEP_OPEN;
    int is_structure = decoder->message_size >= 2 && (decoder->head[0] & 0xF0) == 0xB0;
    switch (is_structure ? decoder->head[1] : -1) {
    case SIGNATURE_HELLO:
        reply = &hello_success;
        break;
    case SIGNATURE_RUN:
        reply = &run_success;
        break;
    case SIGNATURE_PULL:
        reply = &pull_reply;
        break;
    case SIGNATURE_GOODBYE:
        return CLOSE;
    case SIGNATURE_LOGON:
    case SIGNATURE_LOGOFF:
    case SIGNATURE_RESET:
    case SIGNATURE_BEGIN:
    case SIGNATURE_COMMIT:
    case SIGNATURE_ROLLBACK:
    case SIGNATURE_DISCARD:
    /* NOTE: a real ROUTE reply carries a routing table (rt), so neo4j:// drivers fail on this one. */
    case SIGNATURE_ROUTE:
    case SIGNATURE_TELEMETRY:
        break;
    default:
        if (is_structure) {
            fprintf(stderr, "canned-bolt: unknown request signature 0x%02X; closing the connection\n",
                    decoder->head[1]);
        } else {
            fprintf(stderr, "canned-bolt: a request of %zu byte(s) is not a PackStream structure; closing the connection\n",
                    decoder->message_size);
        }
        reply = &invalid_failure;
        action = CLOSE;
    }
    if (*out_size + reply->size > BUFFER_SIZE) {
        if (write_all(fd, out, *out_size) != 0) return CLOSE;
        *out_size = 0;
    }
    memcpy(out + *out_size, reply->bytes, reply->size);
    *out_size += reply->size;
    return action;
}

/* Feeds received bytes to the decoder and queues the replies to every message they complete. */
static enum action decode(int fd, struct decoder *decoder, const uint8_t *bytes, size_t size, uint8_t *out,
                          size_t *out_size) {
    size_t position = 0;
    while (position < size) {
        if (decoder->chunk_left == 0) {
            decoder->header[decoder->header_size++] = bytes[position++];
            if (decoder->header_size < 2) continue;
            decoder->header_size = 0;
            size_t chunk_size = (size_t)decoder->header[0] << 8 | decoder->header[1];
            if (chunk_size > 0) {
                decoder->chunk_left = chunk_size;
                continue;
            }
            /* A 00 00 before any chunk of a message is a keep-alive NOOP and gets no reply. */
            if (decoder->message_size == 0) continue;
            enum action action = reply_to_message(fd, decoder, out, out_size);
            decoder->message_size = 0;
            if (action == CLOSE) return CLOSE;
            continue;
        }
        size_t available = size - position;
        size_t consumed = available < decoder->chunk_left ? available : decoder->chunk_left;
        for (size_t i = 0; i < consumed && decoder->message_size + i < 2; i++) {
            decoder->head[decoder->message_size + i] = bytes[position + i];
        }
        decoder->message_size += consumed;
        decoder->chunk_left -= consumed;
        position += consumed;
    }
    return KEEP_OPEN;
}

static void serve(int fd) {
    uint8_t handshake[20];
    static const uint8_t magic[4] = {0x60, 0x60, 0xB0, 0x17};
    /* The magic comes first on its own, so a short HTTP request is rejected without waiting for 20 bytes. */
    if (read_exactly(fd, handshake, sizeof magic) != 0) return;
    if (memcmp(handshake, magic, sizeof magic) != 0) {
        fprintf(stderr, "canned-bolt: invalid Bolt magic %02X %02X %02X %02X; closing the connection\n", handshake[0],
                handshake[1], handshake[2], handshake[3]);
        return;
    }
    if (read_exactly(fd, handshake + sizeof magic, sizeof handshake - sizeof magic) != 0) return;
    unsigned version = choose_version(handshake + 4);
    uint8_t agreed[4] = {0, 0, (uint8_t)(version & 0xFF), (uint8_t)(version >> 8)};
    if (write_all(fd, agreed, sizeof agreed) != 0 || version == 0) return;

    uint8_t *in = malloc(BUFFER_SIZE);
    uint8_t *out = malloc(BUFFER_SIZE);
    if (in == NULL || out == NULL) {
        fprintf(stderr, "canned-bolt: out of memory for connection buffers\n");
        free(in);
        free(out);
        return;
    }
    struct decoder decoder = {0};
    for (;;) {
        ssize_t count = read(fd, in, BUFFER_SIZE);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) break;
        size_t out_size = 0;
        enum action action = decode(fd, &decoder, in, (size_t)count, out, &out_size);
        if (out_size > 0 && write_all(fd, out, out_size) != 0) break;
        if (action == CLOSE) break;
    }
    free(in);
    free(out);
}

static void *connection_thread(void *argument) {
    int fd = (int)(intptr_t)argument;
    serve(fd);
    close(fd);
    return NULL;
}

static void request_stop(int signal_number) {
    (void)signal_number;
    stopping = 1;
}

static int open_listener(const char *address, const char *port) {
    struct addrinfo hints = {0};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
    struct addrinfo *found = NULL;
    int status = getaddrinfo(address, port, &hints, &found);
    if (status != 0) {
        fprintf(stderr, "canned-bolt: invalid address %s port %s: %s; give a numeric IP address and port\n", address,
                port, gai_strerror(status));
        return -1;
    }
    int listener = socket(found->ai_family, found->ai_socktype | SOCK_CLOEXEC, found->ai_protocol);
    int enabled = 1;
    if (listener < 0 || setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &enabled, sizeof enabled) != 0 ||
        bind(listener, found->ai_addr, found->ai_addrlen) != 0 || listen(listener, 1024) != 0) {
        fprintf(stderr, "canned-bolt: failed to listen on %s port %s: %s\n", address, port, strerror(errno));
        if (listener >= 0) close(listener);
        freeaddrinfo(found);
        return -1;
    }
    freeaddrinfo(found);
    return listener;
}

static int bound_port(int listener) {
    struct sockaddr_storage bound;
    socklen_t length = sizeof bound;
    if (getsockname(listener, (struct sockaddr *)&bound, &length) != 0) return -1;
    if (bound.ss_family == AF_INET6) return ntohs(((struct sockaddr_in6 *)&bound)->sin6_port);
    return ntohs(((struct sockaddr_in *)&bound)->sin_port);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: canned-bolt ADDRESS PORT\n"
                        "Serves canned Bolt replies on the numeric IP ADDRESS and TCP PORT (0 picks a free port).\n");
        return 2;
    }
    build_replies();
    signal(SIGPIPE, SIG_IGN);
    /* No SA_RESTART, so a stop signal interrupts accept() and the loop below checks `stopping`. */
    struct sigaction stop_action = {0};
    stop_action.sa_handler = request_stop;
    sigaction(SIGINT, &stop_action, NULL);
    sigaction(SIGTERM, &stop_action, NULL);

    int listener = open_listener(argv[1], argv[2]);
    if (listener < 0) return 1;
    printf("canned-bolt listening on %s %d\n", argv[1], bound_port(listener));
    fflush(stdout);

    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    while (!stopping) {
        int fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            fprintf(stderr, "canned-bolt: accept failed: %s\n", strerror(errno));
            /* Out of descriptors or memory: wait for connections to close instead of spinning. */
            nanosleep(&(struct timespec){.tv_nsec = 100 * 1000 * 1000}, NULL);
            continue;
        }
        int enabled = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &enabled, sizeof enabled);
        atomic_fetch_add(&connection_count, 1);
        pthread_t thread;
        int status = pthread_create(&thread, &attributes, connection_thread, (void *)(intptr_t)fd);
        if (status != 0) {
            fprintf(stderr, "canned-bolt: failed to start a connection thread: %s\n", strerror(status));
            close(fd);
        }
    }
    close(listener);
    fprintf(stderr, "canned-bolt stopped after %ld connections\n", atomic_load(&connection_count));
    return 0;
}
