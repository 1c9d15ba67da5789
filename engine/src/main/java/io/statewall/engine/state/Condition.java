package io.statewall.engine.state;

import java.util.Arrays;

/**
 * A compiled operating-state condition (see {@link ConditionParser} for the language and
 * {@link Truth} for how unknown values propagate). Immutable and allocation-free to evaluate.
 */
public final class Condition {
    private final String text;
    private final Expr expr;
    private final int[] variables;
    private final int[] rateVariables;
    private final int variableCount;

    Condition(String text, Expr expr, int[] variables, int[] rateVariables, int variableCount) {
        this.text = text;
        this.expr = expr;
        this.variables = variables;
        this.rateVariables = rateVariables;
        this.variableCount = variableCount;
    }

    public String text() {
        return text;
    }

    /** Variables whose value or rate the condition reads, ascending, without duplicates. */
    public int[] variables() {
        return variables.clone();
    }

    /** Variables whose rate the condition reads, ascending, without duplicates. */
    public int[] rateVariables() {
        return rateVariables.clone();
    }

    boolean dependsOn(int variable) {
        return Arrays.binarySearch(variables, variable) >= 0;
    }

    Expr expr() {
        return expr;
    }

    int[] variablesUnsafe() {
        return variables;
    }

    int[] rateVariablesUnsafe() {
        return rateVariables;
    }

    /** Evaluates the condition as written. */
    public Truth evaluate(VariableView in) {
        return expr.eval(in, NO_RELAX, 0);
    }

    /**
     * Evaluates the condition with every threshold moved towards TRUE by its deadband:
     * {@code deadband[v]} for comparisons on variable {@code v}, {@code deadband[n + v]} for
     * comparisons on {@code rate(v)}, where n is the size of the variable table (so the array
     * has 2n entries). {@code x > 120} with deadband 5 holds from 115; {@code not (x > 120)}
     * holds up to 125; {@code x in 480..540} holds over 475..545; {@code x == 0} holds within
     * ±5. Flags (boolean variables) have no deadband.
     */
    public Truth evaluateRelaxed(VariableView in, double[] deadband) {
        if (deadband.length != 2 * variableCount) {
            throw new IllegalArgumentException("deadband needs " + 2 * variableCount + " entries, has " + deadband.length);
        }
        return expr.eval(in, deadband, 1);
    }

    /** Unchecked evaluation for the tracker: {@code sign} 1 relaxes by {@code relax}, 0 evaluates as written. */
    Truth eval(VariableView in, double[] relax, double sign) {
        return expr.eval(in, relax, sign);
    }

    private static final double[] NO_RELAX = new double[0];

    @Override
    public String toString() {
        return text;
    }
}
