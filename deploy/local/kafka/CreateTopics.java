import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Creates the suite's topics listed in topics.txt (and a .dlq beside each consumed one) in one go.
 * Run as a single-file program: java -cp 'target/lib/*' CreateTopics.java BOOTSTRAP topics.txt
 */
public class CreateTopics {
    public static void main(String[] args) throws Exception {
        List<NewTopic> wanted = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            line = line.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            wanted.add(new NewTopic(f[0], Integer.parseInt(f[1]), (short) 1).configs(Map.of("cleanup.policy", f[2])));
            if (f[3].equals("dlq")) {
                wanted.add(new NewTopic(f[0] + ".dlq", 1, (short) 1));
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            }
            System.out.printf("%d topics wanted, %d created%n", wanted.size(), missing.size());
        }
    }
}
