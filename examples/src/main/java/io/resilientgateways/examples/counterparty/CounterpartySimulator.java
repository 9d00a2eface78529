package io.resilientgateways.examples.counterparty;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The remote system: a TCP server that keeps one connection per party and uses the epoch as a fencing token.
 * <p>
 * Protocol, one ASCII line per message:
 * <pre>
 *   gateway -> counterparty   HELLO party epoch gateway
 *   counterparty -> gateway   WELCOME party epoch lastSeq      (then the gateway resumes at lastSeq + 1)
 *                             STALE party epoch currentEpoch   (and the connection is closed)
 *   gateway -> counterparty   CONF seq text
 *   counterparty -> gateway   ACK seq | DUP seq | GAP expectedSeq
 * </pre>
 * A connection presenting a higher epoch than the party's current one supersedes it: the older connection is closed
 * and counted as superseded, and nothing more is read from it. One presenting an equal or lower epoch is refused
 * and counted as stale. Confirmations must arrive in sequence: a repeat is counted as a duplicate, a jump as a gap,
 * and neither is accepted.
 * <p>
 * Thread-safe: one thread accepts, one thread reads each connection; state is guarded by this object's monitor.
 */
public final class CounterpartySimulator implements AutoCloseable
{
    private final ServerSocket server;
    private final Thread acceptor;
    private final TreeMap<String, Party> parties = new TreeMap<>();
    private final List<Socket> sockets = new ArrayList<>();
    private long stale;
    private long superseded;
    private long gaps;
    private long duplicates;
    private long accepted;
    private long connections;
    private volatile boolean running = true;
    private volatile long answerDelayMs;
    private volatile Consumer<String> events = (event) -> {};

    private static final class Party
    {
        long epoch;
        long lastSeq;
        Socket connection;
        String gateway;
    }

    /**
     * Listen on a loopback port.
     *
     * @param port TCP port, 0 for any free one.
     * @throws IOException if the port cannot be bound.
     */
    public CounterpartySimulator(final int port) throws IOException
    {
        this(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /**
     * @param address where to listen.
     * @throws IOException if the address cannot be bound.
     */
    public CounterpartySimulator(final InetSocketAddress address) throws IOException
    {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(address);
        acceptor = new Thread(this::acceptLoop, "counterparty-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Answer slowly, as a loaded remote system does: every answer (WELCOME, STALE, ACK, ...) is written this long
     * after its request was read.
     *
     * @param answerDelayMs delay in milliseconds, 0 (default) answers at once.
     */
    public void answerDelayMs(final long answerDelayMs)
    {
        this.answerDelayMs = answerDelayMs;
    }

    /**
     * @param events told (under this object's monitor, keep it quick) about every connection decision, one line each:
     *               {@code WELCOME party epoch gateway}, {@code STALE party epoch currentEpoch gateway},
     *               {@code SUPERSEDED party oldGateway newGateway}, {@code DISCONNECTED party gateway},
     *               {@code GAP party seq expectedSeq}, {@code DUP party seq}.
     */
    public void events(final Consumer<String> events)
    {
        this.events = events;
    }

    /**
     * @return the highest confirmation sequence accepted per party.
     */
    public synchronized TreeMap<String, Long> lastSequences()
    {
        final TreeMap<String, Long> seqs = new TreeMap<>();
        parties.forEach((name, party) -> seqs.put(name, party.lastSeq));
        return seqs;
    }

    /**
     * @return the highest epoch each party was welcomed under (what an operator reads from the remote system before
     * wiping a cluster, to set its epoch floor).
     */
    public synchronized TreeMap<String, Long> epochs()
    {
        final TreeMap<String, Long> epochs = new TreeMap<>();
        parties.forEach((name, party) -> epochs.put(name, party.epoch));
        return epochs;
    }

    /**
     * @return the port it listens on.
     */
    public int port()
    {
        return server.getLocalPort();
    }

    /**
     * @param expectedParties parties that should be connected now.
     * @return counts and a clean/not-clean judgement, without undelivered confirmations (the booked sequences are not
     * known here): prefer {@link #verdict(List, Map)}.
     */
    public synchronized Verdict verdict(final List<String> expectedParties)
    {
        return verdict(expectedParties, null);
    }

    /**
     * @param expectedParties parties that should be connected now.
     * @param lastBooked      the highest confirmation sequence booked per party (by the trade entry, which outlives
     *                        the cluster's state); confirmations above what the counterparty accepted are undelivered.
     * @return counts and a clean/not-clean judgement.
     */
    public synchronized Verdict verdict(final List<String> expectedParties, final Map<String, Long> lastBooked)
    {
        long undelivered = Verdict.UNDELIVERED_UNKNOWN;
        if (null != lastBooked)
        {
            undelivered = 0;
            for (final Map.Entry<String, Long> booked : new TreeMap<>(lastBooked).entrySet())
            {
                final Party party = parties.get(booked.getKey());
                undelivered += Math.max(0, booked.getValue() - (null == party ? 0 : party.lastSeq));
            }
        }
        int connected = 0;
        final List<String> missing = new ArrayList<>();
        for (final String name : expectedParties)
        {
            final Party party = parties.get(name);
            if (null != party && null != party.connection && !party.connection.isClosed())
            {
                connected++;
            }
            else
            {
                missing.add(name);
            }
        }
        return new Verdict(expectedParties.size(), connected, missing, connections, stale, superseded, gaps,
            duplicates, accepted, undelivered);
    }

    /**
     * @param party a party.
     * @return the highest confirmation sequence accepted for it, 0 if none.
     */
    public synchronized long lastSequence(final String party)
    {
        final Party p = parties.get(party);
        return null == p ? 0 : p.lastSeq;
    }

    /**
     * @param party a party.
     * @return the gateway holding its current connection, or null.
     */
    public synchronized String connectedGateway(final String party)
    {
        final Party p = parties.get(party);
        return null == p || null == p.connection || p.connection.isClosed() ? null : p.gateway;
    }

    /**
     * Break a party's current connection, as a network failure would; its epoch and sequence stay.
     *
     * @param party a party.
     * @return true if it had an open connection.
     */
    public synchronized boolean dropConnection(final String party)
    {
        final Party p = parties.get(party);
        if (null == p || null == p.connection || p.connection.isClosed())
        {
            return false;
        }
        closeQuietly(p.connection);
        return true;
    }

    @Override
    public void close()
    {
        running = false;
        try
        {
            server.close();
        }
        catch (final IOException ignore)
        {
            // closing anyway
        }
        synchronized (this)
        {
            for (final Socket socket : sockets)
            {
                closeQuietly(socket);
            }
        }
    }

    private void acceptLoop()
    {
        while (running)
        {
            try
            {
                final Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                synchronized (this)
                {
                    sockets.add(socket);
                }
                final Thread reader = new Thread(() -> serve(socket), "counterparty-" + socket.getPort());
                reader.setDaemon(true);
                reader.start();
            }
            catch (final IOException ex)
            {
                if (running)
                {
                    System.err.println("counterparty: accept failed: " + ex);
                }
            }
        }
    }

    private void serve(final Socket socket)
    {
        String partyName = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
            StandardCharsets.US_ASCII)))
        {
            final OutputStream out = socket.getOutputStream();
            final String hello = in.readLine();
            final String[] h = null == hello ? new String[0] : hello.split(" ");
            if (h.length != 4 || !h[0].equals("HELLO"))
            {
                socket.close();
                return;
            }
            partyName = h[1];
            final long epoch = Long.parseLong(h[2]);
            final String reply = hello(socket, h[1], epoch, h[3]);
            delay();
            write(out, reply);
            if (reply.startsWith("STALE"))
            {
                socket.close();
                return;
            }
            String line;
            while (null != (line = in.readLine()))
            {
                final String answer = confirmation(socket, partyName, line);
                if (null == answer)
                {
                    return; // superseded: nothing more is accepted on this connection
                }
                delay();
                write(out, answer);
            }
        }
        catch (final SocketException ex)
        {
            // closed by the peer or superseded
        }
        catch (final IOException | RuntimeException ex)
        {
            if (running)
            {
                System.err.println("counterparty: connection for " + partyName + " failed: " + ex);
            }
        }
        finally
        {
            closeQuietly(socket);
            disconnected(partyName, socket);
        }
    }

    private synchronized void disconnected(final String name, final Socket socket)
    {
        final Party party = null == name ? null : parties.get(name);
        if (null != party && party.connection == socket)
        {
            events.accept("DISCONNECTED " + name + " " + party.gateway);
        }
    }

    private void delay()
    {
        final long ms = answerDelayMs;
        if (ms > 0)
        {
            try
            {
                TimeUnit.MILLISECONDS.sleep(ms);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized String hello(final Socket socket, final String name, final long epoch, final String gateway)
    {
        connections++;
        final Party party = parties.computeIfAbsent(name, k -> new Party());
        if (epoch <= party.epoch)
        {
            stale++;
            events.accept("STALE " + name + " " + epoch + " " + party.epoch + " " + gateway);
            return "STALE " + name + " " + epoch + " " + party.epoch;
        }
        if (null != party.connection && !party.connection.isClosed())
        {
            superseded++;
            events.accept("SUPERSEDED " + name + " " + party.gateway + " " + gateway);
            closeQuietly(party.connection);
        }
        party.epoch = epoch;
        party.connection = socket;
        party.gateway = gateway;
        events.accept("WELCOME " + name + " " + epoch + " " + gateway);
        return "WELCOME " + name + " " + epoch + " " + party.lastSeq;
    }

    private synchronized String confirmation(final Socket socket, final String name, final String line)
    {
        final Party party = parties.get(name);
        if (party.connection != socket)
        {
            return null;
        }
        final String[] c = line.split(" ", 3);
        if (c.length < 2 || !c[0].equals("CONF"))
        {
            return "ERROR " + line;
        }
        final long seq = Long.parseLong(c[1]);
        if (seq <= party.lastSeq)
        {
            duplicates++;
            events.accept("DUP " + name + " " + seq);
            return "DUP " + seq;
        }
        if (seq != party.lastSeq + 1)
        {
            gaps++;
            events.accept("GAP " + name + " " + seq + " " + (party.lastSeq + 1));
            return "GAP " + (party.lastSeq + 1);
        }
        party.lastSeq = seq;
        accepted++;
        return "ACK " + seq;
    }

    private static void write(final OutputStream out, final String line) throws IOException
    {
        out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void closeQuietly(final Socket socket)
    {
        try
        {
            socket.close();
        }
        catch (final IOException ignore)
        {
            // already closed
        }
    }
}
