package com.kaa.reports.gateway;

import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.ServiceFoundationTest;
import com.kaa.reports.gateway.routing.FakeServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@KaaTestInfrastructure(schema = "gateway")
@WithTestResource(FakeServices.class)
class GatewayFoundationTest extends ServiceFoundationTest {
}
