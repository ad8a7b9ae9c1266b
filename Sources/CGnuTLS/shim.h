#pragma once
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/x509.h>

// gnutls_free is a macro over a function pointer, which Swift does not import.
static inline void CGnuTLS_free(void *pointer)
{
    gnutls_free(pointer);
}
