package dev.basalt.rules;

/**
 * A lexical token of the filter language.
 *
 * @param kind     what the token is
 * @param text     its text (unquoted and unescaped for {@link Kind#TEXT})
 * @param position zero-based character offset in the expression
 */
record Token(Kind kind, String text, int position) {
    enum Kind { IDENTIFIER, TEXT, NUMBER, OPERATOR, AND, OR, OPEN, CLOSE, COMMA, FUNCTION, EOF }
}
