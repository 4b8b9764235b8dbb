package com.kaa.reports.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The real Redis at 127.0.0.1:6379 (started by {@code deploy/local/infra redis} when it is down).
 * Each test JVM gets a random logical database 1-15, so tests never touch a running local suite's
 * data in database 0.
 */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 6379;

    @Override
    public Map<String, String> start() {
        if (!reachable()) {
            ProjectFiles.ensureInfra("redis");
        }
        int database = ThreadLocalRandom.current().nextInt(1, 16);
        return Map.of("quarkus.redis.hosts", "redis://" + HOST + ":" + PORT + "/" + database);
    }

    @Override
    public void stop() {
        // Redis is shared infrastructure; keys are the tests' own and expire or are overwritten
    }

    static boolean reachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
