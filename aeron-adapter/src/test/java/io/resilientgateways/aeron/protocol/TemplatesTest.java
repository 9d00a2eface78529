package io.resilientgateways.aeron.protocol;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every ingress message of the schema has exactly one role in {@link Templates} (gateway: ids 1-19, admin: 20-39,
 * as the schema's comment lays out), and nothing else has one: a new message is refused until it is given a role.
 */
class TemplatesTest
{
    @Test
    void everyIngressTemplateOfTheSchemaHasExactlyOneRole() throws Exception
    {
        final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        final NodeList messages = factory.newDocumentBuilder()
            .parse(new File("src/main/resources/sbe/resilient-gateways-schema.xml"))
            .getElementsByTagNameNS("*", "message");
        int gateway = 0;
        int admin = 0;
        for (int i = 0; i < messages.getLength(); i++)
        {
            final Element m = (Element)messages.item(i);
            final int id = Integer.parseInt(m.getAttribute("id"));
            final String name = m.getAttribute("name");
            if (id < 20)
            {
                assertThat(Templates.isGatewayIngress(id)).as(name).isTrue();
                assertThat(Templates.isAdminIngress(id)).as(name).isFalse();
                gateway++;
            }
            else if (id < 40)
            {
                assertThat(Templates.isAdminIngress(id)).as(name).isTrue();
                assertThat(Templates.isGatewayIngress(id)).as(name).isFalse();
                admin++;
            }
            else
            {
                assertThat(Templates.isIngress(id)).as(name + " is not ingress").isFalse();
            }
        }
        assertThat(gateway).isEqualTo(7);
        assertThat(admin).isEqualTo(15);
        for (int id = 0; id < 128; id++)
        {
            if (Templates.isIngress(id))
            {
                assertThat(id).isBetween(1, 39);
            }
        }
    }
}
