package io.resilientgateways.core;

/**
 * Thrown by value-type factories ({@link WorkerId#of}, {@link TaskSpec#of}, ...) when an argument breaks a
 * documented limit. It carries the {@link RejectionCode} that the engine would have answered with, so an
 * adapter can turn it into a typed rejection. The engine's own inputs never throw it: they return a
 * {@link Result}.
 */
public final class InvalidInputException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final RejectionCode code;

    /**
     * @param code    why the input is invalid.
     * @param message text naming the offending value.
     */
    public InvalidInputException(final RejectionCode code, final String message)
    {
        super(code + ": " + message);
        this.code = code;
    }

    /**
     * @return why the input is invalid.
     */
    public RejectionCode code()
    {
        return code;
    }
}
