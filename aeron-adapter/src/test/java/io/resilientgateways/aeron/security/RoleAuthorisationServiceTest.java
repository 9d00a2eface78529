package io.resilientgateways.aeron.security;

import io.resilientgateways.aeron.codecs.ChangeSettingsDecoder;
import io.resilientgateways.aeron.codecs.HeartbeatDecoder;
import io.resilientgateways.aeron.codecs.QuerySettingsDecoder;
import io.resilientgateways.aeron.codecs.RaiseEpochFloorDecoder;
import io.resilientgateways.aeron.protocol.Protocol;
import io.resilientgateways.aeron.protocol.Templates;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What each role may send, over every template id: a viewer exactly the queries and heartbeat (so every command,
 * including an admin command added later, is refused), an admin every admin template and heartbeat, a gateway the
 * gateway templates; unknown roles, no principal and another protocol nothing.
 */
class RoleAuthorisationServiceTest
{
    private static final RoleAuthorisationService AUTH = RoleAuthorisationService.INSTANCE;
    private static final byte[] VIEWER = Principals.encode(Principals.VIEWER, "dashboard");
    private static final byte[] ADMIN = Principals.encode(Principals.ADMIN, "ops");
    private static final byte[] GATEWAY = Principals.encode(Principals.GATEWAY, "gw-1");

    @Test
    void aViewerMaySendTheQueriesAndHeartbeatAndNothingElse()
    {
        int queries = 0;
        int commandsRefused = 0;
        for (int id = 0; id < 128; id++)
        {
            final boolean viewer = AUTH.isAuthorised(Protocol.SCHEMA_ID, id, null, VIEWER);
            assertThat(viewer).as("template " + id)
                .isEqualTo(HeartbeatDecoder.TEMPLATE_ID == id || Templates.isQuery(id));
            if (Templates.isQuery(id))
            {
                assertThat(Templates.isAdminIngress(id)).as("a query is an admin template: " + id).isTrue();
                queries++;
            }
            else if (Templates.isAdminIngress(id))
            {
                assertThat(viewer).as("admin command " + id).isFalse();
                commandsRefused++;
            }
        }
        assertThat(queries).as("seven queries of schema 4 and QuerySettings").isEqualTo(8);
        assertThat(commandsRefused).as("add, remove, drain, move, the settings commands and any later command")
            .isGreaterThanOrEqualTo(6);
        // named, not derived from Templates: a viewer must never change settings or the epoch floor
        assertThat(AUTH.isAuthorised(Protocol.SCHEMA_ID, ChangeSettingsDecoder.TEMPLATE_ID, null, VIEWER)).isFalse();
        assertThat(AUTH.isAuthorised(Protocol.SCHEMA_ID, RaiseEpochFloorDecoder.TEMPLATE_ID, null, VIEWER)).isFalse();
        assertThat(AUTH.isAuthorised(Protocol.SCHEMA_ID, QuerySettingsDecoder.TEMPLATE_ID, null, VIEWER)).isTrue();
        assertThat(AUTH.isAuthorised(Protocol.SCHEMA_ID, ChangeSettingsDecoder.TEMPLATE_ID, null, ADMIN)).isTrue();
    }

    @Test
    void adminsAndGatewaysKeepTheirTemplatesAndNobodyElseGetsAny()
    {
        for (int id = 0; id < 128; id++)
        {
            assertThat(AUTH.isAuthorised(Protocol.SCHEMA_ID, id, null, ADMIN)).as("admin, template " + id)
                .isEqualTo(HeartbeatDecoder.TEMPLATE_ID == id || Templates.isAdminIngress(id));
            assertThat(AUTH.isAuthorised(Protocol.SCHEMA_ID, id, null, GATEWAY)).as("gateway, template " + id)
                .isEqualTo(Templates.isGatewayIngress(id));
            assertThat(AUTH.isAuthorised(Protocol.SCHEMA_ID, id, null, null)).isFalse();
            assertThat(AUTH.isAuthorised(Protocol.SCHEMA_ID, id, null, Principals.encode("viewers", "x"))).isFalse();
            assertThat(AUTH.isAuthorised(Protocol.SCHEMA_ID + 1, id, null, VIEWER)).isFalse();
        }
    }

    @Test
    void theCredentialsTableKnowsTheViewerRole()
    {
        final CredentialsTable table = CredentialsTable.of("viewer:dashboard:l00k", "admin:ops:t0ken");
        assertThat(table.principalFor("viewer:dashboard:l00k".getBytes(StandardCharsets.US_ASCII)))
            .isEqualTo(VIEWER);
        assertThatThrownBy(() -> CredentialsTable.of("reader:x:y")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("gateway, admin or viewer");
    }
}
