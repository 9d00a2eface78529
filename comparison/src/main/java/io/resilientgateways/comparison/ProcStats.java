package io.resilientgateways.comparison;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resource figures of processes read from Linux's /proc: CPU time, resident memory, and the ports they listen on.
 */
final class ProcStats
{
    private static final Path PROC = Path.of("/proc");

    private ProcStats()
    {
    }

    /**
     * @param pid a process.
     * @return user + system CPU time of all its threads, in clock ticks, or -1 if it is gone.
     */
    static long cpuTicks(final long pid)
    {
        try
        {
            final String stat = Files.readString(PROC.resolve(pid + "/stat"), StandardCharsets.US_ASCII);
            // fields after the command name in parentheses; utime and stime are fields 14 and 15 of the line
            final String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    /**
     * @param pid a process.
     * @return its resident set size in KiB, or -1 if it is gone.
     */
    static long rssKb(final long pid)
    {
        try
        {
            for (final String line : Files.readAllLines(PROC.resolve(pid + "/status"), StandardCharsets.US_ASCII))
            {
                if (line.startsWith("VmRSS:"))
                {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
            return -1;
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    /**
     * @param pid a process.
     * @return "tcp:port" for each TCP socket it listens on and "udp:port" for each UDP socket it has bound.
     */
    static Set<String> listeningPorts(final long pid)
    {
        final Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC.resolve(pid + "/fd")))
        {
            for (final Path fd : fds)
            {
                try
                {
                    final String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:["))
                    {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                }
                catch (final IOException ignore)
                {
                    // closed meanwhile
                }
            }
        }
        catch (final IOException ex)
        {
            return Set.of();
        }
        final Set<String> ports = new TreeSet<>();
        for (final String table : List.of("tcp", "tcp6", "udp", "udp6"))
        {
            final boolean tcp = table.startsWith("tcp");
            try
            {
                final List<String> rows = Files.readAllLines(PROC.resolve(pid + "/net/" + table));
                for (int i = 1; i < rows.size(); i++)
                {
                    final String[] c = rows.get(i).trim().split("\\s+");
                    // local_address is c[1] (hex ip:port), st is c[3] (0A = LISTEN), inode is c[9]
                    if (c.length > 9 && inodes.contains(c[9]) && (!tcp || "0A".equals(c[3])))
                    {
                        final String local = c[1];
                        ports.add((tcp ? "tcp:" : "udp:") +
                            Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
                    }
                }
            }
            catch (final IOException | RuntimeException ignore)
            {
                // table absent (no IPv6)
            }
        }
        return ports;
    }

    /**
     * @return clock ticks per second ({@code getconf CLK_TCK}), 100 if it cannot be read.
     */
    static long clockTicksPerSecond()
    {
        try
        {
            final Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor();
            return Long.parseLong(out);
        }
        catch (final IOException | RuntimeException ex)
        {
            return 100;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
