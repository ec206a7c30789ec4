package dev.basalt.rules;

/** A malformed or unsupported filter/rule expression; the message names the problem and its position. */
public final class FilterSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int position;

    FilterSyntaxException(String problem, int position) {
        super(position >= 0 ? problem + " (at character " + (position + 1) + ")" : problem);
        this.position = position;
    }

    /** Zero-based offset of the problem, or -1 when it has none. */
    public int position() {
        return position;
    }
}
