package io.resilientgateways.core;

import java.util.function.ToIntFunction;

/**
 * Lookup of enums by the stable code they carry, for snapshots: a reordered or extended enum reads old bytes alike.
 */
final class Codes
{
    private Codes()
    {
    }

    static <E extends Enum<E>> E[] index(final E[] values, final ToIntFunction<E> code)
    {
        int max = -1;
        for (final E value : values)
        {
            max = Math.max(max, code.applyAsInt(value));
        }
        final E[] byCode = java.util.Arrays.copyOf(values, max + 1);
        java.util.Arrays.fill(byCode, null);
        for (final E value : values)
        {
            final int c = code.applyAsInt(value);
            if (c < 0 || null != byCode[c])
            {
                throw new IllegalStateException("code " + c + " of " + value + " is negative or taken twice");
            }
            byCode[c] = value;
        }
        return byCode;
    }

    static <E extends Enum<E>> E lookup(final E[] byCode, final int code, final String what)
    {
        if (code < 0 || code >= byCode.length || null == byCode[code])
        {
            throw new IllegalStateException("unknown " + what + " code " + code);
        }
        return byCode[code];
    }
}
