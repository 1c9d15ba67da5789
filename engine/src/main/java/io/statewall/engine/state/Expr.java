package io.statewall.engine.state;

/**
 * Compiled condition tree. Evaluation walks final records and returns enum constants: no
 * allocation.
 *
 * <p>{@code relax} holds a deadband per operand slot (slot {@code v} for the value of variable
 * {@code v}, slot {@code n + v} for its rate); {@code sign} is +1 to evaluate the condition with
 * thresholds moved by the deadband towards TRUE, 0 to evaluate it as written. {@code not}
 * negates the sign, so that the condition as a whole is always relaxed towards TRUE.
 */
sealed interface Expr {

    Truth eval(VariableView in, double[] relax, double sign);

    enum Relation {
        GT(">"), GE(">="), LT("<"), LE("<="), EQ("=="), NE("!="), IN("in");

        final String symbol;

        Relation(String symbol) {
            this.symbol = symbol;
        }
    }

    /** {@code x REL a}, or {@code x in a..b}; x is a variable's value or its rate. */
    record Test(int variable, boolean rate, int slot, Relation relation, double a, double b) implements Expr {
        @Override
        public Truth eval(VariableView in, double[] relax, double sign) {
            double x = rate ? in.rate(variable) : in.value(variable);
            if (Double.isNaN(x)) {
                return Truth.UNKNOWN;
            }
            double r = sign == 0 ? 0 : sign * relax[slot];
            return Truth.of(switch (relation) {
                case GT -> x > a - r;
                case GE -> x >= a - r;
                case LT -> x < a + r;
                case LE -> x <= a + r;
                // Relaxed equality is a band of width r; under 'not' it is exact.
                case EQ -> Math.abs(x - a) <= Math.max(r, 0);
                // Inequality relaxed stays exact; under 'not' it excludes a band.
                case NE -> Math.abs(x - a) > Math.max(-r, 0);
                case IN -> x >= a - r && x <= b + r;
            });
        }
    }

    /** A variable used as a boolean: true when its value is not 0. No deadband applies. */
    record Flag(int variable) implements Expr {
        @Override
        public Truth eval(VariableView in, double[] relax, double sign) {
            double x = in.value(variable);
            return Double.isNaN(x) ? Truth.UNKNOWN : Truth.of(x != 0);
        }
    }

    record Not(Expr operand) implements Expr {
        @Override
        public Truth eval(VariableView in, double[] relax, double sign) {
            return operand.eval(in, relax, -sign).not();
        }
    }

    record And(Expr left, Expr right) implements Expr {
        @Override
        public Truth eval(VariableView in, double[] relax, double sign) {
            Truth l = left.eval(in, relax, sign);
            if (l == Truth.FALSE) {
                return Truth.FALSE;
            }
            Truth r = right.eval(in, relax, sign);
            if (r == Truth.FALSE) {
                return Truth.FALSE;
            }
            return l == Truth.TRUE && r == Truth.TRUE ? Truth.TRUE : Truth.UNKNOWN;
        }
    }

    record Or(Expr left, Expr right) implements Expr {
        @Override
        public Truth eval(VariableView in, double[] relax, double sign) {
            Truth l = left.eval(in, relax, sign);
            if (l == Truth.TRUE) {
                return Truth.TRUE;
            }
            Truth r = right.eval(in, relax, sign);
            if (r == Truth.TRUE) {
                return Truth.TRUE;
            }
            return l == Truth.FALSE && r == Truth.FALSE ? Truth.FALSE : Truth.UNKNOWN;
        }
    }
}
