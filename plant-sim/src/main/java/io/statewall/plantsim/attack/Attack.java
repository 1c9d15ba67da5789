package io.statewall.plantsim.attack;

/** What a scenario does, step by step; network trouble is recorded in the session, never thrown. */
interface Attack {

    void perform(AttackSession session) throws InterruptedException;
}
