package io.statewall.plantsim;

/**
 * Where the shift supervisor's declarations go (in the demo: the NMA's declare/release). The
 * plant itself never sees them: a declared state is the security system's business.
 */
public interface DeclarationListener {

    /** Nobody listens. */
    DeclarationListener NONE = new DeclarationListener() {
        @Override
        public void onDeclare(String state) {
        }

        @Override
        public void onRelease() {
        }
    };

    /** The operator declares {@code state} (such as {@code maintenance}) in force. */
    void onDeclare(String state);

    /** The declaration ends: the state is inferred from the plant again. */
    void onRelease();
}
