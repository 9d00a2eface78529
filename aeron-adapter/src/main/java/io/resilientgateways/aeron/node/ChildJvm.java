package io.resilientgateways.aeron.node;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a small JVM running a main class of this class path with the flags Agrona and Aeron need, for
 * the gateway processes that tests, benchmarks and the demo start (and kill with SIGKILL).
 */
public final class ChildJvm
{
    /** Flags every JVM that loads Agrona needs. */
    public static final List<String> AGRONA_FLAGS = List.of(
        "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.base/java.util.zip=ALL-UNNAMED");

    private ChildJvm()
    {
    }

    /**
     * @param mainClass the class to run.
     * @param args      its arguments.
     * @return {@code java} of this JVM's home, serial GC, 128 MB heap, C1 only (quick to start, light on CPU), the
     * Agrona flags, this JVM's class path, the main class and its arguments.
     */
    public static List<String> command(final Class<?> mainClass, final List<String> args)
    {
        return command(mainClass, 128, args);
    }

    /**
     * @param mainClass the class to run.
     * @param heapMb    maximum heap in megabytes.
     * @param args      its arguments.
     * @return as {@link #command(Class, List)}, with this heap.
     */
    public static List<String> command(final Class<?> mainClass, final int heapMb, final List<String> args)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xmx" + heapMb + "m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(AGRONA_FLAGS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(args);
        return cmd;
    }
}
