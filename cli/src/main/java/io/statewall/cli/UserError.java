package io.statewall.cli;

/** A mistake in what the user gave us: reported as one line, exit code 2. */
final class UserError extends RuntimeException {
    UserError(String message) {
        super(message, null, false, false);
    }
}
