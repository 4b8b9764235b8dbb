package com.kaa.reports.notification;

import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.OpenApiFuzzTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@KaaTestInfrastructure(schema = "notification")
class NotificationFuzzTest extends OpenApiFuzzTest {
}
