package io.resilientgateways.core;

/**
 * Limits on names of workers, tasks and capabilities, and the check that enforces them.
 * <p>
 * A name is 1 to {@link #MAX_LENGTH} characters of printable ASCII without spaces
 * ({@code '!'} to {@code '~'}), so it encodes to the same bytes everywhere and fits a fixed-size
 * field on the wire. Typical names: {@code gw-ldn-1}, {@code PARTY-00042}, {@code zone=ldn}.
 * <p>
 * Thread-safe: stateless.
 */
public final class Names
{
    /** Longest name accepted, in characters (equal to bytes: names are ASCII). */
    public static final int MAX_LENGTH = 64;

    /** Most capabilities one worker may offer or one task may require. */
    public static final int MAX_CAPABILITIES = 16;

    private Names()
    {
    }

    /**
     * Check a name against the limits.
     *
     * @param name candidate name, may be null.
     * @return null when the name is valid, else {@link RejectionCode#INVALID_NAME} or
     * {@link RejectionCode#NAME_TOO_LONG}.
     */
    public static RejectionCode validate(final CharSequence name)
    {
        if (null == name || name.length() == 0)
        {
            return RejectionCode.INVALID_NAME;
        }
        if (name.length() > MAX_LENGTH)
        {
            return RejectionCode.NAME_TOO_LONG;
        }
        for (int i = 0, n = name.length(); i < n; i++)
        {
            final char c = name.charAt(i);
            if (c < '!' || c > '~')
            {
                return RejectionCode.INVALID_NAME;
            }
        }
        return null;
    }

    static String require(final String kind, final String name)
    {
        final RejectionCode code = validate(name);
        if (null != code)
        {
            throw new InvalidInputException(code, describe(kind, name, code));
        }
        return name;
    }

    static String describe(final String kind, final CharSequence name, final RejectionCode code)
    {
        if (code == RejectionCode.NAME_TOO_LONG)
        {
            return kind + " name of " + name.length() + " characters exceeds " + MAX_LENGTH + ": " +
                name.subSequence(0, 16) + "...";
        }
        return kind + " name must be 1-" + MAX_LENGTH + " printable ASCII characters without spaces: '" +
            name + "'";
    }
}
