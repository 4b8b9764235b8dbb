import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Helper of bench/export-throughput.
 *   request BOOTSTRAP TOPIC ORG FORMAT   sends an ExecutionRequested for every payment of ORG (5 columns); prints the request id
 *   sxssf JDBC_URL USER ORG FILE          writes the same rows with Apache POI SXSSF; prints seconds and peak heap MB
 */
public class ExportBench {

    static final String SPEC = "{\"columns\":[\"id\",\"method\",\"amount\",\"status\",\"occurred_at\"]}";

    public static void main(String[] args) throws Exception {
        if (args[0].equals("request")) {
            String id = UUID.randomUUID().toString();
            String data = "{\"version\":1,\"requestId\":\"" + id + "\",\"reportId\":\"" + UUID.randomUUID() + "\",\"definitionVersion\":1,"
                    + "\"reportName\":\"Export bench\",\"dataset\":\"payments\",\"querySpec\":" + SPEC + ",\"formats\":[\"" + args[4] + "\"],"
                    + "\"priority\":5,\"recipients\":[],\"timeZone\":\"Africa/Nairobi\",\"sendOnlyIfRows\":false,\"requestedBy\":\"bench\","
                    + "\"requestedAt\":\"" + Instant.now() + "\"}";
            String envelope = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/bench\",\"type\":\"ExecutionRequested.v1\","
                    + "\"organization\":\"" + args[3] + "\",\"data\":" + data + "}";
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", args[1]),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(args[2], id, envelope)).get();
            }
            System.out.println(id);
            return;
        }
        long started = System.nanoTime();
        long rows = 0;
        try (Connection c = DriverManager.getConnection(args[1], args[2], args[2])) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("select id, method, amount, status, occurred_at from ds_payments "
                    + "where organization = ? and not deleted")) {
                s.setFetchSize(2000);
                s.setString(1, args[3]);
                try (ResultSet r = s.executeQuery(); SXSSFWorkbook workbook = new SXSSFWorkbook(100);
                     OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[4])))) {
                    var sheet = workbook.createSheet("Report");
                    var header = sheet.createRow(0);
                    String[] names = {"Payment", "Method", "Amount (KES)", "Status", "Occurred"};
                    for (int i = 0; i < names.length; i++) {
                        header.createCell(i).setCellValue(names[i]);
                    }
                    var money = workbook.createCellStyle();
                    money.setDataFormat(workbook.createDataFormat().getFormat("#,##0.00 \"KES\""));
                    var time = workbook.createCellStyle();
                    time.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss"));
                    while (r.next()) {
                        var row = sheet.createRow((int) ++rows);
                        row.createCell(0).setCellValue(r.getString(1));
                        row.createCell(1).setCellValue(r.getString(2));
                        var amount = row.createCell(2);
                        amount.setCellValue(r.getBigDecimal(3).doubleValue());
                        amount.setCellStyle(money);
                        row.createCell(3).setCellValue(r.getString(4));
                        var at = row.createCell(4);
                        at.setCellValue(r.getObject(5, java.time.OffsetDateTime.class).atZoneSameInstant(java.time.ZoneId.of("Africa/Nairobi")).toLocalDateTime());
                        at.setCellStyle(time);
                    }
                    sheet.setAutoFilter(new org.apache.poi.ss.util.CellRangeAddress(0, (int) rows, 0, 4));
                    workbook.write(out);
                    workbook.dispose();
                }
            }
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("sxssf %d %.3f %.0f%n", rows, (System.nanoTime() - started) / 1e9, peak / 1e6);
    }
}
