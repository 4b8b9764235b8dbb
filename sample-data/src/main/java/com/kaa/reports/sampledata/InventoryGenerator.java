package com.kaa.reports.sampledata;

import com.kaa.reports.platform.kenya.KenyaCounties;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Reproducible field-service data: visits to client offices, the hardware found there, what was recycled. */
public final class InventoryGenerator {

    private static final String[] OFFICES = {"Westlands HQ", "Upper Hill Branch", "Mombasa Road Depot", "Nyali Office",
            "Thika Plant", "Nakuru Branch", "Kisumu Lakeside Office", "Eldoret Hub"};
    private static final String[] OFFICE_COUNTIES = {"Nairobi", "Nairobi", "Nairobi", "Mombasa", "Kiambu", "Nakuru", "Kisumu", "Uasin Gishu"};
    private static final String[] TECHNICIANS = {"Achieng Otieno", "Brian Mwangi", "Faith Wanjiru", "Kevin Kiprono", "Mercy Njeri", "Hassan Ali"};
    private static final String[][] DEVICES = {{"laptop", "Dell", "Latitude 5440"}, {"laptop", "HP", "EliteBook 840"},
            {"desktop", "Lenovo", "ThinkCentre M70q"}, {"printer", "HP", "LaserJet M404"}, {"switch", "Cisco", "Catalyst 1000"},
            {"router", "MikroTik", "hAP ax3"}, {"monitor", "Dell", "P2422H"}, {"ups", "APC", "Back-UPS 1500"}};

    private final Random random;
    private final LocalDate today;

    public InventoryGenerator(long seed, LocalDate today) {
        this.random = new Random(seed);
        this.today = today;
    }

    public List<Inventory.VisitReport> visitReports(int count, Instant now) {
        String[] statuses = {"draft", "submitted", "in_review", "approved", "completed", "completed", "completed", "cancelled"};
        String[] priorities = {"low", "normal", "normal", "normal", "high", "urgent"};
        List<Inventory.VisitReport> reports = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int office = random.nextInt(OFFICES.length);
            String status = statuses[random.nextInt(statuses.length)];
            reports.add(new Inventory.VisitReport(String.format("vr-%07d", i), String.format("VR-%d-%06d", today.getYear(), i + 1),
                    OFFICES[office], KenyaCounties.canonical(OFFICE_COUNTIES[office]).orElseThrow(),
                    TECHNICIANS[random.nextInt(TECHNICIANS.length)], status, priorities[random.nextInt(priorities.length)],
                    today.minusDays(random.nextInt(365)), status.equals("completed") ? 100 : random.nextInt(100),
                    "Quarterly hardware audit", "Inventory checked; faulty items tagged for recycling.", now));
        }
        return reports;
    }

    public List<Inventory.Hardware> hardware(int count, List<Inventory.VisitReport> reports, Instant now) {
        String[] statuses = {"in_use", "in_use", "in_use", "in_use", "spare", "faulty", "retired", "recycled"};
        List<Inventory.Hardware> items = new ArrayList<>(count);
        for (int i = 0; i < count && !reports.isEmpty(); i++) {
            String[] device = DEVICES[random.nextInt(DEVICES.length)];
            LocalDate purchased = today.minusDays(200 + random.nextInt(1500));
            items.add(new Inventory.Hardware(String.format("hw-%08d", i), reports.get(random.nextInt(reports.size())).id(),
                    device[0], device[1] + " " + device[2], device[1], device[2], "SN" + (100_000_000 + random.nextInt(900_000_000)),
                    String.format("AT-%06d", i), statuses[random.nextInt(statuses.length)], purchased,
                    today.plusDays(random.nextInt(400) - 120), "Block " + (char) ('A' + random.nextInt(3)),
                    Integer.toString(random.nextInt(6)), "Room " + (1 + random.nextInt(30)), now));
        }
        return items;
    }

    public List<Inventory.Recycling> recycling(List<Inventory.Hardware> hardware, Instant now) {
        String[] methods = {"e-waste recycler", "refurbish and donate", "manufacturer take-back"};
        List<Inventory.Recycling> records = new ArrayList<>();
        for (Inventory.Hardware item : hardware) {
            if (item.status().equals("recycled")) {
                records.add(new Inventory.Recycling("rc-" + item.id(), item.id(), methods[random.nextInt(methods.length)],
                        BigDecimal.valueOf(200 + random.nextInt(15_000), 3), "WEEE-" + (10_000 + random.nextInt(90_000)),
                        "EnviroServe Kenya", today.minusDays(random.nextInt(300)), now));
            }
        }
        return records;
    }
}
