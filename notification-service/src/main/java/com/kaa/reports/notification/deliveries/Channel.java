package com.kaa.reports.notification.deliveries;

import io.smallrye.mutiny.Uni;

/** One way of delivering: e-mail, SMS or webhook. Implementations never throw: every outcome is a SendResult. */
public interface Channel {

    String name();

    Uni<SendResult> send(Delivery delivery);
}
