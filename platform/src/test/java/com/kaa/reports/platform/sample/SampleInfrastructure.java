package com.kaa.reports.platform.sample;

import com.kaa.reports.platform.testing.KafkaTestResource;
import com.kaa.reports.platform.testing.PostgresTestResource;
import com.kaa.reports.platform.testing.RedisTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** The real infrastructure every test of this module shares: one Quarkus boot for all of them. */
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "schema", value = "platform_test"))
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "topics", value = NoteEvents.TOPIC))
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.GLOBAL)
public final class SampleInfrastructure {
    private SampleInfrastructure() {
    }
}
