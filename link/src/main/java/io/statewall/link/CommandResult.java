package io.statewall.link;

import java.util.Objects;

/** An NMA's answer to the {@link Command} of the same id: done ({@code ok}) or refused, and why. */
public record CommandResult(long id, boolean ok, String detail) {
    public CommandResult {
        Objects.requireNonNull(detail, "detail");
    }

    public static CommandResult ok(long id, String detail) {
        return new CommandResult(id, true, detail);
    }

    public static CommandResult refused(long id, String detail) {
        return new CommandResult(id, false, detail);
    }
}
