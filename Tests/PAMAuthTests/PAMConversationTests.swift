import CPAM
import Testing

/// The C conversation function: which prompts get the password, which fail the conversation.
@Suite struct PAMConversationTests {
    /// Calls `nornic_pam_converse` with one message per style. Returns the status, the
    /// responses (nil for a NULL response) and the context afterwards.
    private func converse(_ styles: [Int32], password: String = "s3cret")
        -> (status: Int32, answers: [String?]?, context: nornic_pam_context)
    {
        let texts = styles.map { _ in strdup("Prompt: ")! }
        defer { texts.forEach { free($0) } }
        let messages = zip(styles, texts).map { style, text in
            UnsafeMutablePointer<pam_message>.allocate(capacity: 1).initialized(
                pam_message(msg_style: style, msg: text)
            )
        }
        defer { messages.forEach { $0.deallocate() } }
        return password.withCString { secret in
            var context = nornic_pam_context(
                password: secret,
                answered_prompts: 0,
                echo_on_prompts: 0,
                unknown_messages: 0
            )
            var responses: UnsafeMutablePointer<pam_response>?
            var pointers: [UnsafePointer<pam_message>?] = messages.map { UnsafePointer($0) }
            let status = pointers.withUnsafeMutableBufferPointer { buffer in
                nornic_pam_converse(Int32(styles.count), buffer.baseAddress, &responses, &context)
            }
            guard let responses else { return (status, nil, context) }
            let answers = (0..<styles.count).map { index in responses[index].resp.map { String(cString: $0) } }
            nornic_pam_free_responses(responses, Int32(styles.count))
            return (status, answers, context)
        }
    }

    @Test func echoOffGetsPassword() {
        let result = converse([PAM_PROMPT_ECHO_OFF])
        #expect(result.status == PAM_SUCCESS)
        #expect(result.answers == ["s3cret"])
        #expect(result.context.answered_prompts == 1)
    }

    @Test func messagesGetNullAnswers() {
        let result = converse([PAM_TEXT_INFO, PAM_ERROR_MSG, PAM_PROMPT_ECHO_OFF, PAM_TEXT_INFO])
        #expect(result.status == PAM_SUCCESS)
        #expect(result.answers == [nil, nil, "s3cret", nil])
    }

    @Test func twoPasswordPrompts() {
        // A stack that prompts twice with echo off (password, then a one-time code) gets the same text.
        let result = converse([PAM_PROMPT_ECHO_OFF, PAM_PROMPT_ECHO_OFF])
        #expect(result.status == PAM_SUCCESS)
        #expect(result.answers == ["s3cret", "s3cret"])
        #expect(result.context.answered_prompts == 2)
    }

    @Test func echoOnFails() {
        let result = converse([PAM_PROMPT_ECHO_OFF, PAM_PROMPT_ECHO_ON])
        #expect(result.status == PAM_CONV_ERR)
        #expect(result.answers == nil)
        #expect(result.context.echo_on_prompts == 1)
    }

    @Test func unknownStyleFails() {
        let result = converse([PAM_TEXT_INFO, 42])
        #expect(result.status == PAM_CONV_ERR)
        #expect(result.answers == nil)
        #expect(result.context.unknown_messages == 1)
    }

    @Test(arguments: [0, Int(PAM_MAX_NUM_MSG) + 1])
    func messageCountOutOfRange(count: Int) {
        let result = converse(Array(repeating: PAM_PROMPT_ECHO_OFF, count: count))
        #expect(result.status == PAM_CONV_ERR)
        #expect(result.answers == nil)
    }

    @Test func emptyPasswordAnswered() {
        // The provider never calls PAM with an empty password, but the C function handles one.
        let result = converse([PAM_PROMPT_ECHO_OFF], password: "")
        #expect(result.status == PAM_SUCCESS)
        #expect(result.answers == [""])
    }
}

extension UnsafeMutablePointer {
    fileprivate func initialized(_ value: Pointee) -> Self {
        initialize(to: value)
        return self
    }
}
