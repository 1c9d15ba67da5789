package io.statewall.engine.state;

import java.util.BitSet;

/**
 * Hand-written recursive-descent parser for operating-state conditions.
 *
 * <pre>
 * condition  = or END
 * or         = and { "or" and }
 * and        = unary { "and" unary }
 * unary      = "not" unary | primary
 * primary    = "(" or ")" | comparison
 * comparison = operand ( relation number | "in" number ".." number )   ; the range is inclusive
 *            | variable                                                ; boolean: true when not 0
 * operand    = variable | "rate" "(" variable ")"                      ; rate: units per second
 * relation   = "&gt;" | "&gt;=" | "&lt;" | "&lt;=" | "==" | "!="
 * number     = [ "+" | "-" ] digits [ "." digits ] [ ( "e" | "E" ) [ "+" | "-" ] digits ]
 * variable   = identifier of the {@link VariableTable} (letters, digits, '_', '.')
 * </pre>
 *
 * Precedence: {@code not} binds tighter than {@code and}, which binds tighter than {@code or}.
 * Keywords are lower case. Errors name the 1-based column of the offending token.
 */
public final class ConditionParser {
    /** Deeper nesting is refused rather than risking the packet thread's stack at evaluation. */
    static final int MAX_DEPTH = 64;

    private enum Kind { IDENT, NUMBER, LPAREN, RPAREN, REL, DOTDOT, END }

    private final String text;
    private final VariableTable vars;
    private final BitSet used = new BitSet();
    private final BitSet usedRate = new BitSet();
    private int pos;
    private Kind kind;
    private int tokenStart;
    private String tokenText = "";
    private String previousText;
    private double number;
    private Expr.Relation relation;
    private int depth;

    private ConditionParser(String text, VariableTable vars) {
        this.text = text;
        this.vars = vars;
    }

    public static Condition parse(String text, VariableTable vars) throws ConditionSyntaxException {
        ConditionParser p = new ConditionParser(text, vars);
        p.advance();
        Expr e = p.or();
        if (p.kind != Kind.END) {
            throw p.error("expected 'and', 'or' or the end of the condition, found '" + p.tokenText + "'");
        }
        return new Condition(text, e, p.used.stream().toArray(), p.usedRate.stream().toArray(), vars.size());
    }

    private Expr or() throws ConditionSyntaxException {
        Expr left = and();
        while (isKeyword("or")) {
            advance();
            left = new Expr.Or(left, and());
        }
        return left;
    }

    private Expr and() throws ConditionSyntaxException {
        Expr left = unary();
        while (isKeyword("and")) {
            advance();
            left = new Expr.And(left, unary());
        }
        return left;
    }

    private Expr unary() throws ConditionSyntaxException {
        if (++depth > MAX_DEPTH) {
            throw error("condition nested deeper than " + MAX_DEPTH + " levels");
        }
        try {
            if (isKeyword("not")) {
                advance();
                return new Expr.Not(unary());
            }
            return primary();
        } finally {
            depth--;
        }
    }

    private Expr primary() throws ConditionSyntaxException {
        if (kind == Kind.LPAREN) {
            int open = tokenStart;
            advance();
            Expr inner = or();
            if (kind != Kind.RPAREN) {
                throw error("expected ')' to close the '(' at column " + (open + 1) + ", found " + describe());
            }
            advance();
            return inner;
        }
        if (kind == Kind.IDENT && (!VariableTable.KEYWORDS.contains(tokenText) || tokenText.equals("rate"))) {
            return comparison();
        }
        throw error("expected a comparison" + (previousText == null ? "" : " after '" + previousText + "'")
                + (kind == Kind.END ? "" : ", found '" + tokenText + "'"));
    }

    private Expr comparison() throws ConditionSyntaxException {
        boolean rate = tokenText.equals("rate");
        int variable;
        String operand;
        if (rate) {
            advance();
            expect(Kind.LPAREN, "'(' after 'rate'");
            variable = variable();
            expect(Kind.RPAREN, "')' after 'rate(" + vars.name(variable) + "'");
            operand = "rate(" + vars.name(variable) + ")";
        } else {
            variable = variable();
            operand = vars.name(variable);
        }
        int slot = rate ? vars.size() + variable : variable;
        (rate ? usedRate : used).set(variable);
        used.set(variable);
        if (kind == Kind.REL) {
            Expr.Relation rel = relation;
            advance();
            double a = number("'" + rel.symbol + "'");
            return new Expr.Test(variable, rate, slot, rel, a, a);
        }
        if (isKeyword("in")) {
            advance();
            double lo = number("'in'");
            expect(Kind.DOTDOT, "'..' in the range");
            int hiColumn = tokenStart;
            double hi = number("'..'");
            if (lo > hi) {
                throw new ConditionSyntaxException("empty range " + fmt(lo) + ".." + fmt(hi) + " at column "
                        + (hiColumn + 1) + " (the lower bound comes first)", hiColumn + 1);
            }
            return new Expr.Test(variable, rate, slot, Expr.Relation.IN, lo, hi);
        }
        if (rate) {
            throw error("expected a comparison operator after '" + operand + "', found " + describe());
        }
        return new Expr.Flag(variable);
    }

    private int variable() throws ConditionSyntaxException {
        if (kind != Kind.IDENT || VariableTable.KEYWORDS.contains(tokenText)) {
            throw error("expected a variable name, found " + describe());
        }
        int v = vars.indexOf(tokenText);
        if (v < 0) {
            throw error("unknown variable '" + tokenText + "' (known: "
                    + (vars.size() == 0 ? "none" : vars.toString()) + ")");
        }
        advance();
        return v;
    }

    private double number(String after) throws ConditionSyntaxException {
        if (kind != Kind.NUMBER) {
            throw error("expected a number after " + after + ", found " + describe());
        }
        double n = number;
        advance();
        return n;
    }

    private void expect(Kind k, String what) throws ConditionSyntaxException {
        if (kind != k) {
            throw error("expected " + what + ", found " + describe());
        }
        advance();
    }

    private boolean isKeyword(String word) {
        return kind == Kind.IDENT && tokenText.equals(word);
    }

    private String describe() {
        return kind == Kind.END ? "the end of the condition" : "'" + tokenText + "'";
    }

    private ConditionSyntaxException error(String message) {
        return new ConditionSyntaxException(message + " at column " + (tokenStart + 1), tokenStart + 1);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    // ---- lexer ----

    private void advance() throws ConditionSyntaxException {
        if (kind != null && kind != Kind.END) {
            previousText = tokenText;
        }
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        tokenStart = pos;
        if (pos >= text.length()) {
            kind = Kind.END;
            tokenText = "";
            return;
        }
        char c = text.charAt(pos);
        if (Character.isLetter(c) && c < 128 || c == '_') {
            while (pos < text.length() && isIdentPart(text.charAt(pos))) {
                pos++;
            }
            token(Kind.IDENT);
        } else if (isDigit(c) || (c == '-' || c == '+') && pos + 1 < text.length() && isDigit(text.charAt(pos + 1))) {
            lexNumber();
        } else if (c == '(') {
            pos++;
            token(Kind.LPAREN);
        } else if (c == ')') {
            pos++;
            token(Kind.RPAREN);
        } else if (c == '.' && next(1) == '.') {
            pos += 2;
            token(Kind.DOTDOT);
        } else if (c == '>' || c == '<') {
            boolean eq = next(1) == '=';
            relation = c == '>' ? (eq ? Expr.Relation.GE : Expr.Relation.GT) : (eq ? Expr.Relation.LE : Expr.Relation.LT);
            pos += eq ? 2 : 1;
            token(Kind.REL);
        } else if ((c == '=' || c == '!') && next(1) == '=') {
            relation = c == '=' ? Expr.Relation.EQ : Expr.Relation.NE;
            pos += 2;
            token(Kind.REL);
        } else {
            String hint = switch (c) {
                case '=' -> " (use '==')";
                case '!' -> " (use 'not' or '!=')";
                case '&' -> " (use 'and')";
                case '|' -> " (use 'or')";
                default -> "";
            };
            String shown = Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
            throw new ConditionSyntaxException("unexpected character '" + shown + "'" + hint + " at column " + (pos + 1), pos + 1);
        }
    }

    private void lexNumber() throws ConditionSyntaxException {
        if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
            pos++;
        }
        digits();
        // '480..540': a dot is a decimal point only when a digit follows.
        if (next(0) == '.' && isDigit(next(1))) {
            pos++;
            digits();
        }
        if ((next(0) == 'e' || next(0) == 'E')
                && (isDigit(next(1)) || (next(1) == '-' || next(1) == '+') && isDigit(next(2)))) {
            pos += 2;
            digits();
        }
        char after = next(0);
        if (after != '\0' && (isIdentPart(after) && after != '.' || after == '.' && next(1) != '.')) {
            throw new ConditionSyntaxException("malformed number '" + text.substring(tokenStart, pos + 1)
                    + "' at column " + (tokenStart + 1), tokenStart + 1);
        }
        token(Kind.NUMBER);
        number = Double.parseDouble(tokenText);
        if (!Double.isFinite(number)) {
            throw new ConditionSyntaxException("number '" + tokenText + "' out of range at column " + (tokenStart + 1), tokenStart + 1);
        }
    }

    private void digits() {
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
    }

    private char next(int ahead) {
        return pos + ahead < text.length() ? text.charAt(pos + ahead) : '\0';
    }

    private void token(Kind k) {
        kind = k;
        tokenText = text.substring(tokenStart, pos);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentPart(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '.');
    }
}
