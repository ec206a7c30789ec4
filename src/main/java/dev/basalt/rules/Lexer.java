package dev.basalt.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a filter expression into tokens (PocketBase's fexpr scanner): identifiers
 * ({@code [a-zA-Z_@#][\w.:@#]*}), quoted text with backslash escapes, numbers, the 16 operators,
 * {@code &&}, {@code ||}, parentheses, commas, and {@code //} line comments (skipped).
 */
final class Lexer {
    static final Set<String> OPERATORS = Set.of("=", "!=", ">", ">=", "<", "<=", "~", "!~",
            "?=", "?!=", "?>", "?>=", "?<", "?<=", "?~", "?!~");

    private final String input;
    private int pos;

    Lexer(String input) {
        this.input = input;
    }

    List<Token> tokens() {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= input.length()) {
                out.add(new Token(Token.Kind.EOF, "", pos));
                return out;
            }
            out.add(next());
        }
    }

    private void skipSpaceAndComments() {
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else if (c == '/' && pos + 1 < input.length() && input.charAt(pos + 1) == '/') {
                while (pos < input.length() && input.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private Token next() {
        int start = pos;
        char c = input.charAt(pos);
        if (c == '(') {
            pos++;
            return new Token(Token.Kind.OPEN, "(", start);
        }
        if (c == ')') {
            pos++;
            return new Token(Token.Kind.CLOSE, ")", start);
        }
        if (c == ',') {
            pos++;
            return new Token(Token.Kind.COMMA, ",", start);
        }
        if (c == '&' || c == '|') {
            if (pos + 1 < input.length() && input.charAt(pos + 1) == c) {
                pos += 2;
                return new Token(c == '&' ? Token.Kind.AND : Token.Kind.OR, c == '&' ? "&&" : "||", start);
            }
            throw new FilterSyntaxException("unexpected character '" + c + "', expected '" + c + c + "'", start);
        }
        if (c == '"' || c == '\'') {
            return text(c);
        }
        if (isDigit(c) || (c == '-' && pos + 1 < input.length() && isDigit(input.charAt(pos + 1)))) {
            return number();
        }
        if (isIdentifierStart(c)) {
            return identifier();
        }
        if ("=!<>~?".indexOf(c) >= 0) {
            return operator();
        }
        throw new FilterSyntaxException("unexpected character '" + c + "'", start);
    }

    private Token text(char quote) {
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (c == '\\' && pos + 1 < input.length()) {
                char escaped = input.charAt(pos + 1);
                // only the quote and the backslash are unescaped; other escapes stay literal (LIKE patterns use them)
                if (escaped == quote) {
                    sb.append(escaped);
                    pos += 2;
                    continue;
                }
                sb.append(c);
                pos++;
                continue;
            }
            if (c == quote) {
                pos++;
                return new Token(Token.Kind.TEXT, sb.toString(), start);
            }
            sb.append(c);
            pos++;
        }
        throw new FilterSyntaxException("unterminated text, missing closing " + quote, start);
    }

    private Token number() {
        int start = pos;
        if (input.charAt(pos) == '-') {
            pos++;
        }
        while (pos < input.length() && isDigit(input.charAt(pos))) {
            pos++;
        }
        if (pos < input.length() && input.charAt(pos) == '.') {
            pos++;
            int digits = pos;
            while (pos < input.length() && isDigit(input.charAt(pos))) {
                pos++;
            }
            if (digits == pos) {
                throw new FilterSyntaxException("invalid number", start);
            }
        }
        if (pos < input.length() && isIdentifierPart(input.charAt(pos))) {
            throw new FilterSyntaxException("invalid number", start);
        }
        return new Token(Token.Kind.NUMBER, input.substring(start, pos), start);
    }

    private Token identifier() {
        int start = pos;
        pos++;
        while (pos < input.length() && isIdentifierPart(input.charAt(pos))) {
            // a ':' starts a modifier; "excerpt(" style calls are handled by the parser
            pos++;
        }
        String text = input.substring(start, pos);
        int save = pos;
        skipSpaceAndComments();
        if (pos < input.length() && input.charAt(pos) == '(' && !text.contains(".") && !text.contains(":")) {
            return new Token(Token.Kind.FUNCTION, text, start);
        }
        pos = save;
        return new Token(Token.Kind.IDENTIFIER, text, start);
    }

    private Token operator() {
        int start = pos;
        for (int len = 4; len >= 1; len--) {
            if (pos + len <= input.length()) {
                String candidate = input.substring(pos, pos + len);
                if (OPERATORS.contains(candidate)) {
                    pos += len;
                    return new Token(Token.Kind.OPERATOR, candidate, start);
                }
            }
        }
        throw new FilterSyntaxException("unknown operator starting with '" + input.charAt(pos) + "'", start);
    }

    /** ASCII digits only: Unicode digits are not numbers in the filter language. */
    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isIdentifierStart(char c) {
        return isAsciiLetter(c) || c == '_' || c == '@' || c == '#';
    }

    static boolean isIdentifierPart(char c) {
        return isAsciiLetter(c) || isDigit(c) || c == '_' || c == '.' || c == ':' || c == '@' || c == '#';
    }
}
