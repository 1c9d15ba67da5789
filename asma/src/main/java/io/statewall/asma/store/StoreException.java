package io.statewall.asma.store;

/** The store could not do what was asked: a database error, or the store is closed. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
