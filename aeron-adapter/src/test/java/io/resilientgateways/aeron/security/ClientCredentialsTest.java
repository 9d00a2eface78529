package io.resilientgateways.aeron.security;

import io.aeron.security.CredentialsSupplier;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientCredentialsTest
{
    @Test
    void takesThePrincipalsLineFromATableAndRereadsItOnEveryConnect() throws IOException
    {
        final Path file = Files.createTempFile("rg-credentials", ".txt");
        try
        {
            Files.writeString(file, "# role:name:secret\nadmin:ops:a\ngateway:gw-1:first\ngateway:gw-10:other\n");
            final CredentialsSupplier supplier = ClientCredentials.fromFile(file, "gateway", "gw-1");
            assertThat(text(supplier.encodedCredentials())).isEqualTo("gateway:gw-1:first");
            Files.writeString(file, "gateway:gw-1:rotated\n");
            assertThat(text(supplier.encodedCredentials())).isEqualTo("gateway:gw-1:rotated");
            assertThat(text(supplier.onChallenge(new byte[0]))).isEqualTo("gateway:gw-1:rotated");
            Files.writeString(file, "");
            assertThat(text(supplier.encodedCredentials())).as("the last good line while the file is rewritten")
                .isEqualTo("gateway:gw-1:rotated");
        }
        finally
        {
            Files.delete(file);
        }
    }

    @Test
    void refusesAFileWithoutThePrincipal() throws IOException
    {
        final Path file = Files.createTempFile("rg-credentials", ".txt");
        try
        {
            Files.writeString(file, "gateway:gw-10:other\n");
            assertThatThrownBy(() -> ClientCredentials.fromFile(file, "gateway", "gw-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no gateway:gw-1 line");
        }
        finally
        {
            Files.delete(file);
        }
    }

    @Test
    void firstLineSkipsCommentsAndBlankLinesAndRefusesAFileWithoutALine() throws IOException
    {
        final Path file = Files.createTempFile("rg-credentials", ".txt");
        try
        {
            Files.writeString(file, "# the dashboard's principal\n\n  viewer:dash:l00k  \nadmin:ops:a\n");
            assertThat(ClientCredentials.firstLine(file)).isEqualTo("viewer:dash:l00k");
            Files.writeString(file, "# nothing here\n\n");
            assertThatThrownBy(() -> ClientCredentials.firstLine(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no role:name:secret line");
            Files.writeString(file, "just-a-secret\n");
            assertThatThrownBy(() -> ClientCredentials.firstLine(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("role:name:secret");
        }
        finally
        {
            Files.delete(file);
        }
    }

    @Test
    void refusesAMissingEnvironmentVariableAndMalformedLines()
    {
        assertThatThrownBy(() -> ClientCredentials.fromEnvironment("RG_TEST_SURELY_NOT_SET_42"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not set");
        assertThatThrownBy(() -> ClientCredentials.fixed("gw-1-secret"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("role:name:secret");
        assertThat(text(ClientCredentials.fixed("admin:ops:s").encodedCredentials())).isEqualTo("admin:ops:s");
    }

    private static String text(final byte[] bytes)
    {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
