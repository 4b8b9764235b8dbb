package com.kaa.reports.execution;

import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.OpenApiFuzzTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@KaaTestInfrastructure(schema = "report_execution")
class ExecutionFuzzTest extends OpenApiFuzzTest {
}
