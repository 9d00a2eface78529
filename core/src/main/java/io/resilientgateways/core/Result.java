package io.resilientgateways.core;

/**
 * The engine's answer to one input: accepted, or rejected with a code and a message that names the ids
 * involved. Accepting allocates nothing; only rejections create a new instance.
 * <p>
 * Immutable and thread-safe.
 */
public final class Result
{
    /** The one instance for every accepted input. */
    public static final Result ACCEPTED = new Result(null, "accepted");

    private final RejectionCode code;
    private final String message;

    private Result(final RejectionCode code, final String message)
    {
        this.code = code;
        this.message = message;
    }

    /**
     * @param code    why.
     * @param message human-readable detail naming the ids involved.
     * @return a rejection.
     */
    public static Result rejected(final RejectionCode code, final String message)
    {
        if (null == code)
        {
            throw new IllegalArgumentException("a rejection needs a code");
        }
        return new Result(code, message);
    }

    /**
     * @return true if the input was applied (or was a harmless repeat).
     */
    public boolean accepted()
    {
        return null == code;
    }

    /**
     * @return why the input was refused, or null if it was accepted.
     */
    public RejectionCode code()
    {
        return code;
    }

    /**
     * @return human-readable detail.
     */
    public String message()
    {
        return message;
    }

    @Override
    public String toString()
    {
        return null == code ? "ACCEPTED" : code + ": " + message;
    }
}
