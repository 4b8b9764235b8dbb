package com.kaa.reports.inventory;

import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.OpenApiFuzzTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@KaaTestInfrastructure(schema = "inventory")
class InventoryFuzzTest extends OpenApiFuzzTest {
}
