package com.kaa.reports.definition;

import io.restassured.http.ContentType;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** Creates reports over REST for tests that need one. */
public final class TestReports {

    public static final String SPEC = """
            {"columns":["method"],"groupBy":["method"],"aggregations":[{"fn":"sum","column":"amount","as":"volume"}]}""";

    private TestReports() {
    }

    public static String create(Map<String, String> who, String name) {
        return given().headers(who).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"type\":\"payments\",\"querySpec\":" + SPEC + ",\"formats\":[\"csv\"],\"status\":\"active\"}")
                .post("/reports").then().statusCode(201).extract().path("id");
    }
}
