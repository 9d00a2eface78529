package io.resilientgateways.lab.trace;

/**
 * A trace line that cannot be read: which line (1 is the header), what kind of problem, and what exactly.
 */
public final class TraceFormatException extends Exception
{
    private static final long serialVersionUID = 1L;

    /** What is wrong with a line. */
    public enum Kind
    {
        /** The file is empty or the first line is not a trace header. */
        NO_HEADER,
        /** The header's version is newer than this reader. */
        UNSUPPORTED_VERSION,
        /** Not valid JSON, or not a JSON object. */
        SYNTAX,
        /** A required field is absent. */
        MISSING_FIELD,
        /** A field has the wrong type or a value out of range (a bad name, a capacity of 0, a negative time). */
        BAD_VALUE,
        /** The {@code "type"} is not one this version knows. */
        UNKNOWN_TYPE,
        /** The time is earlier than the previous line's. */
        TIME_BACKWARDS,
        /** The event does not fit what came before (a worker that joins twice, a task removed that was never added). */
        INCONSISTENT
    }

    private final long line;
    private final Kind kind;
    private final String detail;

    /**
     * @param line   1-based line number.
     * @param kind   what is wrong.
     * @param detail the specifics.
     */
    public TraceFormatException(final long line, final Kind kind, final String detail)
    {
        super("line " + line + ": " + kind + ": " + detail);
        this.line = line;
        this.kind = kind;
        this.detail = detail;
    }

    /**
     * @return 1-based line number.
     */
    public long line()
    {
        return line;
    }

    /**
     * @return what is wrong.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * @return the specifics.
     */
    public String detail()
    {
        return detail;
    }
}
