package io.resilientgateways.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A small JSON client for the console's API in tests.
 */
final class Http
{
    record Response(int status, JsonNode body, String raw)
    {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    Http(final String base)
    {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    Response get(final String path) throws IOException, InterruptedException
    {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    Response post(final String path, final String body, final String token) throws IOException, InterruptedException
    {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (null != token)
        {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    private Response send(final HttpRequest request) throws IOException, InterruptedException
    {
        final HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode node = null;
        try
        {
            node = JSON.readTree(r.body());
        }
        catch (final IOException ex)
        {
            // not JSON (a page): keep the raw text
        }
        return new Response(r.statusCode(), node, r.body());
    }
}
