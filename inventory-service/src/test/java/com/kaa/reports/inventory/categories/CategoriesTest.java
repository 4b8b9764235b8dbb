package com.kaa.reports.inventory.categories;

import com.kaa.reports.inventory.Fixtures;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.testing.EventSchemas;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Categories with typed custom fields: definitions that make sense, device values checked against them, unique and searchable. */
@QuarkusTest
@KaaTestInfrastructure(schema = "inventory")
class CategoriesTest {

    static final String LAPTOP = """
            {"name":"Laptop","auditMonths":12,"depreciationMonths":36,"fields":[
              {"key":"ram_gb","label":"RAM (GB)","type":"number","required":true,"min":1,"max":1024},
              {"key":"os","type":"enum","options":["Windows 11","Ubuntu 24.04"]},
              {"key":"hostname","type":"text","unique":true,"maxLength":20},
              {"key":"encrypted","type":"boolean"},
              {"key":"imaged_on","type":"date"}]}""";

    private static ValidatableResponse post(Fixtures f, String path, String body) {
        return given().headers(f.who).contentType(ContentType.JSON).body(body).post(path).then().log().ifValidationFails();
    }

    static String device(String visit, String category, String extra) {
        return """
                {"visitReportId":"%s","categoryId":"%s","serialNumber":"SN-%s","status":"in_use"%s}"""
                .formatted(visit, category, UUID.randomUUID(), extra.isEmpty() ? "" : "," + extra);
    }

    @Test
    void aCategorysFieldsAreCheckedOnEveryDeviceOfIt() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Categories");
        String laptop = post(f, "/categories", LAPTOP).statusCode(201).body("fields.size()", equalTo(5)).extract().path("id");

        String id = post(f, "/hardware", device(visit, laptop, """
                "customFields":{"ram_gb":16,"os":"Windows 11","hostname":"nbo-lt-001","encrypted":true,"imaged_on":"2026-02-01"}"""))
                .statusCode(201).body("category", equalTo("Laptop")).body("categoryId", equalTo(laptop))
                .body("customFields.ram_gb", equalTo(16)).body("customFields.encrypted", equalTo(true)).extract().path("id");

        String[][] refused = {
                {"\"customFields\":{}", "customFields.ram_gb", "required"},
                {"\"customFields\":{\"ram_gb\":\"sixteen\"}", "customFields.ram_gb", "number"},
                {"\"customFields\":{\"ram_gb\":0}", "customFields.ram_gb", "at least 1"},
                {"\"customFields\":{\"ram_gb\":8,\"os\":\"DOS\"}", "customFields.os", "one of"},
                {"\"customFields\":{\"ram_gb\":8,\"hostname\":\"" + "x".repeat(21) + "\"}", "customFields.hostname", "at most 20"},
                {"\"customFields\":{\"ram_gb\":8,\"encrypted\":\"yes\"}", "customFields.encrypted", "true or false"},
                {"\"customFields\":{\"ram_gb\":8,\"imaged_on\":\"yesterday\"}", "customFields.imaged_on", "date"},
                {"\"customFields\":{\"ram_gb\":8,\"colour\":\"red\"}", "customFields.colour", "not a field"},
                {"\"customFields\":{\"ram_gb\":8,\"hostname\":\"nbo-lt-001\"}", "customFields.hostname", "already has nbo-lt-001"},
                {"\"category\":\"Printer\",\"customFields\":{\"ram_gb\":8}", "category", "leave it out"},
        };
        for (String[] r : refused) {
            given().headers(f.who).contentType(ContentType.JSON).body(device(visit, laptop, r[0])).post("/hardware").then()
                    .statusCode(r[1].equals("customFields.hostname") && r[2].startsWith("already") ? 409 : 400)
                    .body("detail", containsString(r[2])).body("errors.field", r[1].equals("customFields.hostname") && r[2].startsWith("already")
                            ? org.hamcrest.Matchers.anything() : org.hamcrest.Matchers.hasItem(r[1]));
        }
        // custom fields need a category; an unknown or another organization's category is not one
        post(f, "/hardware", "{\"visitReportId\":\"%s\",\"category\":\"misc\",\"status\":\"spare\",\"customFields\":{\"a\":1}}".formatted(visit))
                .statusCode(400).body("errors[0].field", equalTo("customFields"));
        post(f, "/hardware", device(visit, UUID.randomUUID().toString(), "")).statusCode(400).body("errors[0].field", equalTo("categoryId"));
        Fixtures stranger = new Fixtures();
        post(stranger, "/hardware", device(stranger.visitReport(LocalDate.of(2026, 3, 2), "x"), laptop, "\"customFields\":{\"ram_gb\":8}"))
                .statusCode(400).body("errors[0].field", equalTo("categoryId"));
        given().headers(stranger.who).get("/categories/" + laptop).then().statusCode(404);
        given().headers(stranger.who).contentType(ContentType.JSON).body("{\"version\":0,\"name\":\"Mine\"}").patch("/categories/" + laptop)
                .then().statusCode(404);
        given().headers(stranger.who).delete("/categories/" + laptop).then().statusCode(404);

        // a change of custom fields alone is checked against the device's category; a free-text device takes none
        // (its own hostname again is no conflict; the object is replaced whole, so os is gone)
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":0,\"customFields\":{\"ram_gb\":32,\"hostname\":\"nbo-lt-001\"}}")
                .patch("/hardware/" + id).then().log().ifValidationFails().statusCode(200).body("customFields.ram_gb", equalTo(32))
                .body("customFields.os", org.hamcrest.Matchers.nullValue());
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":1,\"customFields\":{\"ram_gb\":-1}}")
                .patch("/hardware/" + id).then().statusCode(400).body("errors[0].field", equalTo("customFields.ram_gb"));
        String plain = f.hardware(visit, "SN-P-" + visit);
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":0,\"customFields\":{\"ram_gb\":4}}")
                .patch("/hardware/" + plain).then().statusCode(400).body("errors[0].field", equalTo("customFields"));
        // ... until it is given a category, whose required fields then come with it
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":0,\"categoryId\":\"%s\"}".formatted(laptop))
                .patch("/hardware/" + plain).then().statusCode(400).body("errors[0].field", equalTo("customFields.ram_gb"));
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":0,\"categoryId\":\"%s\",\"customFields\":{\"ram_gb\":4}}".formatted(laptop))
                .patch("/hardware/" + plain).then().statusCode(200).body("category", equalTo("Laptop"));

        // in a batch: a unique value twice is the second item's conflict, the rest is written
        String items = bulk(List.of(
                device(visit, laptop, "\"customFields\":{\"ram_gb\":8,\"hostname\":\"nbo-lt-777\"}"),
                device(visit, laptop, "\"customFields\":{\"ram_gb\":8,\"hostname\":\"nbo-lt-777\"}"),
                device(visit, laptop, "\"customFields\":{\"ram_gb\":8,\"hostname\":\"nbo-lt-001\"}")));
        post(f, "/hardware/bulk", items).statusCode(200).body("succeeded", equalTo(1))
                .body("results[1].error", startsWith("customFields.hostname: value nbo-lt-777 appears twice"))
                .body("results[2].error", containsString("already has nbo-lt-001"));
    }

    private static String bulk(List<String> items) {
        return "{\"mode\":\"partial\",\"items\":[" + String.join(",", items) + "]}";
    }

    @Test
    void devicesAreFoundByTheirCustomFieldsTypedByTheCategory() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Custom search");
        String laptop = post(f, "/categories", LAPTOP).statusCode(201).extract().path("id");
        for (int ram : new int[] {8, 16, 16}) {
            post(f, "/hardware", device(visit, laptop, "\"customFields\":{\"ram_gb\":%d,\"encrypted\":%s}".formatted(ram, ram == 8)))
                    .statusCode(201);
        }
        String list = "/hardware?categoryId=" + laptop;
        given().headers(f.who).get(list + "&customField=ram_gb:16").then().statusCode(200).body("total", equalTo(2));
        // (repeated parameters through queryParam: RestAssured keeps only the last of a name written into the URL)
        given().headers(f.who).queryParam("categoryId", laptop).queryParam("customField", "ram_gb:16", "encrypted:false")
                .get("/hardware").then().log().ifValidationFails().body("total", equalTo(2));
        given().headers(f.who).get(list + "&customField=encrypted:true").then().body("items.customFields.ram_gb", containsInAnyOrder(8));
        given().headers(f.who).get(list + "&customField=ram_gb:lots").then().statusCode(400).body("errors[0].field", equalTo("customField"));
        given().headers(f.who).get(list + "&customField=colour:red").then().statusCode(400).body("errors[0].field", equalTo("customField"));
        given().headers(f.who).get(list + "&customField=ram_gb").then().statusCode(400);
        given().headers(f.who).get("/hardware?customField=ram_gb:16").then().statusCode(400).body("detail", containsString("categoryId"));
        given().headers(new Fixtures().who).get(list + "&customField=ram_gb:16").then().statusCode(400).body("errors[0].field", equalTo("categoryId"));
    }

    @Test
    void definitionsThatContradictThemselvesAreRefusedAndARenameReachesTheDevices() {
        Fixtures f = new Fixtures();
        post(f, "/categories", "{\"name\":\"Bad\",\"fields\":[{\"key\":\"a\",\"type\":\"enum\"}]}").statusCode(400)
                .body("errors[0].field", equalTo("fields[0].options"));
        post(f, "/categories", "{\"name\":\"Bad\",\"fields\":[{\"key\":\"a\",\"type\":\"text\"},{\"key\":\"a\",\"type\":\"date\"}]}")
                .statusCode(400).body("errors[0].field", equalTo("fields[1].key"));
        post(f, "/categories", "{\"name\":\"Bad\",\"fields\":[{\"key\":\"Bad Key\",\"type\":\"text\"}]}").statusCode(400);
        post(f, "/categories", "{\"name\":\"Bad\",\"fields\":[{\"key\":\"a\",\"type\":\"colour\"}]}").statusCode(400);
        post(f, "/categories", "{\"name\":\"Bad\",\"fields\":[{\"key\":\"a\",\"type\":\"number\",\"min\":5,\"max\":1}]}").statusCode(400)
                .body("errors[0].field", equalTo("fields[0].min"));
        post(f, "/categories", "{\"name\":\"Bad\",\"fields\":[{\"key\":\"a\",\"type\":\"boolean\",\"unique\":true}]}").statusCode(400);
        post(f, "/categories", "{\"name\":\"Bad\",\"auditMonths\":0}").statusCode(400).body("errors[0].field", equalTo("auditMonths"));
        post(f, "/categories", "{\"name\":\"Bad\",\"fields\":[{\"key\":\"a\",\"type\":\"text\",\"colour\":\"red\"}]}").statusCode(400)
                .body("errors[0].field", containsString("colour"));

        String printer = post(f, "/categories", "{\"name\":\"Printer\",\"depreciationMonths\":60}").statusCode(201).extract().path("id");
        post(f, "/categories", "{\"name\":\"printer\"}").statusCode(409);
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Rename");
        String device = post(f, "/hardware", device(visit, printer, "")).statusCode(201).extract().path("id");
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":0,\"name\":\"Printers & copiers\"}")
                .patch("/categories/" + printer).then().statusCode(200).body("name", equalTo("Printers & copiers"));
        given().headers(f.who).get("/hardware/" + device).then().body("category", equalTo("Printers & copiers")).body("version", equalTo(1));
        List<ConsumerRecord<String, String>> events = TopicReader.readAll(Topics.HARDWARE, Duration.ofSeconds(3)).stream()
                .filter(r -> r.key().equals(device)).toList();
        assertThat(events).hasSize(2);
        assertThat(events.get(1).value()).contains("\"category\":\"Printers & copiers\"", "\"depreciationMonths\":60");
        events.forEach(r -> EventSchemas.assertValid(r.value()));
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":0,\"name\":\"x\"}").patch("/categories/" + printer)
                .then().statusCode(409);

        given().headers(f.who).get("/categories").then().body("items.find { it.id == '%s' }.devices".formatted(printer), equalTo(1));
        given().headers(f.who).delete("/categories/" + printer).then().statusCode(409);
        given().headers(f.who).delete("/hardware/" + device).then().statusCode(204);
        given().headers(f.who).delete("/categories/" + printer).then().statusCode(204);
        given().headers(f.who).get("/categories/" + printer).then().statusCode(404);
    }

    /** What an outside review found: drift, silent resets, spellings of numbers, and a category's periods. */
    @Test
    void aDeviceStaysConsistentWithItsCategoryThroughEveryKindOfChange() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Consistency");
        String laptop = post(f, "/categories", LAPTOP).statusCode(201).extract().path("id");
        String id = post(f, "/hardware", device(visit, laptop, "\"customFields\":{\"ram_gb\":16,\"os\":\"Windows 11\"}"))
                .statusCode(201).extract().path("id");
        // its own category again, with a note: the custom fields stay, and no required field is asked for
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":0,\"categoryId\":\"%s\",\"notes\":\"x\"}".formatted(laptop))
                .patch("/hardware/" + id).then().statusCode(200).body("customFields.os", equalTo("Windows 11"));
        // its category text is the category's name: another text would drift from the categoryId
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":1,\"category\":\"Printer\"}")
                .patch("/hardware/" + id).then().statusCode(400).body("errors[0].field", equalTo("category"));
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":1,\"category\":\"LAPTOP\"}")
                .patch("/hardware/" + id).then().statusCode(200).body("category", equalTo("Laptop"));
        // numbers JSON cannot keep, repeated filters, unique numbers, blank names: refused by name, never a 500
        post(f, "/hardware", device(visit, laptop, "\"customFields\":{\"ram_gb\":1e400}")).statusCode(400)
                .body("errors[0].field", equalTo("customFields.ram_gb"));
        post(f, "/hardware", device(visit, laptop, "\"customFields\":{\"ram_gb\":8},\"specifications\":{\"x\":[1e400]}")).statusCode(400)
                .body("errors[0].field", equalTo("specifications"));
        given().headers(f.who).queryParam("categoryId", laptop).queryParam("customField", "os:Windows 11", "os:macOS").get("/hardware")
                .then().statusCode(400).body("errors[0].field", equalTo("customField"));
        post(f, "/categories", "{\"name\":\"Phones\",\"fields\":[{\"key\":\"imei\",\"type\":\"number\",\"unique\":true}]}")
                .statusCode(400).body("errors[0].field", equalTo("fields[0].unique"));
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":0,\"name\":\"   \"}").patch("/categories/" + laptop)
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
        // a new audit interval reaches the category's devices, counted from when they were recorded
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":0,\"auditMonths\":6}").patch("/categories/" + laptop)
                .then().statusCode(200);
        given().headers(f.who).get("/hardware/" + id).then()
                .body("nextAuditDate", equalTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusMonths(6).toString()));
    }
}
