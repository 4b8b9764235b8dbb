package com.kaa.reports.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** What reached the local runtime's sinks: e-mails in GreenMail (its REST API), SMS in the fake provider. */
final class Sinks {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Sinks() {
    }

    /** The messages in the address's inbox, oldest first (none when the mailbox does not exist yet). */
    static List<JsonNode> mailsTo(String address) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:3080/api/user/" + address + "/messages/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        List<JsonNode> mails = new ArrayList<>();
        if (r.statusCode() == 200) {
            JSON.readTree(r.body()).forEach(mails::add);
        }
        return mails;
    }

    /** Every SMS the fake provider received, one JSON line each. */
    static List<String> sms() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:3090/messages")).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body().lines().filter(l -> !l.isBlank()).toList();
    }
}
