package com.kaa.reports.inventory.attachments;

import com.kaa.reports.inventory.Fixtures;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.testing.EventSchemas;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TestIdentity;
import com.kaa.reports.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@KaaTestInfrastructure(schema = "inventory")
class AttachmentsTest {

    static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width / 2, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void anImageIsStoredWithItsRealTypeAndHashAndGetsAThumbnail() throws Exception {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Photos");
        byte[] photo = png(1200, 800);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(photo));

        String id = given().headers(f.who).multiPart("file", "../../server room.jpg", photo, "image/jpeg")
                .post("/visit-reports/" + visit + "/attachments").then().statusCode(201)
                .body("contentType", equalTo("image/png")).body("sizeBytes", equalTo(photo.length))
                .body("sha256", equalTo(sha)).body("originalName", equalTo("server room.jpg"))
                .body("thumbnailStatus", equalTo("pending")).extract().path("id");

        byte[] downloaded = given().headers(f.who).get("/attachments/" + id + "/content").then().statusCode(200)
                .contentType("image/png").header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", containsString("server%20room.jpg")).extract().asByteArray();
        assertThat(downloaded).isEqualTo(photo);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().headers(f.who).get("/attachments/" + id)
                .then().body("thumbnailStatus", equalTo("ready")));
        byte[] thumbnail = given().headers(f.who).get("/attachments/" + id + "/thumbnail").then().statusCode(200)
                .extract().asByteArray();
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail));
        assertThat(small.getWidth()).isEqualTo(256);
        assertThat(small.getHeight()).isEqualTo(171);

        given().headers(f.who).get("/visit-reports/" + visit).then().body("counts.files", equalTo(1));
        given().headers(f.who).get("/visit-reports/" + visit + "/attachments").then().body("size()", equalTo(1));
        assertThat(TopicReader.readAll(Topics.VISIT_REPORTS, Duration.ofSeconds(2)).stream()
                .filter(r -> r.value().contains("AttachmentAdded.v1") && r.value().contains(id)).toList())
                .hasSize(1).allSatisfy(r -> EventSchemas.assertValid(r.value()));
    }

    @Test
    void aFileIsJudgedByItsBytesNotItsNameOrDeclaredType() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Spoofing");
        byte[] executable = new byte[512];
        System.arraycopy("MZ".getBytes(StandardCharsets.US_ASCII), 0, executable, 0, 2);
        executable[0x3c] = (byte) 0x80;
        System.arraycopy("PE\0\0".getBytes(StandardCharsets.US_ASCII), 0, executable, 0x80, 4);
        given().headers(f.who).multiPart("file", "holiday.jpg", executable, "image/jpeg")
                .post("/visit-reports/" + visit + "/attachments").then().statusCode(415)
                .contentType("application/problem+json").body("detail", containsString("whatever its name says"));
        byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
        given().headers(f.who).multiPart("file", "scan.png", html, "image/png")
                .post("/visit-reports/" + visit + "/attachments").then().statusCode(415);
        byte[] pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        given().headers(f.who).multiPart("file", "report.txt", pdf, "text/plain")
                .post("/visit-reports/" + visit + "/attachments").then().statusCode(201)
                .body("contentType", equalTo("application/pdf")).body("thumbnailStatus", equalTo("none"));
    }

    @Test
    void oversizeEmptyAndMissingFilesAreRefusedWithProblems() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Limits");
        byte[] big = new byte[1_200_000];  // the test profile allows 1M
        Arrays.fill(big, (byte) 'a');
        given().headers(f.who).multiPart("file", "notes.txt", big, "text/plain")
                .post("/visit-reports/" + visit + "/attachments").then().statusCode(413)
                .contentType("application/problem+json");
        given().headers(f.who).multiPart("file", "empty.txt", new byte[0], "text/plain")
                .post("/visit-reports/" + visit + "/attachments").then().statusCode(400);
        given().headers(f.who).multiPart("other", "x").post("/visit-reports/" + visit + "/attachments").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void anotherOrganizationCanNeitherAttachNorDownload() throws Exception {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Private photos");
        String id = given().headers(f.who).multiPart("file", "a.png", png(10, 10), "image/png")
                .post("/visit-reports/" + visit + "/attachments").then().statusCode(201).extract().path("id");
        var stranger = TestIdentity.of("org-other-" + id, "mallory", "admin");
        given().headers(stranger).get("/attachments/" + id + "/content").then().statusCode(404);
        given().headers(stranger).get("/attachments/" + id).then().statusCode(404);
        given().headers(stranger).delete("/attachments/" + id).then().statusCode(404);
        given().headers(stranger).multiPart("file", "b.png", png(10, 10), "image/png")
                .post("/visit-reports/" + visit + "/attachments").then().statusCode(404);
        given().headers(f.who).delete("/attachments/" + id).then().statusCode(204);
        given().headers(f.who).get("/attachments/" + id + "/content").then().statusCode(404);
    }
}
