package io.statewall.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statewall.engine.state.Expr.Relation;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConditionParserTest {
    static final VariableTable VARS = VariableTable.of(
            "drum_pressure", "turbine_speed", "breaker_closed", "tripped", "steam_temp", "fuel_flow", "unit1.load");
    static final int P = 0, SPEED = 1, BREAKER = 2, TRIPPED = 3, TEMP = 4, FUEL = 5, LOAD = 6;
    static final int N = VARS.size();

    static Expr test(int v, Relation r, double a) {
        return new Expr.Test(v, false, v, r, a, a);
    }

    static Expr rate(int v, Relation r, double a) {
        return new Expr.Test(v, true, N + v, r, a, a);
    }

    static Expr in(int v, double lo, double hi) {
        return new Expr.Test(v, false, v, Relation.IN, lo, hi);
    }

    static Expr flag(int v) {
        return new Expr.Flag(v);
    }

    static Expr and(Expr l, Expr r) {
        return new Expr.And(l, r);
    }

    static Expr or(Expr l, Expr r) {
        return new Expr.Or(l, r);
    }

    static Expr not(Expr e) {
        return new Expr.Not(e);
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("greater than", "drum_pressure > 120", test(P, Relation.GT, 120)),
                Arguments.of("at least, and a flag", "turbine_speed >= 2950 and breaker_closed",
                        and(test(SPEED, Relation.GE, 2950), flag(BREAKER))),
                Arguments.of("not of a flag", "not tripped", not(flag(TRIPPED))),
                Arguments.of("inclusive range", "steam_temp in 480..540", in(TEMP, 480, 540)),
                Arguments.of("range with decimals and spaces", "steam_temp in 480.5 .. 540.25", in(TEMP, 480.5, 540.25)),
                Arguments.of("negative range bounds", "steam_temp in -10..-2", in(TEMP, -10, -2)),
                Arguments.of("equality with zero", "fuel_flow == 0", test(FUEL, Relation.EQ, 0)),
                Arguments.of("inequality", "fuel_flow != 0", test(FUEL, Relation.NE, 0)),
                Arguments.of("less than, no spaces", "fuel_flow<1.5", test(FUEL, Relation.LT, 1.5)),
                Arguments.of("at most, explicit plus sign", "fuel_flow <= +3", test(FUEL, Relation.LE, 3)),
                Arguments.of("negative number glued to operator", "steam_temp>-40", test(TEMP, Relation.GT, -40)),
                Arguments.of("exponent", "drum_pressure < 1.2e2", test(P, Relation.LT, 120)),
                Arguments.of("rate of change", "rate(turbine_speed) > 5", rate(SPEED, Relation.GT, 5)),
                Arguments.of("rate in a range", "rate( turbine_speed ) in -5..5",
                        new Expr.Test(SPEED, true, N + SPEED, Relation.IN, -5, 5)),
                Arguments.of("dotted variable name", "unit1.load >= 0.9", test(LOAD, Relation.GE, 0.9)),
                Arguments.of("and binds tighter than or", "tripped or fuel_flow == 0 and breaker_closed",
                        or(flag(TRIPPED), and(test(FUEL, Relation.EQ, 0), flag(BREAKER)))),
                Arguments.of("not binds tighter than and", "not tripped and breaker_closed",
                        and(not(flag(TRIPPED)), flag(BREAKER))),
                Arguments.of("parentheses override precedence", "(tripped or fuel_flow == 0) and breaker_closed",
                        and(or(flag(TRIPPED), test(FUEL, Relation.EQ, 0)), flag(BREAKER))),
                Arguments.of("and is left-associative", "tripped and breaker_closed and fuel_flow > 0",
                        and(and(flag(TRIPPED), flag(BREAKER)), test(FUEL, Relation.GT, 0))),
                Arguments.of("double negation", "not not tripped", not(not(flag(TRIPPED)))),
                Arguments.of("not of a parenthesised comparison", "not (drum_pressure > 120)", not(test(P, Relation.GT, 120))),
                Arguments.of("tabs and newlines are spaces", "\tdrum_pressure\n>\r\n120 ", test(P, Relation.GT, 120)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("valid")
    void parses(String name, String text, Expr expected) throws ConditionSyntaxException {
        assertThat(ConditionParser.parse(text, VARS)).extracting(Condition::expr).isEqualTo(expected);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                // name, text, column, exact message (the column is the offending token's, 1-based)
                Arguments.of("nothing after and", "drum_pressure > 120 and", 24,
                        "expected a comparison after 'and' at column 24"),
                Arguments.of("operator after and", "turbine_speed >= 2950 and > 3", 27,
                        "expected a comparison after 'and', found '>' at column 27"),
                Arguments.of("empty condition", "", 1, "expected a comparison at column 1"),
                Arguments.of("blank condition", "   ", 4, "expected a comparison at column 4"),
                Arguments.of("missing number", "drum_pressure >", 16,
                        "expected a number after '>', found the end of the condition at column 16"),
                Arguments.of("variable compared with variable", "drum_pressure > steam_temp", 17,
                        "expected a number after '>', found 'steam_temp' at column 17"),
                Arguments.of("unknown variable lists the known ones", "drum_presure > 1", 1,
                        "unknown variable 'drum_presure' (known: drum_pressure, turbine_speed, breaker_closed, tripped, "
                                + "steam_temp, fuel_flow, unit1.load) at column 1"),
                Arguments.of("unclosed parenthesis", "(tripped or breaker_closed", 27,
                        "expected ')' to close the '(' at column 1, found the end of the condition at column 27"),
                Arguments.of("stray closing parenthesis", "tripped)", 8,
                        "expected 'and', 'or' or the end of the condition, found ')' at column 8"),
                Arguments.of("two comparisons without and", "tripped breaker_closed", 9,
                        "expected 'and', 'or' or the end of the condition, found 'breaker_closed' at column 9"),
                Arguments.of("single equals", "fuel_flow = 0", 11, "unexpected character '=' (use '==') at column 11"),
                Arguments.of("C negation", "!tripped", 1, "unexpected character '!' (use 'not' or '!=') at column 1"),
                Arguments.of("C and", "tripped && breaker_closed", 9, "unexpected character '&' (use 'and') at column 9"),
                Arguments.of("range missing dots", "steam_temp in 480 540", 19,
                        "expected '..' in the range, found '540' at column 19"),
                Arguments.of("single dot is a decimal point, not a range", "steam_temp in 480.540", 22,
                        "expected '..' in the range, found the end of the condition at column 22"),
                Arguments.of("empty range", "steam_temp in 540..480", 20,
                        "empty range 540..480 at column 20 (the lower bound comes first)"),
                Arguments.of("rate without comparison", "rate(turbine_speed)", 20,
                        "expected a comparison operator after 'rate(turbine_speed)', found the end of the condition at column 20"),
                Arguments.of("rate without parenthesis", "rate turbine_speed > 1", 6,
                        "expected '(' after 'rate', found 'turbine_speed' at column 6"),
                Arguments.of("rate of a number", "rate(5) > 1", 6, "expected a variable name, found '5' at column 6"),
                Arguments.of("keyword as variable", "and > 1", 1, "expected a comparison, found 'and' at column 1"),
                Arguments.of("number glued to a name", "drum_pressure > 12x", 17, "malformed number '12x' at column 17"),
                Arguments.of("trailing decimal point", "drum_pressure > 12.", 17, "malformed number '12.' at column 17"),
                Arguments.of("number out of range", "drum_pressure > 1e999", 17, "number '1e999' out of range at column 17"),
                Arguments.of("arithmetic is not supported", "drum_pressure > 1 - 2", 19,
                        "unexpected character '-' at column 19"),
                Arguments.of("control character", "tripped\u0000", 8, "unexpected character '\\u0000' at column 8"),
                Arguments.of("non-ASCII letter", "tripped and é", 13, "unexpected character 'é' at column 13"),
                Arguments.of("too deep", "not ".repeat(ConditionParser.MAX_DEPTH) + "tripped", 4 * ConditionParser.MAX_DEPTH + 1,
                        "condition nested deeper than 64 levels at column 257"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalid")
    void rejects(String name, String text, int column, String message) {
        assertThatThrownBy(() -> ConditionParser.parse(text, VARS))
                .isInstanceOfSatisfying(ConditionSyntaxException.class, e -> {
                    assertThat(e.column()).as("column").isEqualTo(column);
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.getMessage()).doesNotContain("\n").contains("at column " + column);
                });
    }

    @org.junit.jupiter.api.Test
    void deepNestingJustInsideTheLimitParses() throws ConditionSyntaxException {
        String text = "not ".repeat(ConditionParser.MAX_DEPTH - 1) + "tripped";
        assertThat(ConditionParser.parse(text, VARS).variables()).containsExactly(TRIPPED);
    }

    @org.junit.jupiter.api.Test
    void reportsTheVariablesItReads() throws ConditionSyntaxException {
        Condition c = ConditionParser.parse("rate(turbine_speed) > 5 or steam_temp in 1..2 and not tripped and steam_temp > 0", VARS);
        assertThat(c.variables()).containsExactly(SPEED, TRIPPED, TEMP);
        assertThat(c.rateVariables()).containsExactly(SPEED);
        assertThat(c.text()).startsWith("rate(turbine_speed)");
    }

    @org.junit.jupiter.api.Test
    void randomGarbageNeverThrowsAnythingButTheSyntaxException() {
        // Conditions come from configuration files: a typo or a corrupted file must give a message, not a crash.
        var random = new java.util.Random(20240611L);
        String alphabet = "abcdefghijklmnopqrstuvwxyz_.0123456789+-<>=!()  \t";
        String[] words = {"and", "or", "not", "in", "rate", "..", "(", ")", "tripped", "steam_temp", ">=", "==", "1.5", "-3"};
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(12);
            for (int j = 0; j < len; j++) {
                if (random.nextBoolean()) {
                    sb.append(words[random.nextInt(words.length)]).append(' ');
                } else {
                    sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            try {
                Condition c = ConditionParser.parse(sb.toString(), VARS);
                assertThat(c.text()).isEqualTo(sb.toString());
                parsed++;
            } catch (ConditionSyntaxException e) {
                assertThat(e.column()).isBetween(1, sb.length() + 1);
                assertThat(e.getMessage()).contains("at column " + e.column()).doesNotContain("\n");
            }
        }
        assertThat(parsed).as("some random conditions are valid").isPositive();
    }
}
