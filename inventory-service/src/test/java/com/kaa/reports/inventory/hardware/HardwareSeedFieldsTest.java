package com.kaa.reports.inventory.hardware;

import com.kaa.reports.inventory.Fixtures;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * The seed's fields of a device (ip_address, mac_address, condition_rating, specifications, metadata): stored in their
 * canonical form, refused with the field named when wrong, filterable, and carried by bulk writes and CSV imports.
 */
@QuarkusTest
@KaaTestInfrastructure(schema = "inventory")
class HardwareSeedFieldsTest {

    private static String device(String visit, String serial, String extra) {
        return """
                {"visitReportId":"%s","category":"switch","serialNumber":"%s","status":"in_use"%s}"""
                .formatted(visit, serial, extra.isEmpty() ? "" : "," + extra);
    }

    private static void refused(Fixtures f, String visit, String extra, String field, String message) {
        given().headers(f.who).contentType(ContentType.JSON).body(device(visit, "SN-X-" + visit, extra)).post("/hardware")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field)).body("errors[0].message", containsString(message));
    }

    @Test
    void aDeviceKeepsItsNetworkIdentityConditionAndJsonInCanonicalForm() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(HardwareTest.DAY, "Network audit");
        String id = given().headers(f.who).contentType(ContentType.JSON).body(device(visit, "SN-S1-" + visit, """
                        "ipAddress":"2001:0DB8:0000:0000:0000:0000:0000:0015","macAddress":"08-00-2B-01-02-03","conditionRating":4,
                        "specifications":{"ports":48,"poe":true,"uplinks":["sfp+","sfp+"]},"metadata":{"importedFrom":"seed"}"""))
                .post("/hardware").then().statusCode(201)
                .body("ipAddress", equalTo("2001:db8::15")).body("macAddress", equalTo("08:00:2b:01:02:03"))
                .body("conditionRating", equalTo(4)).body("specifications.ports", equalTo(48))
                .body("specifications.uplinks[1]", equalTo("sfp+")).body("metadata.importedFrom", equalTo("seed"))
                .extract().path("id");

        // a change replaces what it names and keeps the rest; an object is replaced whole
        given().headers(f.who).contentType(ContentType.JSON)
                .body("{\"version\":0,\"ipAddress\":\"10.20.0.15\",\"conditionRating\":2,\"specifications\":{\"ports\":24}}")
                .patch("/hardware/" + id).then().statusCode(200)
                .body("ipAddress", equalTo("10.20.0.15")).body("macAddress", equalTo("08:00:2b:01:02:03"))
                .body("conditionRating", equalTo(2)).body("specifications.ports", equalTo(24))
                .body("specifications.poe", nullValue()).body("metadata.importedFrom", equalTo("seed"));

        // a device created without them answers empty objects, not nulls
        String plain = f.hardware(visit, "SN-S2-" + visit);
        given().headers(f.who).get("/hardware/" + plain).then().statusCode(200)
                .body("specifications", equalTo(java.util.Map.of())).body("metadata", equalTo(java.util.Map.of()))
                .body("ipAddress", nullValue()).body("conditionRating", nullValue());
    }

    @Test
    void eachBadValueIsA400NamingItsField() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(HardwareTest.DAY, "Bad values");
        for (String ip : List.of("10.0.0.256", "10.0.0.1/24", "printer.local", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "010.0.0.1", "")) {
            refused(f, visit, "\"ipAddress\":\"" + ip + "\"", "ipAddress", "IPv4");
        }
        for (String mac : List.of("08:00:2b:01:02", "08:00-2b-01-02-03", "08:00:2b:01:02:0g", "0800.2b01.020", "")) {
            refused(f, visit, "\"macAddress\":\"" + mac + "\"", "macAddress", "MAC address");
        }
        refused(f, visit, "\"conditionRating\":0", "conditionRating", "1");
        refused(f, visit, "\"conditionRating\":6", "conditionRating", "5");
        refused(f, visit, "\"specifications\":[1,2]", "specifications", "");
        refused(f, visit, "\"metadata\":\"text\"", "metadata", "");
        refused(f, visit, "\"specifications\":{\"notes\":\"" + "x".repeat(16_001) + "\"}", "specifications", "at most 16000");
        refused(f, visit, "\"metadata\":{\"a\":{\"b\":\"nul \\u0000 here\"}}", "metadata.a", "NUL");
        // a field the API does not know is refused by name, never dropped
        refused(f, visit, "\"ipAdress\":\"10.0.0.1\"", "ipAdress", "is not a known field");
        given().headers(f.who).get("/hardware?visitReportId=" + visit).then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void listsFilterByNetworkMacAddressAndCondition() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(HardwareTest.DAY, "Filters");
        String[][] devices = {{"10.20.0.5", "08:00:2b:00:00:01", "5"}, {"10.20.1.7", "08:00:2b:00:00:02", "2"},
                {"192.168.1.4", "08:00:2b:00:00:03", "1"}, {"2001:db8::7", "08:00:2b:00:00:04", "3"}};
        for (String[] d : devices) {
            given().headers(f.who).contentType(ContentType.JSON).body(device(visit, "SN-F-" + d[0] + visit,
                            "\"ipAddress\":\"%s\",\"macAddress\":\"%s\",\"conditionRating\":%s".formatted(d[0], d[1], d[2])))
                    .post("/hardware").then().statusCode(201);
        }
        String list = "/hardware?visitReportId=" + visit;
        given().headers(f.who).get(list + "&ipAddress=10.20.0.0/16").then().statusCode(200)
                .body("items.ipAddress", containsInAnyOrder("10.20.0.5", "10.20.1.7"));
        given().headers(f.who).get(list + "&ipAddress=10.20.1.7").then().body("items.ipAddress", containsInAnyOrder("10.20.1.7"));
        given().headers(f.who).get(list + "&ipAddress=2001:db8::/32").then().body("items.ipAddress", containsInAnyOrder("2001:db8::7"));
        given().headers(f.who).get(list + "&macAddress=0800.2B00.0003").then().body("items.ipAddress", containsInAnyOrder("192.168.1.4"));
        given().headers(f.who).get(list + "&maxConditionRating=2").then()
                .body("items.conditionRating", containsInAnyOrder(2, 1));
        given().headers(f.who).get(list + "&ipAddress=10.20.0.0/33").then().statusCode(400).body("errors[0].field", equalTo("ipAddress"));
        given().headers(f.who).get(list + "&ipAddress=intranet").then().statusCode(400).body("errors[0].field", equalTo("ipAddress"));
        given().headers(f.who).get(list + "&macAddress=nope").then().statusCode(400).body("errors[0].field", equalTo("macAddress"));
        given().headers(f.who).get(list + "&maxConditionRating=9").then().statusCode(400);
    }

    @Test
    void bulkWritesAndCsvImportsCarryTheFieldsAndReportBadOnesPerItem() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(HardwareTest.DAY, "Bulk seed fields");
        String items = HardwareTest.bulk("partial", List.of(
                device(visit, "SN-B1-" + visit, "\"ipAddress\":\"10.1.0.1\",\"specifications\":{\"ram\":8}"),
                device(visit, "SN-B2-" + visit, "\"macAddress\":\"08:00:2b:01:02\""),
                device(visit, "SN-B3-" + visit, "\"conditionRating\":5,\"metadata\":{\"batch\":3}")));
        given().headers(f.who).contentType(ContentType.JSON).body(items).post("/hardware/bulk").then().statusCode(200)
                .body("succeeded", equalTo(2)).body("results[1].error", startsWith("macAddress"));
        given().headers(f.who).get("/hardware?visitReportId=" + visit + "&ipAddress=10.1.0.1").then()
                .body("items[0].specifications.ram", equalTo(8));
        given().headers(f.who).contentType(ContentType.JSON).body(HardwareTest.bulk("atomic", List.of(
                        device(visit, "SN-B4-" + visit, "\"ipAddress\":\"10.1.0.999\""))))
                .post("/hardware/bulk").then().statusCode(422).body("errors.field", hasItem("items[0].ipAddress"));

        String csv = """
                category,serial_number,status,ip_address,mac_address,condition_rating,specifications
                router,SN-C1-%1$s,in_use,10.9.0.1,08002b0a0b0c,4,"{""ports"":8}"
                router,SN-C2-%1$s,in_use,10.9.0.2,,three,
                router,SN-C3-%1$s,in_use,10.9.0.3,,,"{""ports"":"
                router,SN-C4-%1$s,in_use,10.9.0.4,,,"[1]"
                router,SN-C5-%1$s,in_use,10.9.0.x,,,
                """.formatted(visit);
        given().headers(f.who).contentType("text/csv").body(csv).post("/hardware/import?visitReportId=" + visit)
                .then().statusCode(200).body("succeeded", equalTo(1)).body("failed", equalTo(4))
                .body("results[1].error", containsString("not a whole number"))
                .body("results[2].error", containsString("not JSON"))
                .body("results[3].error", containsString("JSON object"))
                .body("results[4].error", startsWith("ipAddress"));
        given().headers(f.who).get("/hardware?visitReportId=" + visit + "&ipAddress=10.9.0.1").then()
                .body("items[0].macAddress", equalTo("08:00:2b:0a:0b:0c")).body("items[0].conditionRating", equalTo(4))
                .body("items[0].specifications.ports", equalTo(8));
    }
}
