package io.resilientgateways.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No source file of core over 500 lines (issue 9): a file that grows past it is split, not let through.
 */
class SourceSizeTest
{
    private static final int MAX_LINES = 500;

    @Test
    void noCoreSourceFileIsOver500Lines() throws IOException
    {
        final Path root = Path.of("src/main/java");
        assertThat(root).isDirectory();
        final List<String> over;
        try (Stream<Path> files = Files.walk(root))
        {
            over = files.filter(file -> file.toString().endsWith(".java"))
                .filter(SourceSizeTest::tooLong)
                .map(Path::toString)
                .sorted()
                .collect(Collectors.toList());
        }
        assertThat(over).as("files over " + MAX_LINES + " lines").isEmpty();
    }

    private static boolean tooLong(final Path file)
    {
        try (Stream<String> lines = Files.lines(file))
        {
            return lines.count() > MAX_LINES;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(file.toString(), ex);
        }
    }
}
