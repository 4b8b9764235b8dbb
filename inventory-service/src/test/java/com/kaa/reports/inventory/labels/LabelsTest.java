package com.kaa.reports.inventory.labels;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.multi.qrcode.QRCodeMultiReader;
import com.kaa.reports.inventory.Fixtures;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Labels read back as a person's tools would: PDFBox (not OpenPDF, which wrote them) renders and extracts the text,
 * ZXing decodes the QR codes from the rendered pixels, and each code is the device's public URL.
 */
@QuarkusTest
@KaaTestInfrastructure(schema = "inventory")
class LabelsTest {

    private static final String DEVICE_URL = "http://127.0.0.1:8080/api/v1/inventory/hardware/";

    private static String device(Fixtures f, String visit, String tag, String name) {
        return given().headers(f.who).contentType(ContentType.JSON).body("""
                        {"visitReportId":"%s","category":"laptop","deviceName":"%s","serialNumber":"SN-%s","assetTag":"%s","status":"in_use"}"""
                        .formatted(visit, name, UUID.randomUUID(), tag))
                .post("/hardware").then().statusCode(201).extract().path("id");
    }

    @Test
    void aDevicesLabelCarriesItsTagNameAndAQrCodeOfItsUrl() throws Exception {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Labels");
        String id = device(f, visit, "KAA-000123", "Dell Latitude 5440 with a name far too long for one label line");
        byte[] pdf = given().headers(f.who).accept("application/pdf").get("/hardware/" + id + "/label.pdf").then().statusCode(200)
                .contentType("application/pdf").extract().asByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            // 62 x 29 mm
            assertThat(document.getPage(0).getMediaBox().getWidth() * 25.4 / 72).isCloseTo(62, org.assertj.core.data.Offset.offset(0.5));
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("KAA-000123", "Dell Latitude", "...", "S/N SN-");
            assertThat(qrCodes(document, 0)).containsExactly(DEVICE_URL + id);
        }

        given().headers(f.who).accept("application/pdf").get("/hardware/" + UUID.randomUUID() + "/label.pdf").then().statusCode(404)
                .contentType("application/problem+json");
        given().headers(new Fixtures().who).get("/hardware/" + id + "/label.pdf").then().statusCode(404);
    }

    @Test
    void aSelectionPrintsOnSheetsOfTwentyOneInTheOrderAsked() throws Exception {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Sheets");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            ids.add(device(f, visit, "TAG-%03d".formatted(i), "Device " + i));
        }
        List<String> asked = new ArrayList<>(ids);
        java.util.Collections.reverse(asked);
        byte[] pdf = print(f, "{\"ids\":[\"" + String.join("\",\"", asked) + "\"]}").statusCode(200)
                .contentType("application/pdf").extract().asByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isEqualTo(2);
            PDFTextStripper first = new PDFTextStripper();
            first.setStartPage(1);
            first.setEndPage(1);
            String page1 = first.getText(document);
            assertThat(page1).contains("TAG-022", "TAG-002").doesNotContain("TAG-001");
            assertThat(qrCodes(document, 0)).hasSize(21).containsExactlyInAnyOrderElementsOf(
                    asked.subList(0, 21).stream().map(id -> DEVICE_URL + id).toList());
            assertThat(qrCodes(document, 1)).containsExactlyInAnyOrder(DEVICE_URL + ids.get(1), DEVICE_URL + ids.get(0));
        }

        // all of a visit report's devices
        byte[] visitSheets = print(f, "{\"visitReportId\":\"" + visit + "\"}").statusCode(200).extract().asByteArray();
        try (PDDocument document = Loader.loadPDF(visitSheets)) {
            assertThat(document.getNumberOfPages()).isEqualTo(2);
        }

        print(f, "{}").statusCode(400).body("errors[0].field", equalTo("ids"));
        print(f, "{\"ids\":[\"" + ids.get(0) + "\"],\"visitReportId\":\"" + visit + "\"}").statusCode(400);
        print(f, "{\"ids\":[\"" + UUID.randomUUID() + "\"]}").statusCode(400).body("errors[0].message", containsString("no device"));
        print(f, "{\"ids\":[\"not-an-id\"]}").statusCode(400).body("errors[0].field", containsString("ids"));
        print(f, "{\"ids\":[\"" + ids.get(0) + "\"],\"copies\":2}").statusCode(400).body("errors[0].field", equalTo("copies"));
        // another organization's devices are not printable here
        print(new Fixtures(), "{\"ids\":[\"" + ids.get(0) + "\"]}").statusCode(400);
        print(f, "{\"ids\":[\"" + String.join("\",\"", java.util.Collections.nCopies(211, ids.get(0))) + "\"]}")
                .statusCode(400).body("errors[0].message", containsString("at most 210"));
    }

    private static io.restassured.response.ValidatableResponse print(Fixtures f, String selection) {
        return given().headers(f.who).contentType(ContentType.JSON).accept("application/pdf").body(selection)
                .post("/hardware/labels").then().log().ifValidationFails();
    }

    /** Every QR code on a page, decoded from the page rendered at 300 dpi. */
    private static List<String> qrCodes(PDDocument document, int page) throws IOException {
        BufferedImage image = new PDFRenderer(document).renderImageWithDPI(page, 300);
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        try {
            Result[] results = new QRCodeMultiReader().decodeMultiple(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
            return Arrays.stream(results).map(Result::getText).toList();
        } catch (NotFoundException e) {
            return List.of();
        }
    }
}
