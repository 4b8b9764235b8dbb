package com.kaa.reports.system;

import com.kaa.reports.client.ApiClient;
import com.kaa.reports.client.ApiException;
import com.kaa.reports.client.api.DeliveriesApi;
import com.kaa.reports.client.api.DownloadsApi;
import com.kaa.reports.client.api.ExecutionsApi;
import com.kaa.reports.client.api.HardwareApi;
import com.kaa.reports.client.api.OfficesApi;
import com.kaa.reports.client.api.RecyclingApi;
import com.kaa.reports.client.api.ReportsApi;
import com.kaa.reports.client.api.TechniciansApi;
import com.kaa.reports.client.api.TemplatesApi;
import com.kaa.reports.client.api.VisitReportsApi;
import com.kaa.reports.client.model.CreateOffice;
import com.kaa.reports.client.model.CreateReportRequest;
import com.kaa.reports.client.model.CreateTechnician;
import com.kaa.reports.client.model.CreateVisitReport;
import com.kaa.reports.client.model.DeliveryView;
import com.kaa.reports.client.model.DownloadUrl;
import com.kaa.reports.client.model.Execution;
import com.kaa.reports.client.model.ExecutionOutput;
import com.kaa.reports.client.model.Filter;
import com.kaa.reports.client.model.Hardware;
import com.kaa.reports.client.model.NewHardware;
import com.kaa.reports.client.model.Office;
import com.kaa.reports.client.model.RecordRecycling;
import com.kaa.reports.client.model.Recycling;
import com.kaa.reports.client.model.Report;
import com.kaa.reports.client.model.RunAccepted;
import com.kaa.reports.client.model.RunReportRequest;
import com.kaa.reports.client.model.SendVisitReport;
import com.kaa.reports.client.model.Technician;
import com.kaa.reports.client.model.Template;
import com.kaa.reports.client.model.UpdateReportRequest;
import com.kaa.reports.client.model.VisitReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The main story through the Java client openapi-generator made from the merged API document (clients module, no
 * patch), as a team integrating with the suite would use it: a report from a system template, run, followed to the
 * end, every format downloaded through its signed link; inventory objects created and one deleted; the delivery log.
 * Before: 34 operations declared no success response (a new report's id could not be read), create report and list
 * system templates answered this client 406, and a filter's value came back as {} (fetch-edit-save broke a report).
 */
@ExtendWith(Suite.class)
class GeneratedClientStoryTest {

    private static final String ORG = "client-" + UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> FORMATS = List.of("csv", "json", "xlsx", "pdf");
    private static ApiClient api;

    @BeforeAll
    static void signIn() throws Exception {
        String token = Suite.token(ORG, "dev@" + ORG + ".example", "admin,analyst");
        api = new ApiClient();
        api.updateBaseUri(Suite.GATEWAY);
        api.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        MpesaData.publish(ORG, 60, "127.0.0.1:9092");
    }

    @Test
    void aReportFromATemplateRunsAndEveryFormatDownloadsThroughTheGeneratedClient() throws Exception {
        ReportsApi reports = new ReportsApi(api);
        Template mpesa = new TemplatesApi(api).listSystemTemplates(null).getItems().stream()
                .filter(t -> "payments".equals(t.getType()) && !t.getQuerySpec().getFilters().isEmpty()).findFirst().orElseThrow();
        Report report = reports.createReport(new CreateReportRequest().templateId(mpesa.getId())
                .name("Client story " + ORG).tags(List.of("finance", "client story"))
                .formats(FORMATS.stream().map(CreateReportRequest.FormatsEnum::fromValue).toList()));
        assertThat(report.getId()).isNotNull();
        assertThat(report.getTemplateId()).isEqualTo(mpesa.getId());

        // fetch, edit, save: the filters' values come back as they were (a string stays a string), and what the edit
        // did not set (tags, formats) is not sent, so it keeps its value
        Report read = reports.getReport(report.getId());
        Report saved = reports.updateReport(read.getId(), new UpdateReportRequest().version(read.getVersion())
                .name(read.getName() + " (edited)").querySpec(read.getQuerySpec()));
        assertThat(saved.getQuerySpec().getFilters()).extracting(Filter::getValue)
                .containsExactlyElementsOf(read.getQuerySpec().getFilters().stream().map(Filter::getValue).toList());
        assertThat(saved.getTags()).containsExactlyInAnyOrder("finance", "client story");
        assertThat(saved.getFormats()).isEqualTo(read.getFormats());

        RunAccepted run = runNow(reports, report.getId());
        assertThat(run.getExecutionRequestId()).isNotNull();
        ExecutionsApi executions = new ExecutionsApi(api);
        // followed by its request id, as the run's Location says
        Execution done = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
                executions.listExecutions(null, null, null, null, run.getExecutionRequestId(), null, null).getItems().stream()
                        .findFirst().orElse(null),
                e -> e != null && List.of("completed", "failed", "timed_out", "cancelled").contains(e.getStatus()));
        assertThat(done.getStatus()).as("execution %s", done).isEqualTo("completed");
        assertThat(done.getOutputs()).extracting(ExecutionOutput::getFormat).containsExactlyInAnyOrderElementsOf(FORMATS);

        // each output: the signed link followed as it is, and the same file through the generated download (no token)
        ApiClient anonymous = new ApiClient();
        anonymous.updateBaseUri(Suite.GATEWAY);
        DownloadsApi downloads = new DownloadsApi(anonymous);
        HttpClient http = HttpClient.newHttpClient();
        for (ExecutionOutput output : done.getOutputs()) {
            String format = output.getFormat();
            DownloadUrl link = executions.createDownloadUrl(done.getId(), format, "PT10M");
            HttpResponse<byte[]> followed = http.send(HttpRequest.newBuilder(URI.create(link.getUrl())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(followed.statusCode()).as(format).isEqualTo(200);
            assertThat((long) followed.body().length).as(format).isEqualTo(output.getSize());
            Map<String, String> query = query(URI.create(link.getUrl()));
            File file = downloads.downloadOutput(done.getId(), format, Long.valueOf(query.get("expires")), query.get("kid"),
                    query.get("org"), query.get("sig"));
            assertThat(file.length()).as(format).isEqualTo(output.getSize());
            file.delete();
        }

        // errors are typed: an unknown report is a 404 problem naming the public path and carrying a trace id
        ApiException missing = catchThrowableOfType(ApiException.class, () -> reports.getReport(UUID.randomUUID()));
        assertThat(missing.getCode()).isEqualTo(404);
        assertThat(missing.getResponseBody()).contains("/api/v1/reports/").contains("traceId");
        System.out.printf("[client story] report from system template %s, run %s, %d formats downloaded twice each%n",
                mpesa.getName(), done.getStatus(), done.getOutputs().size());
    }

    @Test
    void inventoryObjectsAreCreatedReadDeletedAndTheDeliveryLogListedThroughTheGeneratedClient() throws Exception {
        Office office = new OfficesApi(api).createOffice(new CreateOffice().name("Client office " + ORG).county("Nairobi"));
        Technician technician = new TechniciansApi(api).createTechnician(new CreateTechnician().name("Achieng Otieno")
                .email("achieng@" + ORG + ".example"));
        VisitReportsApi visits = new VisitReportsApi(api);
        VisitReport visit = visits.createVisitReport(new CreateVisitReport().officeId(office.getId())
                .technicianId(technician.getId()).visitDate(LocalDate.now()).purpose("Quarterly inventory"));
        HardwareApi hardware = new HardwareApi(api);
        Hardware laptop = hardware.createHardware(new NewHardware().visitReportId(visit.getId()).category("laptop")
                .manufacturer("Lenovo").serialNumber("SN-" + ORG + "-1").status(NewHardware.StatusEnum.IN_USE));
        Hardware printer = hardware.createHardware(new NewHardware().visitReportId(visit.getId()).category("printer")
                .manufacturer("HP").serialNumber("SN-" + ORG + "-2").status(NewHardware.StatusEnum.IN_USE));
        Recycling recycled = new RecyclingApi(api).createRecycling(new RecordRecycling().hardwareId(printer.getId())
                .method("e-waste").weightKg(new BigDecimal("6.5")).recycledOn(LocalDate.now()));
        assertThat(recycled.getHardwareId()).isEqualTo(printer.getId());
        assertThat(visits.getVisitReport(visit.getId()).getOfficeId()).isEqualTo(office.getId());
        assertThat(hardware.getHardware(laptop.getId()).getSerialNumber()).isEqualTo("SN-" + ORG + "-1");

        // a delete declares no body: the client asks for its problems only (Accept: application/problem+json), and gets 204
        hardware.deleteHardware(laptop.getId());
        assertThat(catchThrowableOfType(ApiException.class, () -> hardware.getHardware(laptop.getId())).getCode()).isEqualTo(404);

        // the visit report e-mailed to a contact shows up in the delivery log, sent
        String contact = "contact@" + ORG + ".example";
        assertThat(visits.sendVisitReport(visit.getId(), new SendVisitReport().recipients(List.of(contact))).getRequestId()).isNotNull();
        DeliveriesApi deliveries = new DeliveriesApi(api);
        DeliveryView sent = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
                deliveries.listDeliveries(null, null, null, null, null, null, null, null).getItems().stream()
                        .filter(d -> contact.equals(d.getAddress())).findFirst().orElse(null),
                d -> d != null && "sent".equals(d.getStatus()));
        assertThat(deliveries.getDelivery(sent.getId()).getAttemptLog()).isNotEmpty();
    }

    /** Runs now; a 429 (the organization's run rate) waits as long as Retry-After says, as a client should. */
    private static RunAccepted runNow(ReportsApi reports, UUID report) throws Exception {
        while (true) {
            try {
                return reports.runReport(report, new RunReportRequest()
                        .formats(FORMATS.stream().map(RunReportRequest.FormatsEnum::fromValue).toList()));
            } catch (ApiException e) {
                if (e.getCode() != 429) {
                    throw e;
                }
                Thread.sleep(1000L * Long.parseLong(e.getResponseHeaders().firstValue("Retry-After").orElse("1")));
            }
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }
}
