package io.resilientgateways.aeron.build;

import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.resilientgateways.aeron.service.BalancerServiceComponent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forbiddenapis determinism bans must cover every class that runs inside the clustered service. The pom bans
 * whole package trees ({@code service/**}, {@code protocol/**}); this test fails if a class that handles cluster
 * sessions (implements {@link ClusteredService}, or has a field, parameter or return type of {@link Cluster} or
 * {@link ClientSession}) lives outside them, or if the pom's patterns stop naming those trees.
 */
class ServiceDeterminismScopeTest
{
    private static final List<String> BANNED_TREES = List.of(
        "io/resilientgateways/aeron/service/", "io/resilientgateways/aeron/protocol/");

    @Test
    void everyClassThatHandlesClusterSessionsIsUnderTheBannedTrees() throws Exception
    {
        final List<String> serviceCode = new ArrayList<>();
        for (final String name : mainClassNames())
        {
            final Class<?> c = Class.forName(name.replace('/', '.'), false, getClass().getClassLoader());
            if (handlesClusterSessions(c))
            {
                serviceCode.add(name);
            }
        }
        assertThat(serviceCode).as("classes that handle cluster sessions")
            .contains("io/resilientgateways/aeron/service/BalancerServiceComponent")
            .allSatisfy((name) -> assertThat(BANNED_TREES.stream().anyMatch(name::startsWith))
                .as(name + " runs in the clustered service but is outside the forbiddenapis trees " + BANNED_TREES)
                .isTrue());
    }

    @Test
    void thePomBansTheWholeTrees() throws IOException
    {
        final String pom = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8);
        for (final String tree : BANNED_TREES)
        {
            assertThat(pom).contains("<include>" + tree + "**/*.class</include>");
        }
    }

    private static boolean handlesClusterSessions(final Class<?> c)
    {
        if (ClusteredService.class.isAssignableFrom(c))
        {
            return true;
        }
        for (final Field f : c.getDeclaredFields())
        {
            if (isSessionType(f.getType()))
            {
                return true;
            }
        }
        for (final Method m : c.getDeclaredMethods())
        {
            if (isSessionType(m.getReturnType()))
            {
                return true;
            }
            for (final Class<?> p : m.getParameterTypes())
            {
                if (isSessionType(p))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isSessionType(final Class<?> type)
    {
        return Cluster.class == type || ClientSession.class == type;
    }

    private static List<String> mainClassNames() throws IOException, URISyntaxException
    {
        final Path root = Path.of(
            BalancerServiceComponent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(root))
        {
            return files.filter((p) -> p.toString().endsWith(".class"))
                .map((p) -> root.relativize(p).toString().replace('\\', '/'))
                .filter((n) -> n.startsWith("io/resilientgateways/aeron/") && !n.contains("/codecs/") &&
                    !n.endsWith("package-info.class"))
                .map((n) -> n.substring(0, n.length() - ".class".length()))
                .sorted()
                .toList();
        }
    }
}
