package com.kaa.reports.execution.datasets;

import com.kaa.reports.platform.testing.TestIdentity;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Runs a query spec through POST /datasets/{name}/preview as an analyst of an organization. */
public final class Preview {

    private Preview() {
    }

    public static List<Map<String, Object>> rows(String organization, String dataset, String querySpecJson) {
        return rows(organization, dataset, querySpecJson, "Africa/Nairobi");
    }

    public static List<Map<String, Object>> rows(String organization, String dataset, String querySpecJson, String zone) {
        return given().headers(TestIdentity.of(organization, "analyst-1", "analyst")).contentType(ContentType.JSON)
                .body("{\"querySpec\":" + querySpecJson + ",\"timeZone\":\"" + zone + "\"}")
                .post("/datasets/" + dataset + "/preview")
                .then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL)).getList("rows");
    }

    /** Rows of the dataset for the organization (tombstones excluded), by id when given. */
    public static long count(String organization, String dataset, String id) {
        String filter = id == null ? "" : ",\"filters\":[{\"column\":\"id\",\"op\":\"eq\",\"value\":\"" + id + "\"}]";
        List<Map<String, Object>> rows = rows(organization, dataset,
                "{\"aggregations\":[{\"fn\":\"count\",\"column\":\"*\",\"as\":\"n\"}]" + filter + "}");
        return ((Number) rows.get(0).get("n")).longValue();
    }
}
