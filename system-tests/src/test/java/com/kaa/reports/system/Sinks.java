package com.kaa.reports.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

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

    /**
     * The subjects in the address's inbox, read over IMAP: headers only, where the REST API would return every
     * message whole (a batch of reports with their attachments is hundreds of megabytes of JSON).
     */
    static List<String> mailSubjects(String address) throws MessagingException {
        FetchProfile envelope = new FetchProfile();
        envelope.add(FetchProfile.Item.ENVELOPE);
        return inbox(address, envelope, Message::getSubject);
    }

    /**
     * The X-Kaa-Delivery-Id and Message-ID of every message in the address's inbox, oldest first, read over IMAP
     * (those two headers only).
     */
    static List<String[]> mailIds(String address) throws MessagingException {
        FetchProfile headers = new FetchProfile();
        headers.add("X-Kaa-Delivery-Id");
        headers.add("Message-ID");
        return inbox(address, headers, m -> new String[] {first(m.getHeader("X-Kaa-Delivery-Id")), first(m.getHeader("Message-ID"))});
    }

    /** A message read from a folder: JavaMail's getters throw the checked MessagingException. */
    private interface Reader<T> {
        T read(Message m) throws MessagingException;
    }

    /** What {@code reader} makes of each message of the address's inbox (GreenMail: user = address), oldest first. */
    private static <T> List<T> inbox(String address, FetchProfile profile, Reader<T> reader) throws MessagingException {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", 3143, address, address);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message[] messages = inbox.getMessages();
            inbox.fetch(messages, profile);
            List<T> read = new ArrayList<>();
            for (Message m : messages) {
                read.add(reader.read(m));
            }
            inbox.close(false);
            return read;
        } finally {
            store.close();
        }
    }

    private static String first(String[] values) {
        return values == null ? null : values[0];
    }

    /** Every SMS the fake provider received, one JSON line each. */
    static List<String> sms() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:3090/messages")).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body().lines().filter(l -> !l.isBlank()).toList();
    }
}
