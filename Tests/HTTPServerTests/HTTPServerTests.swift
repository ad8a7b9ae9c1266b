import Testing

/// The parent of every suite in this target. Its tests run one at a time, so timing checks and the
/// descriptor and thread counts of the leak test are not disturbed by other tests' servers.
@Suite(.serialized) enum HTTPServerTests {}
