package com.kaa.reports.definition;

import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.OpenApiFuzzTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@KaaTestInfrastructure(schema = "report_definition")
class DefinitionFuzzTest extends OpenApiFuzzTest {
}
