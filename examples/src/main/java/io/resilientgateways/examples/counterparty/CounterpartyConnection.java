package io.resilientgateways.examples.counterparty;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

/**
 * A gateway's connection to the counterparty for one party, opened under an epoch.
 * <p>
 * {@link #open} performs the handshake and returns once the counterparty has accepted (or refused) the epoch.
 * Acknowledged sequence numbers are handed to a callback on the connection's reader thread.
 */
public final class CounterpartyConnection implements AutoCloseable
{
    private final Socket socket;
    private final OutputStream out;
    private final long resumeAfter;
    private final Thread reader;

    private CounterpartyConnection(
        final Socket socket, final BufferedReader in, final long resumeAfter, final LongConsumer onAck)
        throws IOException
    {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.resumeAfter = resumeAfter;
        this.reader = new Thread(() -> readAcks(in, onAck), "party-reader-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Connect and present the epoch.
     *
     * @param address the counterparty.
     * @param party   the party.
     * @param epoch   the fencing token from the cluster.
     * @param gateway this gateway's name, for the counterparty's records.
     * @param onAck   called with each acknowledged sequence number.
     * @return the open connection.
     * @throws IOException on a network error, or {@link StaleEpochException} if the counterparty refused the epoch.
     */
    public static CounterpartyConnection open(
        final InetSocketAddress address,
        final String party,
        final long epoch,
        final String gateway,
        final LongConsumer onAck) throws IOException
    {
        return open(address, party, epoch, gateway, onAck, 2_000);
    }

    /**
     * Connect and present the epoch, giving up after a timeout (a gateway opens on its client thread, which must
     * keep its lease).
     *
     * @param address   the counterparty.
     * @param party     the party.
     * @param epoch     the fencing token from the cluster.
     * @param gateway   this gateway's name, for the counterparty's records.
     * @param onAck     called with each acknowledged sequence number, on the connection's reader thread.
     * @param timeoutMs for the TCP connect and for the handshake's answer.
     * @return the open connection.
     * @throws IOException on a network error or timeout, or {@link StaleEpochException} if the counterparty refused
     *                     the epoch.
     */
    public static CounterpartyConnection open(
        final InetSocketAddress address,
        final String party,
        final long epoch,
        final String gateway,
        final LongConsumer onAck,
        final int timeoutMs) throws IOException
    {
        return open(address, party, epoch, gateway, onAck, timeoutMs, timeoutMs);
    }

    /**
     * Connect and present the epoch, with separate timeouts for the TCP connect and for the handshake's answer.
     *
     * @param address            the counterparty.
     * @param party              the party.
     * @param epoch              the fencing token from the cluster.
     * @param gateway            this gateway's name, for the counterparty's records.
     * @param onAck              called with each acknowledged sequence number, on the connection's reader thread.
     * @param connectTimeoutMs   for the TCP connect.
     * @param handshakeTimeoutMs for the handshake's answer once the epoch was sent.
     * @return the open connection.
     * @throws IOException on a network error or timeout before the epoch was sent (the counterparty cannot have seen
     *                     it), {@link EpochPresentedException} on one after (it may have), or {@link StaleEpochException}
     *                     if the counterparty refused the epoch.
     */
    public static CounterpartyConnection open(
        final InetSocketAddress address,
        final String party,
        final long epoch,
        final String gateway,
        final LongConsumer onAck,
        final int connectTimeoutMs,
        final int handshakeTimeoutMs) throws IOException
    {
        final Socket socket = new Socket();
        boolean presented = false;
        try
        {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(handshakeTimeoutMs);
            socket.connect(address, connectTimeoutMs);
            presented = true;
            socket.getOutputStream().write(("HELLO " + party + " " + epoch + " " + gateway + "\n")
                .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            final BufferedReader in = new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            final String reply = in.readLine();
            final String[] r = null == reply ? new String[0] : reply.split(" ");
            if (r.length == 4 && r[0].equals("WELCOME"))
            {
                socket.setSoTimeout(0);
                return new CounterpartyConnection(socket, in, Long.parseLong(r[3]), onAck);
            }
            socket.close();
            throw new StaleEpochException("counterparty refused " + party + " epoch " + epoch + ": " + reply);
        }
        catch (final StaleEpochException ex)
        {
            throw ex;
        }
        catch (final IOException ex)
        {
            socket.close();
            throw presented ? new EpochPresentedException(party, epoch, ex) : ex;
        }
    }

    /**
     * The handshake failed after the epoch may have reached the counterparty (the answer timed out, the connection
     * broke): retrying under the same epoch could be refused as stale, because the counterparty accepts only epochs
     * above every one it has seen. Hand the party back instead; the cluster grants it again under a new epoch.
     */
    public static final class EpochPresentedException extends IOException
    {
        private static final long serialVersionUID = 1L;

        EpochPresentedException(final String party, final long epoch, final IOException cause)
        {
            super("handshake for " + party + " epoch " + epoch + " failed after the epoch was sent: " +
                cause.getMessage(), cause);
        }
    }

    /**
     * @return the last sequence the counterparty had accepted when this connection opened; send from the next one.
     */
    public long resumeAfter()
    {
        return resumeAfter;
    }

    /**
     * @param seq  the confirmation's sequence number.
     * @param text its content, one line.
     * @throws IOException if the connection is gone.
     */
    public void send(final long seq, final String text) throws IOException
    {
        out.write(("CONF " + seq + " " + text + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * @return true while the connection is open.
     */
    public boolean isOpen()
    {
        return !socket.isClosed() && reader.isAlive();
    }

    @Override
    public void close()
    {
        try
        {
            socket.close();
        }
        catch (final IOException ignore)
        {
            // closing anyway
        }
    }

    private void readAcks(final BufferedReader in, final LongConsumer onAck)
    {
        try
        {
            String line;
            while (null != (line = in.readLine()))
            {
                if (line.startsWith("ACK "))
                {
                    onAck.accept(Long.parseLong(line.substring(4)));
                }
            }
        }
        catch (final IOException ignore)
        {
            // closed
        }
        finally
        {
            close();
        }
    }

    /**
     * The counterparty refused the epoch: another owner presented a newer one.
     */
    public static final class StaleEpochException extends IOException
    {
        private static final long serialVersionUID = 1L;

        StaleEpochException(final String message)
        {
            super(message);
        }
    }
}
