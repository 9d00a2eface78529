package io.resilientgateways.examples;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgsTest
{
    @Test
    void optionsFlagsAndOneArgumentHoldingSeveralWords()
    {
        final Args a = Args.parse(new String[]{"--stay --base-port 23000", "", "--members", "h1:9000,h2:9000,h3:9000"});
        assertThat(a.has("stay")).isTrue();
        assertThat(a.getLong("base-port", 0)).isEqualTo(23000);
        assertThat(a.getLong("absent", 7)).isEqualTo(7);
        assertThat(a.ingressEndpoints()).isEqualTo("0=h1:9000,1=h2:9000,2=h3:9000");
    }

    @Test
    void aWordThatIsNotAnOptionIsRefused()
    {
        assertThatThrownBy(() -> Args.parse(new String[]{"stray"})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Args.parse(new String[0]).get("name")).hasMessageContaining("--name");
    }
}
