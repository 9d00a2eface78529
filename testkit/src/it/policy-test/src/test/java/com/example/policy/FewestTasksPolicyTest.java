package com.example.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FewestTasksPolicyTest
{
    @Test
    void namesItself()
    {
        assertThat(new FewestTasksPolicy().name()).isEqualTo("fewest-tasks");
    }
}
