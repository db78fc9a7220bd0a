package org.openpalm.payments.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RetentionConfigTest {
    @Test
    void theScheduleIsTwoYearsAndNeverMoreThanThree() {
        assertThat(RetentionConfig.DEFAULT.palmDataRetentionDays()).isEqualTo(730);
        assertThat(new RetentionConfig(1096, 24).palmDataRetentionDays()).isEqualTo(1096);
        assertThatThrownBy(() -> new RetentionConfig(1097, 24)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("three years");
        assertThatThrownBy(() -> new RetentionConfig(0, 24)).isInstanceOf(IllegalArgumentException.class);
    }
}
