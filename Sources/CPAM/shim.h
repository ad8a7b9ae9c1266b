#pragma once
// Linux-PAM's application interface (Debian: libpam0g-dev), with the conversation function
// written in C: PAM calls it with a context pointer, which a Swift closure cannot carry.
#include <stdlib.h>
#include <string.h>
#include <security/pam_appl.h>

/// The conversation's context: the password for echo-off prompts, and counts of the prompts
/// the stack sent, so the log of a failed login can give the reason.
typedef struct {
    /// NUL-terminated; owned and cleared by the caller after `pam_end`.
    const char *password;
    /// Number of echo-off prompts answered with the password.
    int answered_prompts;
    /// Set when the stack sent an echo-on prompt (such as a user name or a visible code),
    /// which fails the conversation.
    int echo_on_prompts;
    /// Set when the stack sent a message style this function does not know.
    int unknown_messages;
} nornic_pam_context;

/// Frees a partly built response array, clearing every response first.
static inline void nornic_pam_free_responses(struct pam_response *responses, int count) {
    for (int index = 0; index < count; index++) {
        char *answer = responses[index].resp;
        if (answer != NULL) {
            explicit_bzero(answer, strlen(answer));
            free(answer);
        }
    }
    free(responses);
}

/// Answers `PAM_PROMPT_ECHO_OFF` prompts with the password and gives `PAM_ERROR_MSG` and
/// `PAM_TEXT_INFO` messages a NULL answer. Any other prompt, `PAM_PROMPT_ECHO_ON` included,
/// fails the whole conversation with `PAM_CONV_ERR`: the server has nothing to type into it.
static inline int nornic_pam_converse(int count, const struct pam_message **messages,
                                      struct pam_response **responses, void *data) {
    nornic_pam_context *context = data;
    if (count <= 0 || count > PAM_MAX_NUM_MSG || messages == NULL || responses == NULL || context == NULL) {
        return PAM_CONV_ERR;
    }
    struct pam_response *answers = calloc((size_t)count, sizeof *answers);
    if (answers == NULL) {
        return PAM_BUF_ERR;
    }
    // Linux-PAM passes an array of pointers to messages (Solaris passes a pointer to an array).
    for (int index = 0; index < count; index++) {
        switch (messages[index]->msg_style) {
        case PAM_PROMPT_ECHO_OFF:
            answers[index].resp = strdup(context->password);
            if (answers[index].resp == NULL) {
                nornic_pam_free_responses(answers, count);
                return PAM_BUF_ERR;
            }
            context->answered_prompts += 1;
            break;
        case PAM_ERROR_MSG:
        case PAM_TEXT_INFO:
            break;
        case PAM_PROMPT_ECHO_ON:
            context->echo_on_prompts += 1;
            nornic_pam_free_responses(answers, count);
            return PAM_CONV_ERR;
        default:
            context->unknown_messages += 1;
            nornic_pam_free_responses(answers, count);
            return PAM_CONV_ERR;
        }
    }
    // The module that prompted owns the array from here and frees it. NOTE: whether it clears
    // the password first is up to the module.
    *responses = answers;
    return PAM_SUCCESS;
}

/// Starts a PAM transaction whose conversation is ``nornic_pam_converse`` with `context`.
/// Linux-PAM copies the `pam_conv` structure, but `context` must outlive `pam_end`.
static inline int nornic_pam_start(const char *service, const char *user, nornic_pam_context *context,
                                   pam_handle_t **handle) {
    struct pam_conv conversation = { .conv = nornic_pam_converse, .appdata_ptr = context };
    return pam_start(service, user, &conversation, handle);
}

/// Calls pam_authenticate with the flags of every call: PAM_SILENT, since no user sees the
/// messages, and PAM_DISALLOW_NULL_AUTHTOK, so no module accepts an empty password.
static inline int nornic_pam_authenticate(pam_handle_t *handle) {
    return pam_authenticate(handle, PAM_SILENT | PAM_DISALLOW_NULL_AUTHTOK);
}

static inline int nornic_pam_acct_mgmt(pam_handle_t *handle) {
    return pam_acct_mgmt(handle, PAM_SILENT | PAM_DISALLOW_NULL_AUTHTOK);
}

/// Copies the user name stored in PAM after authentication (modules may have changed it) into
/// `buffer`; returns 0, or -1 when there is none or it does not fit.
static inline int nornic_pam_user(pam_handle_t *handle, char *buffer, size_t size) {
    const void *item = NULL;
    if (pam_get_item(handle, PAM_USER, &item) != PAM_SUCCESS || item == NULL) {
        return -1;
    }
    size_t length = strlen(item);
    if (length == 0 || length >= size) {
        return -1;
    }
    memcpy(buffer, item, length + 1);
    return 0;
}

/// Clears `size` bytes in a way the compiler may not remove.
static inline void nornic_pam_clear(void *buffer, size_t size) {
    explicit_bzero(buffer, size);
}
