package io.statewall.plantsim.attack;

/** Progress of a campaign, for a display; called on the campaign's thread. */
public interface CampaignListener {

    /** Nobody listens. */
    CampaignListener NONE = new CampaignListener() {
    };

    /** {@code scenario} is about to run, at plant time {@code plantTime}. */
    default void onStart(AttackScenario scenario, double plantTime) {
    }

    /** {@code scenario} has run. */
    default void onEnd(AttackScenario scenario, AttackOutcome outcome) {
    }
}
