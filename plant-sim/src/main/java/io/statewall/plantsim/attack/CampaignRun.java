package io.statewall.plantsim.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A campaign running on its own thread ({@link Campaign#start}); {@link #close()} stops it. */
public final class CampaignRun implements AutoCloseable {
    private final List<AttackOutcome> outcomes = new ArrayList<>();
    private final CompletableFuture<List<AttackOutcome>> done = new CompletableFuture<>();
    private final Thread thread;

    CampaignRun(Campaign campaign, AttackContext context, CampaignListener listener) {
        CampaignListener recording = new CampaignListener() {
            @Override
            public void onStart(AttackScenario scenario, double plantTime) {
                listener.onStart(scenario, plantTime);
            }

            @Override
            public void onEnd(AttackScenario scenario, AttackOutcome outcome) {
                synchronized (outcomes) {
                    outcomes.add(outcome);
                }
                listener.onEnd(scenario, outcome);
            }
        };
        thread = Thread.ofPlatform().daemon().name("attacker").unstarted(() -> {
            try {
                done.complete(campaign.run(context, recording));
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
    }

    void start() {
        thread.start();
    }

    /**
     * Completes with every outcome once the last scenario has run; exceptionally if the run was
     * stopped ({@link InterruptedException}) or the plant's clock stopped under it.
     */
    public CompletableFuture<List<AttackOutcome>> completion() {
        return done;
    }

    /** The outcomes of the scenarios run so far, in order. */
    public List<AttackOutcome> outcomes() {
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    /** Stops the campaign (a scenario under way ends within its tool's answer timeout) and waits for it. */
    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
