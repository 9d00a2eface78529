package io.resilientgateways.examples.gateway;

import io.resilientgateways.aeron.client.OpenCompletion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up stale refusal of issue 8: the counterparty's first answer came after the gateway's handshake timeout,
 * the gateway retried under the same epoch, and the counterparty (which had seen it) refused it as stale. A handshake
 * that fails after the epoch was sent is released, never retried under that epoch; and opens run off the caller's
 * thread.
 */
class PartyLinksHandshakeTest
{
    private final SlowCounterparty counterparty = new SlowCounterparty(300);
    private final PrintStream out = new PrintStream(OutputStream.nullOutputStream());
    private PartyLinks links;

    @AfterEach
    void tearDown() throws IOException
    {
        if (null != links)
        {
            links.close();
        }
        counterparty.close();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void anAnswerSlowerThanTheHandshakeTimeoutReleasesThePartyWithoutReusingItsEpoch() throws Exception
    {
        links = new PartyLinks("gw-1", counterparty.address(), 150, 150, 800, out);
        final BlockingQueue<OpenCompletion> answers = new LinkedBlockingQueue<>();
        final OpenCompletion done = new OpenCompletion("PARTY-1", 5, answers);
        links.onOpen("PARTY-1", 5, done);
        assertThat(done.isAnswered()).as("the open runs on the connector thread, not the caller's").isFalse();

        assertThat(answers.poll(10, TimeUnit.SECONDS)).isSameAs(done);
        assertThat(done.wasOpened()).isFalse();
        assertThat(done.reason()).contains("after the epoch was sent");
        Thread.sleep(400); // any retry would have reached the counterparty by now
        assertThat(counterparty.hellos).containsExactly(5L);
        assertThat(counterparty.staleRefusals.get()).isZero();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aHandshakeAnsweredWithinItsTimeoutOpens() throws Exception
    {
        links = new PartyLinks("gw-1", counterparty.address(), 150, 1_000, 800, out);
        final BlockingQueue<OpenCompletion> answers = new LinkedBlockingQueue<>();
        final OpenCompletion done = new OpenCompletion("PARTY-1", 6, answers);
        links.onOpen("PARTY-1", 6, done);
        assertThat(answers.poll(10, TimeUnit.SECONDS)).isSameAs(done);
        assertThat(done.wasOpened()).isTrue();
        links.onClose("PARTY-1", 6);
        assertThat(counterparty.hellos).containsExactly(6L);
    }

    /**
     * Answers each HELLO after a delay, refusing epochs it has seen (as the real counterparty does).
     */
    private static final class SlowCounterparty implements AutoCloseable
    {
        final List<Long> hellos = new CopyOnWriteArrayList<>();
        final AtomicInteger staleRefusals = new AtomicInteger();
        private final ServerSocket server;
        private final long delayMs;
        private long highest;

        SlowCounterparty(final long delayMs)
        {
            this.delayMs = delayMs;
            try
            {
                server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex);
            }
            final Thread acceptor = new Thread(this::accept, "slow-counterparty");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        InetSocketAddress address()
        {
            return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
        }

        private void accept()
        {
            while (!server.isClosed())
            {
                try
                {
                    final Socket socket = server.accept();
                    final Thread t = new Thread(() -> serve(socket));
                    t.setDaemon(true);
                    t.start();
                }
                catch (final IOException ex)
                {
                    return;
                }
            }
        }

        private void serve(final Socket socket)
        {
            try (socket)
            {
                final BufferedReader in = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                final String[] hello = in.readLine().split(" ");
                final long epoch = Long.parseLong(hello[2]);
                hellos.add(epoch);
                final String reply;
                synchronized (this)
                {
                    if (epoch <= highest)
                    {
                        staleRefusals.incrementAndGet();
                        reply = "STALE " + hello[1] + " " + epoch + " " + highest;
                    }
                    else
                    {
                        highest = epoch;
                        reply = "WELCOME " + hello[1] + " " + epoch + " 0";
                    }
                }
                Thread.sleep(delayMs);
                socket.getOutputStream().write((reply + "\n").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                in.readLine(); // hold the connection until the gateway closes it
            }
            catch (final Exception ignore)
            {
                // the gateway gave up or closed
            }
        }

        public void close() throws IOException
        {
            server.close();
        }
    }
}
