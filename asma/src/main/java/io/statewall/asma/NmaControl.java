package io.statewall.asma;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Orders to NMAs: what the API's control endpoints (and, later, the plant-state fusion and the
 * orchestration) call. {@code statewall asma} fills it with the link server; without a link,
 * {@link #NONE} refuses every order.
 */
public interface NmaControl {
    /** An order for one NMA. */
    sealed interface Order {
        /** Force operating state {@code state} until released. */
        record DeclareState(String state, String by) implements Order {
        }

        /** Go back to inferring the state from the process. */
        record ReleaseState(String by) implements Order {
        }

        /** Check and put in force this policy version. */
        record PushPolicy(String version, String yaml) implements Order {
        }

        /** Check and put in force this baseline version. */
        record PushBaseline(String version, String yaml) implements Order {
        }
    }

    /** What the NMA answered: carried out ({@code ok}) or refused, with its reason. */
    record Result(boolean ok, String detail) {
    }

    /** The NMAs connected now. */
    Set<String> connected();

    /**
     * Sends {@code order} to {@code nma}; completes with its answer, or exceptionally when the
     * NMA is not connected or the connection fails before it answers.
     */
    CompletableFuture<Result> send(String nma, Order order);

    /** No link: nobody is connected, every order fails. */
    NmaControl NONE = new NmaControl() {
        @Override
        public Set<String> connected() {
            return Set.of();
        }

        @Override
        public CompletableFuture<Result> send(String nma, Order order) {
            return CompletableFuture.failedFuture(new IllegalStateException("no NMA link is running"));
        }
    };
}
