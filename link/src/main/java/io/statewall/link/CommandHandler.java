package io.statewall.link;

/**
 * Carries out the ASMA's commands on the NMA. Called by {@link LinkClient} on its own command
 * thread, one command at a time in the order they came; it may block (for example until the
 * proxy's event loop has applied a declaration). A handler that throws answers {@code ok=false}
 * with the exception's message.
 */
@FunctionalInterface
public interface CommandHandler {
    CommandResult handle(Command command) throws Exception;
}
