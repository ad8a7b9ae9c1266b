#pragma once
#include <openssl/hmac.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/x509.h>
#include <openssl/pem.h>

// Swift does not import function-like macros. These wrappers give the few that TLS needs a
// function form.
static inline int COpenSSL_CTX_set_min_proto_version(SSL_CTX *context, int version)
{
    return (int)SSL_CTX_set_min_proto_version(context, version);
}

static inline long COpenSSL_CTX_set_mode(SSL_CTX *context, long mode)
{
    return SSL_CTX_set_mode(context, mode);
}

static inline int COpenSSL_CTX_set_session_id_context(SSL_CTX *context, const unsigned char *bytes, unsigned int length)
{
    return SSL_CTX_set_session_id_context(context, bytes, length);
}

static inline long COpenSSL_BIO_set_mem_eof_return(BIO *bio, int value)
{
    return BIO_set_mem_eof_return(bio, value);
}

static inline size_t COpenSSL_BIO_pending(BIO *bio)
{
    return BIO_ctrl_pending(bio);
}

// Turns off renegotiation and lets the server's cipher order win.
static inline void COpenSSL_CTX_set_server_options(SSL_CTX *context)
{
    SSL_CTX_set_options(context, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
}
